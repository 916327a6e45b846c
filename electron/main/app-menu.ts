import { Menu, type MenuItemConstructorOptions, type WebContents } from 'electron';

/**
 * The application menu. Packaged builds have no DevTools entry and no View menu at all
 * (macOS keeps its app, edit and window menus, which copy and paste need); development
 * keeps Electron's default menu with DevTools.
 */
export function setApplicationMenu(options: { isPackaged: boolean; platform: NodeJS.Platform }): void {
  if (!options.isPackaged) return;
  if (options.platform !== 'darwin') {
    Menu.setApplicationMenu(null);
    return;
  }
  const template: MenuItemConstructorOptions[] = [
    { role: 'appMenu' },
    { role: 'editMenu' },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** Packaged builds: DevTools that open anyway (a keyboard shortcut, a flag) close at once. */
export function refuseDevTools(contents: WebContents, isPackaged: boolean): void {
  if (!isPackaged) return;
  contents.on('devtools-opened', () => contents.closeDevTools());
}
