import { BaseEdge, EdgeLabelRenderer, type Edge, type EdgeProps } from '@xyflow/react';
import { healthLooks, runningLook } from './flow-health.ts';
import type { MapFlow } from './map-graph.ts';
import type { Box, Point } from './map-layout.ts';

export type FlowEdgeType = Edge<
  { entry: MapFlow; route: Point[]; label: Box; focused: boolean; onOpen: (flowId: string) => void },
  'flow'
>;

/**
 * A flow on the map: the line the layout routed, coloured by health, and a label on it
 * saying what it copies and how it is doing. The label repeats the edge's accessible
 * name, so it is hidden from screen readers; it opens the details on a click like the line.
 */
export function FlowEdge({ id, data, selected, markerEnd }: EdgeProps<FlowEdgeType>) {
  if (!data) return null;
  const { entry, route, label, focused, onOpen } = data;
  const look = lookOf(entry);
  const state = [entry.running ? 'running' : '', selected ? 'selected' : '', focused ? 'focused' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <>
      <BaseEdge
        path={roundedPath(route)}
        markerEnd={markerEnd}
        className={`map-flow-line ${entry.health} ${state}`}
        style={{ stroke: look.colour }}
        interactionWidth={24}
      />
      <EdgeLabelRenderer>
        <div
          className={`map-flow-label nopan ${state}`}
          style={{
            transform: `translate(${label.x}px, ${label.y}px)`,
            width: label.width,
            height: label.height,
            borderColor: look.colour,
          }}
          aria-hidden="true"
          data-flow-id={id}
          onClick={() => onOpen(id)}
        >
          <span className="map-flow-entities">{entry.entities}</span>
          <span className="map-flow-status" style={{ color: look.colour }}>
            <span className="map-dot" style={{ background: look.colour }} />
            {look.word}
          </span>
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

export function lookOf(entry: MapFlow): { word: string; colour: string } {
  return entry.running ? runningLook : healthLooks[entry.health];
}

/** What a screen reader hears on the flow's line. */
export function flowAccessibleName(entry: MapFlow, appName: (id: string) => string): string {
  const { flow } = entry;
  return `${entry.entities}, from ${appName(flow.sourceAppId)} to ${appName(flow.targetAppId)}: ${lookOf(entry).word}`;
}

/** An orthogonal route with its corners rounded off. */
function roundedPath(points: readonly Point[], radius = 10): string {
  const [first, ...rest] = points;
  if (!first || rest.length === 0) return '';
  const parts = [`M ${first.x} ${first.y}`];
  for (let i = 1; i < points.length - 1; i++) {
    const [previous, corner, next] = [points[i - 1]!, points[i]!, points[i + 1]!];
    const r = Math.min(radius, distance(previous, corner) / 2, distance(corner, next) / 2);
    const into = towards(corner, previous, r);
    const out = towards(corner, next, r);
    parts.push(`L ${into.x} ${into.y}`, `Q ${corner.x} ${corner.y} ${out.x} ${out.y}`);
  }
  const last = points[points.length - 1]!;
  parts.push(`L ${last.x} ${last.y}`);
  return parts.join(' ');
}

const distance = (a: Point, b: Point) => Math.hypot(b.x - a.x, b.y - a.y);

function towards(from: Point, to: Point, length: number): Point {
  const total = distance(from, to) || 1;
  return { x: from.x + ((to.x - from.x) * length) / total, y: from.y + ((to.y - from.y) * length) / total };
}
