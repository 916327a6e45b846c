import { afterEach } from 'vitest';
import type { RunningEmulator } from '../demo/emulators/emulator-server.ts';
import type { FaultSettings } from '../demo/emulators/faults.ts';

// Shared by the emulator tests: one emulator per test, closed after it, and answers
// read as JSON the way a client sees them.

export function emulatorPerTest<E extends RunningEmulator, O>(start: (options?: O) => Promise<E>) {
  let running: E | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });
  return {
    start: async (options?: O): Promise<E> => (running = await start(options)),
    url: (): string => running!.url,
  };
}

export interface JsonAnswer {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- the app's JSON, read freely by tests
}

export async function jsonAnswer(response: Response): Promise<JsonAnswer> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** Faults a sync's target answers with: throttles, 5xx before and after a write, lost answers, cut bodies. */
export function targetFaults(seed: number): FaultSettings {
  return {
    seed,
    rate429: { probability: 0.03 },
    server5xx: { probability: 0.03 },
    lostWriteAnswer: { probability: 0.03, writesOnly: true },
    serverErrorAfterWrite: { probability: 0.02, status: 504 },
    dropConnection: { probability: 0.02 },
    malformedJson: { probability: 0.02 },
  };
}
