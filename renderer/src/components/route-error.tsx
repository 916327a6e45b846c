import { isRouteErrorResponse, useRouteError } from 'react-router';

/**
 * Shown in place of a view that could not load or crashed, inside the layout, so the
 * navigation still works. The usual cause in browser mode: Patchbay was updated while
 * this tab stayed open, and the old page asks for files that are gone.
 */
export function RouteError() {
  const error = useRouteError();
  const detail = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : String(error);
  return (
    <section aria-labelledby="view-title">
      <h1 id="view-title">This view could not be shown</h1>
      <p>
        Patchbay may have been updated while this page was open. Reloading usually fixes it; nothing you saved
        is lost.
      </p>
      <p className="muted">Details: {detail}</p>
      <button type="button" className="button primary" onClick={() => window.location.reload()}>
        Reload Patchbay
      </button>
    </section>
  );
}
