import type { ReactNode } from 'react';

/**
 * The top of a view: its title, a line saying what the view is for, and the view's
 * actions on the right. The title carries the id `view-title`, which labels the view's
 * section, so each view is a named region that screen readers can jump to.
 */
export function ViewHeader(props: { title: ReactNode; description?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="view-header">
      <div>
        <h1 id="view-title">{props.title}</h1>
        {props.description && <p className="muted">{props.description}</p>}
      </div>
      {props.actions}
    </header>
  );
}
