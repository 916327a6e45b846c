import { useDocumentTitle } from './use-document-title.ts';

/** An honest placeholder for a view whose issue has not landed yet. */
export function PlaceholderView({ title, description }: { title: string; description: string }) {
  useDocumentTitle(title);
  return (
    <section aria-labelledby="view-title">
      <header className="view-header">
        <h1 id="view-title">{title}</h1>
      </header>
      <div className="empty-state">
        <p className="empty-title">Coming soon</p>
        <p>{description}</p>
      </div>
    </section>
  );
}
