/**
 * Memory (docs/benchmarks.md), each part in its own process so one's heap does not colour
 * the other's figure:
 * - `ongoing`: RSS with 100,000 ongoing conversations in the engine (state + projections),
 *   target < 300 MB;
 * - `week`: a simulated week at 100,000 conversations a day through the engine with the
 *   server's retention (closed conversations leave memory past the horizon), target: RSS
 *   growth ≤ 1.5 KB per conversation of the week.
 * Run: node --import tsx bench/memory.bench.ts — builds this file to dist/bench/ and runs each
 * part there; `node --import tsx bench/memory.bench.ts ongoing|week` runs one part under tsx.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseEvent } from '../src/domain/events.js';
import { Engine } from '../src/engine/engine.js';
import { DEFAULT_RECENT_IDS } from '../src/engine/pipeline.js';
import { RETENTION_CHECK_MS, RETENTION_MS } from '../src/server/server.js';
import type { SentimentAnalyzer } from '../src/sentiment/analyzer.js';
import { generateScenario } from './gen-scenario.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const kb = (bytes: number) => (bytes / 1024).toFixed(2);
const analyzer: SentimentAnalyzer = { analyze: () => ({ score: 0, level: 'neutral', language: 'en' }), combine: () => 'neutral' };
const HOUR = 3_600_000;
const START = Date.parse('2025-03-10T00:00:00Z');

/** Applies a generated slice, its ids made unique to the slice (each slice numbers from e0 / c0). */
function applySlice(engine: Engine, slice: string, options: Parameters<typeof generateScenario>[0]): void {
  for (const raw of generateScenario(options)) {
    const renamed = { ...raw, id: `${slice}-${raw.id}` } as Record<string, unknown>;
    if (typeof renamed.conversationId === 'string') renamed.conversationId = `${slice}-${renamed.conversationId}`;
    const parsed = parseEvent(renamed);
    if (parsed.ok) engine.apply(parsed.event);
  }
}

function countOngoing(engine: Engine): number {
  let ongoing = 0;
  for (const conversation of engine.state.conversations.values()) if (conversation.status !== 'closed') ongoing += 1;
  return ongoing;
}

async function ongoingPart(): Promise<void> {
  gc();
  const before = process.memoryUsage();
  const engine = new Engine({ analyzer, recentIds: DEFAULT_RECENT_IDS });
  // Generated in slices so that the event arrays do not count in the figure.
  for (let slice = 0; slice < 10; slice++) {
    applySlice(engine, `s${slice}`, { seed: 100 + slice, conversations: 10_000, startMs: START + slice * 2 * HOUR, spanMs: 2 * HOUR, ongoingShare: 1 });
  }
  gc();
  const after = process.memoryUsage();
  const ongoing = countOngoing(engine);
  console.log(`heapTotal ${mb(after.heapTotal)} MB, external ${mb(after.external)} MB (typed arrays ${mb(after.arrayBuffers)} MB)`);
  console.log(`ongoing conversations: ${ongoing.toLocaleString('en')} (events applied: ${engine.appliedCount.toLocaleString('en')})`);
  console.log(
    `RSS before ${mb(before.rss)} MB, after ${mb(after.rss)} MB (target < 300 MB, ratio to target ${(after.rss / (300 * 1024 * 1024)).toFixed(2)}) | ` +
      `heap used ${mb(before.heapUsed)} -> ${mb(after.heapUsed)} MB | ` +
      `per conversation ${kb((after.rss - before.rss) / ongoing)} KB RSS, ${kb((after.heapUsed - before.heapUsed) / ongoing)} KB heap`,
  );
  const idle = await idleUsage();
  console.log(
    `after 20 s idle: RSS ${mb(idle.rss)} MB (target < 300 MB, ratio to target ${(idle.rss / (300 * 1024 * 1024)).toFixed(2)}), ` +
      `heap used / committed ${mb(idle.heapUsed)} / ${mb(idle.heapTotal)} MB, typed arrays ${mb(idle.arrayBuffers)} MB, ` +
      `${countOngoing(engine).toLocaleString('en')} still ongoing`,
  );
}

/**
 * Memory after 20 s idle: a server holding these conversations is idle nearly all the time,
 * and V8's memory reducer then gives back the free heap pages a tight apply loop left
 * committed. Callers read their engine after this, so it stays reachable.
 */
async function idleUsage(): Promise<NodeJS.MemoryUsage> {
  await sleep(20_000);
  gc();
  // The collector's helper threads give the freed pages back after the collection returns:
  // read at once, RSS still counts ~70 MB of them (measured: 353 MB at once, 282 MB later).
  await sleep(2_000);
  return process.memoryUsage();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A week of a large site: 100,000 conversations a day in hourly slices, 1 % of them left
 * open (waiting on the customer for days), the rest closed within hours; the retention runs
 * every simulated hour with the server's horizon, as the server runs it every 10 minutes.
 */
async function weekPart(): Promise<void> {
  const perDay = Number(process.env.BENCH_CONVERSATIONS_PER_DAY ?? 100_000);
  const days = Number(process.env.BENCH_DAYS ?? 7);
  const perHour = Math.round(perDay / 24);
  gc();
  const before = process.memoryUsage();
  const engine = new Engine({ analyzer, recentIds: DEFAULT_RECENT_IDS });
  const started = performance.now();
  let created = 0;
  let forgotten = 0;
  console.log(`retention: closed conversations created more than ${RETENTION_MS / HOUR} h ago leave memory`);
  console.log('| day | conversations so far | in memory (ongoing) | RSS | heap used / committed | typed arrays | RSS growth per conversation so far | per conversation in memory |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (let hour = 0; hour < days * 24; hour++) {
    const startMs = START + hour * HOUR;
    applySlice(engine, `h${hour}`, { seed: 1_000 + hour, conversations: perHour, startMs, spanMs: HOUR, ongoingShare: 0.01 });
    created += perHour;
    forgotten += engine.retain(startMs + HOUR, RETENTION_CHECK_MS);
    if ((hour + 1) % 24 === 0) {
      gc();
      const now = process.memoryUsage();
      const inMemory = engine.state.conversations.size;
      const growth = now.rss - before.rss;
      console.log(
        `| ${(hour + 1) / 24} | ${created.toLocaleString('en')} | ${inMemory.toLocaleString('en')} (${countOngoing(engine).toLocaleString('en')}) | ` +
          `${mb(now.rss)} MB | ${mb(now.heapUsed)} / ${mb(now.heapTotal)} MB | ${mb(now.arrayBuffers)} MB | ${kb(growth / created)} KB | ${kb(growth / inMemory)} KB |`,
      );
    }
  }
  gc();
  const after = process.memoryUsage();
  const growth = after.rss - before.rss;
  console.log(
    `week: ${created.toLocaleString('en')} conversations, ${engine.appliedCount.toLocaleString('en')} events in ${((performance.now() - started) / 1000).toFixed(0)} s; ` +
      `${forgotten.toLocaleString('en')} left memory, ${engine.state.conversations.size.toLocaleString('en')} in memory`,
  );
  console.log(
    `RSS growth ${mb(growth)} MB = ${kb(growth / created)} KB per conversation of the week (target ≤ 1.5 KB, ratio ${(growth / created / 1536).toFixed(2)}); ` +
      `${kb(growth / engine.state.conversations.size)} KB per conversation in memory; heap used ${mb(before.heapUsed)} -> ${mb(after.heapUsed)} MB ` +
      `(${kb((after.heapUsed - before.heapUsed) / engine.state.conversations.size)} KB per conversation in memory), typed arrays ${mb(after.arrayBuffers)} MB`,
  );
  // A real site of this size sends ~12 events a second: the process is idle nearly all the time.
  const report = (label: string, usage: NodeJS.MemoryUsage) =>
    console.log(
      `${label}: RSS ${mb(usage.rss)} MB, heap used / committed ${mb(usage.heapUsed)} / ${mb(usage.heapTotal)} MB; ` +
        `RSS growth ${kb((usage.rss - before.rss) / created)} KB per conversation of the week (target ≤ 1.5 KB), ` +
        `${kb((usage.rss - before.rss) / engine.state.conversations.size)} KB per conversation in memory`,
    );
  report('after 20 s idle', await idleUsage());
}

const part = process.argv[2];
if (part === 'ongoing') await ongoingPart();
else if (part === 'week') await weekPart();
else {
  // Measured as the product runs: built JavaScript, no loader (tsx alone adds ~35 MB of RSS).
  const { build } = await import('esbuild'); // only here: the measured parts do not load it
  const built = path.resolve(import.meta.dirname, '../dist/bench/memory.bench.mjs');
  await build({ entryPoints: [import.meta.filename], outfile: built, bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning' });
  for (const name of ['ongoing', 'week']) {
    console.log(`--- ${name}`);
    const run = spawnSync(process.execPath, [built, name], { stdio: 'inherit' });
    if (run.status !== 0) process.exitCode = 1;
  }
}
