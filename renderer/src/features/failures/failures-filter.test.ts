import { describe, expect, it } from 'vitest';
import { failureFilterSchema } from '../../../../core/contract/flows.ts';
import { failuresShown, nobody, pageSize } from './failures-filter.ts';

const shown = (query: string) => failuresShown(new URLSearchParams(query));

describe("the Failures view's address read as what it shows", () => {
  it('is the first page of failures needing action when the address says nothing', () => {
    expect(shown('')).toEqual({
      flowId: '',
      assignee: '',
      show: 'open',
      filter: { limit: pageSize, offset: 0 },
    });
  });

  it('carries the flow, the kind shown, the person and the page into the request', () => {
    expect(shown('flow=f-1&show=resolved&assignee=Dana&offset=200').filter).toEqual({
      flowId: 'f-1',
      states: ['resolved'],
      assignee: 'Dana',
      limit: pageSize,
      offset: 200,
    });
  });

  it('asks for failures handed to nobody as a null assignee', () => {
    expect(shown(new URLSearchParams({ assignee: nobody }).toString()).filter.assignee).toBeNull();
  });

  it('falls back to what needs action and the first page for an address it cannot read', () => {
    const { show, filter } = shown('show=toString&offset=-5');
    expect(show).toBe('open');
    expect(filter).toEqual({ limit: pageSize, offset: 0 });
    expect(shown('offset=abc').filter.offset).toBe(0);
  });

  it('builds a request the contract accepts for every kind shown', () => {
    for (const show of ['open', 'resolved', 'ignored'])
      expect(failureFilterSchema.safeParse(shown(`show=${show}&flow=f-1`).filter).success).toBe(true);
  });
});
