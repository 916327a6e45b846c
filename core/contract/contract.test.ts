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
        "query apps.circuits",
        "query apps.connections",
        "query apps.entities",
        "query connectors.list",
        "query connectors.check",
        "command connectors.install",
        "command connectors.remove",
        "query flows.list",
        "query flows.get",
        "command flows.create",
        "command flows.update",
        "command flows.delete",
        "command flows.pause",
        "command flows.resume",
        "command flows.run",
        "query flows.dryRun",
        "query flows.preview",
        "query flows.cursor",
        "command flows.moveCursor",
        "query failures.list",
        "command failures.retry",
        "command failures.resolve",
        "command failures.ignore",
        "query failures.get",
        "command failures.assign",
        "command failures.note",
        "query failures.people",
        "command failures.retryWithEdit",
        "query audit.list",
        "query audit.export",
        "command secrets.set",
        "command secrets.delete",
        "query credentials.list",
        "command credentials.test",
        "command credentials.testDraft",
        "command oauth.start",
        "query workspace.export",
        "command workspace.import",
        "query runs.list",
        "query runs.get",
        "query runs.findRecord",
        "query dashboard.get",
        "query settings.get",
        "command settings.update",
        "query scheduler.status",
        "command scheduler.pause",
        "command scheduler.resume",
        "command scheduler.catchUp",
      ]
    `);
    expect(Object.keys(events)).toMatchInlineSnapshot(`
      [
        "apps.changed",
        "runs.started",
        "runs.progress",
        "runs.finished",
        "failures.added",
        "failures.resolved",
        "scheduler.logged",
        "scheduler.alert",
        "apps.circuit",
        "oauth.finished",
        "attention.needed",
      ]
    `);
  });

  it('keeps the zod-free name lists the preload uses equal to the table', () => {
    expect([...methodNames].sort()).toEqual(Object.keys(methods).sort());
    expect([...eventNames].sort()).toEqual(Object.keys(events).sort());
  });
});
