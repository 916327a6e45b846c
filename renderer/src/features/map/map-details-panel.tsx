import { useEffect, useRef, type ReactNode } from 'react';

/**
 * The side panel beside the map. It takes focus when it opens (or shows something else),
 * so keyboard and screen reader users land on what they chose; the map hands focus back
 * to the app or flow when it closes.
 */
export function MapDetailsPanel(props: {
  /** Changes when the panel shows another app or flow. */
  subject: string;
  kind: string;
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [props.subject]);
  return (
    <aside className="map-panel" aria-labelledby="map-panel-title">
      <header className="map-panel-header">
        <div>
          <p className="map-panel-kind">{props.kind}</p>
          <h2 id="map-panel-title" ref={heading} tabIndex={-1}>
            {props.title}
          </h2>
        </div>
        <button type="button" className="button subtle map-panel-close" onClick={props.onClose}>
          Close<span className="visually-hidden"> details</span>
        </button>
      </header>
      {props.children}
    </aside>
  );
}
