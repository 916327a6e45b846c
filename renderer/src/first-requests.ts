import type { EarlyCall } from './api/early-answers.ts';
import { failuresShown } from './features/failures/failures-filter.ts';

/** Where the window opens, and where an unknown address leads. */
export const homePath = '/dashboard';

interface FirstView {
  /** The calls it shows first, by method and input exactly as its queries make them. */
  calls(search: URLSearchParams): EarlyCall[];
  /** Its code, the module views.ts loads for it: asked for beside the app's, not after it. */
  code(): Promise<unknown>;
}

/**
 * The views a window is opened on, and what they show first: the dashboard's "Is
 * everything syncing?" (health, summary, flows) and the Failures view's page and flow
 * names — the calls their `prefetch` in views.ts makes as the router starts, which then
 * take these answers (api/early-answers.ts). Other views ask for their data as they load.
 */
const firstViews: Record<string, FirstView> = {
  '/dashboard': {
    calls: () => [{ name: 'health.get' }, { name: 'dashboard.get' }, { name: 'flows.list' }],
    code: () => import('./features/dashboard/dashboard-view.tsx'),
  },
  '/failures': {
    calls: (search) => [
      { name: 'failures.list', input: failuresShown(search).filter },
      { name: 'flows.list' },
    ],
    code: () => import('./features/failures/failures-view.tsx'),
  },
};

/** What the view at this address (`#/failures?flow=…`) needs first: its calls and its code. */
export function firstNeeds(hash: string): { calls: EarlyCall[]; loadCode: () => void } {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?', 2);
  const view = Object.hasOwn(firstViews, path) ? firstViews[path] : undefined;
  return {
    calls: view?.calls(new URLSearchParams(query)) ?? [],
    // A failed load shows when the router loads the same module (views.ts) and fails there.
    loadCode: () => void view?.code().catch(() => {}),
  };
}
