import type { App } from '../../../../core/contract/apps.ts';
import { errorMessage } from '../../lib/field-errors.ts';
import { useTestConnection } from '../../queries/app-page-queries.ts';

/** "Test the connection": one cheap call to the app with the saved credential, answered in words. */
export function ConnectionTest({ app }: { app: App }) {
  const test = useTestConnection();
  const outcome = test.data;
  return (
    <div className="connection-test">
      <button
        type="button"
        className="button"
        disabled={test.isPending}
        onClick={() => {
          test.reset();
          test.mutate(app.id);
        }}
      >
        {test.isPending ? 'Testing…' : 'Test the connection'}
      </button>
      <p role="status" className={outcome?.ok ? 'success-text' : undefined}>
        {test.isPending && `Asking ${app.name}…`}
        {outcome?.ok && outcome.message}
      </p>
      {(test.isError || (outcome && !outcome.ok)) && (
        <p role="alert" className="error-banner">
          {test.isError ? errorMessage(test.error) : outcome!.message}
        </p>
      )}
    </div>
  );
}
