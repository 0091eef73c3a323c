/**
 * Cold start of the engine from the embedded store (issue #15 target: < 2 s for 1,000,000
 * events with a snapshot): open the store, load the latest engine snapshot (the real domain
 * state of ~96,000 conversations), rebuild the projections and apply the events logged after
 * it, in a fresh process as a restarted server would; baseline: the same log without a
 * snapshot, replayed from the first event in a fresh process too. Both again in this
 * process (the pipelines the later figures need).
 * Then the event-loop delay while that state's snapshot is written, with events going on
 * (target: none above 50 ms); baseline: the JSON text the previous format built in one go.
 * Then the same for a new node joining others on PostgreSQL (issue #13, target < 5 s).
 * Run: node --import tsx bench/coldstart.bench.ts (about 5 minutes; 6 on a loaded machine)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Packr } from 'msgpackr';
import { parseEvent } from '../src/domain/events.js';
import { type Conversation, type DomainState, indexQueued } from '../src/domain/model.js';
import { Engine } from '../src/engine/engine.js';
import { EventPipeline } from '../src/engine/pipeline.js';
import { Projections } from '../src/engine/projections/index.js';
import { decodeSnapshot, restoreState, SnapshotWriter } from '../src/engine/snapshot.js';
import { defaultAnalyzer } from '../src/sentiment/index.js';
import type { EventStore, LoggedEvent } from '../src/store/event-store.js';
import { PostgresEventStore } from '../src/store/postgres-store.js';
import { SqliteEventStore } from '../src/store/sqlite-store.js';
import { startPostgres } from '../test/store/postgres-server.ts';
import { generateScenario } from './gen-scenario.js';

/** BENCH_EVENTS=… for a quicker trial run; the figures are for the default. */
const TARGET_EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const EVENTS_AFTER_SNAPSHOT = 2_500;
const APPEND_BATCH = 10_000;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Fills a store with ~1,000,000 events and, unless `withSnapshot` is false, a snapshot near its end. */
async function buildStore(openStore: () => Promise<EventStore>, events: readonly LoggedEvent[], withSnapshot: boolean): Promise<number> {
  const store = await openStore();
  const engine = new Engine({ analyzer: defaultAnalyzer, recentIds: 1_000 });
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
  let bytes = 0;
  if (withSnapshot) {
    const chunks: Uint8Array[] = [];
    for await (const chunk of new SnapshotWriter(engine)) chunks.push(chunk);
    bytes = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
    await store.saveSnapshot(snapshotSeq, chunks);
  }
  await store.close();
  return bytes;
}

async function coldStart(openStore: () => Promise<EventStore>): Promise<{ ms: number; pipeline: EventPipeline }> {
  const started = performance.now();
  const pipeline = await EventPipeline.open({ store: await openStore(), analyzer: defaultAnalyzer });
  return { ms: performance.now() - started, pipeline };
}

/** Runs `work` and returns its result with its wall time and the process's CPU time meanwhile (all threads: GC helpers too). */
async function timed<T>(work: () => T | Promise<T>): Promise<{ result: T; wall: number; cpu: number }> {
  const [cpu, wall] = [cpuMs(), performance.now()];
  const result = await work();
  return { result, wall: performance.now() - wall, cpu: cpuMs() - cpu };
}

const figure = ({ wall, cpu }: { wall: number; cpu: number }) => `${wall.toFixed(0)} ms (CPU ${cpu.toFixed(0)} ms)`;

/**
 * Where a cold start's time goes, step by step in a fresh engine: reading the snapshot,
 * decoding it, putting the state in the engine, rebuilding the projections in bulk. Then,
 * in the same process, the previous format's import of the same state as baseline: its
 * conversations as msgpack records (format 4, chunks of 1,000) decoded, and the projections
 * built one conversation at a time (the incremental path the rebuild used).
 */
async function breakdown(openStore: () => Promise<EventStore>): Promise<string> {
  const store = await openStore();
  const read = await timed(() => store.latestSnapshot());
  await store.close();
  const { chunks } = read.result!;
  const engine = new Engine({ analyzer: defaultAnalyzer });
  const decoded = await timed(() => decodeSnapshot(chunks));
  const restored = await timed(() => restoreState(engine, decoded.result));
  const rebuilt = await timed(() => engine.projections.rebuild());
  const { state } = engine;
  const conversations = [...state.conversations.values()];
  const records: Uint8Array[] = [];
  for (let start = 0; start < conversations.length; start += 1_000) {
    records.push(new Packr({ useRecords: true }).pack({ conversations: conversations.slice(start, start + 1_000) }));
  }
  const previous = await timed(() => {
    const scratch: DomainState = { queues: state.queues, agents: state.agents, conversations: new Map(), queued: new Map() };
    const projections = new Projections(scratch);
    for (const chunk of records) {
      for (const conversation of (new Packr({ useRecords: true }).unpack(chunk) as { conversations: Conversation[] }).conversations) {
        scratch.conversations.set(conversation.id, conversation);
        indexQueued(scratch, conversation);
        projections.add(conversation);
      }
    }
  });
  const bytes = (list: readonly Uint8Array[]) => (list.reduce((sum, chunk) => sum + chunk.byteLength, 0) / 1e6).toFixed(1);
  const total = [decoded, restored, rebuilt].reduce((sum, step) => ({ wall: sum.wall + step.wall, cpu: sum.cpu + step.cpu }), { wall: 0, cpu: 0 });
  return (
    `read ${figure(read)}, decode ${figure(decoded)}, state ${figure(restored)}, projections' bulk rebuild ${figure(rebuilt)}: ` +
    `import ${figure(total)} | baseline, format 4's records decoded and the projections built one conversation at a time: ${figure(previous)} ` +
    `(ratio ${(previous.wall / total.wall).toFixed(1)}x wall, ${(previous.cpu / total.cpu).toFixed(1)}x CPU; ` +
    `snapshot ${bytes(chunks)} MB in ${chunks.length} chunks, format 4 ${bytes(records)} MB)`
  );
}

/**
 * Writes a snapshot of the pipeline's state while customer messages keep arriving, and
 * reads the event-loop delay meanwhile.
 */
async function snapshotUnderLoad(pipeline: EventPipeline): Promise<string> {
  const { engine } = pipeline;
  const ongoing = [...engine.state.conversations.values()].filter((conversation) => conversation.status !== 'closed');
  let sent = 0;
  /** About 1,000 events/s, in batches of 20, on ongoing conversations, until `isDone`. */
  const traffic = async (isDone: () => boolean): Promise<void> => {
    while (!isDone()) {
      const batch = ongoing.slice(sent % ongoing.length, (sent % ongoing.length) + 20).map((conversation, i) => ({
        id: `during-snapshot-${sent + i}`,
        type: 'conversation.message',
        at: new Date(conversation.lastEventAt + 1_000).toISOString(),
        conversationId: conversation.id,
        from: 'customer',
        text: 'any news about my order?',
      }));
      sent += batch.length;
      await pipeline.submit(batch);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  // The noise floor: the same traffic for 3 s without a snapshot.
  const floor = monitorEventLoopDelay({ resolution: 10 });
  floor.enable();
  const floorEnds = performance.now() + 3_000;
  await traffic(() => performance.now() > floorEnds);
  floor.disable();
  const floorSent = sent;
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const started = performance.now();
  // The writer takes the state now, before the next message is applied (copied before it changes).
  let ms = 0;
  const writing = pipeline.snapshot().then(() => (ms = performance.now() - started));
  await traffic(() => ms > 0);
  await writing;
  delay.disable();
  const { state } = engine;
  const jsonStarted = performance.now();
  const json = JSON.stringify({ queues: [...state.queues.values()], agents: [...state.agents.values()], conversations: [...state.conversations.values()] });
  const jsonMs = performance.now() - jsonStarted;
  return (
    `snapshot of ${state.conversations.size.toLocaleString('en')} conversations written in ${seconds(ms)} while ${(sent - floorSent).toLocaleString('en')} events were applied: ` +
    `event-loop delay p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms (target: none above 50 ms) | ` +
    `the same traffic without a snapshot: p99 ${(floor.percentile(99) / 1e6).toFixed(1)} ms, max ${(floor.max / 1e6).toFixed(1)} ms | ` +
    `baseline, the previous format's JSON text built in one go: ${jsonMs.toFixed(0)} ms of blocked event loop (${(json.length / 1e6).toFixed(1)} MB)`
  );
}

/** CPU milliseconds of this process so far (all its threads): unlike wall time, barely moved by other processes. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * The longest synchronous steps of a snapshot write into a scratch SQLite store: encoding a
 * slice, and the store's insert of a chunk, in CPU time (about what they take on an idle
 * core) and wall time.
 */
async function sliceProfile(engine: Engine): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'omnipulse-slices-'));
  const store = await SqliteEventStore.open(dir);
  const longest = { encodeCpu: 0, encodeWall: 0, storeCpu: 0, storeWall: 0 };
  let slices = 0;
  async function* measured(): AsyncGenerator<Uint8Array> {
    const iterator = new SnapshotWriter(engine)[Symbol.asyncIterator]();
    for (;;) {
      let [cpu, wall] = [cpuMs(), performance.now()];
      const next = await iterator.next();
      longest.encodeCpu = Math.max(longest.encodeCpu, cpuMs() - cpu);
      longest.encodeWall = Math.max(longest.encodeWall, performance.now() - wall);
      if (next.done) return;
      slices += 1;
      [cpu, wall] = [cpuMs(), performance.now()];
      yield next.value;
      longest.storeCpu = Math.max(longest.storeCpu, cpuMs() - cpu);
      longest.storeWall = Math.max(longest.storeWall, performance.now() - wall);
    }
  }
  try {
    await store.append([{ event: { id: 'profile', type: 'agent.presence', at: '2025-03-10T00:00:00Z' } }]);
    await store.saveSnapshot(1, measured());
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return (
    `longest of ${slices} slices: encoding ${longest.encodeCpu.toFixed(1)} ms CPU (${longest.encodeWall.toFixed(1)} ms wall), ` +
    `the store's insert ${longest.storeCpu.toFixed(1)} ms CPU (${longest.storeWall.toFixed(1)} ms wall)`
  );
}

/** Builds the three stores (SQLite with and without a snapshot, PostgreSQL with one); the events are dropped after. */
async function buildStores(withSnapshot: string, withoutSnapshot: string, postgresUrl: string): Promise<string> {
  // The generator gives ~10.4 events per conversation; ask for enough to pass one million.
  const generated = generateScenario({
    seed: 11,
    conversations: Math.ceil(TARGET_EVENTS / 10.3),
    startMs: Date.parse('2025-03-10T00:00:00Z'),
    spanMs: 4 * 86_400_000,
  });
  const events = generated.slice(0, TARGET_EVENTS) as LoggedEvent[];
  const bytes = await buildStore(() => SqliteEventStore.open(withSnapshot), events, true);
  await buildStore(() => SqliteEventStore.open(withoutSnapshot), events, false);
  await buildStore(() => PostgresEventStore.open(postgresUrl), events, true);
  return `log: ${events.length.toLocaleString('en')} events, snapshot ${(bytes / 1e6).toFixed(1)} MB`;
}

/** Where `openInThisProcess` opens the pipeline: `sqlite:<dir>` or `postgres:<url>`. */
const OPEN_ONLY = process.env.BENCH_COLDSTART_OPEN;

function openerOf(target: string): () => Promise<EventStore> {
  const [kind, where] = [target.slice(0, target.indexOf(':')), target.slice(target.indexOf(':') + 1)];
  return kind === 'postgres' ? () => PostgresEventStore.open(where) : () => SqliteEventStore.open(where);
}

/** The child's part: open the pipeline, print its time, exit without closing (a close would snapshot). */
async function openInThisProcess(target: string): Promise<void> {
  const { ms, pipeline } = await coldStart(openerOf(target));
  process.stdout.write(`${JSON.stringify({ ms, conversations: pipeline.engine.state.conversations.size })}\n`);
  process.exit(0);
}

/**
 * A start in a fresh process (this file again, with the same Node flags): what a restarted
 * server does, without this process's garbage (the million events, the replay) or its warm code.
 */
function startInChild(target: string): { ms: number; conversations: number } {
  const output = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    env: { ...process.env, BENCH_COLDSTART_OPEN: target },
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(output.trim().split('\n').at(-1)!) as { ms: number; conversations: number };
}

async function main(): Promise<void> {
  const withSnapshot = mkdtempSync(join(tmpdir(), 'omnipulse-coldstart-'));
  const withoutSnapshot = mkdtempSync(join(tmpdir(), 'omnipulse-coldstart-'));
  const postgres = await startPostgres();
  try {
    // Built first, so that the million events are garbage before anything is measured.
    console.log(await buildStores(withSnapshot, withoutSnapshot, postgres.url));
    // Fresh processes first (a close would write a new snapshot).
    const freshFull = startInChild(`sqlite:${withoutSnapshot}`);
    const freshCold = startInChild(`sqlite:${withSnapshot}`);
    const freshJoined = startInChild(`postgres:${postgres.url}`);
    const full = await coldStart(() => SqliteEventStore.open(withoutSnapshot));
    await full.pipeline.close();
    const cold = await coldStart(() => SqliteEventStore.open(withSnapshot));
    console.log(
      `cold start with a snapshot ${EVENTS_AFTER_SNAPSHOT.toLocaleString('en')} events before the end (${freshCold.conversations.toLocaleString('en')} conversations), ` +
        `fresh process: ${seconds(freshCold.ms)} (target < 2 s) | baseline, replaying the whole log in a fresh process: ${seconds(freshFull.ms)} | ratio ${(freshFull.ms / freshCold.ms).toFixed(1)}x | ` +
        `in this process, right after its own replay (${seconds(full.ms)}): ${seconds(cold.ms)}`,
    );
    console.log(`  ${await breakdown(() => SqliteEventStore.open(withSnapshot))}`);
    console.log(`embedded store: ${await snapshotUnderLoad(cold.pipeline)}`);
    console.log(`  ${await sliceProfile(cold.pipeline.engine)}`);
    await cold.pipeline.close();

    // A new node joining many on PostgreSQL: the same log and snapshot in a real server.
    const joined = await coldStart(() => PostgresEventStore.open(postgres.url));
    console.log(
      `a new node catching up from PostgreSQL (same log and snapshot), fresh process: ${seconds(freshJoined.ms)} (target < 5 s) | ` +
        `baseline, the embedded store in a fresh process: ${seconds(freshCold.ms)} | in this process: ${seconds(joined.ms)}`,
    );
    console.log(`  ${await breakdown(() => PostgresEventStore.open(postgres.url))}`);
    console.log(`PostgreSQL: ${await snapshotUnderLoad(joined.pipeline)}`);
    await joined.pipeline.close();
  } finally {
    await postgres.stop();
    rmSync(withSnapshot, { recursive: true, force: true });
    rmSync(withoutSnapshot, { recursive: true, force: true });
  }
}

if (OPEN_ONLY === undefined) await main();
else await openInThisProcess(OPEN_ONLY);
