import type { PatchbayEvent } from '../contract/methods.ts';

export interface AttentionNotice {
  flowId: string | null;
  title: string;
  body: string;
}

export interface AttentionNoticesDeps {
  /** The "Tell me when a flow needs attention" setting, read at each event. */
  enabled: () => boolean;
  flowName: (flowId: string) => string | undefined;
  appName: (appId: string) => string | undefined;
  emit: (notice: AttentionNotice) => void;
}

/**
 * Turns the events that need someone (a failed run, records left behind, flows paused
 * by Patchbay, a missed schedule) into one short notice for the PC's notification
 * area. Both transports show the same notice; the setting is checked here, once.
 */
export function createAttentionNotices(deps: AttentionNoticesDeps) {
  // Retry runs (automatic, or a click on Retry) re-send records someone already heard
  // about: a record that keeps failing must not notify again at every backoff step.
  const retryRuns = new Set<number>();

  function noticeFor(event: PatchbayEvent): AttentionNotice | undefined {
    switch (event.name) {
      case 'runs.finished': {
        const { runId, flowId, status, counts, error } =
          event.payload as PatchbayEvent<'runs.finished'>['payload'];
        if (retryRuns.delete(runId)) return undefined;
        const flow = deps.flowName(flowId) ?? 'A flow';
        // A budget pause (status paused) is no fault: the flow card says when it resumes.
        if (status === 'failed')
          return { flowId, title: `${flow} failed`, body: error ?? 'The run stopped before it finished.' };
        if (status === 'partial') {
          const n = counts.failed;
          return {
            flowId,
            title: `${flow}: ${n} record${n === 1 ? '' : 's'} could not be written`,
            body: 'Open Failures in Patchbay to see why, fix it, and retry.',
          };
        }
        return undefined;
      }
      case 'apps.circuit': {
        const { appId, state, reason } = event.payload as PatchbayEvent<'apps.circuit'>['payload'];
        if (state !== 'open') return undefined;
        return {
          flowId: null,
          title: `Patchbay paused the flows of ${deps.appName(appId) ?? 'an app'}`,
          body: reason,
        };
      }
      case 'scheduler.alert': {
        const { flowId, message } = event.payload as PatchbayEvent<'scheduler.alert'>['payload'];
        const flow = flowId ? deps.flowName(flowId) : undefined;
        return {
          flowId,
          title: flow ? `${flow} did not run` : 'A scheduled run did not happen',
          body: message,
        };
      }
      default:
        return undefined;
    }
  }

  return {
    observe(event: PatchbayEvent): void {
      if (event.name === 'runs.started') {
        const { runId, trigger } = event.payload as PatchbayEvent<'runs.started'>['payload'];
        if (trigger === 'retry') retryRuns.add(runId);
        return;
      }
      const notice = noticeFor(event);
      if (notice && deps.enabled()) deps.emit(notice);
    },
  };
}
