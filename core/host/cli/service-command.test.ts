// `patchbay service` on this Linux machine, into a throw-away HOME and XDG_CONFIG_HOME
// (never the real user's): the unit it writes passes `systemd-analyze verify`, and
// `status` says what it can know where systemd is not running for the user.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serviceId } from '../service/service-spec.ts';
import { runPatchbay } from '../../testing/patchbay-cli.ts';
import { startPatchbay, type PatchbayProcess } from '../../testing/patchbay-process.ts';
import { makeTempDir } from '../../testing/temp-workspace.ts';

const hasSystemdAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;
const cleanups: (() => void)[] = [];
const started: PatchbayProcess[] = [];
afterEach(() => {
  for (const p of started.splice(0)) if (!p.hasExited()) p.child.kill('SIGKILL');
  while (cleanups.length > 0) cleanups.pop()!();
});

function sandbox(options: { keyFile?: boolean } = {}) {
  const { dir, dispose } = makeTempDir('patchbay-service-');
  cleanups.push(dispose);
  const env = {
    HOME: join(dir, 'home'),
    XDG_CONFIG_HOME: join(dir, 'config'),
    // Only written into the unit; a scheduler started here reaches the test keychain instead.
    ...(options.keyFile === false ? {} : { PATCHBAY_SECRETS_KEY_FILE: '/etc/patchbay/secrets key' }),
  };
  const workspace = join(dir, 'Front office');
  const unit = join(env.XDG_CONFIG_HOME, 'systemd', 'user', `${serviceId(workspace)}.service`);
  const service = (sub: string) => runPatchbay(['service', sub, '--workspace', workspace], { env });
  return { dir, env, workspace, unit, service };
}

describe.runIf(process.platform === 'linux')('patchbay service on Linux', () => {
  it.runIf(hasSystemdAnalyze)(
    'install writes an enabled user unit that systemd-analyze verify accepts',
    async () => {
      const { dir, unit, workspace, service } = sandbox();
      const installed = await service('install');
      expect(installed.code, installed.stderr).toBe(0);
      expect(installed.stdout).toContain(`Wrote the systemd user unit ${unit} and enabled it`);
      const text = readFileSync(unit, 'utf8');
      expect(text).toContain(`scheduler --workspace "${workspace}"`);
      expect(text).toContain('Environment="PATCHBAY_SECRETS_KEY_FILE=/etc/patchbay/secrets key"');
      expect(
        readlinkSync(
          join(dir, 'config', 'systemd', 'user', 'default.target.wants', `${serviceId(workspace)}.service`),
        ),
      ).toBe(`../${serviceId(workspace)}.service`);

      // systemd is not PID 1 here: verify offline, as the user's manager would load it.
      const runtime = join(dir, 'runtime');
      mkdirSync(runtime, { mode: 0o700 });
      const verify = spawnSync('systemd-analyze', ['verify', '--user', unit], {
        env: {
          ...process.env,
          XDG_RUNTIME_DIR: runtime,
          XDG_CONFIG_HOME: join(dir, 'config'),
          HOME: join(dir, 'home'),
        },
        encoding: 'utf8',
      });
      // It exits 0 on mere warnings ("Failed to parse …, ignoring"): none may mention our unit.
      expect(verify.status, verify.stderr).toBe(0);
      expect(verify.stderr).not.toContain(serviceId(workspace));
    },
    90_000,
  );

  it('status says the unit is there and that systemctl is unavailable; uninstall removes it', async () => {
    const { unit, service } = sandbox();
    expect((await service('status')).stdout).toContain(
      `Not installed: there is no systemd user unit at ${unit}.`,
    );
    expect((await service('install')).code).toBe(0);
    const status = await service('status');
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain(`Installed: the systemd user unit ${unit}.`);
    expect(status.stdout).toContain('Enabled: it starts when you log in.');
    // Whatever systemctl answers here, status says it in plain words.
    expect(status.stdout).toMatch(
      /systemd says it is \w+\.|Whether it runs now is unknown: systemctl is unavailable here/,
    );

    const removed = await service('uninstall');
    expect(removed.stdout).toContain(`Removed the systemd user unit ${unit}.`);
    expect(existsSync(unit)).toBe(false);
    expect((await service('status')).stdout).toContain('Not installed');
  }, 120_000);

  it("status names the scheduler that runs the workspace's schedules now", async () => {
    const { env, workspace, service } = sandbox({ keyFile: false });
    const scheduler = startPatchbay(['scheduler', '--workspace', workspace], env);
    started.push(scheduler);
    await vi.waitFor(
      () => expect(scheduler.stdout(), scheduler.stderr()).toContain('running the schedules of 0 flows'),
      {
        timeout: 60_000,
        interval: 50,
      },
    );
    const status = await service('status');
    expect(status.stdout).toContain(
      `Schedules are run by the background service (Patchbay's headless scheduler), pid ${scheduler.pid}.`,
    );
    scheduler.child.kill('SIGTERM');
    expect((await scheduler.exited).code).toBe(0);
    expect((await service('status')).stdout).toContain(
      "No Patchbay is running this workspace's schedules right now.",
    );
  }, 120_000);

  it('refuses an unknown subcommand with the usage', async () => {
    const { service } = sandbox();
    const wrong = await service('start');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(
      '"start" is not a subcommand of "patchbay service"; choose one of install, uninstall, status.',
    );
    expect(wrong.stderr).toContain('patchbay service install [--workspace DIR]');
    const help = await runPatchbay(['service', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('patchbay service status [--workspace DIR]');
  }, 60_000);
});
