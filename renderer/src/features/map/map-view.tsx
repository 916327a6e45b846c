import { PlaceholderView } from '../../components/placeholder-view.tsx';

/** Replaced by the Map view (issue 5). */
export function MapView() {
  return <PlaceholderView title="Map" description="Coming in this release." />;
}
