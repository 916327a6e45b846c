import { api } from './client.ts';

// The desktop app shows the core's notices as system notifications from its main
// process. In browser mode the page shows them with the Web Notifications API, once the
// person has allowed it for this page.
const inBrowser = !window.patchbay && 'Notification' in window;

export function showNoticesInBrowser(): () => void {
  if (!inBrowser) return () => {};
  return api.on('attention.needed', ({ title, body, flowId }) => {
    if (Notification.permission !== 'granted') return;
    // One notice per flow at a time: a newer one replaces the older.
    new Notification(title, { body, tag: flowId ?? title });
  });
}

/** 'app': the desktop app shows them itself; otherwise the browser's answer so far. */
export type NoticePermission = 'app' | NotificationPermission;

export function noticePermission(): NoticePermission {
  return inBrowser ? Notification.permission : 'app';
}

/** Asks the browser (it shows its own prompt) and answers what was chosen. */
export async function askToNotify(): Promise<NoticePermission> {
  if (!inBrowser) return 'app';
  return Notification.permission === 'default' ? Notification.requestPermission() : Notification.permission;
}
