/**
 * Duplicates are refused exactly (SPEC §3) while the engine keeps only recent event ids in
 * memory (issue #15): older ones are asked of the store's unique index, one batched lookup
 * per group, and snapshots no longer carry the ids.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventPipeline } from '../../src/engine/pipeline.js';
import { defaultAnalyzer } from '../../src/sentiment/index.js';
import { SqliteEventStore } from '../../src/store/sqlite-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'omnipulse-seen-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.parse('2026-12-02T05:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const presence = (n: number) => ({ id: `p${n}`, type: 'agent.presence', at: at(n), agentId: 'a1', presence: n % 2 ? 'away' : 'available' });
const setup = [
  { id: 'q', type: 'queue.upserted', at: at(0), queueId: 'q1', name: 'Support' },
  { id: 'a', type: 'agent.upserted', at: at(0), agentId: 'a1', name: 'Ann', queueIds: ['q1'] },
];

async function open(options: { recentIds?: number; snapshotEvery?: number } = {}) {
  const store = await SqliteEventStore.open(dir);
  const pipeline = await EventPipeline.open({ store, analyzer: defaultAnalyzer, now: () => T0 + 86_400_000, ...options });
  return { store, pipeline };
}

describe('duplicates beyond the ids kept in memory', () => {
  it('a duplicate of an event long out of the recent ids is still refused, with one lookup per group', async () => {
    const { store, pipeline } = await open({ recentIds: 100 });
    await pipeline.submit(setup);
    for (let batch = 0; batch < 20; batch += 1) {
      await pipeline.submit(Array.from({ length: 500 }, (_, i) => presence(batch * 500 + i + 1)));
    }
    expect(pipeline.engine.recentIdCount).toBeLessThanOrEqual(100);
    expect(pipeline.engine.hasSeen('p1')).toBe(false);
    const lookups = store.idLookups;
    const again = await pipeline.submit([presence(1), presence(2), presence(9_999), { ...presence(10_001), id: 'fresh' }]);
    expect(again).toMatchObject({ accepted: 1, duplicates: 3, rejected: [] });
    expect(store.idLookups - lookups).toBe(1);
    expect(await store.lastSeq()).toBe(2 + 10_000 + 1);
    await pipeline.close();
  });

  it('after a restart and from before the last snapshot, which no longer carries the ids', async () => {
    let { pipeline } = await open({ recentIds: 10, snapshotEvery: 50 });
    await pipeline.submit([...setup, ...Array.from({ length: 120 }, (_, i) => presence(i + 1))]);
    await pipeline.submit(Array.from({ length: 30 }, (_, i) => presence(200 + i)));
    await pipeline.close();

    const reopened = await open({ recentIds: 10 });
    pipeline = reopened.pipeline;
    const snapshot = (await reopened.store.latestSnapshot())!;
    expect(Buffer.concat(snapshot.chunks).includes('p1')).toBe(false);
    const result = await pipeline.submit([presence(1), presence(120), presence(229), { ...presence(300), id: 'new-after-restart' }]);
    expect(result).toMatchObject({ accepted: 1, duplicates: 3 });
    await pipeline.close();
  });
});
