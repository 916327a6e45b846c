// `npm run bench:failures`: how fast the control centre opens with 100,000 open failures.
// Creates a workspace with openCore (two apps, one flow), fills its `failures` table
// directly with better-sqlite3, serves it with `patchbay serve`, and in Debian's
// Chromium measures opening the link → the dashboard usable (cold, then warm), the
// Failures view's navigation → first rows visible, and "Next page" → the next rows
// visible. Also times the API call and the repository without HTTP, so a
// slow figure comes with its reason. Writes bench/results/failures-view.json.
//
//   node bench/failures-view-bench.ts [--failures 100000] [--pages 5]
import { chromium, type LaunchOptions, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { databaseFileName, openCore } from '../core/host/open-core.ts';
import { KeytarSecretStore } from '../core/secrets/keytar-secret-store.ts';
import { SqliteFailureRepository } from '../core/storage/failure-repository.ts';
import playwrightConfig from '../playwright.config.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    failures: { type: 'string', default: '100000' },
    pages: { type: 'string', default: '5' },
    out: { type: 'string', default: join(root, 'bench', 'results', 'failures-view.json') },
  },
});
const total = Number(args.failures.replaceAll('_', ''));
const pages = Number(args.pages);
if (!Number.isInteger(total) || total < 200)
  throw new Error('--failures takes a whole number of at least 200.');
if (!Number.isInteger(pages) || pages < 1) throw new Error('--pages takes a whole number.');

/** The workspace through the public API, as `patchbay serve` would create it. */
async function createWorkspace(dir: string, keychainService: string): Promise<string> {
  const core = openCore({ workspaceDir: dir, secrets: new KeytarSecretStore(keychainService) });
  try {
    // core.invoke is untyped by name (it serves every transport); the answers are the contract's.
    const must = async <T>(method: string, input: object): Promise<T> => {
      const answer = await core.invoke(method, input);
      if (!answer.ok) throw new Error(answer.error.message);
      return answer.value as T;
    };
    const crm = await must<{ id: string }>('apps.create', {
      name: 'Bench CRM',
      entities: [{ name: 'Contacts' }],
    });
    const billing = await must<{ id: string }>('apps.create', {
      name: 'Bench Billing',
      entities: [{ name: 'Customers' }],
    });
    const flow = await must<{ id: string }>('flows.create', {
      name: 'Contacts to billing customers',
      sourceAppId: crm.id,
      sourceEntity: 'Contacts',
      targetAppId: billing.id,
      targetEntity: 'Customers',
      matchKey: 'email',
      mapping: [{ target: 'email', source: 'email' }],
      enabled: false,
    });
    return flow.id;
  } finally {
    core.close();
  }
}

/** `total` unresolved failures of one flow and one run, mostly needing attention, some waiting to retry. */
function fillFailures(dir: string, flowId: string): number {
  const db = new Database(join(dir, databaseFileName));
  const started = performance.now();
  try {
    const now = new Date();
    const at = (offsetMs: number) => new Date(now.getTime() + offsetMs).toISOString();
    const runId = Number(
      db
        .prepare(
          `INSERT INTO runs (flow_id, trigger, status, started_at, finished_at, read, created, failed)
           VALUES (?, 'schedule', 'partial', ?, ?, ?, 0, ?)`,
        )
        .run(flowId, at(-3_600_000), at(-3_000_000), total, total).lastInsertRowid,
    );
    const insert = db.prepare(
      `INSERT INTO failures (flow_id, run_id, source_record_id, payload, error_class, message, attempts,
         next_attempt_at, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    db.transaction(() => {
      for (let i = 1; i <= total; i++) {
        const email = `contact${i}(at)example.com`;
        const payload = JSON.stringify({
          id: String(i),
          email,
          firstname: `First${i}`,
          lastname: `Last${i}`,
          phone: i % 3 === 0 ? null : `+1 555 ${String(i).padStart(7, '0')}`,
          company: `Company ${i % 500}`,
        });
        const kind = i % 10;
        const created = at(-3_000_000 + i);
        if (kind === 0)
          insert.run(
            flowId,
            runId,
            String(i),
            payload,
            'rate_limit',
            'Bench Billing asked Patchbay to slow down (too many requests).',
            2,
            at(86_400_000),
            'open',
            created,
            created,
          );
        else if (kind < 3)
          insert.run(
            flowId,
            runId,
            String(i),
            payload,
            'mapping',
            'The flow could not turn this record into what the target app expects. Email is required.',
            1,
            null,
            'needs-attention',
            created,
            created,
          );
        else
          insert.run(
            flowId,
            runId,
            String(i),
            payload,
            'validation',
            `Bench Billing rejected this record because some of its data is not valid there. Bench Billing said: "Invalid email address: ${email}"`,
            1,
            null,
            'needs-attention',
            created,
            created,
          );
      }
    })();
    return performance.now() - started;
  } finally {
    db.close();
  }
}

/** `failures.list` without HTTP: the repository itself on the filled database, one page at a time. */
function repositoryTimes(dir: string): Record<'firstPage' | 'secondPage' | 'lastPage', number> {
  const db = new Database(join(dir, databaseFileName), { readonly: true });
  try {
    const failures = new SqliteFailureRepository(db);
    const time = (offset: number) => {
      const started = performance.now();
      failures.list({ limit: 100, offset });
      return round(performance.now() - started);
    };
    return { firstPage: time(0), secondPage: time(100), lastPage: time(total - 100) };
  } finally {
    db.close();
  }
}

async function serve(dir: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['bin/patchbay.js', 'serve', '--workspace', dir, '--port', '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`patchbay serve printed no link in 20 s: ${output}`)),
      20_000,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`patchbay serve exited with ${code}: ${output}`)));
  });
  return { child, url };
}

async function apiTimes(page: Page): Promise<Record<string, number>> {
  const origin = new URL(page.url()).origin;
  const time = async (input: object) => {
    const started = performance.now();
    const response = await page.request.post(`${origin}/api/failures.list`, {
      data: input,
      headers: { 'X-Patchbay-Request': '1' },
    });
    if (!((await response.json()) as { ok: boolean }).ok) throw new Error('failures.list failed');
    return round(performance.now() - started);
  };
  return {
    firstPage: await time({ limit: 100, offset: 0 }),
    secondPage: await time({ limit: 100, offset: 100 }),
    lastPage: await time({ limit: 100, offset: total - 100 }),
  };
}

/**
 * What the measuring functions use in the page. They run in Chromium (the page's CSP
 * forbids evaluating strings), while this file is type-checked for Node, without the DOM.
 */
interface PageGlobals {
  document: {
    querySelector(selector: string): { textContent: string | null } | null;
    querySelectorAll(selector: string): ArrayLike<{ textContent: string | null; click(): void }>;
  };
  requestAnimationFrame(callback: () => void): number;
  performance: { now(): number };
}

/** Milliseconds from navigation start until `selector` is on screen (the page's own clock). */
async function visibleAfterOpening(page: Page, url: string, selector: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    (wanted) => {
      const g = globalThis as unknown as PageGlobals;
      return g.document.querySelector(wanted) ? g.performance.now() : false;
    },
    selector,
    { polling: 'raf', timeout: 60_000 },
  );
  return round((await handle.jsonValue()) as number);
}

/** The first failure rows are on screen. */
const firstRowsVisible = (page: Page, url: string) => visibleAfterOpening(page, url, '.failure-item');

/**
 * The dashboard is usable: its answer to "is everything syncing?" is on screen, which
 * needs the health, summary and flow queries answered (dashboard-view.tsx).
 */
const dashboardUsable = (page: Page, url: string) => visibleAfterOpening(page, url, '#health-title');

/** Milliseconds from clicking "Next page" until the first row on screen is another record. */
async function nextPageVisible(page: Page): Promise<number> {
  const ms = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const g = globalThis as unknown as PageGlobals;
        const firstTitle = () => g.document.querySelector('.failure-item .failure-title')?.textContent;
        const before = firstTitle();
        const next = Array.from(g.document.querySelectorAll('button')).find(
          (b) => b.textContent === 'Next page',
        );
        if (!next) return reject(new Error('No "Next page" button.'));
        const started = g.performance.now();
        next.click();
        const check = () => {
          if (firstTitle() !== before) resolve(g.performance.now() - started);
          else g.requestAnimationFrame(check);
        };
        g.requestAnimationFrame(check);
      }),
  );
  return round(ms);
}

const round = (ms: number) => Math.round(ms * 10) / 10;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-bench-failures-'));
  const keychainService = `PatchbayBench-${randomUUID()}`;
  let child: ChildProcess | undefined;
  const browser = await chromium.launch(browserOptions());
  try {
    const flowId = await createWorkspace(dir, keychainService);
    const fillMs = fillFailures(dir, flowId);
    console.log(`Filled ${total.toLocaleString()} open failures in ${Math.round(fillMs)} ms.`);
    const repository = repositoryTimes(dir);
    const served = await serve(dir, { PATCHBAY_KEYCHAIN_SERVICE: keychainService });
    child = served.child;
    // The link `patchbay serve` prints, opened in a browser with nothing cached (cold),
    // then opened again (warm): the dashboard is the first view.
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const dashboardCold = await dashboardUsable(await fresh.newPage(), served.url);
    const dashboardWarm: number[] = [];
    for (let i = 0; i < 3; i++)
      dashboardWarm.push(await dashboardUsable(await fresh.newPage(), new URL(served.url).origin + '/'));
    await fresh.close();

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const view = `${served.url}#/failures`;
    // The first load also sets the session cookie and warms the server's statements.
    const cold = await firstRowsVisible(page, view);
    const warm: number[] = [];
    for (let i = 0; i < 3; i++) warm.push(await firstRowsVisible(page, new URL(view).origin + '/#/failures'));
    const next: number[] = [];
    for (let i = 0; i < pages; i++) next.push(await nextPageVisible(page));
    const api = await apiTimes(page);

    const results = {
      at: new Date().toISOString(),
      failures: total,
      pageSize: 100,
      dashboardUsableMs: { cold: dashboardCold, warmMedian: median(dashboardWarm), warm: dashboardWarm },
      firstRowsVisibleMs: { cold, warmMedian: median(warm), warm },
      nextPageVisibleMs: { median: median(next), max: Math.max(...next), each: next },
      apiFailuresListMs: api,
      repositoryListMs: repository,
    };
    console.log(`
Control centre with ${total.toLocaleString()} open failures (Chromium)
  opening the link → dashboard usable   cold ${dashboardCold} ms, warm median ${results.dashboardUsableMs.warmMedian} ms
Failures view (page of 100)
  navigation → first rows visible   cold ${cold} ms, warm median ${results.firstRowsVisibleMs.warmMedian} ms
  "Next page" → next rows visible   median ${results.nextPageVisibleMs.median} ms, max ${results.nextPageVisibleMs.max} ms (${pages} pages)
  failures.list over HTTP           first page ${api.firstPage} ms, second ${api.secondPage} ms, last ${api.lastPage} ms
  failures.list without HTTP        first page ${repository.firstPage} ms, second ${repository.secondPage} ms, last ${repository.lastPage} ms`);
    mkdirSync(join(root, 'bench', 'results'), { recursive: true });
    writeFileSync(args.out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\nWrote ${args.out}`);
  } finally {
    await browser.close();
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
    const secrets = new KeytarSecretStore(keychainService);
    for (const account of await secrets.list()) await secrets.delete(account);
  }
}

/** Chromium as the browser e2e tests launch it (playwright.config.ts). */
function browserOptions(): LaunchOptions {
  const project = playwrightConfig.projects?.find((p) => p.name === 'browser');
  return { executablePath: '/usr/bin/chromium', ...project?.use?.launchOptions };
}

await main();
