import type { ConnectorSetting } from './connectors.ts';
import type { FieldIssue } from './errors.ts';

// An app's connection settings checked against what its connector declares: what is
// required is there, a choice is one of the choices, and a folder or file is a full path
// (a relative one would depend on where Patchbay happened to start). Whether the folder
// exists is the connection test's business: it may be a network drive not mounted now.

/** `/home/office`, `C:\Exports`, `\\server\share`: a path that means the same wherever Patchbay runs. */
export const isFullPath = (path: string) => /^(\/|[A-Za-z]:[\\/]|\\\\[^\\]+\\)/.test(path);

export function declaredSettingIssues(
  settings: readonly ConnectorSetting[],
  config: Readonly<Record<string, string>>,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const setting of settings) {
    if (setting.secret) continue;
    const value = (Object.hasOwn(config, setting.name) ? config[setting.name] : undefined)?.trim() ?? '';
    const field = `connector.config.${setting.name}`;
    if (value === '') {
      if (setting.required && setting.default === undefined)
        issues.push({ field, message: `${setting.label} is needed.` });
      continue;
    }
    if ((setting.type === 'folder' || setting.type === 'file') && !isFullPath(value))
      issues.push({
        field,
        message: `${setting.label} must be a full path, such as ${setting.example ?? 'C:\\Exports'} (starting with a drive letter, \\\\server or /), not "${value}".`,
      });
    if (setting.type === 'select' && setting.options && !setting.options.some((o) => o.value === value))
      issues.push({
        field,
        message: `${setting.label} must be one of: ${setting.options.map((o) => o.label).join(', ')}.`,
      });
  }
  return issues;
}
