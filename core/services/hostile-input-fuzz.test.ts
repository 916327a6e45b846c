import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult } from '../contract/errors.ts';
import { methodNames } from '../contract/method-names.ts';
import { parseWorkspaceText } from '../host/cli/workspace-file-format.ts';
import { startHttpHost, type HttpHost } from '../host/http-host.ts';
import { InMemorySecretStore } from '../testing/in-memory-secret-store.ts';
import { openTestCore, type TestCore } from '../testing/temp-workspace.ts';

// Generated hostile input: workspace files and API calls a stranger could write. Each
// one gets a plain error or a correct import: never an internal error, never a crash,
// never half an import, never a polluted Object.prototype. Seeded, so a failure repeats.

/** mulberry32: a small seeded generator, so every run tries the same inputs. */
function seeded(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}

const nasty = [
  '',
  ' ',
  '__proto__',
  'constructor',
  'prototype',
  '__proto__.baseUrl',
  'constructor.prototype.polluted',
  'a'.repeat(5000),
  '\u001b[2J\u001b[31mred',
  'line\nbreak',
  '\u0000nul',
  '../../etc/passwd',
  '%E0%A4%A',
  '{{__proto__.x}}',
  '{{constructor}}',
  'sk_live_51HxAbCdEfGhIjKlMnOpQr',
  'https://user:pw@evil.example',
  'http://evil.example',
  'not a url',
  '😀'.repeat(100),
  '\uFEFFbom',
] as const;
const junkValues = [null, true, 0, -1, 1e308, NaN, [], {}, [[[]]], { __proto__: { x: 1 } }, ...nasty];

const baseDocument = () => ({
  format: 'patchbay.workspace',
  version: 1,
  apps: [
    {
      name: 'HubSpot',
      category: 'crm',
      entities: [{ name: 'Contacts', systemOfRecord: true }],
      connector: { preset: 'hubspot', config: { baseUrl: 'http://127.0.0.1:9' } },
    },
    {
      name: 'Stripe',
      category: 'billing',
      entities: [{ name: 'Customers' }],
      connector: { preset: 'stripe', config: { baseUrl: 'http://127.0.0.1:9' } },
    },
  ],
  flows: [
    {
      name: 'Contacts to customers',
      source: { app: 'HubSpot', entity: 'contacts' },
      target: { app: 'Stripe', entity: 'customers' },
      matchKey: 'email',
      mapping: [
        {
          source: 'email',
          target: 'email',
          transforms: [{ type: 'lookup', table: { a: 'b' }, fallback: 'c' }],
        },
        { template: '{{firstname}} {{lastname}}', target: 'name' },
        { source: 'id', target: 'metadata.hubspot_id' },
      ],
    },
  ],
});

type Random = ReturnType<typeof seeded>;
type Json = Record<string, unknown>;

/** Every object and array in the document, with a way to change one of its slots. */
function slots(value: unknown, out: { holder: Json | unknown[]; key: string | number }[] = []) {
  if (Array.isArray(value))
    value.forEach((item, i) => (out.push({ holder: value, key: i }), slots(item, out)));
  else if (value !== null && typeof value === 'object')
    for (const key of Object.keys(value)) {
      out.push({ holder: value as Json, key });
      slots((value as Json)[key], out);
    }
  return out;
}

const mutations: ((doc: Json, r: Random) => void)[] = [
  // A slot gets a junk value.
  (doc, r) => {
    const slot = r.pick(slots(doc));
    (slot.holder as Json)[slot.key as string] = r.pick(junkValues);
  },
  // A slot disappears.
  (doc, r) => {
    const slot = r.pick(slots(doc));
    if (Array.isArray(slot.holder)) slot.holder.splice(slot.key as number, 1);
    else delete slot.holder[slot.key as string];
  },
  // An object gains a hostile key (own `__proto__` included, as JSON.parse makes it).
  (doc, r) => {
    const objects = slots(doc)
      .map((s) => (s.holder as Json)[s.key as string])
      .filter((v): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v));
    const target = r.pick(objects.length > 0 ? objects : [doc]);
    Object.defineProperty(target, r.pick(nasty), {
      value: r.pick(junkValues),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  },
  // A name or field path becomes a hostile string.
  (doc, r) => {
    const flow = (doc.flows as Json[] | undefined)?.[0];
    const mapping = (flow?.mapping as Json[] | undefined)?.[0];
    const holder = r.pick([doc.apps, flow, mapping].filter(Boolean)) as Json | Json[];
    const target = Array.isArray(holder) ? holder[0] : holder;
    if (target && typeof target === 'object')
      target[r.pick(['name', 'target', 'source', 'template', 'matchKey'])] = r.pick(nasty);
  },
  // Twins and floods.
  (doc, r) => {
    const list = r.pick(['apps', 'flows'] as const);
    const items = doc[list];
    if (!Array.isArray(items) || items.length === 0) return;
    const copies = r.pick([1, 2, 600, 1100]);
    for (let i = 0; i < copies; i++) items.push(structuredClone(items[0]));
  },
  // A connector setting that is a credential or a foreign host.
  (doc, r) => {
    const app = (doc.apps as Json[] | undefined)?.[r.int(2)];
    const connector = app?.connector as Json | undefined;
    if (connector && typeof connector.config === 'object' && connector.config)
      (connector.config as Json)[r.pick(['baseUrl', 'tokenUrl', 'apiKey', 'passwd', 'note'])] = r.pick(nasty);
  },
];

function hostileDocument(r: Random): string {
  const doc: Json = baseDocument();
  const count = 1 + r.int(3);
  for (let i = 0; i < count; i++) r.pick(mutations)(doc, r);
  const text = JSON.stringify(doc);
  // Some files are broken text rather than a broken document.
  switch (r.int(12)) {
    case 0:
      return text.slice(0, r.int(text.length));
    case 1:
      return `\uFEFF${text}`;
    case 2:
      return '['.repeat(20_000);
    default:
      return text;
  }
}

let t: TestCore;
let host: HttpHost;
let peakRss = 0;
const sampleRss = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));

beforeAll(async () => {
  t = openTestCore({ secrets: new InMemorySecretStore() });
  host = await startHttpHost({
    core: t.core,
    port: 0,
    staticDir: t.dir,
    token: 'fuzz-token-0123456789abcdef',
  });
});
afterAll(async () => {
  await host.close();
  t.dispose();
  console.log(`Hostile-input fuzz: peak RSS ${Math.round(peakRss / 1024 / 1024)} MB`);
});

const withoutStamp = (result: ApiResult<unknown>) => {
  if (!result.ok) throw new Error(`export failed: ${result.error.message}`);
  const { exportedAt: _, ...rest } = result.value as Json;
  return rest;
};

function expectPlainError(result: ApiResult<unknown>, what: string): void {
  if (result.ok) return;
  expect(result.error.kind, what).not.toBe('internal');
  expect(result.error.message.length, what).toBeGreaterThan(0);
  expect(JSON.stringify(result.error).length, what).toBeLessThan(80_000);
}

describe('hostile workspace files and API calls', () => {
  it('answers 240 generated workspace files with a plain error or a whole, correct import', async () => {
    const r = seeded(20261129);
    let imported = 0;
    for (let i = 0; i < 240; i++) {
      const text = hostileDocument(r);
      const before = withoutStamp(await t.core.invoke('workspace.export', {}));
      let document: unknown;
      try {
        document = parseWorkspaceText(text, 'json', `file-${i}.json`);
      } catch (error) {
        expect((error as Error).message, `file ${i}`).toContain('is not valid JSON');
        continue;
      }
      const result = await t.core.invoke('workspace.import', { document });
      sampleRss();
      expect(({} as Json).baseUrl, `file ${i} polluted Object.prototype`).toBeUndefined();
      expect(({} as Json).polluted, `file ${i} polluted Object.prototype`).toBeUndefined();
      expectPlainError(result, `file ${i}`);
      const after = withoutStamp(await t.core.invoke('workspace.export', {}));
      if (!result.ok) {
        expect(after, `file ${i} was refused but changed the workspace`).toEqual(before);
        continue;
      }
      imported++;
      // All or nothing: every app and flow the file names is now in the workspace.
      const names = (list: unknown) => (list as { name: string }[]).map((x) => x.name.trim().toLowerCase());
      const file = document as Json;
      expect(names(after.apps)).toEqual(expect.arrayContaining(names(file.apps ?? [])));
      expect(names(after.flows)).toEqual(expect.arrayContaining(names(file.flows ?? [])));
    }
    // The generator leaves some files valid: imports happen, not only refusals.
    expect(imported).toBeGreaterThan(10);
  });

  it('answers 600 malformed API calls over HTTP with 4xx and a plain error, never a 500', async () => {
    const r = seeded(42);
    const cookie = `patchbay_session_${host.port}=fuzz-token-0123456789abcdef`;
    const names = [
      ...methodNames,
      'nope',
      '%',
      '%E0%A4%A',
      '__proto__',
      'constructor',
      'apps.list%00',
      '..%2F..',
    ];
    const statuses = new Map<number, number>();
    for (let i = 0; i < 600; i++) {
      const name = r.pick(names);
      const shape = r.int(5);
      const input =
        shape === 0
          ? r.pick(junkValues)
          : shape === 1
            ? Object.fromEntries([[r.pick(nasty), r.pick(junkValues)]])
            : {
                id: r.pick(junkValues),
                name: r.pick(nasty),
                document: r.pick(junkValues),
                appId: r.pick(nasty),
              };
      const body = shape === 4 ? JSON.stringify(input).slice(0, r.int(40)) : JSON.stringify(input);
      const answer = await fetch(`http://127.0.0.1:${host.port}/api/${name}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', 'x-patchbay-request': '1' },
        body,
      });
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      const text = await answer.text();
      sampleRss();
      expect(answer.status, `call ${i} ${name} ${body.slice(0, 100)}`).toBeLessThan(500);
      if (answer.status >= 400) {
        const parsed = JSON.parse(text) as ApiResult<unknown>;
        expectPlainError(parsed, `call ${i}`);
      }
      expect(({} as Json).baseUrl).toBeUndefined();
    }
    // Most are refused; the host is still alive and answers a good call.
    expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);
    const health = await fetch(`http://127.0.0.1:${host.port}/api/health.get`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'x-patchbay-request': '1' },
      body: '{}',
    });
    expect(health.status).toBe(200);
  });
});
