import { describe, expect, it } from 'vitest';
import { codeChallengeS256, createCodeVerifier, createPkce, createState } from './pkce.ts';

describe('PKCE (RFC 7636)', () => {
  it('computes the S256 challenge of the RFC 7636 Appendix B example', () => {
    expect(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes verifiers of 43 to 128 unreserved characters, different every time', () => {
    for (const length of [43, 64, 100, 128]) {
      const verifier = createCodeVerifier(length);
      expect(verifier).toMatch(/^[A-Za-z0-9._~-]+$/);
      expect(verifier).toHaveLength(length);
    }
    expect(createCodeVerifier()).toHaveLength(43);
    expect(createCodeVerifier()).not.toBe(createCodeVerifier());
    expect(() => createCodeVerifier(42)).toThrow(/43 to 128/);
    expect(() => createCodeVerifier(129)).toThrow(/43 to 128/);
  });

  it('pairs a verifier with its S256 challenge, and makes unguessable states', () => {
    const pkce = createPkce();
    expect(pkce.method).toBe('S256');
    expect(pkce.challenge).toBe(codeChallengeS256(pkce.verifier));
    expect(pkce.challenge).not.toBe(pkce.verifier);
    const state = createState();
    expect(state.length).toBeGreaterThanOrEqual(43);
    expect(state).not.toBe(createState());
  });
});
