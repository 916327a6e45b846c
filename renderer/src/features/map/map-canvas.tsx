import {
  Background,
  BackgroundVariant,
  Controls,
  MarkerType,
  Position,
  ReactFlow,
  useReactFlow,
  useStore,
  type EdgeTypes,
  type NodeHandle,
  type NodeTypes,
} from '@xyflow/react';
import { useEffect, useMemo, useState, type FocusEvent, type KeyboardEvent } from 'react';
import { AppNode, appAccessibleName, type AppNodeType } from './app-node.tsx';
import { FlowEdge, flowAccessibleName, lookOf, type FlowEdgeType } from './flow-edge.tsx';
import type { MapGraph } from './map-graph.ts';
import { appNodeSize, type MapLayout } from './map-layout.ts';

export type MapSelection = { kind: 'app' | 'flow'; id: string } | null;

const nodeTypes: NodeTypes = { app: AppNode };
const edgeTypes: EdgeTypes = { flow: FlowEdge };
const handles: NodeHandle[] = [
  { type: 'target', position: Position.Left, x: 0, y: appNodeSize.height / 2 },
  { type: 'source', position: Position.Right, x: appNodeSize.width, y: appNodeSize.height / 2 },
];
const fitOptions = { padding: 0.06, maxZoom: 1.2 };

// React Flow's own hints talk about deleting and dragging, which the map does not offer.
const ariaLabelConfig = {
  'node.a11yDescription.default': 'Press Enter to see the details of this app.',
  'node.a11yDescription.keyboardDisabled': 'Press Enter to see the details of this app.',
  'edge.a11yDescription.default': 'Press Enter to see the details of this flow.',
  'controls.ariaLabel': 'Zoom',
  'controls.zoomIn.ariaLabel': 'Zoom in',
  'controls.zoomOut.ariaLabel': 'Zoom out',
  'controls.fitView.ariaLabel': 'Show the whole map',
};

/** The drawing: apps as boxes, flows as lines, laid out already; a click or Enter opens details. */
export function MapCanvas(props: {
  graph: MapGraph;
  layout: MapLayout;
  selected: MapSelection;
  onOpen: (selection: NonNullable<MapSelection>) => void;
  onClose: () => void;
}) {
  const { graph, layout, selected, onOpen, onClose } = props;
  // The line's label lives in another layer, so it learns here that its line has focus.
  const [focusedFlow, setFocusedFlow] = useState<string | null>(null);
  const nodes = useMemo(() => appNodes(graph, layout, selected), [graph, layout, selected]);
  const edges = useMemo(
    () => flowEdges(graph, layout, { selected, focusedFlow }, (id) => onOpen({ kind: 'flow', id })),
    [graph, layout, selected, focusedFlow, onOpen],
  );
  const edgeId = (event: FocusEvent<HTMLDivElement>) =>
    event.target.classList.contains('react-flow__edge') ? event.target.getAttribute('data-id') : null;

  // React Flow selects on Enter only when selection is on; the map opens the details instead.
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    const target = event.target as HTMLElement;
    const kind = target.classList.contains('react-flow__node')
      ? 'app'
      : target.classList.contains('react-flow__edge')
        ? 'flow'
        : null;
    const id = target.getAttribute('data-id');
    if (!kind || !id) return;
    event.preventDefault();
    onOpen({ kind, id });
  }

  return (
    <div
      className="map-canvas"
      onKeyDown={onKeyDown}
      onFocus={(event) => setFocusedFlow(edgeId(event))}
      onBlur={(event) => edgeId(event) && setFocusedFlow(null)}
    >
      <ReactFlow<AppNodeType, FlowEdgeType>
        aria-label="Data-flow map"
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        deleteKeyCode={null}
        selectionKeyCode={null}
        multiSelectionKeyCode={null}
        onNodeClick={(_, node) => onOpen({ kind: 'app', id: node.id })}
        onEdgeClick={(_, edge) => onOpen({ kind: 'flow', id: edge.id })}
        onPaneClick={onClose}
        fitView
        fitViewOptions={fitOptions}
        minZoom={0.2}
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
        ariaLabelConfig={ariaLabelConfig}
      >
        <Background variant={BackgroundVariant.Dots} gap={22} size={1.2} color="#cfd5de" />
        <Controls showInteractive={false} fitViewOptions={fitOptions} />
        <FitWhenResized layout={layout} />
      </ReactFlow>
    </div>
  );
}

/** Opening the panel narrows the map: fit it again so nothing hides behind the edge. */
function FitWhenResized({ layout }: { layout: MapLayout }) {
  const { fitView } = useReactFlow();
  const width = useStore((state) => state.width);
  const height = useStore((state) => state.height);
  useEffect(() => {
    void fitView(fitOptions);
  }, [fitView, width, height, layout]);
  return null;
}

function appNodes(graph: MapGraph, layout: MapLayout, selected: MapSelection): AppNodeType[] {
  return graph.apps.flatMap((entry) => {
    const position = layout.apps.get(entry.app.id);
    if (!position) return [];
    return [
      {
        id: entry.app.id,
        type: 'app' as const,
        position,
        data: { entry },
        ...appNodeSize,
        // Known sizes and anchors: without them React Flow forgets where the handles are each
        // time a node object changes, and drops and redraws every line (losing keyboard focus).
        measured: appNodeSize,
        handles,
        selected: selected?.kind === 'app' && selected.id === entry.app.id,
        ariaLabel: appAccessibleName(entry),
      },
    ];
  });
}

function flowEdges(
  graph: MapGraph,
  layout: MapLayout,
  { selected, focusedFlow }: { selected: MapSelection; focusedFlow: string | null },
  onOpen: (flowId: string) => void,
): FlowEdgeType[] {
  const names = new Map(graph.apps.map(({ app }) => [app.id, app.name]));
  const appName = (id: string) => names.get(id) ?? 'an app';
  return graph.flows.flatMap((entry) => {
    const { flow } = entry;
    const placed = layout.flows.get(flow.id);
    if (!placed || !layout.apps.has(flow.sourceAppId) || !layout.apps.has(flow.targetAppId)) return [];
    return [
      {
        id: flow.id,
        type: 'flow' as const,
        source: flow.sourceAppId,
        target: flow.targetAppId,
        data: { entry, route: placed.route, label: placed.label, focused: focusedFlow === flow.id, onOpen },
        animated: entry.running,
        selected: selected?.kind === 'flow' && selected.id === flow.id,
        ariaLabel: flowAccessibleName(entry, appName),
        // Sized in pixels, so a thicker (selected or focused) line keeps the same arrow.
        markerEnd: {
          type: MarkerType.ArrowClosed,
          color: lookOf(entry).colour,
          width: 40,
          height: 40,
          markerUnits: 'userSpaceOnUse',
        },
      },
    ];
  });
}
