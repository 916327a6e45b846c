import { describe, expect, it } from 'vitest';
import { eventNames, methodNames } from './method-names.ts';
import { events, methods } from './methods.ts';

describe('the API contract', () => {
  // A change to the API shows up here in review.
  it('lists these methods and events', () => {
    expect(Object.entries(methods).map(([name, spec]) => `${spec.kind} ${name}`)).toMatchInlineSnapshot(`
      [
        "query health.get",
        "query apps.list",
        "query apps.get",
        "command apps.create",
        "command apps.update",
        "command apps.delete",
      ]
    `);
    expect(Object.keys(events)).toMatchInlineSnapshot(`
      [
        "apps.changed",
      ]
    `);
  });

  it('keeps the zod-free name lists the preload uses equal to the table', () => {
    expect([...methodNames].sort()).toEqual(Object.keys(methods).sort());
    expect([...eventNames].sort()).toEqual(Object.keys(events).sort());
  });
});
