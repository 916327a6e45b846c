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

/** Asks the browser once, when someone turns notifications on. */
export function askToNotify(): void {
  if (inBrowser && Notification.permission === 'default') void Notification.requestPermission();
}

/** True when this browser refuses notifications from the page: the setting cannot show them. */
export function browserBlocksNotices(): boolean {
  return inBrowser && Notification.permission === 'denied';
}
