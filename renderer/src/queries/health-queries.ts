import { queryOptions } from '@tanstack/react-query';
import { api } from '../api/client.ts';

export const healthQueries = {
  all: ['health'] as const,
  status: () => queryOptions({ queryKey: ['health', 'status'], queryFn: () => api.call('health.get') }),
};
