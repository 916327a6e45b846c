import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { MapGraph } from './map-graph.ts';

/** What the layout depends on: health and progress change colours, never the picture. */
export interface MapShape {
  apps: string[];
  flows: { id: string; source: string; target: string; label: string }[];
}

export function mapShape(graph: MapGraph): MapShape {
  return {
    apps: graph.apps.map(({ app }) => app.id),
    flows: graph.flows.map(({ flow, entities }) => ({
      id: flow.id,
      source: flow.sourceAppId,
      target: flow.targetAppId,
      label: entities,
    })),
  };
}

export interface Point {
  x: number;
  y: number;
}

export interface Box extends Point {
  width: number;
  height: number;
}

/** Where everything sits, in map coordinates: apps by id, flows (route and label) by id. */
export interface MapLayout {
  apps: ReadonlyMap<string, Point>;
  flows: ReadonlyMap<string, { route: Point[]; label: Box }>;
  width: number;
  height: number;
}

export const appNodeSize = { width: 212, height: 88 } as const;

/** Two lines: the entities, then the health word; wide enough for the longest health word. */
const labelHeight = 46;
const labelMinWidth = 132;
const labelPadding = 30;

// The synchronous build runs ELK on this thread: a small office's map lays out in milliseconds,
// and no worker script has to be allowed by the Content Security Policy.
const elk = new ELK();

/**
 * Layered, left to right (https://eclipse.dev/elk/reference/algorithms/org-eclipse-elk-layered.html):
 * sources on the left, the apps they feed on the right. Labels are laid out with the
 * graph, inline on their line, so they never cover an app or each other.
 */
const layoutOptions: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.layered.spacing.nodeNodeBetweenLayers': '40',
  'elk.layered.spacing.edgeNodeBetweenLayers': '20',
  'elk.spacing.nodeNode': '36',
  'elk.spacing.edgeEdge': '18',
  'elk.spacing.edgeLabel': '6',
  // One layered drawing, not one per group of connected apps: every target lines up in one column.
  'elk.separateConnectedComponents': 'false',
  'elk.padding': '[top=16,left=16,bottom=16,right=16]',
};

export async function layoutMap(shape: MapShape, textWidth: (text: string) => number): Promise<MapLayout> {
  const root: ElkNode = {
    id: 'map',
    layoutOptions,
    children: shape.apps.map((id) => ({ id, ...appNodeSize })),
    edges: shape.flows.map(({ id, source, target, label }): ElkExtendedEdge => ({
      id,
      sources: [source],
      targets: [target],
      labels: [
        {
          text: label,
          width: Math.max(labelMinWidth, Math.ceil(textWidth(label)) + labelPadding),
          height: labelHeight,
          layoutOptions: { 'elk.edgeLabels.inline': 'true' },
        },
      ],
    })),
  };
  const laid = await elk.layout(root);
  const apps = new Map((laid.children ?? []).map((node) => [node.id, { x: node.x ?? 0, y: node.y ?? 0 }]));
  const flows = new Map(
    (laid.edges ?? []).map((edge) => {
      const route = (edge.sections ?? []).flatMap((section) => [
        section.startPoint,
        ...(section.bendPoints ?? []),
        section.endPoint,
      ]);
      const label = edge.labels?.[0];
      const box: Box = {
        x: label?.x ?? route[0]?.x ?? 0,
        y: label?.y ?? route[0]?.y ?? 0,
        width: label?.width ?? labelMinWidth,
        height: label?.height ?? labelHeight,
      };
      return [edge.id, { route, label: box }] as const;
    }),
  );
  return { apps, flows, width: laid.width ?? 0, height: laid.height ?? 0 };
}

/** Measures label text in the font the labels use, so the layout leaves them room. */
export function labelTextWidth(): (text: string) => number {
  const context = document.createElement('canvas').getContext('2d');
  const family = getComputedStyle(document.body).fontFamily || 'sans-serif';
  if (context) context.font = `600 13px ${family}`;
  return (text) => (context ? context.measureText(text).width : text.length * 8);
}
