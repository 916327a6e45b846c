import { useQuery } from '@tanstack/react-query';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { ViewHeader } from '../../components/view-header.tsx';
import { settingsQueries } from '../../queries/settings-queries.ts';
import { SchedulerSwitch } from './scheduler-switch.tsx';
import { SettingsForm } from './settings-form.tsx';
import './settings.css';
import { QueryStatus } from '../../components/query-status.tsx';

/** The workspace's settings and the switch that pauses every schedule. */
export function SettingsView() {
  useDocumentTitle('Settings');
  const settings = useQuery(settingsQueries.get());
  return (
    <section aria-labelledby="view-title" className="settings">
      <ViewHeader
        title="Settings"
        description="How this workspace behaves. Changes apply as soon as you save them."
      />
      <div className="settings-grid">
        <QueryStatus query={settings} loading="Loading the settings…" failed="Could not load the settings" />
        {settings.data && <SettingsForm settings={settings.data} />}
        <SchedulerSwitch />
      </div>
    </section>
  );
}
