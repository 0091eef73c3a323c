/**
 * Event store benchmark. Run: node --import tsx bench/store.bench.ts
 * Prints durable append throughput (batches of 500, against one-event commits as the
 * baseline) and the cold start of a 1,000,000-event log with a snapshot near its end.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppendRequest } from '../src/store/event-store.ts';
import { SqliteEventStore } from '../src/store/sqlite-store.ts';

export interface StoreBenchFigures {
  batch500EventsPerSecond: number;
  batch1EventsPerSecond: number;
  randomIdsEventsPerSecond: number;
  concurrentSinglesEventsPerSecond: number;
  coldStartMs: number;
  readAllEventsPerSecond: number;
}

const COLD_START_EVENTS = 1_000_000;
const EVENTS_AFTER_SNAPSHOT = 2_500;

type IdShape = 'time-ordered' | 'random';

let nextEvent = 0;
/**
 * A `conversation.message` among 5,000 conversations. Ids are time-ordered (UUIDv7-like:
 * the event's millisecond first) unless `random` (UUIDv4), the worst case for the id index.
 */
function message(idShape: IdShape = 'time-ordered'): AppendRequest {
  const n = nextEvent++;
  const atMs = Date.UTC(2025, 2, 1, 9) + n * 50;
  const id =
    idShape === 'random' ? randomUUID() : `${atMs.toString(16).padStart(12, '0')}-${randomUUID().slice(14)}`;
  return {
    event: {
      id,
      type: 'conversation.message',
      at: new Date(atMs).toISOString(),
      conversationId: `conv-${n % 5_000}`,
      from: n % 2 === 0 ? 'customer' : 'agent',
      text: 'Hello, I would like to know where my order is, it was due yesterday.',
    },
  };
}

function batchOf(size: number, idShape: IdShape = 'time-ordered'): AppendRequest[] {
  return Array.from({ length: size }, () => message(idShape));
}

function perSecond(events: number, ms: number): number {
  return Math.round((events / ms) * 1000);
}

/** Sequential awaited appends of `batchSize` events: one durable commit each. */
async function appendThroughput(
  dir: string,
  batchSize: number,
  totalEvents: number,
  idShape: IdShape = 'time-ordered',
): Promise<{ eventsPerSecond: number; cpuMicrosPerEvent: number }> {
  const store = await SqliteEventStore.open(dir);
  try {
    const batches = Array.from({ length: Math.ceil(totalEvents / batchSize) }, () => batchOf(batchSize, idShape));
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    for (const batch of batches) await store.append(batch);
    const ms = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const events = batches.length * batchSize;
    return { eventsPerSecond: perSecond(events, ms), cpuMicrosPerEvent: (cpu.user + cpu.system) / events };
  } finally {
    await store.close();
  }
}

/** Single-event appends issued concurrently, `callers` at a time: group commit at work. */
async function concurrentSinglesThroughput(dir: string, callers: number, rounds: number): Promise<number> {
  const store = await SqliteEventStore.open(dir);
  try {
    const started = performance.now();
    for (let r = 0; r < rounds; r++) {
      await Promise.all(Array.from({ length: callers }, () => store.append([message()])));
    }
    return perSecond(callers * rounds, performance.now() - started);
  } finally {
    await store.close();
  }
}

async function buildLargeLog(dir: string): Promise<void> {
  const store = await SqliteEventStore.open(dir);
  try {
    const snapshotSeq = COLD_START_EVENTS - EVENTS_AFTER_SNAPSHOT;
    const appendUpTo = async (target: number): Promise<void> => {
      for (let seq = await store.lastSeq(); seq < target; seq = await store.lastSeq()) {
        await store.append(batchOf(Math.min(5_000, target - seq)));
      }
    };
    await appendUpTo(snapshotSeq);
    // A projection-sized state: 5,000 ongoing conversations.
    const ongoing = Array.from({ length: 5_000 }, (_, i) => ({
      conversationId: `conv-${i}`,
      status: 'in-conversation',
      queueId: `q${i % 20}`,
      agentId: `agent-${i % 300}`,
      createdAt: '2025-03-01T09:00:00.000Z',
    }));
    await store.saveSnapshot(snapshotSeq, [Buffer.from(JSON.stringify({ ongoing }))]);
    await appendUpTo(COLD_START_EVENTS);
  } finally {
    await store.close();
  }
}

async function coldStart(dir: string): Promise<{ totalMs: number; openMs: number; snapshotMs: number; tailMs: number; tailEvents: number }> {
  const started = performance.now();
  const store = await SqliteEventStore.open(dir);
  const opened = performance.now();
  try {
    const snapshot = await store.latestSnapshot();
    if (snapshot === null) throw new Error('cold start: no snapshot');
    const loaded = performance.now();
    let tailEvents = 0;
    for (let after = snapshot.seq; ; ) {
      const page = await store.readFrom(after, 10_000);
      if (page.length === 0) break;
      tailEvents += page.length;
      after = page[page.length - 1].seq;
    }
    const done = performance.now();
    return {
      totalMs: done - started,
      openMs: opened - started,
      snapshotMs: loaded - opened,
      tailMs: done - loaded,
      tailEvents,
    };
  } finally {
    await store.close();
  }
}

async function readAllThroughput(dir: string): Promise<number> {
  const store = await SqliteEventStore.open(dir);
  try {
    const started = performance.now();
    let count = 0;
    for (let after = 0; ; ) {
      const page = await store.readFrom(after, 10_000);
      if (page.length === 0) break;
      count += page.length;
      after = page[page.length - 1].seq;
    }
    return perSecond(count, performance.now() - started);
  } finally {
    await store.close();
  }
}

export async function main(): Promise<StoreBenchFigures> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'omnipulse-store-bench-'));
  try {
    const batch500 = await appendThroughput(path.join(root, 'batch500'), 500, 200_000);
    const batch500EventsPerSecond = batch500.eventsPerSecond;
    console.log(`store.append.batch500: ${batch500EventsPerSecond} events/s (durable, one commit per batch)`);
    console.log(
      `store.append.batch500.cpu: ${batch500.cpuMicrosPerEvent.toFixed(1)} µs/event ` +
        `(CPU-bound ceiling ${perSecond(1, batch500.cpuMicrosPerEvent / 1000)} events/s; the rest is waiting for fsync)`,
    );
    const batch1EventsPerSecond = (await appendThroughput(path.join(root, 'batch1'), 1, 2_000)).eventsPerSecond;
    console.log(`store.append.batch1 (baseline): ${batch1EventsPerSecond} events/s (durable, one commit per event)`);
    console.log(`store.append.ratio: ${(batch500EventsPerSecond / batch1EventsPerSecond).toFixed(1)}x`);
    const randomIdsEventsPerSecond = (await appendThroughput(path.join(root, 'random'), 500, 200_000, 'random'))
      .eventsPerSecond;
    console.log(`store.append.batch500.randomIds: ${randomIdsEventsPerSecond} events/s (random UUIDv4 ids: one id-index page per event)`);
    const concurrentSinglesEventsPerSecond = await concurrentSinglesThroughput(path.join(root, 'concurrent'), 500, 100);
    console.log(`store.append.concurrent500x1: ${concurrentSinglesEventsPerSecond} events/s (500 one-event appends at a time, group commit)`);

    const large = path.join(root, 'large');
    const buildStarted = performance.now();
    await buildLargeLog(large);
    const buildSeconds = (performance.now() - buildStarted) / 1000;
    const sizeMb = fs.statSync(path.join(large, 'events.sqlite')).size / 1e6;
    console.log(`store.build.1m: ${buildSeconds.toFixed(1)} s (${sizeMb.toFixed(0)} MB)`);
    const cold = await coldStart(large);
    console.log(
      `store.coldstart.1m: ${cold.totalMs.toFixed(1)} ms (open ${cold.openMs.toFixed(1)} ms, ` +
        `snapshot ${cold.snapshotMs.toFixed(1)} ms, ${cold.tailEvents} events after it ${cold.tailMs.toFixed(1)} ms)`,
    );
    const readAllEventsPerSecond = await readAllThroughput(large);
    console.log(`store.read.all: ${readAllEventsPerSecond} events/s (1,000,000 events in pages of 10,000)`);
    return {
      batch500EventsPerSecond,
      batch1EventsPerSecond,
      randomIdsEventsPerSecond,
      concurrentSinglesEventsPerSecond,
      coldStartMs: cold.totalMs,
      readAllEventsPerSecond,
    };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
