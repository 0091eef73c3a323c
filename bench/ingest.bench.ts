/**
 * Ingest benchmark (SPEC §9 `POST /api/v1/events`). Run: node --import tsx bench/ingest.bench.ts
 * A real server on loopback with the embedded store; clients POST batches of 500 events
 * (each answer means durable). Prints events/s for several concurrent clients, and as the
 * baseline the same events one per request. Target: ≥ 20,000 events/s durable.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer } from '../src/server/server.ts';

export interface IngestBenchFigures {
  batch500EventsPerSecond: number;
  batch500Concurrency: number;
  singleEventsPerSecond: number;
}

const TOKEN = 'bench-token';
export const BENCH_TOKEN = TOKEN;
// BENCH_NEUTRAL=1 swaps in a no-op sentiment analyzer, to see the cost of sentiment apart.
const BATCH = 500;

let nextId = 0;
/**
 * A message of one of `conversations`; client `lane` of `lanes` writes only to its own share
 * of them, so no two batches in flight share a conversation (a conversation's events must
 * arrive in time order, SPEC §3, and a later batch may commit first).
 */
function message(conversations: number, lane = 0, lanes = 1): Record<string, unknown> {
  const n = nextId++;
  return {
    id: `bench-${n}`,
    type: 'conversation.message',
    at: new Date(Date.UTC(2026, 2, 1, 9) + n).toISOString(),
    conversationId: `bc-${lane + lanes * (n % Math.floor(conversations / lanes))}`,
    from: n % 2 === 0 ? 'customer' : 'agent',
    text: 'Hello, I would like to know where my order is, it was due yesterday.',
  };
}

export { message as benchMessage, post as benchPost };

async function post(url: string, events: unknown[]): Promise<void> {
  const response = await fetch(`${url}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(events),
  });
  const answer = (await response.json()) as { accepted: number; rejected: unknown[] };
  if (response.status !== 200 || answer.accepted !== events.length) {
    throw new Error(`ingest refused events: ${response.status} ${JSON.stringify(answer).slice(0, 300)}`);
  }
}

export async function runIngestBench(
  options: {
    totalEvents?: number;
    concurrency?: number;
    singles?: number;
    databaseUrl?: string;
    /** Called right before and right after the timed batches (to take measures around them). */
    aroundBatches?: { before(): Promise<void>; after(): Promise<void> };
  } = {},
): Promise<IngestBenchFigures> {
  const totalEvents = options.totalEvents ?? 200_000;
  const concurrency = options.concurrency ?? 4;
  const singles = options.singles ?? 2_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnipulse-ingest-bench-'));
  const server = await startServer({ dataDir: dir, databaseUrl: options.databaseUrl, port: 0, host: '127.0.0.1', demo: false, routing: false, ingestToken: TOKEN, logger: false, ...(process.env.BENCH_NEUTRAL ? { analyzer: { analyze: () => ({ score: 0, level: 'neutral', language: 'unknown' }) as never, combine: () => 'neutral' as const } } : {}) });
  try {
    const conversations = 2_000;
    const setup: Record<string, unknown>[] = [{ id: 'bench-q', type: 'queue.upserted', at: '2026-03-01T08:00:00Z', queueId: 'q', name: 'Bench' }];
    for (let c = 0; c < conversations; c += 1) {
      setup.push({ id: `bench-c-${c}`, type: 'conversation.created', at: '2026-03-01T08:00:00Z', conversationId: `bc-${c}`, channel: 'chat', queueId: 'q' });
    }
    await post(server.url, setup);

    const batches = Math.ceil(totalEvents / BATCH);
    let issued = 0;
    await options.aroundBatches?.before();
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, lane) => {
        while (issued < batches) {
          issued += 1;
          await post(server.url, Array.from({ length: BATCH }, () => message(conversations, lane, concurrency)));
        }
      }),
    );
    const batchSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    await options.aroundBatches?.after();

    const singleStarted = process.hrtime.bigint();
    for (let i = 0; i < singles; i += 1) await post(server.url, [message(conversations)]);
    const singleSeconds = Number(process.hrtime.bigint() - singleStarted) / 1e9;

    return {
      batch500EventsPerSecond: Math.round((batches * BATCH) / batchSeconds),
      batch500Concurrency: concurrency,
      singleEventsPerSecond: Math.round(singles / singleSeconds),
    };
  } finally {
    await server.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const totalEvents = Number(process.env.BENCH_EVENTS ?? 200_000);
  const figures = await runIngestBench({ totalEvents });
  process.stdout.write(
    [
      `ingest over HTTP, loopback, embedded store (durable when answered), ${totalEvents} events:`,
      `  batches of ${BATCH}, ${figures.batch500Concurrency} clients: ${figures.batch500EventsPerSecond.toLocaleString('en')} events/s (target ≥ 20,000)`,
      `  baseline, one event per request, 1 client: ${figures.singleEventsPerSecond.toLocaleString('en')} events/s`,
      '',
    ].join('\n'),
  );
}
