import { errorMessage } from '../lib/field-errors.ts';

/** What a view shows while its data loads, or why it could not load, in plain words. */
export function QueryStatus({
  query,
  loading,
  failed,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown };
  loading: string;
  failed: string;
}) {
  if (query.isError)
    return (
      <p role="alert" className="error-banner">
        {failed}: {errorMessage(query.error)}
      </p>
    );
  if (query.isPending) return <p role="status">{loading}</p>;
  return null;
}
