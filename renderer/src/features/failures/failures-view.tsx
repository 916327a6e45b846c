import { PlaceholderView } from '../../components/placeholder-view.tsx';

/** Replaced by the Failures view (issue 5). */
export function FailuresView() {
  return <PlaceholderView title="Failures" description="Coming in this release." />;
}
