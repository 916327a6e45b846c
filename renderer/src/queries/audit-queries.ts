import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { MethodInput } from '../../../core/contract/methods.ts';
import { api } from '../api/client.ts';

export type AuditListInput = MethodInput<'audit.list'>;
export type AuditFilterInput = MethodInput<'audit.export'>;

/**
 * The audit log, one page at a time. Nearly every change adds an entry and no event says
 * so, so the log is read afresh each time the view is opened.
 */
export const auditQueries = {
  all: ['audit'] as const,
  list: (input: AuditListInput) =>
    queryOptions({
      queryKey: ['audit', 'list', input],
      queryFn: () => api.call('audit.list', input),
      placeholderData: keepPreviousData,
      staleTime: 0,
      refetchOnMount: 'always',
    }),
  /** The filtered log as CSV, fetched when someone asks for the file. */
  export: (filter: AuditFilterInput) =>
    queryOptions({
      queryKey: ['audit', 'export', filter],
      queryFn: () => api.call('audit.export', filter),
      staleTime: 0,
      gcTime: 0,
    }),
};
