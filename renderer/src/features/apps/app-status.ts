import type { ConnectionState, ConnectionStatus } from '../../../../core/contract/connections.ts';
import { formatDateTime } from '../../lib/words.ts';
import type { CredentialHealth, CredentialStatus } from '../../../../core/contract/credentials.ts';

/** good / watch / bad / none: the colour of a status pill (classes status-*). */
export type Tone = 'good' | 'watch' | 'bad' | 'none';

export interface StatusWord {
  word: string;
  tone: Tone;
  /** The whole sentence, for the pill's accessible description and the app page. */
  detail: string;
}

const connectionWords: Record<ConnectionState, [string, Tone]> = {
  not_connected: ['Not connected', 'none'],
  no_key: ['No key', 'bad'],
  not_tested: ['Not tested', 'watch'],
  connected: ['Connected', 'good'],
  refused: ['Refused', 'bad'],
  unreachable: ['Unreachable', 'bad'],
  failing: ['Not working', 'bad'],
};

/**
 * What is known of how Patchbay reaches the app (`apps.connections`): "Connected" only
 * with proof, and when it was seen; undefined while it loads.
 */
export function connectionStatus(status: ConnectionStatus | undefined): StatusWord | undefined {
  if (!status) return undefined;
  const [word, tone] = connectionWords[status.state];
  const when = status.at
    ? ` (${status.state === 'connected' ? 'last worked' : 'seen'} ${formatDateTime(status.at)})`
    : '';
  return { word, tone, detail: `${status.message}${when}` };
}

const credentialWords: Record<CredentialHealth, [string, Tone]> = {
  ok: ['OK', 'good'],
  missing: ['Missing', 'bad'],
  expiring_soon: ['Expires soon', 'watch'],
  expired: ['Expired', 'bad'],
  rotation_due: ['Due for renewal', 'watch'],
  never_used: ['Not tried yet', 'watch'],
  failing: ['Refused', 'bad'],
};

/** The credential's health in one word; undefined for an app with nothing to sign in with. */
export function credentialStatus(status: CredentialStatus | undefined): StatusWord | undefined {
  if (!status || status.kind === null) return undefined;
  const [word, tone] = credentialWords[status.health];
  return { word, tone, detail: status.message };
}
