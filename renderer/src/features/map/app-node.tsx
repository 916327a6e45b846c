import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { categoryLabels } from '../apps/labels.ts';
import { healthLooks, runningLook } from './flow-health.ts';
import type { MapApp } from './map-graph.ts';

export type AppNodeType = Node<{ entry: MapApp }, 'app'>;

/** An app on the map: its name, its category and how its flows are doing. */
export function AppNode({ data, selected }: NodeProps<AppNodeType>) {
  const { app, summary } = data.entry;
  return (
    <div className={selected ? 'map-app selected' : 'map-app'}>
      {/* The layout routes the lines; handles only anchor them, nobody drags a new one. */}
      <Handle type="target" position={Position.Left} isConnectable={false} className="map-handle" />
      <p className="map-app-name" title={app.name}>
        {app.name}
      </p>
      <p className="map-app-category">{categoryLabels[app.category]}</p>
      <p className="map-app-summary" title={summary.text}>
        <span className="map-dot" style={{ background: summaryColour(summary.health) }} aria-hidden="true" />
        {/* In its own box, so a long summary ends in "…" rather than being cut mid-word. */}
        <span className="map-app-summary-text">{summary.text}</span>
      </p>
      <Handle type="source" position={Position.Right} isConnectable={false} className="map-handle" />
    </div>
  );
}

function summaryColour(health: MapApp['summary']['health']): string {
  if (health === null) return '#c3c9d2';
  if (health === 'running') return runningLook.colour;
  return healthLooks[health].colour;
}

/** What a screen reader hears on the app. */
export function appAccessibleName({ app, summary }: MapApp): string {
  return `${app.name}, ${categoryLabels[app.category]}: ${summary.text}`;
}
