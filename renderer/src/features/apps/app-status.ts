import type { App } from '../../../../core/contract/apps.ts';
import type { CredentialHealth, CredentialStatus } from '../../../../core/contract/credentials.ts';

/** good / watch / bad / none: the colour of a status pill (classes status-*). */
export type Tone = 'good' | 'watch' | 'bad' | 'none';

export interface StatusWord {
  word: string;
  tone: Tone;
  /** The whole sentence, for the pill's accessible description and the app page. */
  detail: string;
}

/** How Patchbay reaches the app: not at all, paused by Patchbay (and why), or connected. */
export function connectionStatus(app: App, pausedReason: string | undefined): StatusWord {
  if (!app.connector)
    return {
      word: 'Not connected',
      tone: 'none',
      detail: `${app.name} is in the inventory only; flows to or from it stay planned.`,
    };
  if (pausedReason) return { word: 'Paused', tone: 'bad', detail: `Its flows are paused: ${pausedReason}` };
  return { word: 'Connected', tone: 'good', detail: `Patchbay reaches ${app.name} through its connector.` };
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
