import { describe, expect, it } from 'vitest';
import type { PatchbayBridge } from '../../../core/contract/client.ts';
import type { ApiResult } from '../../../core/contract/errors.ts';
import { firstNeeds } from '../first-requests.ts';
import { earlyAnswers } from './early-answers.ts';

/** A transport that answers each call with its own sequence number, so a reused answer shows. */
function countingTransport() {
  const sent: string[] = [];
  const transport: PatchbayBridge = {
    invoke: (name, input) => {
      sent.push(`${name} ${JSON.stringify(input)}`);
      return Promise.resolve<ApiResult<unknown>>({ ok: true, value: sent.length });
    },
    on: () => () => {},
  };
  return { transport, sent };
}

describe('early answers', () => {
  it('gives a call asked early its answer once, without asking again, and asks anew after', async () => {
    const { transport, sent } = countingTransport();
    const early = earlyAnswers(transport);
    early.ask(firstNeeds('#/failures?flow=f1&offset=100').calls);
    expect(sent).toEqual(['failures.list {"flowId":"f1","limit":100,"offset":100}', 'flows.list {}']);
    // As the view's queries call: the filter built from the address the same way, in the same order.
    expect(await early.bridge.invoke('failures.list', { flowId: 'f1', limit: 100, offset: 100 })).toEqual({
      ok: true,
      value: 1,
    });
    expect(await early.bridge.invoke('flows.list', {})).toEqual({ ok: true, value: 2 });
    expect(sent).toHaveLength(2);
    // A refresh later is a new call.
    expect(await early.bridge.invoke('flows.list', {})).toEqual({ ok: true, value: 3 });
  });

  it('never hands out an answer nobody took once stopped, and asks nothing early after', async () => {
    const { transport, sent } = countingTransport();
    const early = earlyAnswers(transport);
    early.ask([{ name: 'health.get' }]);
    early.stop();
    expect(await early.bridge.invoke('health.get', {})).toEqual({ ok: true, value: 2 });
    early.ask([{ name: 'dashboard.get' }]);
    expect(sent).toEqual(['health.get {}', 'health.get {}']);
  });

  it('answers a call with other input from the transport', async () => {
    const { transport } = countingTransport();
    const early = earlyAnswers(transport);
    early.ask(firstNeeds('#/failures').calls);
    expect(await early.bridge.invoke('failures.list', { limit: 100, offset: 100 })).toEqual({
      ok: true,
      value: 3,
    });
  });
});

describe("the first view's needs", () => {
  it("asks for the dashboard's health, summary and flows, and nothing for a view that asks as it loads", () => {
    expect(firstNeeds('#/dashboard').calls.map((c) => c.name)).toEqual([
      'health.get',
      'dashboard.get',
      'flows.list',
    ]);
    expect(firstNeeds('#/failures?show=resolved').calls[0]).toEqual({
      name: 'failures.list',
      input: { states: ['resolved'], limit: 100, offset: 0 },
    });
    expect(firstNeeds('#/apps/123').calls).toEqual([]);
    expect(firstNeeds('#/constructor').calls).toEqual([]);
  });
});
