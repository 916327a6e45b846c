import { afterEach, expect, it } from 'vitest';
import { openTestCore, type TestCore } from '../testing/temp-workspace.ts';
import { demoApps, seedDemoWorkspace } from './seed-demo-workspace.ts';

let t: TestCore | undefined;
afterEach(() => t?.dispose());

it('fills an empty workspace once and leaves a used one alone', async () => {
  t = openTestCore();
  expect(await seedDemoWorkspace(t.core)).toEqual({ seeded: true });
  const first = await t.core.invoke('apps.list', {});
  expect(first.ok && first.value).toHaveLength(demoApps.length);

  const removed = first.ok ? (first.value as { id: string }[])[0]! : undefined;
  await t.core.invoke('apps.delete', { id: removed!.id });
  expect(await seedDemoWorkspace(t.core)).toEqual({ seeded: false });
  const second = await t.core.invoke('apps.list', {});
  expect(second.ok && second.value).toHaveLength(demoApps.length - 1);
});
