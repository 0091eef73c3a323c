/**
 * Console benchmark (issue #10 "Performance"): the built console (web/dist) in Chromium
 * (playwright-core + @sparticuz/chromium, as the browser tests) against a server in this
 * process holding `BENCH_CONSOLE_ROWS` (100,000) ongoing conversations while
 * `BENCH_CONSOLE_RATE` (1,000) events/s flow through the pipeline (conversations created,
 * assigned, accepted and closed at the bottom of the list, so the count stays put). It
 * measures, on the Ongoing conversations tab at 1280×720:
 * - navigation → first rows painted (median of 5 loads; target < 1.5 s);
 * - an ingest call (HTTP POST /api/v1/events) → the changed row on screen, taken in the
 *   page at the next animation frame after the change (p50 / p99 of 100; target p99 < 250 ms);
 * - a scroll from the top to the bottom of all rows (200 jumps, one a frame, then 100 pages
 *   one a frame): the browser's long tasks (PerformanceObserver 'longtask') and the longest
 *   frame (target: nothing over 50 ms);
 * - the page's JS heap after a garbage collection (CDP; target < 150 MB).
 * Each figure is measured first with 1,000 conversations and no flow (baseline), then
 * under the full load, and printed with their ratio.
 * Run: npm run bench:console
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { DEFAULT_WEB_ROOT, startServer } from '../src/server/server.ts';
import { launchBrowser, signIn } from '../test/e2e/harness.ts';

const ROWS = Number(process.env.BENCH_CONSOLE_ROWS ?? 100_000);
const RATE = Number(process.env.BENCH_CONSOLE_RATE ?? 1_000);
const BASELINE_ROWS = 1_000;
const TOKEN = 'console-bench-token';
const PASSWORD = 'console-bench-password';
const FLOW_TICK_MS = 50;
const AGENTS = 20;

if (!fs.existsSync(path.join(DEFAULT_WEB_ROOT, 'index.html'))) throw new Error('the console is not built: npm run build:web');
const epochNow = () => performance.timeOrigin + performance.now();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnipulse-console-bench-'));
const server = await startServer({ dataDir: dir, port: 0, host: '127.0.0.1', demo: false, routing: false, ingestToken: TOKEN, adminPassword: PASSWORD, logger: false });
const { pipeline } = server;
const iso = (at: number) => new Date(at).toISOString();
const loadAtStart = os.loadavg()[0]!;

async function ingest(events: unknown[]): Promise<void> {
  const response = await fetch(`${server.url}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(events),
  });
  const answer = (await response.json()) as { accepted: number };
  if (response.status !== 200 || answer.accepted !== events.length) throw new Error(`ingest: ${response.status} ${JSON.stringify(answer)}`);
}

await ingest([
  { id: 'bench-q', type: 'queue.upserted', at: iso(Date.now()), queueId: 'bench', name: 'Bench' },
  ...Array.from({ length: AGENTS }, (_, i) => [
    { id: `bench-a${i}`, type: 'agent.upserted', at: iso(Date.now()), agentId: `a${i}`, name: `Agent ${i}`, queueIds: ['bench'], capacityUnits: 10_000_000 },
    { id: `bench-p${i}`, type: 'agent.presence', at: iso(Date.now()), agentId: `a${i}`, presence: 'available' },
  ]).flat(),
]);

/**
 * Ongoing conversations `from`..`to`-1, spread over 18 hours that end 2 hours ago (inside
 * the console's default last-24h window; the top of the list, oldest first).
 */
async function load(from: number, to: number): Promise<void> {
  const start = Date.now() - 20 * 3_600_000;
  const step = (18 * 3_600_000) / ROWS;
  for (let batch = from; batch < to; batch += 10_000) {
    const events = [];
    for (let i = batch; i < Math.min(to, batch + 10_000); i += 1) {
      events.push({ id: `bulk-created-${i}`, type: 'conversation.created', at: iso(start + Math.floor(i * step)), conversationId: `bulk-${i}`, channel: 'chat', queueId: 'bench', subject: `Bulk ${i}` });
    }
    const result = await pipeline.submit(events);
    if (result.accepted !== events.length) throw new Error(`load: ${JSON.stringify(result.rejected.slice(0, 2))}`);
  }
}

/** Conversations created, assigned + accepted 1 s later, closed 2 s after that: 4 events each, `RATE` a second. */
function startFlow(): () => Promise<{ events: number; seconds: number }> {
  let created = 0;
  let owed = 0;
  let events = 0;
  const toAccept: { id: string; due: number }[] = [];
  const toClose: { id: string; due: number }[] = [];
  const inFlight = new Set<Promise<unknown>>();
  const startedAt = performance.now();
  let last = startedAt;
  const timer = setInterval(() => {
    const t = performance.now();
    owed += ((t - last) / 1000) * (RATE / 4);
    last = t;
    const at = iso(Date.now());
    const batch: object[] = [];
    for (; owed >= 1; owed -= 1) {
      const id = `flow-${created++}`;
      batch.push({ id: `${id}-c`, type: 'conversation.created', at, conversationId: id, channel: 'chat', queueId: 'bench', subject: `Flow ${id}` });
      toAccept.push({ id, due: t + 1_000 });
    }
    while (toAccept.length > 0 && toAccept[0]!.due <= t) {
      const { id } = toAccept.shift()!;
      const agentId = `a${created % AGENTS}`;
      batch.push({ id: `${id}-a`, type: 'conversation.assigned', at, conversationId: id, agentId, by: 'routing' });
      batch.push({ id: `${id}-x`, type: 'conversation.accepted', at, conversationId: id, agentId });
      toClose.push({ id, due: t + 2_000 });
    }
    while (toClose.length > 0 && toClose[0]!.due <= t) {
      const { id } = toClose.shift()!;
      batch.push({ id: `${id}-z`, type: 'conversation.closed', at, conversationId: id, reason: 'resolved' });
    }
    if (batch.length === 0) return;
    events += batch.length;
    const submitted = pipeline.submit(batch).catch(() => {});
    inFlight.add(submitted);
    void submitted.finally(() => inFlight.delete(submitted));
  }, FLOW_TICK_MS);
  return async () => {
    clearInterval(timer);
    await Promise.all([...inFlight]);
    return { events, seconds: (performance.now() - startedAt) / 1000 };
  };
}

/** Installed in every page before its scripts: long tasks, and when the first row is painted. */
function instrument(): void {
  const bench = { firstRowAt: null as number | null, longTasks: [] as { start: number; duration: number }[] };
  (window as unknown as { bench: typeof bench }).bench = bench;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  const observer = new MutationObserver(() => {
    if (bench.firstRowAt !== null || !document.querySelector('[data-conversation-id]')) return;
    observer.disconnect();
    requestAnimationFrame(() => (bench.firstRowAt = performance.now()));
  });
  observer.observe(document, { subtree: true, childList: true });
}

interface Figures {
  firstRowsMs: number;
  latency: { p50: number; p99: number; max: number };
  scroll: { longTasks: number; longestTaskMs: number; longestFrameMs: number; framesOver50: number; frames: number };
  heapMb: number;
}

let probes = 0;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const round = (n: number) => Math.round(n * 10) / 10;

async function firstRows(page: Page, url: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    await page.goto(url);
    try {
      await page.waitForFunction(() => (window as unknown as { bench: { firstRowAt: number | null } }).bench.firstRowAt !== null, null, { timeout: 60_000 });
    } catch (error) {
      await page.screenshot({ path: path.join(os.tmpdir(), 'console-bench-first-rows.png') });
      throw error;
    }
    times.push(await page.evaluate(() => (window as unknown as { bench: { firstRowAt: number } }).bench.firstRowAt));
  }
  return percentile(times.sort((a, b) => a - b), 50);
}

/** Ingest call → the status cell of `bulk-0` (the top row) reads the new status, seen at the next frame. */
async function latency(page: Page, samples: number): Promise<Figures['latency']> {
  const id = 'bulk-0';
  await page.locator(`#row-${id}`).waitFor();
  await page.mouse.move(1, 1); // off the table: a resting pointer holds updates that move its row
  const results: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const isAssign = probes % 2 === 0;
    const probeId = `probe-${probes++}`;
    const expected = isAssign ? 'Active, awaiting acceptance' : 'Open';
    await page.evaluate(
      ({ id, expected }) => {
        const seen = new Promise<number>((resolve) => {
          const check = () => {
            const cell = document.querySelector(`#row-${id} [data-column="status"]`);
            if (cell?.textContent !== expected) return false;
            observer.disconnect();
            requestAnimationFrame(() => resolve(performance.timeOrigin + performance.now()));
            return true;
          };
          const observer = new MutationObserver(check);
          observer.observe(document.querySelector('[data-testid="ongoing-table"]')!, { subtree: true, childList: true, characterData: true });
        });
        (window as unknown as { seen: Promise<number> }).seen = seen;
      },
      { id, expected },
    );
    const at = epochNow();
    await ingest([
      isAssign
        ? { id: probeId, type: 'conversation.assigned', at: iso(Date.now()), conversationId: id, agentId: 'a0', by: 'routing' }
        : { id: probeId, type: 'conversation.rejected', at: iso(Date.now()), conversationId: id, agentId: 'a0', reason: 'rejected' },
    ]);
    const seenAt = await page.evaluate(() => (window as unknown as { seen: Promise<number> }).seen);
    results.push(seenAt - at);
  }
  const sorted = results.sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), max: round(sorted[sorted.length - 1]!) };
}

/** Top to bottom in 200 jumps (one a frame), then 100 pages one a frame from the top; long tasks and frame gaps meanwhile. */
async function scroll(page: Page): Promise<Figures['scroll']> {
  await page.evaluate(() => ((window as unknown as { bench: { longTasks: unknown[] } }).bench.longTasks = []));
  const frames = await page.evaluate(async () => {
    const table = document.querySelector<HTMLElement>('[data-testid="ongoing-table"]')!;
    const gaps: number[] = [];
    let last = performance.now();
    const frame = async () => {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const t = performance.now();
      gaps.push(t - last);
      last = t;
    };
    table.scrollTop = 0;
    await frame();
    for (let i = 1; i <= 200; i += 1) {
      table.scrollTop = ((table.scrollHeight - table.clientHeight) * i) / 200;
      await frame();
    }
    // The bottom rows arrive: no "Loading…" row left (for at most 5 s: with traffic at the
    // bottom of the list new rows keep arriving there).
    const settleBy = performance.now() + 5_000;
    while (performance.now() < settleBy && [...table.querySelectorAll('[role="row"]')].some((row) => row.textContent === 'Loading…')) await frame();
    table.scrollTop = 0;
    await frame();
    for (let i = 0; i < 100; i += 1) {
      table.scrollTop += table.clientHeight;
      await frame();
    }
    return gaps;
  });
  const longTasks = await page.evaluate(() => (window as unknown as { bench: { longTasks: { duration: number }[] } }).bench.longTasks.map((task) => task.duration));
  return {
    longTasks: longTasks.length,
    longestTaskMs: round(Math.max(0, ...longTasks)),
    longestFrameMs: round(Math.max(...frames)),
    framesOver50: frames.filter((gap) => gap > 50).length,
    frames: frames.length,
  };
}

async function heapMb(page: Page): Promise<number> {
  const session = await page.context().newCDPSession(page);
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize } = await session.send('Runtime.getHeapUsage');
  await session.detach();
  return round(usedSize / 1024 / 1024);
}

async function measure(page: Page, samples: number): Promise<Figures> {
  const url = `${server.url}/?tab=ongoing`;
  const firstRowsMs = round(await firstRows(page, url));
  const latencies = await latency(page, samples);
  const scrolled = await scroll(page);
  return { firstRowsMs, latency: latencies, scroll: scrolled, heapMb: await heapMb(page) };
}

const browser = await launchBrowser();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en-GB' });
  // tsx (esbuild keepNames) wraps named functions in `__name(...)`, also in functions the page runs.
  await context.addInitScript('window.__name = (fn) => fn;');
  await context.addInitScript(instrument);
  const page = await context.newPage();
  await signIn(page, server.url, 'admin', PASSWORD);

  await load(0, BASELINE_ROWS);
  console.log(`baseline: ${BASELINE_ROWS.toLocaleString('en')} ongoing conversations, no flow`);
  const baseline = await measure(page, 30);
  console.log(JSON.stringify(baseline));

  const loadStarted = performance.now();
  await load(BASELINE_ROWS, ROWS);
  console.log(`loaded ${ROWS.toLocaleString('en')} ongoing conversations in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s; flow of ${RATE} events/s starts`);
  const stopFlow = startFlow();
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const loaded = await measure(page, 100);
  const flow = await stopFlow();
  console.log(JSON.stringify(loaded));
  console.log(`flow: ${flow.events.toLocaleString('en')} events in ${flow.seconds.toFixed(1)} s = ${Math.round(flow.events / flow.seconds)} events/s; load average ${loadAtStart.toFixed(1)} at start, ${os.loadavg()[0]!.toFixed(1)} at the end (${os.cpus().length} cores)`);

  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : '–');
  const rows: [string, string, string, string, string][] = [
    ['navigation → first rows painted (median of 5)', `${loaded.firstRowsMs} ms`, `${baseline.firstRowsMs} ms`, ratio(loaded.firstRowsMs, baseline.firstRowsMs), loaded.firstRowsMs < 1_500 ? 'met (< 1.5 s)' : 'MISSED (< 1.5 s)'],
    ['ingest call → changed row on screen', `p50 ${loaded.latency.p50} / p99 ${loaded.latency.p99} / max ${loaded.latency.max} ms`, `p50 ${baseline.latency.p50} / p99 ${baseline.latency.p99} ms`, ratio(loaded.latency.p99, baseline.latency.p99), loaded.latency.p99 < 250 ? 'met (p99 < 250 ms)' : 'MISSED (p99 < 250 ms)'],
    [
      'scroll top → bottom: long tasks / longest task / longest frame',
      `${loaded.scroll.longTasks} / ${loaded.scroll.longestTaskMs} ms / ${loaded.scroll.longestFrameMs} ms (${loaded.scroll.framesOver50} of ${loaded.scroll.frames} frames > 50 ms)`,
      `${baseline.scroll.longTasks} / ${baseline.scroll.longestTaskMs} ms / ${baseline.scroll.longestFrameMs} ms`,
      ratio(loaded.scroll.longestFrameMs, baseline.scroll.longestFrameMs),
      loaded.scroll.longTasks === 0 ? 'met (no long task)' : 'MISSED (no task > 50 ms)',
    ],
    ['JS heap after GC', `${loaded.heapMb} MB`, `${baseline.heapMb} MB`, ratio(loaded.heapMb, baseline.heapMb), loaded.heapMb < 150 ? 'met (< 150 MB)' : 'MISSED (< 150 MB)'],
  ];
  console.log(`\n| figure | ${ROWS.toLocaleString('en')} rows + ${RATE} events/s | baseline (${BASELINE_ROWS.toLocaleString('en')} rows, no flow) | ratio | target |`);
  console.log('|---|---|---|---|---|');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
} finally {
  await browser.close();
  await server.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
}
