import { Notification } from 'electron';
import { events } from '../../core/contract/methods.ts';
import type { Logger } from '../../core/ports.ts';
import type { CoreHost } from './core-connection.ts';
import { noticeRoute } from './tray-model.ts';

// Electron holds a shown Notification weakly: without a reference its click handler can
// be collected, and a later click would do nothing.
const showing = new Set<Notification>();

/** Shows a system notification; a click opens the window on `route` (the view it is about). */
export function notify(
  notice: { title: string; body: string },
  route: string | undefined,
  open: (route?: string) => void,
): void {
  if (!Notification.isSupported()) return;
  const shown = new Notification({ title: notice.title, body: notice.body });
  showing.add(shown);
  shown.on('close', () => showing.delete(shown));
  shown.on('click', () => {
    showing.delete(shown);
    open(route);
  });
  shown.show();
}

/**
 * Shows the core's "attention.needed" notices as system notifications (the core only
 * sends them while the setting is on). A click opens the flow's view (or the dashboard).
 */
export function showAttentionNotifications(
  host: CoreHost,
  open: (route?: string) => void,
  logger: Logger,
): () => void {
  return host.onEvent((event) => {
    if (event.name !== 'attention.needed') return;
    const notice = events['attention.needed'].safeParse(event.payload);
    if (!notice.success) {
      logger.error('Ignored a malformed notice from the core', notice.error.message);
      return;
    }
    notify(notice.data, noticeRoute(notice.data.flowId), open);
  });
}
