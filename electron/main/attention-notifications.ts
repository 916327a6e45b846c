import { Notification, type BrowserWindow } from 'electron';
import { events } from '../../core/contract/methods.ts';
import type { Logger } from '../../core/ports.ts';
import type { CoreHost } from './core-connection.ts';

/**
 * Shows the core's "attention.needed" notices as system notifications (the core only
 * sends them while the setting is on). A click brings the window forward.
 */
// Electron holds a shown Notification weakly: without a reference its click handler can
// be collected, and a later click would do nothing.
const showing = new Set<Notification>();

export function showAttentionNotifications(
  host: CoreHost,
  window: () => BrowserWindow | undefined,
  logger: Logger,
): () => void {
  return host.onEvent((event) => {
    if (event.name !== 'attention.needed' || !Notification.isSupported()) return;
    const notice = events['attention.needed'].safeParse(event.payload);
    if (!notice.success) {
      logger.error('Ignored a malformed notice from the core', notice.error.message);
      return;
    }
    const shown = new Notification({ title: notice.data.title, body: notice.data.body });
    showing.add(shown);
    shown.on('close', () => showing.delete(shown));
    shown.on('click', () => {
      showing.delete(shown);
      const win = window();
      if (!win || win.isDestroyed()) return;
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
    });
    shown.show();
  });
}
