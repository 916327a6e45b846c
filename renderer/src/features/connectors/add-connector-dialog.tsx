import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import type { ConnectorCheck } from '../../../../core/contract/connectors.ts';
import type { MethodInput, MethodOutput } from '../../../../core/contract/methods.ts';
import { FormField } from '../../components/form-field.tsx';
import { ModalDialog } from '../../components/modal-dialog.tsx';
import { errorMessage } from '../../lib/field-errors.ts';
import { plural } from '../../lib/words.ts';
import { useCheckConnector, useInstallConnector } from '../../queries/connectors-queries.ts';
import { EntityTable, HostList } from './connector-details.tsx';
import { authWords, fieldWords, manifestByteLimit, parseManifestText } from './connector-words.ts';

type ManifestInput = MethodInput<'connectors.check'>;

/**
 * "Add a custom connector", as `patchbay connector add` does: a manifest opened from a
 * file or pasted, checked by the core (every problem by its field path, or what it
 * would install and the hosts it would send the app's credential to), installed only
 * when the user says so after seeing that.
 */
export function AddConnectorDialog({
  onClose,
  onInstalled,
}: {
  onClose: () => void;
  onInstalled: (result: MethodOutput<'connectors.install'>) => void;
}) {
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string>();
  const [problem, setProblem] = useState<string>();
  // What was checked, so what is installed is exactly what the user saw.
  const [checked, setChecked] = useState<{ input: ManifestInput; result: ConnectorCheck }>();
  const check = useCheckConnector();
  const install = useInstallConnector();
  const form = useRef<HTMLFormElement>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  // After a check, focus goes to what it found, so keyboard and screen-reader users start there.
  useEffect(() => form.current?.querySelector<HTMLElement>('.focus-after-check')?.focus(), [checked]);

  function startOver(nextText: string, nextFile?: string) {
    setText(nextText);
    setFileName(nextFile);
    setProblem(undefined);
    setChecked(undefined);
    check.reset();
    install.reset();
  }

  async function openFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    if (file.size > manifestByteLimit) {
      startOver('');
      return setProblem(`${file.name} is larger than 1 MB; a connector manifest is a few kilobytes.`);
    }
    startOver(await file.text(), file.name);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseManifestText(text, fileName);
    if ('problem' in parsed) {
      setProblem(parsed.problem);
      return textarea.current?.focus();
    }
    const input: ManifestInput = {
      manifest: parsed.manifest,
      source: fileName?.slice(0, 300) ?? 'pasted in',
    };
    install.reset();
    check.mutate(input, { onSuccess: (answer) => setChecked({ input, result: answer }) });
  }

  const ready = checked?.result.valid && checked.result.change !== 'unchanged';

  return (
    <ModalDialog title="Add a custom connector" onClose={onClose} wide>
      <form ref={form} onSubmit={submit} noValidate className="add-connector">
        <p className="muted">
          A connector manifest describes an app's API as data (see docs/connectors.md); it never runs code.
          Checking it installs nothing.
        </p>
        <FormField
          id="manifest-file"
          label="Open a manifest file"
          hint="JSON or YAML, up to 1 MB."
          className="manifest-file"
        >
          {(control) => (
            <input
              {...control}
              type="file"
              accept=".json,.yaml,.yml,application/json,application/yaml,text/yaml"
              onChange={(event) => void openFile(event)}
            />
          )}
        </FormField>
        <FormField
          id="manifest-text"
          label="Manifest"
          hint={fileName ? `From ${fileName}; you may edit it here.` : 'Or paste it here (JSON or YAML).'}
          error={problem}
        >
          {(control) => (
            <textarea
              {...control}
              ref={textarea}
              className="manifest-text"
              rows={10}
              spellCheck={false}
              value={text}
              onChange={(event) => startOver(event.target.value, event.target.value ? fileName : undefined)}
            />
          )}
        </FormField>

        {check.isError && (
          <p role="alert" className="error-banner">
            Could not check the manifest: {errorMessage(check.error)}
          </p>
        )}
        {checked && !checked.result.valid && <Problems check={checked.result} />}
        {checked?.result.valid && checked.result.connector && <Preview check={checked.result} />}
        {install.isError && (
          <p role="alert" className="error-banner">
            Could not install the connector: {errorMessage(install.error)}
          </p>
        )}

        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className={ready ? 'button' : 'button primary'} disabled={check.isPending}>
            {check.isPending ? 'Checking…' : 'Check'}
          </button>
          {ready && (
            <button
              type="button"
              className="button primary"
              disabled={install.isPending}
              onClick={() => install.mutate(checked.input, { onSuccess: onInstalled })}
            >
              {install.isPending ? 'Installing…' : 'Install connector'}
            </button>
          )}
        </div>
      </form>
    </ModalDialog>
  );
}

/** Every problem by its field path; the summary is announced and takes focus. */
function Problems({ check }: { check: ConnectorCheck }) {
  return (
    <div className="manifest-problems">
      <p id="manifest-problems-title" role="alert" className="error-banner focus-after-check" tabIndex={-1}>
        This connector cannot be installed: {plural(check.issues.length, 'problem')}. Nothing was installed.
      </p>
      <ul className="issue-list" aria-labelledby="manifest-problems-title" tabIndex={0}>
        {check.issues.map((issue, index) => (
          <li key={`${issue.field}-${index}`}>
            <code className="issue-field">{fieldWords(issue.field)}</code>
            <span>{issue.message}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

const changeWords: Record<'install' | 'update' | 'unchanged', string> = {
  install: 'The manifest is valid. Nothing is installed until you press Install connector.',
  update:
    'The manifest is valid, and changes the installed connector of this id: installing it updates it in place, and the apps using it keep working.',
  unchanged: 'The manifest is valid, and installed already exactly as it is: there is nothing to install.',
};

/** What installing would add: the connector, its entities, the hosts it talks to, and any warnings. */
function Preview({ check }: { check: ConnectorCheck }) {
  const connector = check.connector!;
  const change = check.change === 'refused' ? 'install' : check.change;
  return (
    <section aria-labelledby="check-title" className="check-result">
      <h3 id="check-title" className="focus-after-check" tabIndex={-1}>
        {connector.name}{' '}
        <span className="muted">
          ({connector.id}), version {connector.version}
        </span>
      </h3>
      <p role="status" className="success-text">
        {changeWords[change]}
      </p>
      <div className="host-callout">
        <p>
          <strong>It sends requests, and the app&rsquo;s credential, only to:</strong>
        </p>
        <HostList hosts={check.hosts} label="Hosts it talks to" />
        <p className="muted">
          An app using it may give another address of the same API in its settings (a sandbox, a local
          server). Signs in with: {authWords[connector.auth].toLowerCase()}.
        </p>
      </div>
      {check.warnings.length > 0 && (
        <div className="warning-box" role="note" aria-labelledby="check-warnings-title">
          <h4 id="check-warnings-title">{plural(check.warnings.length, 'warning')}</h4>
          <ul>
            {check.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </div>
      )}
      <h4>{plural(connector.entities.length, 'entity', 'entities')}</h4>
      <EntityTable connector={connector} />
    </section>
  );
}
