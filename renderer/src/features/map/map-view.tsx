import '@xyflow/react/dist/style.css';
import './map.css';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { ViewHeader } from '../../components/view-header.tsx';
import { errorMessage } from '../../lib/field-errors.ts';
import { appsQueries } from '../../queries/apps-queries.ts';
import { useLiveRuns } from '../../queries/run-progress.ts';
import { AppDetails } from './app-details.tsx';
import { FlowDetails } from './flow-details.tsx';
import { MapCanvas, type MapSelection } from './map-canvas.tsx';
import { MapDetailsPanel } from './map-details-panel.tsx';
import { MapExport } from './map-export.tsx';
import { buildMapGraph } from './map-graph.ts';
import { MapLegend } from './map-legend.tsx';
import { useMapLayout } from './use-map-layout.ts';
import { flowsQueries } from '../../queries/flows-queries.ts';
import { dashboardQueries } from '../../queries/dashboard-queries.ts';

/** The data-flow map: every app, the flows between them coloured by health, and details on demand. */
export function MapView() {
  useDocumentTitle('Map');
  const apps = useQuery(appsQueries.list());
  const flows = useQuery(flowsQueries.list());
  const dashboard = useQuery(dashboardQueries.summary());
  const live = useLiveRuns();
  const graph = useMemo(
    () =>
      apps.data && flows.data && !dashboard.isPending
        ? buildMapGraph(apps.data, flows.data, dashboard.data?.flows ?? [], new Set(live.keys()))
        : undefined,
    [apps.data, flows.data, dashboard.data, dashboard.isPending, live],
  );
  const { layout, failed } = useMapLayout(graph);
  const canvas = useRef<HTMLDivElement>(null);
  const { selected, open, close } = useSelection(canvas);

  const names = useMemo(() => new Map(apps.data?.map((app) => [app.id, app.name])), [apps.data]);
  const appName = useCallback((id: string) => names.get(id) ?? 'an app', [names]);
  const selectedApp =
    selected?.kind === 'app' ? graph?.apps.find((e) => e.app.id === selected.id) : undefined;
  const selectedFlow =
    selected?.kind === 'flow' ? graph?.flows.find((e) => e.flow.id === selected.id) : undefined;
  const hasApps = (apps.data?.length ?? 0) > 0;
  const loadError = apps.error ?? flows.error;

  return (
    <section aria-labelledby="view-title" className="map-view">
      <ViewHeader
        title="Map"
        description="Your apps and the flows that copy data between them. Click an app or a line, or Tab to it and press Enter, to see its details."
        actions={
          hasApps &&
          layout && (
            <MapExport
              target={() => {
                const viewport = canvas.current?.querySelector<HTMLElement>('.react-flow__viewport');
                return viewport ? { viewport, width: layout.width, height: layout.height } : null;
              }}
            />
          )
        }
      />

      {loadError && (
        <p role="alert" className="error-banner">
          Could not load the map: {errorMessage(loadError)}
        </p>
      )}
      {dashboard.isError && (
        <p role="alert" className="error-banner">
          Could not load how the flows are doing, so every line shows as not run:{' '}
          {errorMessage(dashboard.error)}
        </p>
      )}
      {failed && (
        <p role="alert" className="error-banner">
          Could not arrange the map. Reload the window to try again.
        </p>
      )}
      {!loadError && (!graph || (hasApps && !layout && !failed)) && <p role="status">Drawing the map…</p>}

      {apps.data?.length === 0 && (
        <div className="empty-state">
          <p className="empty-title">No apps on the map yet</p>
          <p>
            Add the apps your office uses. Each one shows here, with the flows between them drawn as lines.
          </p>
          <Link to="/apps" className="button primary">
            Go to Apps
          </Link>
        </div>
      )}

      {hasApps && graph && layout && (
        <>
          {graph.flows.length === 0 && (
            <p className="map-hint">
              No flows yet: <Link to="/flows">set up a flow</Link> to draw a line between two apps.
            </p>
          )}
          <div className={selected ? 'map-stage with-panel' : 'map-stage'} ref={canvas}>
            <MapCanvas
              graph={graph}
              layout={layout}
              selected={selected}
              onOpen={open}
              onClose={() => close(false)}
            />
            {selectedApp && (
              <MapDetailsPanel
                subject={selectedApp.app.id}
                kind="App"
                title={selectedApp.app.name}
                onClose={() => close()}
              >
                <AppDetails entry={selectedApp} appName={appName} />
              </MapDetailsPanel>
            )}
            {selectedFlow && (
              <MapDetailsPanel
                subject={selectedFlow.flow.id}
                kind="Flow"
                title={selectedFlow.flow.name}
                onClose={() => close()}
              >
                <FlowDetails
                  key={selectedFlow.flow.id}
                  entry={selectedFlow}
                  live={live.get(selectedFlow.flow.id)}
                  appName={appName}
                />
              </MapDetailsPanel>
            )}
          </div>
          <MapLegend />
        </>
      )}
    </section>
  );
}

/**
 * Which app or flow the panel shows. Escape closes it from anywhere on the page, and
 * closing hands focus back to the box or line that opened it.
 */
function useSelection(canvas: React.RefObject<HTMLDivElement | null>) {
  const [selected, setSelected] = useState<MapSelection>(null);
  const open = useCallback((next: NonNullable<MapSelection>) => setSelected(next), []);
  const close = useCallback(
    (returnFocus = true) => {
      if (!selected) return;
      setSelected(null);
      if (!returnFocus) return;
      const kind = selected.kind === 'app' ? 'node' : 'edge';
      const selector = `.react-flow__${kind}[data-id="${CSS.escape(selected.id)}"]`;
      // After React has removed the panel and the map has taken the room back.
      requestAnimationFrame(() => canvas.current?.querySelector<HTMLElement>(selector)?.focus());
    },
    [selected, canvas],
  );
  useEffect(() => {
    if (!selected) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) close();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [selected, close]);
  return { selected, open, close };
}
