import { PlaceholderView } from '../../components/placeholder-view.tsx';

/** Replaced by the Flows view (issue 5). */
export function FlowsView() {
  return <PlaceholderView title="Flows" description="Coming in this release." />;
}
