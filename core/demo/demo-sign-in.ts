import { clientFor } from '../host/core-client.ts';
import type { Core } from '../host/core.ts';

/** Long enough for a loaded PC; a sign-in server on this PC answers in milliseconds. */
const signInTimeoutMs = 30_000;

/**
 * Signs the demo in to one of its simulated apps that use OAuth 2.0, through the very
 * code path a person's sign-in takes (`oauth.start`: PKCE, the loopback listener, the
 * token exchange, the token bundle into the keychain). Only the person's part is played
 * here: their browser opens the consent page, the simulated app redirects it to
 * Patchbay's listener with a code. No token passes through this function.
 */
export async function signInToDemoApp(core: Core, app: { id: string; name: string }): Promise<void> {
  const api = clientFor(core);
  let stop = () => undefined as void;
  const finished = new Promise<{ ok: boolean; message: string }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the sign-in did not finish within ${signInTimeoutMs / 1000} seconds.`)),
      signInTimeoutMs,
    );
    const unsubscribe = core.onEvent((event) => {
      const outcome = event.payload as { appId?: string; ok: boolean; message: string };
      if (event.name === 'oauth.finished' && outcome.appId === app.id) resolve(outcome);
    });
    stop = () => {
      clearTimeout(timer);
      unsubscribe();
    };
  });
  try {
    const { authorizeUrl } = await api.call('oauth.start', { appId: app.id });
    const signal = AbortSignal.timeout(signInTimeoutMs);
    const consent = await fetch(authorizeUrl, { redirect: 'manual', signal });
    const back = consent.headers.get('location');
    if (consent.status !== 302 || back === null)
      throw new Error(
        `its sign-in page answered HTTP ${consent.status} instead of sending the browser back.`,
      );
    await (await fetch(back, { signal })).text();
    const outcome = await finished;
    if (!outcome.ok) throw new Error(outcome.message);
  } finally {
    stop();
    finished.catch(() => undefined); // settled or abandoned: never an unhandled rejection
  }
}
