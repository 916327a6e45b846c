import type { QueryClient } from '@tanstack/react-query';

/**
 * Marks every cached query under these key roots stale (open views refetch).
 *
 * TanStack Query joins an invalidation to a first fetch still under way instead of
 * starting a new one, so a change that happened after that fetch began would be lost
 * (seen: a view opened just before a run kept showing the credential as never used).
 * Such queries are fetched once more when their first fetch settles.
 */
export async function invalidateRoots(queryClient: QueryClient, roots: readonly string[]): Promise<void> {
  await Promise.all(
    roots.map(async (root) => {
      const firstFetches = queryClient
        .getQueryCache()
        .findAll({ queryKey: [root] })
        .filter((query) => query.state.fetchStatus === 'fetching' && query.state.data === undefined);
      await queryClient.invalidateQueries({ queryKey: [root] });
      await Promise.all(
        firstFetches.map((query) => queryClient.refetchQueries({ queryKey: query.queryKey, exact: true })),
      );
    }),
  );
}
