import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyAutostartEntry,
  autostartEntryPath,
  autostartEntryText,
  desktopExecArgument,
} from './autostart-entry.ts';
import { readPreferences, startAtLoginDecision, writePreferences } from './desktop-preferences.ts';
import { loginItemPlan, startedHidden } from './login-item.ts';

const site = { execPath: '/opt/Patchbay/patchbay', env: {}, homeDir: '/home/ann' };
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-login-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('the login-item choice per OS', () => {
  it('Windows: an Electron login item that starts the app hidden', () => {
    expect(
      loginItemPlan(true, { ...site, platform: 'win32', execPath: 'C:\\Patchbay\\Patchbay.exe' }),
    ).toEqual({
      kind: 'login-item',
      settings: { openAtLogin: true, path: 'C:\\Patchbay\\Patchbay.exe', args: ['--hidden'] },
    });
  });

  it('macOS: an Electron login item (no arguments there; wasOpenedAtLogin hides the window)', () => {
    expect(loginItemPlan(false, { ...site, platform: 'darwin' })).toEqual({
      kind: 'login-item',
      settings: { openAtLogin: false },
    });
    expect(startedHidden({ argv: ['Patchbay'], platform: 'darwin', wasOpenedAtLogin: true })).toBe(true);
    expect(startedHidden({ argv: ['Patchbay'], platform: 'darwin', wasOpenedAtLogin: false })).toBe(false);
  });

  it('Linux: an XDG autostart entry, removed when off; an AppImage starts its own file', () => {
    const on = loginItemPlan(true, { ...site, platform: 'linux', env: { XDG_CONFIG_HOME: '/cfg' } });
    expect(on).toEqual({
      kind: 'xdg-autostart',
      file: '/cfg/autostart/patchbay.desktop',
      content: autostartEntryText({ command: ['/opt/Patchbay/patchbay', '--hidden'] }),
    });
    expect(loginItemPlan(false, { ...site, platform: 'linux' })).toEqual({
      kind: 'xdg-autostart',
      file: '/home/ann/.config/autostart/patchbay.desktop',
      content: null,
    });
    const appImage = loginItemPlan(true, {
      ...site,
      platform: 'linux',
      env: { APPIMAGE: '/home/ann/Apps/Patchbay.AppImage' },
    });
    expect(appImage.kind === 'xdg-autostart' && appImage.content).toContain(
      'Exec=/home/ann/Apps/Patchbay.AppImage --hidden\n',
    );
    expect(
      startedHidden({ argv: ['patchbay', '--hidden'], platform: 'linux', wasOpenedAtLogin: false }),
    ).toBe(true);
  });
});

describe('the autostart entry file', () => {
  it('is a desktop entry that starts Patchbay hidden', () => {
    expect(autostartEntryText({ command: ['/opt/Patchbay/patchbay', '--hidden'] })).toBe(
      [
        '[Desktop Entry]',
        'Type=Application',
        'Name=Patchbay',
        'Comment=Keeps your scheduled syncs running in the background',
        'Exec=/opt/Patchbay/patchbay --hidden',
        'Icon=patchbay',
        'Terminal=false',
        'X-GNOME-Autostart-enabled=true',
        '',
      ].join('\n'),
    );
  });

  it('quotes Exec arguments as the desktop entry spec says', () => {
    expect(desktopExecArgument('/opt/My Apps/patchbay')).toBe('"/opt/My Apps/patchbay"');
    expect(desktopExecArgument('100%')).toBe('100%%');
    expect(desktopExecArgument('/a/$HOME')).toBe('"/a/\\\\$HOME"');
    expect(desktopExecArgument('C:\\x')).toBe('"C:\\\\\\\\x"');
  });

  it('is written where the desktop looks, and removed when turned off', () => {
    const dir = scratch();
    const file = autostartEntryPath({ XDG_CONFIG_HOME: join(dir, 'cfg') }, dir);
    const text = autostartEntryText({ command: ['/opt/Patchbay/patchbay', '--hidden'] });
    applyAutostartEntry(file, text);
    expect(readFileSync(file, 'utf8')).toBe(text);
    applyAutostartEntry(file, null);
    expect(existsSync(file)).toBe(false);
    applyAutostartEntry(file, null); // already off: nothing to do, no error
  });
});

describe('start at login is asked once, on by default', () => {
  it('asks when never answered, then keeps the answer; a damaged file reads as not asked', () => {
    const dir = scratch();
    const file = join(dir, 'preferences.json');
    expect(startAtLoginDecision(readPreferences(file))).toBe('ask');
    writePreferences(file, { ...readPreferences(file), startAtLogin: false });
    expect(startAtLoginDecision(readPreferences(file))).toBe(false);
    expect(readPreferences(file).closeNoticeShown).toBe(false);
    writePreferences(file, { ...readPreferences(file), closeNoticeShown: true });
    expect(readPreferences(file)).toEqual({ startAtLogin: false, closeNoticeShown: true });
    writePreferences(file, { startAtLogin: true, closeNoticeShown: true });
    expect(startAtLoginDecision(readPreferences(file))).toBe(true);
    rmSync(file);
    expect(readPreferences(join(dir, 'missing.json')).startAtLogin).toBeNull();
  });
});
