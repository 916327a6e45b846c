import type { SyncError } from '../reliability/error-classes.ts';
import { redactSecret } from '../reliability/redact-secret.ts';

const mask = '[redacted]';
// Shorter values would mask ordinary words; real keys and tokens are far longer.
const shortest = 8;
// Refreshed OAuth tokens add a value an hour; the oldest ones are long expired.
const mostRemembered = 512;
const secretField = /token|secret|key|password/i;

/**
 * The secret values this process has handled (read from or saved to the keychain),
 * kept in memory only, so that logs, errors, events and exports can be cleaned of them.
 * Never persisted and never listed.
 */
export class KnownSecrets {
  readonly #values = new Set<string>();
  #sorted: string[] | undefined;

  /** Remembers a value, and the token-like fields of a JSON value (an OAuth token bundle). */
  note(value: string | undefined): void {
    if (value === undefined) return;
    this.#remember(value);
    for (const field of jsonSecretFields(value)) this.#remember(field);
  }

  /** The text with every known secret replaced by "[redacted]". */
  mask(text: string): string {
    let masked = text;
    for (const value of this.#longestFirst())
      if (masked.includes(value)) masked = masked.replaceAll(value, mask);
    return masked;
  }

  /** Any JSON-like value with every string masked; the same object when nothing needed masking. */
  maskDeep<T>(value: T): T {
    if (this.#values.size === 0) return value;
    return this.#maskValue(value) as T;
  }

  /** A sync error with every known secret cut out of the app's words. */
  redactError(error: SyncError): SyncError {
    return this.#longestFirst().reduce((cleaned, value) => redactSecret(cleaned, value), error);
  }

  #remember(value: string): void {
    if (value.length < shortest || this.#values.has(value)) return;
    if (this.#values.size >= mostRemembered) {
      const oldest = this.#values.values().next().value;
      if (oldest !== undefined) this.#values.delete(oldest);
    }
    this.#values.add(value);
    this.#sorted = undefined;
  }

  // Longest first, so a token that contains another known value is masked whole.
  #longestFirst(): string[] {
    return (this.#sorted ??= [...this.#values].sort((a, b) => b.length - a.length));
  }

  #maskValue(value: unknown): unknown {
    if (typeof value === 'string') return this.mask(value);
    if (Array.isArray(value)) {
      const items = value.map((item) => this.#maskValue(item));
      return items.every((item, index) => item === value[index]) ? value : items;
    }
    if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      let changed = false;
      const entries = Object.entries(value).map(([key, item]) => {
        const masked = this.#maskValue(item);
        changed ||= masked !== item;
        return [key, masked] as const;
      });
      return changed ? Object.fromEntries(entries) : value;
    }
    return value;
  }
}

function jsonSecretFields(value: string): string[] {
  if (!value.startsWith('{')) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed === null || typeof parsed !== 'object') return [];
    return Object.entries(parsed).flatMap(([key, field]) =>
      secretField.test(key) && typeof field === 'string' ? [field] : [],
    );
  } catch {
    return [];
  }
}
