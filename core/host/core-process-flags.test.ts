import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { coreNodeFlags } from './core-process-flags.ts';

const root = new URL('../..', import.meta.url).pathname;

it('keeps the young generation of a busy core process small', () => {
  // Churn as a sync does (objects that live a little while), then ask V8 how big its young generation grew.
  const churn = `
    const v8 = require('node:v8');
    let kept = [];
    for (let i = 0; i < 3e6; i++) { kept.push({ i, text: 'record ' + i }); if (kept.length > 200000) kept = []; }
    const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    console.log(young.space_size);`;
  const youngBytes = (flags: readonly string[]) =>
    Number(execFileSync(process.execPath, [...flags, '-e', churn], { encoding: 'utf8' }).trim());
  const mb = 1024 * 1024;
  expect(youngBytes(coreNodeFlags)).toBeLessThanOrEqual(3 * 8 * mb);
  // Without the flags V8 lets it grow far beyond: the flags are what keeps it small.
  expect(youngBytes([])).toBeGreaterThan(3 * 8 * mb);
});

it('starts `npm run serve` with the core process flags', () => {
  const scripts = (
    JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { scripts: Record<string, string> }
  ).scripts;
  for (const flag of coreNodeFlags) expect(scripts.serve).toContain(flag);
});
