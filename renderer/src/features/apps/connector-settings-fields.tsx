import { useState } from 'react';
import { connectionSettingRule } from '../../../../core/contract/apps.ts';
import type { ConnectorSetting } from '../../../../core/contract/connectors.ts';
import { FormField, SecretField, SelectField, type FieldRules } from '../../components/form-field.tsx';
import type { FieldErrors } from '../../lib/field-errors.ts';

// The app form's connection fields, one per setting the connector declares: its label,
// its example as placeholder, its help under it, a required marker, and a control for
// its type. A file or folder gets a "Choose…" button in the desktop app (the system's
// Open dialog); a browser tab cannot give a path, so there it is typed. The secret
// setting is a password field whose value goes to the keychain, never the settings.

export const settingField = (name: string) => `connector.config.${name}`;

export function ConnectorSettingsFields(props: {
  settings: readonly ConnectorSetting[];
  values: Readonly<Record<string, string>>;
  onChange: (name: string, value: string) => void;
  /** The credential typed in this form (saved to the keychain after the app). */
  secret: string;
  onSecret: (value: string) => void;
  /** Editing an app: a credential may already be saved, and typing replaces it. */
  editing: boolean;
  errors: FieldErrors;
}) {
  const { settings, values, onChange, secret, onSecret, editing, errors } = props;
  return (
    <>
      {settings.map((setting) => {
        const id = `app-setting-${setting.name}`;
        const common = {
          id,
          label: setting.label,
          hint: setting.secret ? secretHint(setting, editing) : setting.help,
          error: errors[settingField(setting.name)],
          required: setting.required && !(setting.secret && editing),
          className: setting.type === 'boolean' ? 'span-6' : 'span-3',
        };
        const value = values[setting.name] ?? '';
        if (setting.secret)
          return (
            <SecretField
              key={setting.name}
              {...common}
              value={secret}
              placeholder={setting.example}
              onChange={onSecret}
            />
          );
        switch (setting.type) {
          case 'select':
            return (
              <SelectField
                key={setting.name}
                {...common}
                value={value}
                options={[
                  ...(setting.required ? [] : [['', 'Not set'] as const]),
                  ...(setting.options ?? []).map((o) => [o.value, o.label] as const),
                ]}
                {...(setting.required && value === '' ? { placeholder: 'Choose…' } : {})}
                onChange={(v) => onChange(setting.name, v)}
              />
            );
          case 'boolean':
            return (
              <FormField key={setting.name} {...common} inline>
                {(control) => (
                  <input
                    {...control}
                    type="checkbox"
                    checked={value === 'true'}
                    onChange={(e) => onChange(setting.name, String(e.target.checked))}
                  />
                )}
              </FormField>
            );
          case 'file':
          case 'folder':
            return (
              <PathField
                key={setting.name}
                {...common}
                rules={{ schema: connectionSettingRule(setting.name), value }}
                kind={setting.type}
                value={value}
                placeholder={setting.example}
                onChange={(v) => onChange(setting.name, v)}
              />
            );
          default:
            return (
              <FormField
                key={setting.name}
                {...common}
                // A number setting has no limit of its own to show: its length is not one.
                rules={
                  setting.type === 'number'
                    ? undefined
                    : { schema: connectionSettingRule(setting.name), value }
                }
              >
                {(control) => (
                  <input
                    {...control}
                    type={setting.type === 'number' ? 'number' : setting.type === 'url' ? 'url' : 'text'}
                    inputMode={setting.type === 'number' ? 'decimal' : undefined}
                    value={value}
                    placeholder={setting.example}
                    onChange={(e) => onChange(setting.name, e.target.value)}
                  />
                )}
              </FormField>
            );
        }
      })}
    </>
  );
}

function secretHint(setting: ConnectorSetting, editing: boolean): string {
  const where = "Saved in this PC's keychain, never in Patchbay's files, and never shown again.";
  return editing ? `${where} Leave it empty to keep the saved one.` : `${setting.help ?? ''} ${where}`.trim();
}

/** A path typed, or chosen with the desktop app's Open dialog. */
function PathField(props: {
  id: string;
  label: string;
  hint: string | undefined;
  error: string | undefined;
  required: boolean;
  className: string;
  rules: FieldRules;
  kind: 'file' | 'folder';
  value: string;
  placeholder: string | undefined;
  onChange: (value: string) => void;
}) {
  const { kind, value, placeholder, onChange, ...field } = props;
  const choosePath = window.patchbay?.choosePath;
  const [problem, setProblem] = useState<string>();
  async function choose() {
    if (!choosePath) return;
    setProblem(undefined);
    const answer = await choosePath({ kind, title: `Choose ${field.label}` });
    if (!answer.ok) return setProblem(answer.error.message);
    if (answer.value.path !== null) onChange(answer.value.path);
  }
  return (
    <FormField {...field} error={field.error ?? problem}>
      {(control) => (
        <div className="input-with-button">
          <input
            {...control}
            type="text"
            spellCheck={false}
            value={value}
            placeholder={
              placeholder ?? (kind === 'folder' ? 'The folder’s full path' : 'The file’s full path')
            }
            onChange={(e) => onChange(e.target.value)}
          />
          {choosePath && (
            <button
              type="button"
              className="button"
              aria-label={`Choose ${field.label}`}
              onClick={() => void choose()}
            >
              Choose…
            </button>
          )}
        </div>
      )}
    </FormField>
  );
}
