// `npm run bench:failures`: how fast the control centre opens with 100,000 open failures.
// Creates a workspace with openCore (two apps, one flow), fills its `failures` table
// directly with better-sqlite3, serves it with `patchbay serve`, and in Debian's
// Chromium measures opening the link → the dashboard usable and opening `#/failures` →
// the first rows visible (cold in a new browser, then warm in new tabs of it), each with
// when its page, data and code arrived, and "Next page" → the next rows visible. Also
// times the API call and the repository without HTTP, so a slow figure comes with its
// reason. Writes bench/results/failures-view.json and screenshots beside it.
//
//   node bench/failures-view-bench.ts [--failures 100000] [--pages 5]
import { chromium, type Browser, type BrowserContext, type LaunchOptions, type Page } from '@playwright/test';
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
import { mainThreadCpu, traceCategories, type MainThreadCpu } from './main-thread-cpu.ts';
import { SqliteFailureRepository } from '../core/storage/failure-repository.ts';
import { createFailingFlow, fillFailures } from '../core/testing/many-failures.ts';
import playwrightConfig from '../playwright.config.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    failures: { type: 'string', default: '100000' },
    pages: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '1' },
    cpu: { type: 'boolean', default: false },
    out: { type: 'string', default: join(root, 'bench', 'results', 'failures-view.json') },
  },
});
const total = Number(args.failures.replaceAll('_', ''));
const pages = Number(args.pages);
if (!Number.isInteger(total) || total < 200)
  throw new Error('--failures takes a whole number of at least 200.');
if (!Number.isInteger(pages) || pages < 1) throw new Error('--pages takes a whole number.');
// On a shared machine one opening says little: `--rounds 5` opens five new browsers, each cold then warm three times.
const rounds = Number(args.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds takes a whole number.');

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
    return await createFailingFlow(must);
  } finally {
    core.close();
  }
}

/** `total` unresolved failures (`fillFailures`), and how long writing them took. */
function fillFailuresTimed(dir: string, flowId: string): number {
  const started = performance.now();
  fillFailures(join(dir, databaseFileName), flowId, total);
  return performance.now() - started;
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
  performance: {
    now(): number;
    getEntriesByType(
      type: 'navigation' | 'resource',
    ): { name: string; startTime: number; responseEnd: number }[];
  };
}

/** When an opening's parts arrived, in ms after navigation start (the page's own clock). */
interface Parts {
  /** The page (index.html), after the sign-in redirect on a first opening. */
  pageArrived: number;
  /** The view's main call left the page, and its answer was back. */
  dataAsked: number;
  dataAnswered: number;
  /** The last script the page loaded before the rows showed (from the cache when warm). */
  codeArrived: number;
}

interface Opening {
  ms: number;
  parts: Parts;
  /** With --cpu (a traced opening): the page's main-thread CPU until then. */
  cpu?: MainThreadCpu;
}

/** What the page says on its console when `selector` is first on screen: `seen <ms>`. */
function reportWhenSeen(selector: string): void {
  const g = globalThis as unknown as PageGlobals & {
    MutationObserver: new (callback: () => void) => {
      observe(target: unknown, options: object): void;
      disconnect(): void;
    };
    console: { debug(...values: unknown[]): void; timeStamp(label: string): void };
  };
  const observer = new g.MutationObserver(() => {
    if (!g.document.querySelector(selector)) return;
    observer.disconnect();
    // On screen: in the frame that paints it.
    g.requestAnimationFrame(() => {
      const ms = g.performance.now();
      // A mark in a Chromium trace, when one is recorded (--cpu: main-thread-cpu.ts).
      g.console.timeStamp(`seen ${ms}`);
      g.console.debug('seen', ms);
    });
  });
  observer.observe(g.document, { childList: true, subtree: true });
}

/**
 * Opens `url` in a new page of `context` and answers the milliseconds from navigation
 * start until `selector` is on screen, with when its parts arrived. The page reports it
 * itself, from a script given before it loads: Playwright's own helpers (waitForFunction)
 * would compile and run in the page while it starts, and slow what is measured.
 */
async function opening(
  context: BrowserContext,
  url: string,
  selector: string,
  call: string,
  tracedBy?: Browser,
): Promise<Opening> {
  const page = await context.newPage();
  try {
    if (tracedBy) await tracedBy.startTracing(page, { categories: traceCategories });
    await page.addInitScript(reportWhenSeen, selector);
    const seen = page.waitForEvent('console', {
      predicate: (m) => m.text().startsWith('seen '),
      timeout: 60_000,
    });
    await page.goto(url, { waitUntil: 'commit' });
    const ms = Number((await seen).text().slice('seen '.length));
    const cpu = tracedBy && mainThreadCpu(await tracedBy.stopTracing());
    const parts = await page.evaluate(
      ({ call, ms }) => {
        const g = globalThis as unknown as PageGlobals;
        const navigation = g.performance.getEntriesByType('navigation')[0];
        const resources = g.performance.getEntriesByType('resource');
        const data = resources.find((e) => new URL(e.name).pathname === `/api/${call}`);
        const scripts = resources.filter((e) => e.name.endsWith('.js') && e.responseEnd <= ms);
        return {
          pageArrived: navigation?.responseEnd ?? NaN,
          dataAsked: data?.startTime ?? NaN,
          dataAnswered: data?.responseEnd ?? NaN,
          codeArrived: Math.max(...scripts.map((e) => e.responseEnd)),
        };
      },
      { call, ms },
    );
    return {
      ms: round(ms),
      parts: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, round(v)])) as unknown as Parts,
      ...(cpu && { cpu }),
    };
  } finally {
    await page.close();
  }
}

/** The first failure rows are on screen; `tracedBy` records a trace for the main thread's CPU. */
const firstRowsVisible = (context: BrowserContext, url: string, tracedBy?: Browser) =>
  opening(context, url, '.failure-item', 'failures.list', tracedBy);

/**
 * The dashboard is usable: its answer to "is everything syncing?" is on screen, which
 * needs the health, summary and flow queries answered (dashboard-view.tsx).
 */
const dashboardUsable = (context: BrowserContext, url: string) =>
  opening(context, url, '#health-title', 'dashboard.get');

/** The median of the traced openings' main-thread CPU. */
const medianCpu = (openings: readonly Opening[]) =>
  [...openings].map((o) => o.cpu!).sort((a, b) => a.ms - b.ms)[Math.floor(openings.length / 2)]!;

const cpuLine = ({ ms, parts }: MainThreadCpu) =>
  `${ms} ms (${Object.entries(parts)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, part]) => `${kind} ${part}`)
    .join(', ')})`;

/** The opening with the median time. */
const medianOpening = (openings: readonly Opening[]) =>
  [...openings].sort((a, b) => a.ms - b.ms)[Math.floor(openings.length / 2)]!;

/**
 * `rounds` times: a cold opening in a new browser context, then three warm ones in it
 * (its cache, its cookie). Answers the median openings' figures, and every time.
 */
async function coldThenWarm(
  browser: Browser,
  link: string,
  measure: (context: BrowserContext, url: string) => Promise<Opening>,
  warmUrl: string,
) {
  const colds: Opening[] = [];
  const warms: Opening[] = [];
  for (let n = 0; n < rounds; n++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      colds.push(await measure(context, link));
      for (let i = 0; i < 3; i++) warms.push(await measure(context, warmUrl));
    } finally {
      await context.close();
    }
  }
  return {
    colds: colds.map((c) => c.ms),
    coldOpenings: colds,
    warmOpenings: warms,
    cold: medianOpening(colds),
    warmMedian: medianOpening(warms),
    warm: warms.map((w) => w.ms),
  };
}

// "Then the page": from when both its data and its code were in until the rows were on
// screen, the page's own work (running the app, rendering), which the server cannot shorten.
const partsLine = ({ ms, parts: p }: Opening) =>
  `${ms} ms (page ${p.pageArrived}, data asked ${p.dataAsked} → answered ${p.dataAnswered}, code in ${p.codeArrived}, then the page ${round(ms - Math.max(p.dataAnswered, p.codeArrived))})`;

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
    const fillMs = fillFailuresTimed(dir, flowId);
    console.log(`Filled ${total.toLocaleString()} open failures in ${Math.round(fillMs)} ms.`);
    const repository = repositoryTimes(dir);
    const served = await serve(dir, { PATCHBAY_KEYCHAIN_SERVICE: keychainService });
    child = served.child;
    // The link `patchbay serve` prints, opened in a browser with nothing cached (cold),
    // then opened again in new tabs of that browser (warm): the dashboard is the first view.
    const origin = new URL(served.url).origin;
    const dashboard = await coldThenWarm(browser, served.url, dashboardUsable, `${origin}/`);
    const failuresView = await coldThenWarm(
      browser,
      `${served.url}#/failures`,
      firstRowsVisible,
      `${origin}/#/failures`,
    );
    // Traced openings, apart from the timed ones: recording a trace slows the page.
    const traced =
      args.cpu &&
      (await coldThenWarm(
        browser,
        `${served.url}#/failures`,
        (context, url) => firstRowsVisible(context, url, browser),
        `${origin}/#/failures`,
      ));
    const cpu = traced && {
      cold: medianCpu(traced.coldOpenings),
      warmMedian: medianCpu(traced.warmOpenings),
      each: [...traced.coldOpenings, ...traced.warmOpenings].map((o) => o.cpu!),
    };

    mkdirSync(join(root, 'bench', 'results'), { recursive: true });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${served.url}#/failures`);
    await page.locator('.failure-item').first().waitFor();
    // What the office manager sees: the first page, its count, and the pager.
    await page
      .getByText(`${total.toLocaleString('en-US')} open failures`)
      .first()
      .waitFor();
    await page.screenshot({ path: join(root, 'bench', 'results', 'failures-view-first-page.png') });
    // And its end, with the pager.
    await page.getByRole('button', { name: 'Next page' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(root, 'bench', 'results', 'failures-view-page-end.png') });
    const next: number[] = [];
    for (let i = 0; i < pages; i++) next.push(await nextPageVisible(page));
    const api = await apiTimes(page);

    const results = {
      at: new Date().toISOString(),
      failures: total,
      pageSize: 100,
      dashboardUsableMs: dashboard,
      firstRowsVisibleMs: failuresView,
      nextPageVisibleMs: { median: median(next), max: Math.max(...next), each: next },
      apiFailuresListMs: api,
      repositoryListMs: repository,
      ...(cpu && { firstRowsMainThreadCpuMs: cpu }),
    };
    console.log(`
Control centre with ${total.toLocaleString()} open failures (Chromium; ms after navigation start)
  opening the link → dashboard usable   cold${rounds > 1 ? ` median of ${rounds}` : ''} ${partsLine(dashboard.cold)}
                                        warm median ${partsLine(dashboard.warmMedian)}
Failures view (page of 100)
  navigation → first rows visible   cold${rounds > 1 ? ` median of ${rounds}` : ''} ${partsLine(failuresView.cold)}
                                    warm median ${partsLine(failuresView.warmMedian)}
  "Next page" → next rows visible   median ${results.nextPageVisibleMs.median} ms, max ${results.nextPageVisibleMs.max} ms (${pages} pages)
  failures.list over HTTP           first page ${api.firstPage} ms, second ${api.secondPage} ms, last ${api.lastPage} ms
  failures.list without HTTP        first page ${repository.firstPage} ms, second ${repository.secondPage} ms, last ${repository.lastPage} ms`);
    if (cpu)
      console.log(`  the page's main thread until the first rows, its CPU time (traced openings, median)
                                    cold ${cpuLine(cpu.cold)}
                                    warm ${cpuLine(cpu.warmMedian)}`);
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
