import type { Connector } from '../contract/apps.ts';
import { addressProblem } from '../contract/connection-settings.ts';
import type { ConnectorSetting } from '../contract/connectors.ts';
import { isFullPath } from '../contract/declared-settings.ts';
import type { FieldIssue } from '../contract/errors.ts';
import { quoted } from '../contract/text-rules.ts';
import type { CatalogEntry } from './connector-catalog.ts';
import { addressValueHosts, checkAddressValue } from './manifest/address-hosts.ts';
import { hostLabel, hostSettingNames } from './manifest/connection-values.ts';

// An app's connection settings checked against what its connector declares, when the
// app is saved: required ones present, no setting the connector does not know, each
// value of its declared type, a secret never among them (it goes to the keychain), and
// a value that goes into the address's host one plain name (`my-shop`, never
// `evil.example/x`), and a whole server address (Pipedrive's `apiDomain`) on a host the
// connector declares. Pure; the words are for the person filling in the app form.

const field = (name: string) => `connector.config.${name}`;

/** Every problem of the settings, each with its field (`connector.config.shop`); empty when fine. */
export function settingsProblems(entry: CatalogEntry, connector: Connector): FieldIssue[] {
  const config = connector.config;
  const declared = new Map(entry.settings.map((s) => [s.name, s]));
  const issues: FieldIssue[] = [];
  for (const [name, value] of Object.entries(config)) {
    const setting = declared.get(name);
    if (!setting) {
      const known = entry.settings.filter((s) => !s.secret).map((s) => quoted(s.name));
      issues.push({
        field: field(name),
        message: `${quoted(name)} is not a setting of the ${entry.name} connector. Its settings are ${known.join(', ')}.`,
      });
      continue;
    }
    const problem = valueProblem(setting, value);
    if (problem) issues.push({ field: field(name), message: `${setting.label} ${problem}` });
  }
  for (const setting of entry.settings) {
    if (!setting.required || setting.secret || setting.default !== undefined) continue;
    if ((config[setting.name] ?? '').trim() === '')
      issues.push({
        field: field(setting.name),
        message: `Enter the ${setting.label}: ${entry.name} needs it.`,
      });
  }
  if (entry.kind === 'rest' && (config.baseUrl ?? '') === '')
    for (const name of hostSettingNames(entry.manifest.baseUrl)) {
      const value = config[name] ?? declared.get(name)?.default;
      if (value !== undefined && value !== '' && !hostLabel.test(value))
        issues.push({
          field: field(name),
          message: `${declared.get(name)?.label ?? name} becomes part of the app's address, so it can hold only letters, digits and dashes (like my-shop).`,
        });
    }
  if (entry.kind === 'rest')
    for (const [name, hosts] of addressValueHosts(entry.manifest)) {
      const value = config[name];
      const checked = value === undefined || value === '' ? undefined : checkAddressValue(value, hosts);
      if (checked && 'problem' in checked)
        issues.push({
          field: field(name),
          message: `${declared.get(name)?.label ?? name} (${checked.host}) ${checked.problem}: Patchbay sends ${entry.name}'s credential only there.`,
        });
    }
  return issues;
}

/** Why a value does not fit its setting, in words after the setting's label. */
function valueProblem(setting: ConnectorSetting, value: string): string | undefined {
  if (setting.secret)
    return "is a secret: it is saved in this PC's keychain as the app's credential, never in its settings.";
  if (value === '') return undefined;
  switch (setting.type) {
    case 'number':
      return Number.isFinite(Number(value)) && value.trim() !== '' ? undefined : 'must be a number.';
    case 'boolean':
      return value === 'true' || value === 'false' ? undefined : 'must be "true" or "false".';
    case 'select': {
      const options = setting.options ?? [];
      // The words the form shows for each choice; the value itself where it is its own label.
      const named = options.map((o) => (o.label === o.value ? quoted(o.value) : o.label));
      return options.some((o) => o.value === value) ? undefined : `must be one of: ${named.join(', ')}.`;
    }
    case 'url': {
      const problem = addressProblem(value);
      return problem ? problem : undefined;
    }
    case 'folder':
    case 'file':
      return isFullPath(value)
        ? undefined
        : `must be a full path, such as ${setting.example ?? 'C:\\Exports'} (starting with a drive letter, \\\\server or /), not ${quoted(value)}.`;
    default:
      return undefined;
  }
}
