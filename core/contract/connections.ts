import { z } from 'zod';

/**
 * What Patchbay knows of its connection to an app, from the newest evidence: the last
 * connection test, the last time its credential worked or was refused (runs use it
 * too), and a pause Patchbay put on it. "Connected" only when something proved it.
 *
 * - `not_connected`: in the inventory only, or its connector is not in the catalogue;
 * - `no_key`: its connector signs in and no credential is saved;
 * - `not_tested`: nothing has tried it since it was set up or its credential changed;
 * - `connected`: the app answered and took the credential (`at` says when);
 * - `refused`: the app refused the credential;
 * - `unreachable`: the app did not answer (address, network, the app itself);
 * - `failing`: something else went wrong on the last try (the message says what).
 */
export const connectionStates = [
  'not_connected',
  'no_key',
  'not_tested',
  'connected',
  'refused',
  'unreachable',
  'failing',
] as const;
export type ConnectionState = (typeof connectionStates)[number];

export const connectionStatusSchema = z.object({
  appId: z.string(),
  state: z.enum(connectionStates),
  /** When the evidence was seen; null for states nothing has tried. */
  at: z.string().nullable(),
  /** The state in a sentence, with what to do. */
  message: z.string(),
});
export type ConnectionStatus = z.infer<typeof connectionStatusSchema>;

/** The outcomes a connection test records (the other states are worked out, not seen). */
export const checkOutcomes = ['connected', 'refused', 'unreachable', 'failing'] as const;
export type CheckOutcome = (typeof checkOutcomes)[number];
