import type {
  AppCircuit,
  AppRepository,
  AuditLog,
  CircuitKind,
  CircuitRepository,
  FlowRepository,
  InTransaction,
} from './repositories.ts';
import type { App } from '../contract/apps.ts';
import type { RunResult } from '../engine/run-flow.ts';
import { errorClassPolicies, type SyncErrorClass } from '../reliability/error-classes.ts';
import { toSyncError, type SyncError } from '../reliability/sync-error-policy.ts';

import type { Clock, Logger } from '../ports.ts';

export type CircuitEvent = {
  name: 'apps.circuit';
  payload: { appId: string; state: 'open' | 'closed'; kind: CircuitKind; reason: string; flowIds: string[] };
};

export interface AppCircuitsOptions {
  /** One transaction that writes: each change with its audit line, all or nothing. */
  readonly transaction: InTransaction;
  readonly circuits: CircuitRepository;
  readonly flows: FlowRepository;
  readonly apps: AppRepository;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The app's cheap "are you there, do you know me" call, with the credential read afresh. */
  readonly check: (app: App) => Promise<void>;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly emit: (event: CircuitEvent) => void;
  /** Waits between health probes of an unreachable app; the last one repeats. */
  readonly probeDelaysMs?: readonly number[];
  /** The time zone "paused until" is written in (the PC's when left out, as the scheduler's). */
  readonly timeZone?: string;
}

const unreachableClasses: ReadonlySet<SyncErrorClass> = new Set(['network', 'server']);
export const defaultProbeDelaysMs = [15_000, 30_000, 60_000, 120_000, 300_000];

/**
 * The circuit breaker. A run that ends on a refused credential, or on an app that
 * does not answer even after retries in place, is followed by one fresh check call; a
 * second refusal (or silence) opens the app's circuit: its flows pause with the reason
 * in words. An auth circuit closes when the credential is replaced; an unreachable one
 * closes by itself when a health probe gets an answer.
 */
export function createAppCircuits(options: AppCircuitsOptions) {
  const { transaction, circuits, flows, apps, audit, clock, logger } = options;
  const delays = options.probeDelaysMs ?? defaultProbeDelaysMs;
  const stopping = new AbortController();
  const probing = new Set<string>();
  const resuming = new Set<string>();
  const inWords = new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  });
  const now = () => clock.now().toISOString();

  // The confirming call's own words (already free of secrets), then what to do.
  const reasonFor = (kind: CircuitKind, app: App, confirmed: SyncError): string =>
    kind === 'auth'
      ? `${confirmed.message} ${errorClassPolicies.auth.action(app.name)}`
      : `${app.name} is not answering. Patchbay checks it again by itself and resumes these flows when it answers.`;

  function open(app: App, kind: CircuitKind, confirmed: SyncError): void {
    pause(app, kind, reasonFor(kind, app, confirmed));
  }

  /** Pauses the app's flows with the reason in words; a budget pause ends by itself at `until`. */
  function pause(app: App, kind: CircuitKind, reason: string, until?: string): void {
    const flowIds = transaction(() => {
      circuits.open(app.id, kind, reason, now(), until);
      audit.append({
        at: now(),
        actor: 'patchbay',
        action: 'app.circuit.open',
        subject: app.id,
        detail: { kind },
      });
      return flows.pauseForApp(app.id, reason, now());
    });
    logger.info(`Paused the flows of ${app.name}: ${reason}`);
    options.emit({ name: 'apps.circuit', payload: { appId: app.id, state: 'open', kind, reason, flowIds } });
    if (kind === 'unreachable') startProbe(app.id);
    if (until !== undefined) resumeAt(app.id, until);
  }

  /**
   * Closes the app's budget pause when its time comes. The timer is one way there; the
   * catch-up when the PC wakes or Patchbay starts (`closeDue`) is the other.
   */
  function resumeAt(appId: string, until: string): void {
    if (resuming.has(appId)) return;
    resuming.add(appId);
    void options
      .sleep(Math.max(0, Date.parse(until) - clock.now().getTime()), stopping.signal)
      .then(() => closeDue())
      .catch(() => undefined)
      .finally(() => resuming.delete(appId));
  }

  /** Closes every budget pause whose reset time has come; answers the apps resumed. */
  function closeDue(): string[] {
    const due = circuits
      .list()
      .filter((c) => c.kind === 'budget' && c.pausedUntil !== null && c.pausedUntil <= now());
    for (const circuit of due) {
      const name = apps.get(circuit.appId)?.name ?? 'an app';
      logger.info(`The daily budget of ${name} has reset; its flows are resumed.`);
      close(circuit.appId, 'patchbay');
    }
    return due.map((c) => c.appId);
  }

  function close(appId: string, actor: string): boolean {
    const circuit = circuits.get(appId);
    if (!circuit) return false;
    const flowIds = transaction(() => {
      circuits.close(appId);
      audit.append({
        at: now(),
        actor,
        action: 'app.circuit.close',
        subject: appId,
        detail: { kind: circuit.kind },
      });
      const resumed: string[] = [];
      for (const flow of flows.list()) {
        if (flow.pausedReason !== circuit.reason) continue;
        // A flow between two paused apps stays paused for the other one.
        const other = [flow.sourceAppId, flow.targetAppId].find((id) => id !== appId);
        const stillOpen = other ? circuits.get(other) : undefined;
        flows.setPaused(flow.id, stillOpen?.reason ?? null, now());
        if (!stillOpen) resumed.push(flow.id);
      }
      return resumed;
    });
    options.emit({
      name: 'apps.circuit',
      payload: { appId, state: 'closed', kind: circuit.kind, reason: circuit.reason, flowIds },
    });
    return true;
  }

  function startProbe(appId: string): void {
    if (probing.has(appId)) return;
    probing.add(appId);
    void (async () => {
      try {
        for (let i = 0; ; i++) {
          await options.sleep(delays[Math.min(i, delays.length - 1)]!, stopping.signal);
          const app = apps.get(appId);
          if (stopping.signal.aborted || !app || circuits.get(appId)?.kind !== 'unreachable') return;
          try {
            await options.check(app);
            logger.info(`${app.name} answers again; its flows are resumed.`);
            close(appId, 'patchbay');
            return;
          } catch {
            circuits.countProbe(appId);
          }
        }
      } catch (error) {
        logger.error('The health probe stopped', error);
      } finally {
        probing.delete(appId);
      }
    })();
  }

  /**
   * The app's daily budget is spent (no confirming call: it would spend more): its flows
   * pause until the reset, which the run's error named, and nothing is retried before it.
   */
  function pauseForBudget(appName: string, until: string): void {
    const appId = apps.findIdByName(appName);
    const app = appId ? apps.get(appId) : undefined;
    if (!app) return;
    const open = circuits.get(app.id);
    if (open && (open.kind !== 'budget' || (open.pausedUntil ?? '') >= until)) return;
    pause(
      app,
      'budget',
      // Shown after "Patchbay paused this flow:": the reason and when it ends, without saying "paused" again.
      `${app.name}'s daily limit of requests is used up until ${inWords.format(new Date(until))}. Patchbay resumes these flows by itself then.`,
      until,
    );
  }

  return {
    list: (): AppCircuit[] => circuits.list(),

    /** After a failed run: confirm with one fresh call, and open the circuit if it fails the same way. */
    async afterRun(result: RunResult): Promise<void> {
      if (result.status === 'paused' && result.errorApp && result.pausedUntil !== undefined)
        return pauseForBudget(result.errorApp, result.pausedUntil);
      if (result.status !== 'failed' || !result.errorClass || !result.errorApp) return;
      const kind: CircuitKind | undefined =
        result.errorClass === 'auth'
          ? 'auth'
          : unreachableClasses.has(result.errorClass)
            ? 'unreachable'
            : undefined;
      const appId = kind ? apps.findIdByName(result.errorApp) : undefined;
      const app = appId ? apps.get(appId) : undefined;
      if (!kind || !app || circuits.get(app.id)) return;
      try {
        await options.check(app);
      } catch (error) {
        const again = toSyncError(error, app.name);
        if (kind === 'auth' ? again.errorClass === 'auth' : unreachableClasses.has(again.errorClass))
          open(app, kind, again);
      }
    },

    /** A new credential was saved: give the app another chance. */
    credentialReplaced: (appId: string) => circuits.get(appId)?.kind === 'auth' && close(appId, 'user'),

    /** Probes for circuits left open by an earlier session, and timers for budget pauses. */
    resumeProbes(): void {
      for (const circuit of circuits.list()) {
        if (circuit.kind === 'unreachable') startProbe(circuit.appId);
        if (circuit.kind === 'budget' && circuit.pausedUntil) resumeAt(circuit.appId, circuit.pausedUntil);
      }
    },

    closeDue,

    stop: () => stopping.abort(),
  };
}

export type AppCircuits = ReturnType<typeof createAppCircuits>;
