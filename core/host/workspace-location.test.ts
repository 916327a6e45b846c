import { describe, expect, it } from 'vitest';
import { namedWorkspaceDir, patchbayHome, resolveWorkspaceDir } from './workspace-location.ts';

const base = { env: {}, platform: 'linux' as const, homeDir: '/home/ann', cwd: '/work' };

describe('where a workspace lives', () => {
  it('defaults to the OS app-data directory', () => {
    expect(patchbayHome(base)).toBe('/home/ann/.config/Patchbay');
    expect(patchbayHome({ ...base, env: { XDG_CONFIG_HOME: '/xdg' } })).toBe('/xdg/Patchbay');
    expect(patchbayHome({ ...base, platform: 'darwin' })).toBe(
      '/home/ann/Library/Application Support/Patchbay',
    );
    expect(
      patchbayHome({ ...base, platform: 'win32', env: { APPDATA: 'C:/Users/ann/AppData/Roaming' } }),
    ).toBe('C:/Users/ann/AppData/Roaming/Patchbay');
    expect(resolveWorkspaceDir({ ...base, argv: [] })).toBe('/home/ann/.config/Patchbay/workspaces/default');
  });

  it('moves with PATCHBAY_HOME and is overridden by --workspace', () => {
    const env = { PATCHBAY_HOME: 'pb-home' };
    expect(resolveWorkspaceDir({ ...base, env, argv: [] })).toBe('/work/pb-home/workspaces/default');
    expect(namedWorkspaceDir({ ...base, env }, 'demo')).toBe('/work/pb-home/workspaces/demo');
    expect(resolveWorkspaceDir({ ...base, env, argv: ['serve', '--workspace', 'clients/acme'] })).toBe(
      '/work/clients/acme',
    );
    expect(resolveWorkspaceDir({ ...base, argv: ['--workspace=/srv/acme'] })).toBe('/srv/acme');
  });
});
