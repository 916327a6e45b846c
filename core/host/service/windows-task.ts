// A Windows Task Scheduler task for `patchbay scheduler`, started at logon.
// Task XML schema: https://learn.microsoft.com/en-us/windows/win32/taskschd/task-scheduler-schema
// Registered with `schtasks /Create /TN NAME /XML FILE`, which reads UTF-16.
import { xmlText } from './launchd-plist.ts';
import { schedulerArguments, serviceDescription, type ServiceSpec } from './service-spec.ts';

/** The task's path in the Task Scheduler library: its own "Patchbay" folder. */
export function windowsTaskName(id: string): string {
  return `Patchbay\\${id}`;
}

/**
 * One argument as CommandLineToArgvW reads it back (Node's own parser on Windows):
 * quoted when it has spaces or quotes; backslashes before a quote are doubled.
 * https://learn.microsoft.com/en-us/cpp/c-language/parsing-c-command-line-arguments
 */
export function windowsArgument(arg: string): string {
  if (arg !== '' && !/[\s"]/.test(arg)) return arg;
  const escaped = arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, '$1$1');
  return `"${escaped}"`;
}

export function windowsTaskXml(spec: ServiceSpec, options: { id: string; userId: string }): string {
  const [command, ...args] = schedulerArguments(spec);
  return [
    '<?xml version="1.0" encoding="UTF-16"?>',
    '<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">',
    '  <RegistrationInfo>',
    `    <Description>${xmlText(serviceDescription(spec))}. Written by "patchbay service install".</Description>`,
    `    <URI>\\${xmlText(windowsTaskName(options.id))}</URI>`,
    '  </RegistrationInfo>',
    '  <Triggers>',
    '    <LogonTrigger>',
    '      <Enabled>true</Enabled>',
    `      <UserId>${xmlText(options.userId)}</UserId>`,
    '    </LogonTrigger>',
    '  </Triggers>',
    '  <Principals>',
    '    <Principal id="Author">',
    `      <UserId>${xmlText(options.userId)}</UserId>`,
    // The user's own session: the Windows Credential Manager holds the credentials there.
    '      <LogonType>InteractiveToken</LogonType>',
    '      <RunLevel>LeastPrivilege</RunLevel>',
    '    </Principal>',
    '  </Principals>',
    '  <Settings>',
    '    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>',
    '    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>',
    '    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>',
    '    <StartWhenAvailable>true</StartWhenAvailable>',
    // PT0S: no time limit; a scheduler runs all day.
    '    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>',
    '    <RestartOnFailure>',
    '      <Interval>PT1M</Interval>',
    '      <Count>99</Count>',
    '    </RestartOnFailure>',
    '    <Enabled>true</Enabled>',
    '  </Settings>',
    '  <Actions Context="Author">',
    '    <Exec>',
    `      <Command>${xmlText(command!)}</Command>`,
    `      <Arguments>${xmlText(args.map(windowsArgument).join(' '))}</Arguments>`,
    `      <WorkingDirectory>${xmlText(spec.workspaceDir)}</WorkingDirectory>`,
    '    </Exec>',
    '  </Actions>',
    '</Task>',
    '',
  ].join('\r\n');
}
