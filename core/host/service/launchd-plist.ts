// A launchd agent for `patchbay scheduler` (macOS), loaded at login.
// https://developer.apple.com/library/archive/documentation/MacOSX/Conceptual/BPSystemStartup/Chapters/CreatingLaunchdJobs.html
// man launchd.plist: Label, ProgramArguments, EnvironmentVariables, RunAtLoad, KeepAlive.
import { join } from 'node:path';
import { schedulerArguments, serviceDescription, type ServiceSpec } from './service-spec.ts';

export function launchAgentDir(homeDir: string): string {
  return join(homeDir, 'Library', 'LaunchAgents');
}

/** Reverse-DNS label, as launchd expects. */
export function launchdLabel(id: string): string {
  return `com.patchbay.${id}`;
}

export function xmlText(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const string = (value: string) => `<string>${xmlText(value)}</string>`;

export function launchdPlistText(spec: ServiceSpec, options: { id: string; logDir: string }): string {
  const args = schedulerArguments(spec).map((arg) => `    ${string(arg)}`);
  const env = Object.entries(spec.environment).map(
    ([name, value]) => `    <key>${xmlText(name)}</key>\n    ${string(value)}`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    `<!-- ${xmlText(serviceDescription(spec))}. Written by "patchbay service install". -->`,
    '<plist version="1.0">',
    '<dict>',
    '  <key>Label</key>',
    `  ${string(launchdLabel(options.id))}`,
    '  <key>ProgramArguments</key>',
    '  <array>',
    ...args,
    '  </array>',
    '  <key>EnvironmentVariables</key>',
    '  <dict>',
    ...env,
    '  </dict>',
    '  <key>RunAtLoad</key>',
    '  <true/>',
    // Restarted after a crash, not after a clean stop (launchctl bootout sends SIGTERM).
    '  <key>KeepAlive</key>',
    '  <dict>',
    '    <key>SuccessfulExit</key>',
    '    <false/>',
    '  </dict>',
    '  <key>ExitTimeOut</key>',
    '  <integer>120</integer>',
    '  <key>StandardOutPath</key>',
    `  ${string(join(options.logDir, `${options.id}.log`))}`,
    '  <key>StandardErrorPath</key>',
    `  ${string(join(options.logDir, `${options.id}.log`))}`,
    '</dict>',
    '</plist>',
    '',
  ].join('\n');
}
