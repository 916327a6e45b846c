import { useEffect, useMemo, useState } from 'react';
import type { MapGraph } from './map-graph.ts';
import { labelTextWidth, layoutMap, mapShape, type MapLayout, type MapShape } from './map-layout.ts';

/**
 * The layout of the map, computed again only when its shape changes (an app or flow
 * added, removed or re-pointed), so colours and progress update without moving anything.
 */
export function useMapLayout(graph: MapGraph | undefined): {
  layout: MapLayout | undefined;
  failed: boolean;
} {
  const key = graph ? JSON.stringify(mapShape(graph)) : '';
  const shape = useMemo(() => (key ? (JSON.parse(key) as MapShape) : undefined), [key]);
  const [state, setState] = useState<{ layout?: MapLayout; failed: boolean }>({ failed: false });
  useEffect(() => {
    if (!shape) return;
    let current = true;
    layoutMap(shape, labelTextWidth()).then(
      (layout) => current && setState({ layout, failed: false }),
      () => current && setState((previous) => ({ ...previous, failed: true })),
    );
    return () => {
      current = false;
    };
  }, [shape]);
  return { layout: state.layout, failed: state.failed };
}
