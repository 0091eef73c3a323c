/**
 * Cold start of the engine from the embedded store (issue target: < 2 s for 1,000,000 events
 * with a snapshot): open the store, load the latest engine snapshot (the real domain state
 * of ~95,000 conversations; event ids are no longer in it), rebuild the projections and apply the events
 * logged after it. Baseline in the same process: the same log without a snapshot, replayed
 * from the first event.
 * Then the same for a new node joining others on PostgreSQL (issue #13, target < 5 s).
 * Run: node --import tsx bench/coldstart.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseEvent } from '../src/domain/events.js';
import { Engine } from '../src/engine/engine.js';
import { EventPipeline } from '../src/engine/pipeline.js';
import { exportSnapshot } from '../src/engine/snapshot.js';
import { defaultAnalyzer } from '../src/sentiment/index.js';
import type { LoggedEvent } from '../src/store/event-store.js';
import type { EventStore } from '../src/store/event-store.js';
import { PostgresEventStore } from '../src/store/postgres-store.js';
import { SqliteEventStore } from '../src/store/sqlite-store.js';
import { startPostgres } from '../test/store/postgres-server.ts';
import { generateScenario } from './gen-scenario.js';

const TARGET_EVENTS = 1_000_000;
const EVENTS_AFTER_SNAPSHOT = 2_500;
const APPEND_BATCH = 10_000;

/** Fills a store with ~1,000,000 events and, unless `withSnapshot` is false, a snapshot near its end. */
async function buildStore(openStore: () => Promise<EventStore>, events: readonly LoggedEvent[], withSnapshot: boolean): Promise<void> {
  const store = await openStore();
  const engine = new Engine({ analyzer: defaultAnalyzer });
  const snapshotSeq = events.length - EVENTS_AFTER_SNAPSHOT;
  for (let start = 0; start < events.length; start += APPEND_BATCH) {
    const batch = events.slice(start, start + APPEND_BATCH);
    await store.append(batch.map((event) => ({ event })));
    if (!withSnapshot) continue;
    for (const [offset, event] of batch.entries()) {
      if (start + offset >= snapshotSeq) break;
      const parsed = parseEvent(event);
      if (!parsed.ok) throw new Error(parsed.message);
      engine.applyChecked(parsed.event);
    }
  }
  if (withSnapshot) await store.saveSnapshot(snapshotSeq, exportSnapshot(engine));
  await store.close();
}

async function coldStart(openStore: () => Promise<EventStore>): Promise<{ ms: number; conversations: number }> {
  const started = performance.now();
  const pipeline = await EventPipeline.open({ store: await openStore(), analyzer: defaultAnalyzer });
  const ms = performance.now() - started;
  const conversations = pipeline.engine.state.conversations.size;
  await pipeline.close();
  return { ms, conversations };
}

async function main(): Promise<void> {
  // The generator gives ~10.4 events per conversation; ask for enough to pass one million.
  const generated = generateScenario({
    seed: 11,
    conversations: Math.ceil(TARGET_EVENTS / 10.3),
    startMs: Date.parse('2025-03-10T00:00:00Z'),
    spanMs: 4 * 86_400_000,
  });
  const events = generated.slice(0, TARGET_EVENTS) as LoggedEvent[];
  const withSnapshot = mkdtempSync(join(tmpdir(), 'omnipulse-coldstart-'));
  const withoutSnapshot = mkdtempSync(join(tmpdir(), 'omnipulse-coldstart-'));
  try {
    await buildStore(() => SqliteEventStore.open(withSnapshot), events, true);
    await buildStore(() => SqliteEventStore.open(withoutSnapshot), events, false);
    const cold = await coldStart(() => SqliteEventStore.open(withSnapshot));
    const full = await coldStart(() => SqliteEventStore.open(withoutSnapshot));
    console.log(`log: ${events.length.toLocaleString('en')} events, ${cold.conversations.toLocaleString('en')} conversations`);
    console.log(
      `cold start with a snapshot ${EVENTS_AFTER_SNAPSHOT.toLocaleString('en')} events before the end: ${(cold.ms / 1000).toFixed(2)} s (target < 2 s) | ` +
        `baseline, replaying the whole log: ${(full.ms / 1000).toFixed(2)} s | ratio ${(full.ms / cold.ms).toFixed(1)}x`,
    );
    // A new node joining many on PostgreSQL: the same log and snapshot in a real server.
    const postgres = await startPostgres();
    try {
      await buildStore(() => PostgresEventStore.open(postgres.url), events, true);
      const joined = await coldStart(() => PostgresEventStore.open(postgres.url));
      console.log(
        `a new node catching up from PostgreSQL (same log and snapshot): ${(joined.ms / 1000).toFixed(2)} s (target < 5 s) | ` +
          `baseline, the embedded store above: ${(cold.ms / 1000).toFixed(2)} s`,
      );
    } finally {
      await postgres.stop();
    }
  } finally {
    rmSync(withSnapshot, { recursive: true, force: true });
    rmSync(withoutSnapshot, { recursive: true, force: true });
  }
}

await main();
