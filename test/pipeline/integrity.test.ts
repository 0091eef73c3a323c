/**
 * The pipeline's integrity guarantees (docs/store.md "What the pipeline guarantees"): a
 * refused event changes nothing, memory is never ahead of the log for a reader, a store
 * that fails to write leaves the engine rebuilt from the log, and start always works.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pack } from 'msgpackr';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReportKind } from '../../src/domain/reports.js';
import type { ReportQuery } from '../../src/domain/window.js';
import { Engine } from '../../src/engine/engine.js';
import { EventPipeline, type PipelineLog, StoreUnavailableError } from '../../src/engine/pipeline.js';
import type { SentimentAnalyzer } from '../../src/sentiment/analyzer.js';
import { defaultAnalyzer } from '../../src/sentiment/index.js';
import type { EventStore } from '../../src/store/event-store.js';
import { SqliteEventStore } from '../../src/store/sqlite-store.js';
import { ControlledStore } from './controlled-store.js';

let dir: string;
let store: ControlledStore;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'omnipulse-integrity-'));
  store = new ControlledStore(await SqliteEventStore.open(dir));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.parse('2026-12-02T05:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const NOW = T0 + 3_600_000;
const setup = [
  { id: 'q', type: 'queue.upserted', at: at(0), queueId: 'q1', name: 'Support' },
  { id: 'a', type: 'agent.upserted', at: at(0), agentId: 'a1', name: 'Ann', queueIds: ['q1'] },
];
const created = (n: number, s = n) => ({ id: `c${n}`, type: 'conversation.created', at: at(s), conversationId: `c${n}`, channel: 'chat', queueId: 'q1' });
const message = (id: string, conversationId: string, s: number, text = 'hello') => ({
  id,
  type: 'conversation.message',
  at: at(s),
  conversationId,
  from: 'customer',
  text,
});
const query = (): ReportQuery => ({ at: NOW, atIso: new Date(NOW).toISOString(), window: 'last24h', includeOpen: false, filters: {} });
const KINDS: ReportKind[] = ['ongoing', 'summary', 'agents', 'voice'];

function recordingLog(): PipelineLog & { lines: { level: string; message: string; details: object }[] } {
  const lines: { level: string; message: string; details: object }[] = [];
  return {
    lines,
    warn: (details, message) => lines.push({ level: 'warn', message, details }),
    error: (details, message) => lines.push({ level: 'error', message, details }),
  };
}

async function open(options: { analyzer?: SentimentAnalyzer; now?: () => number; log?: PipelineLog; target?: EventStore } = {}) {
  return EventPipeline.open({
    store: options.target ?? store,
    analyzer: options.analyzer ?? defaultAnalyzer,
    now: options.now ?? (() => NOW),
    log: options.log,
  });
}

/** Every report of a fresh engine fed exactly the events of the log. */
async function reportsOfLog(source: EventStore = store): Promise<unknown[]> {
  const engine = new Engine({ analyzer: defaultAnalyzer });
  for (const { event } of await source.readFrom(0, 1_000_000)) engine.apply(event);
  return KINDS.map((kind) => engine.report(kind, query()));
}

const reportsOf = (pipeline: EventPipeline) => KINDS.map((kind) => pipeline.engine.report(kind, query()));

describe('EventPipeline integrity', () => {
  it.each(['toString', '__proto__', 'constructor'])(
    'a batch with type %s: the valid event is applied and logged, the other refused, and a restart sees the same',
    async (type) => {
      let pipeline = await open();
      await pipeline.submit(setup);
      const result = await pipeline.submit([created(1), { id: 'h2', type, at: at(1) }]);
      expect(result).toMatchObject({ accepted: 1, duplicates: 0, rejected: [{ index: 1, error: { field: 'type' } }] });
      expect((await store.readFrom(0, 100)).map((stored) => stored.event.id)).toEqual(['q', 'a', 'c1']);
      expect((await pipeline.submit([created(1)])).duplicates).toBe(1);
      expect((await pipeline.submit([message('m1', 'c1', 2)])).accepted).toBe(1);
      const before = reportsOf(pipeline);
      expect(before).toEqual(await reportsOfLog());
      await pipeline.close();

      store = new ControlledStore(await SqliteEventStore.open(dir));
      pipeline = await open();
      expect(reportsOf(pipeline)).toEqual(before);
      await pipeline.close();
    },
  );

  it('holds every read while a commit is in flight: nothing uncommitted is ever shown', async () => {
    const pipeline = await open();
    await pipeline.submit([...setup, created(1)]);
    store.hold();
    const submitted = pipeline.submit([created(2), message('m', 'c1', 3)]);
    let readDone = false;
    const read = pipeline.read(() => pipeline.engine.state.conversations.has('c2')).then((seen) => {
      readDone = true;
      return seen;
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(readDone).toBe(false);
    expect(await store.lastSeq()).toBe(3);
    store.release();
    expect(await read).toBe(true);
    expect(await store.lastSeq()).toBe(5);
    expect((await submitted).accepted).toBe(2);
    await pipeline.close();
  });

  it('reads at once when nothing is in flight, in order with the groups', async () => {
    const pipeline = await open();
    await pipeline.submit(setup);
    expect(await pipeline.read(() => pipeline.engine.state.queues.size)).toBe(1);
    store.hold();
    const order: string[] = [];
    void pipeline.submit([created(1)]).then(() => order.push('submit 1'));
    void pipeline.read(() => order.push(`read sees ${pipeline.engine.state.conversations.size}`));
    void pipeline.submit([created(2)]).then(() => order.push('submit 2'));
    void pipeline.read(() => order.push(`read sees ${pipeline.engine.state.conversations.size}`));
    store.release();
    await pipeline.close();
    // Both reads ran after the first commit, before the second group was applied.
    expect(order.slice(0, 3).sort()).toEqual(['read sees 1', 'read sees 1', 'submit 1']);
    expect(order[3]).toBe('submit 2');
  });

  it('a store that fails to write: 503-style refusals with Retry-After, the engine rebuilt equal to the log, writes back after the cool-down', async () => {
    let clock = NOW;
    const log = recordingLog();
    const pipeline = await open({ now: () => clock, log });
    await pipeline.submit([...setup, created(1)]);
    const logged = await reportsOfLog();
    store.failure = new Error('SQLITE_FULL: database or disk is full');
    const failed = pipeline.submit([created(2), message('m1', 'c1', 3)]);
    await expect(failed).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(failed).rejects.toMatchObject({ retryAfterSeconds: 5 });
    expect(pipeline.isAvailable).toBe(false);
    await expect(pipeline.submit([created(3)])).rejects.toBeInstanceOf(StoreUnavailableError);
    // Reads wait for the rebuild, then see exactly the log.
    expect(await pipeline.read(() => reportsOf(pipeline))).toEqual(logged);
    expect(pipeline.engine.state.conversations.has('c2')).toBe(false);
    expect(log.lines.some((line) => line.level === 'error' && line.message.includes('failed to write'))).toBe(true);

    store.failure = null;
    clock += 5_000;
    expect(pipeline.isAvailable).toBe(true);
    expect((await pipeline.submit([created(2), message('m1', 'c1', 3)])).accepted).toBe(2);
    expect(reportsOf(pipeline)).toEqual(await reportsOfLog());
    await pipeline.close();
  });

  it('a store that can neither write nor be read back: onFatal is told once, everything answers unavailable', async () => {
    const fatal: Error[] = [];
    const pipeline = await EventPipeline.open({ store, analyzer: defaultAnalyzer, now: () => NOW, onFatal: (error) => fatal.push(error) });
    await pipeline.submit([...setup, created(1)]);
    store.failureAfterBuild = new Error('EIO');
    store.readFailure = new Error('EIO on read');
    await expect(pipeline.submit([created(2)])).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(pipeline.read(() => 1)).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(fatal.map((error) => error.message)).toEqual(['EIO on read']);
    expect(pipeline.isAvailable).toBe(false);
    await expect(pipeline.submit([created(3)])).rejects.toThrow(/must restart/);
    store.readFailure = null;
    store.failureAfterBuild = null;
    await pipeline.close();
  });

  it('a commit that fails after the group was applied rebuilds the engine from the log', async () => {
    const pipeline = await open();
    await pipeline.submit([...setup, created(1)]);
    store.failureAfterBuild = new Error('EIO at commit');
    await expect(pipeline.submit([created(2)])).rejects.toBeInstanceOf(StoreUnavailableError);
    store.failureAfterBuild = null;
    expect(await pipeline.read(() => pipeline.engine.state.conversations.has('c2'))).toBe(false);
    expect(await pipeline.read(() => reportsOf(pipeline))).toEqual(await reportsOfLog());
    await pipeline.close();
  });

  it('an event that throws while applied is refused as internal; the rest of its batch and of its group is applied; memory equals the log', async () => {
    const throwing: SentimentAnalyzer = {
      analyze: (text) => {
        if (text === 'boom') throw new Error('analyzer bug');
        return defaultAnalyzer.analyze(text);
      },
      combine: (recent) => defaultAnalyzer.combine(recent),
    };
    const log = recordingLog();
    const pipeline = await open({ analyzer: throwing, log });
    await pipeline.submit([...setup, created(1)]);
    const [first, second] = await Promise.all([
      pipeline.submit([created(2), message('m1', 'c1', 3, 'boom'), message('m2', 'c1', 4)]),
      pipeline.submit([created(3)]),
    ]);
    expect(first).toMatchObject({ accepted: 2, rejected: [{ index: 1, error: { code: 'internal' } }] });
    expect(second.accepted).toBe(1);
    const ids = (await store.readFrom(0, 100)).map((stored) => stored.event.id);
    expect(ids).toEqual(['q', 'a', 'c1', 'c2', 'm2', 'c3']);
    // The half-applied message left no trace (the engine was rebuilt from the log).
    const engine = new Engine({ analyzer: defaultAnalyzer });
    for (const { event } of await store.readFrom(0, 100)) engine.apply(event);
    expect(reportsOf(pipeline)).toEqual(KINDS.map((kind) => engine.report(kind, query())));
    expect(pipeline.engine.state.conversations.get('c1')!.version).toBe(2);
    expect(log.lines.some((line) => line.message.includes('threw while applied'))).toBe(true);
    await pipeline.close();
  });

  it('ignores a snapshot of another format or unreadable bytes and rebuilds from the whole log, with a log line', async () => {
    let pipeline = await open();
    await pipeline.submit([...setup, created(1), created(2)]);
    const before = reportsOf(pipeline);
    await pipeline.close();
    const others = [
      [pack({ format: 3, queues: [], agents: [] }), pack({ conversations: [] })], // an older version's header
      [Buffer.from(JSON.stringify({ format: 1, queues: [], agents: [], conversations: [], seenIds: [] }))], // the JSON of version 1
      [Buffer.from([0xc1, 0xff, 0x00])], // not msgpack
    ];
    for (const chunks of others) {
      const inner = await SqliteEventStore.open(dir);
      await inner.saveSnapshot(4, chunks);
      store = new ControlledStore(inner);
      const log = recordingLog();
      pipeline = await open({ log });
      expect(reportsOf(pipeline)).toEqual(before);
      expect(log.lines).toContainEqual(expect.objectContaining({ level: 'warn', message: 'snapshot ignored: rebuilding from the whole log' }));
      await pipeline.close();
    }
  });

  it('starts from a log holding events that no longer parse or apply, names their seq, and keeps the version check in step', async () => {
    // A log written by an older version: a type that was never valid, an event of a
    // conversation whose creation never reached the log, an event dated before its predecessor.
    await store.inner.append(
      [
        ...setup,
        { id: 'bad', type: 'toString', at: at(1) },
        message('orphan', 'ghost', 2),
        created(1, 10),
        message('early', 'c1', 5),
      ].map((event) => ({ event })),
    );
    const log = recordingLog();
    const pipeline = await open({ log });
    expect(pipeline.skippedAtRestore).toBe(3);
    const skipped = log.lines.filter((line) => line.message === 'event of the log skipped at restore');
    expect(skipped.map((line) => (line.details as { seq: number }).seq)).toEqual([3, 4, 6]);
    // The log holds one event of `ghost` and two of `c1`: appends must agree with that.
    expect(pipeline.engine.streamVersion('ghost')).toBe(1);
    expect(pipeline.engine.streamVersion('c1')).toBe(2);
    expect((await pipeline.submit([message('m', 'c1', 20)])).accepted).toBe(1);
    const ghost = await pipeline.submit([{ ...created(9), id: 'g', conversationId: 'ghost' }]);
    expect(ghost.rejected[0]!.error).toMatchObject({ code: 'conflict', field: 'conversationId' });
    expect(pipeline.isAvailable).toBe(true);
    await pipeline.close();
  });

  it('another writer on the same log: its events are applied first, in the log order, and versions stay in step', async () => {
    const pipeline = await open();
    const heard: string[] = [];
    pipeline.onApplied((events) => heard.push(...events.map((event) => event.id)));
    await pipeline.submit([...setup, created(1)]);
    // Another writer (another process on the same log) adds to c1's stream and closes it.
    await store.inner.append([
      { event: message('other', 'c1', 2, 'from another node'), expectedVersion: 1 },
      { event: { id: 'closed-elsewhere', type: 'conversation.closed', at: at(3), conversationId: 'c1' }, expectedVersion: 2 },
    ]);
    // Our writer's turn reads that tail first: the message is refused against the real state.
    const mine = await pipeline.submit([message('mine', 'c1', 4)]);
    expect(mine.rejected[0]!.error).toMatchObject({ code: 'invalid-transition', status: 'closed' });
    expect(heard.slice(-2)).toEqual(['other', 'closed-elsewhere']);
    expect(pipeline.engine.streamVersion('c1')).toBe(3);
    expect((await pipeline.submit([created(2)])).accepted).toBe(1);
    expect(reportsOf(pipeline)).toEqual(await reportsOfLog());
    await pipeline.close();
  });

  it('refuses an event dated more than 5 minutes after the server clock, naming at', async () => {
    const pipeline = await open();
    await pipeline.submit(setup);
    const future = (s: number) => ({ ...created(s), at: new Date(NOW + s * 1000).toISOString() });
    const result = await pipeline.submit([future(299), future(301)]);
    expect(result.accepted).toBe(1);
    expect(result.rejected).toEqual([{ index: 1, error: expect.objectContaining({ code: 'invalid-event', field: 'at' }) }]);
    await pipeline.close();
  });
});
