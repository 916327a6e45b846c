import { PlaceholderView } from '../../components/placeholder-view.tsx';

/** Replaced by the Runs view (issue 5). */
export function RunsView() {
  return <PlaceholderView title="Runs" description="Coming in this release." />;
}
