import type { App } from '../../../../core/contract/apps.ts';
import type { CredentialDraftTestInput } from '../../../../core/contract/credentials.ts';
import { errorMessage } from '../../lib/field-errors.ts';
import { useTestConnection, useTestDraft } from '../../queries/app-page-queries.ts';

/** "Test the connection": one cheap call to the app with the saved credential, answered in words. */
export function ConnectionTest({ app }: { app: App }) {
  const test = useTestConnection();
  return <ConnectionTestControls name={app.name} test={test} run={() => test.mutate(app.id)} />;
}

/**
 * The same before the app is saved (Add app, Edit app): the settings and credential as
 * typed now. Remount it (a `key`) when they change: its answer spoke of the old ones.
 */
export function DraftConnectionTest({ draft }: { draft: () => CredentialDraftTestInput }) {
  const test = useTestDraft();
  const run = () => {
    const input = draft();
    test.mutate(input);
  };
  return (
    <ConnectionTestControls
      name={draft().name}
      test={test}
      run={run}
      idle="Try the settings and key above before saving: one call to the app, nothing is kept."
    />
  );
}

interface TestState {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: { ok: boolean; message: string } | undefined;
  reset(): void;
}

function ConnectionTestControls(props: { name: string; test: TestState; run: () => void; idle?: string }) {
  const { test } = props;
  const outcome = test.data;
  const failed = test.isError || (outcome !== undefined && !outcome.ok);
  return (
    <div className={props.idle ? 'connection-test draft-test span-6' : 'connection-test'}>
      <button
        type="button"
        className="button"
        disabled={test.isPending}
        onClick={() => {
          test.reset();
          props.run();
        }}
      >
        {test.isPending ? 'Testing…' : 'Test the connection'}
      </button>
      <p role="status" className={outcome?.ok ? 'success-text' : 'field-hint'}>
        {test.isPending && `Asking ${props.name || 'the app'}…`}
        {outcome?.ok && outcome.message}
        {!test.isPending && !outcome && !failed && props.idle}
      </p>
      {failed && (
        <p role="alert" className="error-banner">
          {test.isError ? errorMessage(test.error) : outcome!.message}
        </p>
      )}
    </div>
  );
}
