import type { flowHealths } from '../../../../core/contract/settings.ts';

export type FlowHealth = (typeof flowHealths)[number];

/** How a flow looks on the map: a word, what it means, and the colour of its line. */
export interface HealthLook {
  word: string;
  meaning: string;
  /** Line and dot colour; dark enough for 3:1 against white. */
  colour: string;
  dashed: boolean;
}

export const healthLooks: Record<FlowHealth, HealthLook> = {
  ok: {
    word: 'Working',
    meaning: 'the last run wrote every record.',
    colour: '#1a7f4b',
    dashed: false,
  },
  failing: {
    word: 'Failing',
    meaning: 'the last run failed, or some records could not be written.',
    colour: '#b42318',
    dashed: false,
  },
  paused: {
    word: 'Paused',
    meaning: 'it only runs when you press "Sync now", or waits for an app to be reconnected.',
    colour: '#a15c00',
    dashed: false,
  },
  never_run: {
    word: 'Never run',
    meaning: 'set up, but it has not run yet.',
    colour: '#6b7280',
    dashed: true,
  },
  waiting_setup: {
    word: 'Waiting for setup',
    meaning: 'it cannot run until an app it uses is connected and has its key.',
    colour: '#6b7280',
    dashed: true,
  },
};

export const runningLook = {
  word: 'Syncing now',
  meaning: 'moving dashes: the flow is copying records right now.',
  colour: '#2f5bd3',
};

// Worst first: an app's summary names the most urgent state of its flows.
export const healthUrgency: readonly FlowHealth[] = ['failing', 'paused', 'waiting_setup', 'never_run', 'ok'];
