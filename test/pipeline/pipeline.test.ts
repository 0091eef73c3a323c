/**
 * The live pipeline: events checked and applied in one tick, answered after the durable
 * append, restored on restart from the latest snapshot plus the log after it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/domain/events.js';
import type { OngoingReport } from '../../src/domain/reports.js';
import { EventPipeline } from '../../src/engine/pipeline.js';
import { defaultAnalyzer } from '../../src/sentiment/index.js';
import { SqliteEventStore } from '../../src/store/sqlite-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'omnipulse-pipeline-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const at = (s: number) => new Date(Date.parse('2024-07-09T08:00:00Z') + s * 1000).toISOString();
const setup = [
  { id: 'q', type: 'queue.upserted', at: at(0), queueId: 'q1', name: 'Support', sentimentAlert: 'negative' },
  { id: 'a', type: 'agent.upserted', at: at(0), agentId: 'a1', name: 'Ann', queueIds: ['q1'] },
];
const created = (n: number) => ({ id: `c${n}`, type: 'conversation.created', at: at(n), conversationId: `c${n}`, channel: 'chat', queueId: 'q1' });

async function open(snapshotEvery?: number) {
  return EventPipeline.open({ store: await SqliteEventStore.open(dir), analyzer: defaultAnalyzer, snapshotEvery });
}

describe('EventPipeline', () => {
  it('answers per event: accepted, duplicates, rejected with index and field', async () => {
    const pipeline = await open();
    const result = await pipeline.submit([...setup, created(1), created(1), { id: 'x', type: 'conversation.closed', at: at(2) }]);
    expect(result.accepted).toBe(3);
    expect(result.duplicates).toBe(1);
    expect(result.rejected).toEqual([{ index: 4, error: expect.objectContaining({ field: 'conversationId' }) }]);
    await pipeline.close();
  });

  it('tells listeners only after the events are durable', async () => {
    const pipeline = await open();
    const store = (pipeline as unknown as { store: SqliteEventStore }).store;
    const seen: number[] = [];
    pipeline.onApplied(async (events: readonly DomainEvent[]) => {
      seen.push(events.length, await store.lastSeq());
    });
    await pipeline.submit(setup);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen).toEqual([2, 2]);
    await pipeline.close();
  });

  it('refuses the second of two conflicting commands made in the same tick', async () => {
    const pipeline = await open();
    await pipeline.submit([...setup, created(1)]);
    const close = (id: string) => ({ id, type: 'conversation.closed', at: at(5), conversationId: 'c1' });
    const [first, second] = await Promise.all([pipeline.submit([close('x1')]), pipeline.submit([close('x2')])]);
    expect(first.accepted).toBe(1);
    expect(second.rejected[0]!.error).toMatchObject({ status: 'closed' });
    await pipeline.close();
  });

  it('restores everything after a restart, from a snapshot plus the events after it', async () => {
    const first = await SqliteEventStore.open(dir);
    let pipeline = await EventPipeline.open({ store: first, analyzer: defaultAnalyzer, snapshotEvery: 3 });
    await pipeline.submit(setup);
    await pipeline.submit([created(1), created(2)]); // 4 events ≥ 3: a snapshot is taken at seq 4
    await pipeline.submit([
      { id: 'm', type: 'conversation.message', at: at(9), conversationId: 'c2', from: 'customer', text: 'This is terrible, I am furious!!' },
    ]);
    const query = { at: Date.parse(at(20)), atIso: at(20), window: 'last24h', includeOpen: false, filters: {} } as const;
    const before = pipeline.engine.report('ongoing', query);
    // The snapshot is written in the background, a slice at a time.
    await expect.poll(async () => (await first.latestSnapshot())?.seq).toBe(4);
    // Drop the pipeline as a crash would: no close(), so no shutdown snapshot covers the tail.
    await first.close();

    const store = await SqliteEventStore.open(dir);
    expect((await store.latestSnapshot())?.seq, 'the snapshot of snapshotEvery, before the tail').toBe(4);
    expect(await store.lastSeq()).toBe(5);
    // Record what the restore reads from the log: exactly the tail after the snapshot.
    const read: number[] = [];
    const recording = new Proxy(store, {
      get(target, property) {
        if (property === 'readFrom') {
          return async (afterSeq: number, limit: number) => {
            const page = await target.readFrom(afterSeq, limit);
            read.push(...page.map((e) => e.seq));
            return page;
          };
        }
        const value = Reflect.get(target, property) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    pipeline = await EventPipeline.open({ store: recording, analyzer: defaultAnalyzer, snapshotEvery: 3 });
    expect(read, 'the restore replays the tail after the snapshot, and only it').toEqual([5]);
    const after = pipeline.engine.report('ongoing', query);
    expect(after).toEqual(before);
    const rows = (after as OngoingReport).conversations;
    // The alert comes from the message in the tail: the tail was applied on top of the snapshot.
    expect(rows.find((row) => row.id === 'c2')).toMatchObject({ sentimentAlert: true });
    expect((await pipeline.submit([created(1)])).duplicates).toBe(1);
    await pipeline.close();
  });
});
