import { appCategories } from '../../../../core/contract/apps.ts';
import type { ConnectorSummary } from '../../../../core/contract/connectors.ts';
import { FieldError } from '../../components/form-field.tsx';
import { categoryLabels } from './labels.ts';

/** What an app of this connector needs to connect, in an office manager's words. */
export function needsOf(connector: ConnectorSummary): string {
  const secret = connector.settings.find((s) => s.secret);
  if (connector.kind === 'files') return 'Needs a folder on this PC or the office network';
  if (connector.kind === 'database')
    return secret ? "Needs the server's address, a user and a password" : 'Needs a database file on this PC';
  if (connector.browserSignIn) return `Needs you to sign in to ${connector.name} (OAuth)`;
  if (connector.auth === 'oauth2')
    return `Needs its client ID and ${secret?.label.toLowerCase() ?? 'client secret'}`;
  if (connector.auth === 'none') return 'Needs only its address';
  return secret ? `Needs its ${secret.label}` : 'Needs an API key';
}

/**
 * "Connect through": every connector, grouped by the kind of app it reaches, each with
 * what it needs to connect; or none, for an app listed in the inventory only.
 */
export function ConnectorPicker(props: {
  connectors: readonly ConnectorSummary[];
  value: string;
  onChange: (id: string) => void;
  error: string | undefined;
}) {
  const groups = appCategories.flatMap((category) => {
    const list = props.connectors
      .filter((c) => c.category === category)
      .sort((a, b) => a.name.localeCompare(b.name));
    return list.length > 0 ? [{ category, list }] : [];
  });
  // Named by the app alone ("Stripe"), what it needs read as the description.
  const choice = (id: string, name: string, words: string) => {
    const key = `connector-${id || 'none'}`;
    return (
      <label className="connector-choice" key={id}>
        <input
          type="radio"
          name="app-connector"
          value={id}
          checked={props.value === id}
          onChange={() => props.onChange(id)}
          aria-labelledby={`${key}-name`}
          aria-describedby={`${key}-needs`}
        />
        <span>
          <strong id={`${key}-name`}>{name}</strong>
          <span className="connector-needs" id={`${key}-needs`}>
            {words}
          </span>
        </span>
      </label>
    );
  };
  return (
    <fieldset className="connector-picker span-6" aria-describedby="app-connector-error">
      <legend>Connect through</legend>
      <div className="connector-groups">
        {groups.map(({ category, list }) => (
          <div className="connector-group" key={category} role="group" aria-label={categoryLabels[category]}>
            <p className="connector-group-name" aria-hidden="true">
              {categoryLabels[category]}
            </p>
            {list.map((c) => choice(c.id, c.name, needsOf(c)))}
          </div>
        ))}
        <div className="connector-group" role="group" aria-label="No connector">
          <p className="connector-group-name" aria-hidden="true">
            No connector
          </p>
          {choice('', 'Nothing yet', 'List it in the inventory only')}
        </div>
      </div>
      <FieldError id="app-connector-error" message={props.error} />
    </fieldset>
  );
}
