import { PlaceholderView } from '../../components/placeholder-view.tsx';

/** Replaced by the Settings view (issue 5). */
export function SettingsView() {
  return <PlaceholderView title="Settings" description="Coming in this release." />;
}
