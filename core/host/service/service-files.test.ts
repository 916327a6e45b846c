import { DOMParser } from '@xmldom/xmldom';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { launchdLabel, launchdPlistText } from './launchd-plist.ts';
import { serviceEnvironment, serviceId, type ServiceSpec } from './service-spec.ts';
import { systemdUnitText, systemdUserUnitDir, systemdWord } from './systemd-unit.ts';
import { windowsArgument, windowsTaskName, windowsTaskXml } from './windows-task.ts';

// electron-builder's own plist parser (a dependency of the packager), untyped.
const plist = createRequire(import.meta.url)('plist') as { parse(text: string): unknown };

const spec: ServiceSpec = {
  workspaceDir: '/home/ann/Patchbay/Front office',
  program: ['/opt/node/bin/node', '/opt/patchbay/bin/patchbay.js'],
  environment: { PATCHBAY_SECRETS_KEY_FILE: '/etc/patchbay/key 100%' },
};

describe('serviceId', () => {
  it('names one service per workspace folder, readable and collision-free', () => {
    expect(serviceId('/home/ann/Patchbay/Front office')).toMatch(
      /^patchbay-scheduler-front-office-[0-9a-f]{8}$/,
    );
    expect(serviceId('/a/default')).not.toBe(serviceId('/b/default'));
    expect(serviceId('/a/default')).toBe(serviceId('/a/default'));
    expect(serviceId('/')).toMatch(/^patchbay-scheduler-workspace-/);
  });

  it('keeps only the variables a scheduler needs from the installing shell', () => {
    expect(
      serviceEnvironment({
        PATCHBAY_SECRETS_KEY_FILE: '/k',
        HOME: '/h',
        HTTPS_PROXY: 'http://p:3128',
        X: '',
      }),
    ).toEqual({
      PATCHBAY_SECRETS_KEY_FILE: '/k',
      HTTPS_PROXY: 'http://p:3128',
    });
  });
});

describe('the systemd user unit', () => {
  it('runs `patchbay scheduler` on the workspace, stops it with SIGTERM, restarts it after a crash, starts at login', () => {
    expectAll(systemdUnitText(spec), [
      'ExecStart=/opt/node/bin/node /opt/patchbay/bin/patchbay.js scheduler --workspace "/home/ann/Patchbay/Front office"\n',
      'Environment="PATCHBAY_SECRETS_KEY_FILE=/etc/patchbay/key 100%%"\n',
      'KillSignal=SIGTERM\n',
      'Restart=on-failure\n',
      '[Install]\nWantedBy=default.target\n',
    ]);
  });

  it('quotes and escapes words as systemd reads them', () => {
    expect(systemdWord('/plain/path')).toBe('/plain/path');
    expect(systemdWord('with space')).toBe('"with space"');
    expect(systemdWord('50%')).toBe('50%%');
    expect(systemdWord('$HOME')).toBe('$$HOME');
    expect(systemdWord('say "hi"\\')).toBe('"say \\"hi\\"\\\\"');
  });

  it('lives in $XDG_CONFIG_HOME/systemd/user, else ~/.config/systemd/user', () => {
    expect(systemdUserUnitDir({ XDG_CONFIG_HOME: '/x/cfg' }, '/home/ann')).toBe('/x/cfg/systemd/user');
    expect(systemdUserUnitDir({}, '/home/ann')).toBe('/home/ann/.config/systemd/user');
  });
});

describe('the launchd agent', () => {
  const text = launchdPlistText(spec, {
    id: 'patchbay-scheduler-x-1',
    logDir: '/Users/ann/Library/Logs/Patchbay',
  });

  it('runs the scheduler at load with its arguments one by one, restarts it only after a crash', () => {
    expect(text).toContain(`<key>Label</key>\n  <string>${launchdLabel('patchbay-scheduler-x-1')}</string>`);
    expect(text).toContain(
      [
        '    <string>/opt/node/bin/node</string>',
        '    <string>/opt/patchbay/bin/patchbay.js</string>',
        '    <string>scheduler</string>',
        '    <string>--workspace</string>',
        '    <string>/home/ann/Patchbay/Front office</string>',
      ].join('\n'),
    );
    expect(text).toContain('<key>RunAtLoad</key>\n  <true/>');
    expect(text).toContain('<key>SuccessfulExit</key>\n    <false/>');
    expect(text).toContain(
      '<key>PATCHBAY_SECRETS_KEY_FILE</key>\n    <string>/etc/patchbay/key 100%</string>',
    );
  });

  it('reads back as the property list launchd gets, special characters included', () => {
    const odd = launchdPlistText({ ...spec, workspaceDir: '/tmp/a&b <c>' }, { id: 'x', logDir: '/l' });
    // The plist parser electron-builder itself uses for Info.plist files.
    expect(plist.parse(odd)).toEqual({
      Label: 'com.patchbay.x',
      ProgramArguments: [...spec.program, 'scheduler', '--workspace', '/tmp/a&b <c>'],
      EnvironmentVariables: spec.environment,
      RunAtLoad: true,
      KeepAlive: { SuccessfulExit: false },
      ExitTimeOut: 120,
      StandardOutPath: '/l/x.log',
      StandardErrorPath: '/l/x.log',
    });
  });
});

describe('the Windows Task Scheduler task', () => {
  const windowsSpec: ServiceSpec = {
    workspaceDir: 'C:\\Users\\Ann\\AppData\\Roaming\\Patchbay\\workspaces\\default',
    program: ['C:\\Program Files\\nodejs\\node.exe', 'C:\\patchbay\\bin\\patchbay.js'],
    environment: {},
  };
  const text = windowsTaskXml(windowsSpec, { id: 'patchbay-scheduler-default-1', userId: 'OFFICE\\ann' });

  it('starts at logon for the user, without a time limit, restarted after a failure', () => {
    expectAll(text, [
      '<LogonTrigger>\r\n      <Enabled>true</Enabled>\r\n      <UserId>OFFICE\\ann</UserId>',
      '<ExecutionTimeLimit>PT0S</ExecutionTimeLimit>',
      '<RestartOnFailure>',
      '<MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>',
      '<Command>C:\\Program Files\\nodejs\\node.exe</Command>',
      '<Arguments>C:\\patchbay\\bin\\patchbay.js scheduler --workspace C:\\Users\\Ann\\AppData\\Roaming\\Patchbay\\workspaces\\default</Arguments>',
      `<URI>\\${windowsTaskName('patchbay-scheduler-default-1')}</URI>`,
    ]);
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-16"?>')).toBe(true);
  });

  it('is well-formed XML in the Task Scheduler namespace, special characters escaped', () => {
    const odd = windowsTaskXml(
      { ...windowsSpec, workspaceDir: 'C:\\a&b <c>' },
      { id: 'x', userId: 'A&B\\ann' },
    );
    const errors: string[] = [];
    const doc = new DOMParser({
      errorHandler: (level: string, message: unknown) => void errors.push(`${level}: ${String(message)}`),
    }).parseFromString(odd, 'text/xml');
    expect(errors).toEqual([]);
    const task = doc.documentElement!;
    expect(task.namespaceURI).toBe('http://schemas.microsoft.com/windows/2004/02/mit/task');
    expect(task.getElementsByTagName('WorkingDirectory')[0]?.textContent).toBe('C:\\a&b <c>');
    expect(task.getElementsByTagName('UserId')[0]?.textContent).toBe('A&B\\ann');
  });

  it('quotes arguments as Windows programs split them', () => {
    expect(windowsArgument('plain')).toBe('plain');
    expect(windowsArgument('C:\\My Files\\ws')).toBe('"C:\\My Files\\ws"');
    expect(windowsArgument('C:\\My Files\\')).toBe('"C:\\My Files\\\\"');
    expect(windowsArgument('say "hi"')).toBe('"say \\"hi\\""');
    expect(windowsArgument('')).toBe('""');
  });
});

function expectAll(text: string, parts: readonly string[]): void {
  for (const part of parts) expect(text).toContain(part);
}
