import { useEffect } from 'react';

/** "Apps · Patchbay": the window title names the view, for screen readers and the taskbar. */
export function useDocumentTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Patchbay`;
  }, [title]);
}
