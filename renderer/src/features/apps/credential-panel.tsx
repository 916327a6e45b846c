import { useEffect, useState, type FormEvent } from 'react';
import type { App } from '../../../../core/contract/apps.ts';
import { api } from '../../api/client.ts';
import { ConfirmDeleteDialog } from '../../components/confirm-delete-dialog.tsx';
import { SecretField } from '../../components/form-field.tsx';
import { errorMessage } from '../../lib/field-errors.ts';
import { useForgetCredential, useSaveCredential, useStartOAuth } from '../../queries/app-page-queries.ts';

/**
 * The app's credential: typed once, saved to the system keychain, never shown again.
 * Apps that sign in through the browser get a "Connect" button instead.
 */
export function CredentialPanel({
  app,
  usesOAuth,
  credentialLabel,
}: {
  app: App;
  usesOAuth: boolean;
  /** The connector's own name for it ("Client secret or access token"); a key or token otherwise. */
  credentialLabel?: string | undefined;
}) {
  const save = useSaveCredential();
  const forget = useForgetCredential();
  const [confirming, setConfirming] = useState(false);
  const forgotten = forget.data
    ? forget.data.deleted
      ? 'The saved credential was removed.'
      : 'There was no saved credential.'
    : undefined;
  const [value, setValue] = useState('');
  const [status, setStatus] = useState<string>();
  const [error, setError] = useState<string>();

  function submit(event: FormEvent) {
    event.preventDefault();
    setStatus(undefined);
    forget.reset();
    if (value.trim() === '') return setError('Paste the key or token first.');
    setError(undefined);
    save.mutate(
      { appId: app.id, value: value.trim() },
      {
        onSuccess: () => {
          setValue('');
          setStatus(`Saved in this PC's keychain. For your safety it is never shown again.`);
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );
  }

  if (usesOAuth) return <OAuthConnect app={app} />;
  return (
    <form onSubmit={submit} className="credential-form" noValidate>
      <SecretField
        id="credential-value"
        label={`${credentialLabel ?? 'API key or token'} for ${app.name}`}
        hint="Stored in the system keychain, never in Patchbay's files. Saving a new one replaces the old one."
        error={error}
        value={value}
        onChange={setValue}
      />
      <div className="row-actions">
        <button type="submit" className="button primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save credential'}
        </button>
        <button
          type="button"
          className="button subtle danger-text"
          disabled={forget.isPending}
          onClick={() => {
            setStatus(undefined);
            forget.reset();
            setConfirming(true);
          }}
        >
          Forget credential
        </button>
      </div>
      {confirming && (
        <ConfirmDeleteDialog
          title={`Forget ${app.name}'s credential?`}
          confirmLabel="Forget credential"
          pendingLabel="Forgetting…"
          remove={forget}
          id={app.id}
          onClose={() => setConfirming(false)}
        >
          Patchbay removes it from this PC&apos;s keychain, and flows to or from {app.name} stop until you
          save a new one. The key itself still works at {app.name}: revoke it there if it may have leaked.
        </ConfirmDeleteDialog>
      )}
      {(status ?? forgotten) && (
        <p role="status" className="success-text">
          {status ?? forgotten}
        </p>
      )}
    </form>
  );
}

function OAuthConnect({ app }: { app: App }) {
  const start = useStartOAuth();
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string }>();
  useEffect(
    () =>
      api.on('oauth.finished', (payload) => {
        if (payload.appId === app.id) setOutcome(payload);
      }),
    [app.id],
  );
  const link = start.data?.authorizeUrl;
  return (
    <div>
      <p>
        {app.name} signs in through your browser: you approve Patchbay there, and the tokens go to this
        PC&apos;s keychain.
      </p>
      <button
        type="button"
        className="button primary"
        disabled={start.isPending}
        onClick={() =>
          start.mutate(app.id, {
            onSuccess: () => setOutcome(undefined),
            onError: (e) => setOutcome({ ok: false, message: errorMessage(e) }),
          })
        }
      >
        Connect {app.name}
      </button>
      {link && !outcome && (
        <p role="status">
          <a href={link} target="_blank" rel="noreferrer">
            Open the {app.name} sign-in page
          </a>{' '}
          and approve Patchbay; this page updates when you are done.
        </p>
      )}
      {outcome && (
        <p role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? 'success-text' : 'error-banner'}>
          {outcome.message}
        </p>
      )}
    </div>
  );
}
