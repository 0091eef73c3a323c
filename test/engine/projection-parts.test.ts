/**
 * The parts of the incremental projections: creation buckets and their window edges
 * (SPEC §6 "Report window"), the ordered list, and the ongoing page (SPEC §8 ongoing).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/domain/model.js';
import { recompute } from '../../src/domain/recompute.js';
import type { OngoingReport } from '../../src/domain/reports.js';
import type { ReportQuery } from '../../src/domain/window.js';
import { Engine } from '../../src/engine/engine.js';
import { type CellSelection, CreationBuckets, dimsOf, HOUR_MS, MINUTE_MS } from '../../src/engine/projections/creation-buckets.js';
import { smallestK } from '../../src/engine/projections/ongoing-index.js';
import { SortedList } from '../../src/engine/projections/sorted-list.js';
import { defaultAnalyzerForTests } from './analyzer.js';

const countOps = {
  create: () => ({ n: 0 }),
  apply: (t: { n: number }, d: number, sign: 1 | -1) => void (t.n += sign * d),
  merge: (t: { n: number }, s: { n: number }) => void (t.n += s.n),
};

function conversationAt(createdAt: number, id = `c${createdAt}`): Conversation {
  return { id, createdAt, queueId: 'q', channel: 'chat', direction: 'inbound', status: 'open', activeAgentId: null } as Conversation;
}

describe('creation buckets (SPEC §6 report window)', () => {
  it('a window is full minutes and hours plus at most two edge ranges, covering each millisecond once', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 * 86_400_000 }), { maxLength: 60 }), fc.integer({ min: 0, max: 3 * 86_400_000 }), fc.integer({ min: 0, max: 2 * 86_400_000 }), (times, from, length) => {
        const to = from + length;
        const buckets = new CreationBuckets(countOps);
        for (const time of times) buckets.apply(dimsOf(conversationAt(time)), 1, 1);
        let counted = 0;
        const edges = buckets.collect(from, to, {}, (payload) => (counted += payload.n));
        expect(edges.length).toBeLessThanOrEqual(2);
        for (const [edgeFrom, edgeTo] of edges) {
          // An edge range holds no whole minute (those are read from the minute buckets): a
          // window with none inside (e.g. 09:00:00.001–09:01:00.002) is one edge range over
          // parts of two minutes, so up to two minutes long, never one whole minute.
          const firstWholeMinute = Math.ceil(edgeFrom / MINUTE_MS) * MINUTE_MS;
          expect(firstWholeMinute + MINUTE_MS - 1).toBeGreaterThan(edgeTo);
          counted += times.filter((t) => t >= edgeFrom && t <= edgeTo).length;
        }
        expect(counted).toBe(times.filter((t) => t >= from && t <= to).length);
      }),
      { numRuns: 300 },
    );
  });

  it('a window on minute edges needs no edge ranges; one inside a minute is all edge', () => {
    const buckets = new CreationBuckets(countOps);
    // The case the property found: parts of two minutes, 60,001 ms, no whole minute.
    expect(buckets.collect(1, 60_002, {}, () => {})).toEqual([[1, 60_002]]);
    expect(buckets.collect(HOUR_MS, 25 * HOUR_MS - 1, {}, () => {})).toEqual([]);
    expect(buckets.collect(HOUR_MS + 1, HOUR_MS + 10, {}, () => {})).toEqual([[HOUR_MS + 1, HOUR_MS + 10]]);
    expect(buckets.collect(HOUR_MS + 1, HOUR_MS + MINUTE_MS, {}, () => {})).toEqual([[HOUR_MS + 1, HOUR_MS + MINUTE_MS]]);
    expect(buckets.collect(HOUR_MS + 1, HOUR_MS + 2 * MINUTE_MS, {}, () => {})).toEqual([
      [HOUR_MS + 1, HOUR_MS + MINUTE_MS - 1],
      [HOUR_MS + 2 * MINUTE_MS, HOUR_MS + 2 * MINUTE_MS],
    ]);
  });

  it('retracting what was added leaves no bucket behind', () => {
    const buckets = new CreationBuckets(countOps);
    const conversation = conversationAt(5 * HOUR_MS + 123);
    buckets.apply(dimsOf(conversation), 1, 1);
    expect(buckets.bucketCount).toBe(2);
    buckets.apply(dimsOf(conversation), 1, -1);
    expect(buckets.bucketCount).toBe(0);
  });

  it('cells are selected by queue, channel, status and agent', () => {
    const buckets = new CreationBuckets(countOps);
    buckets.apply(dimsOf(conversationAt(0, 'a')), 1, 1);
    buckets.apply(dimsOf({ ...conversationAt(0, 'b'), queueId: 'r', channel: 'voice' }), 1, 1);
    const sum = (selection: CellSelection) => {
      let n = 0;
      buckets.collect(0, HOUR_MS - 1, selection, (p) => (n += p.n));
      return n;
    };
    expect(sum({})).toBe(2);
    expect(sum({ queues: new Set(['r']) })).toBe(1);
    expect(sum({ queues: new Set() })).toBe(0);
    // More queues selected than a bucket holds: the bucket's own queues are walked.
    expect(sum({ queues: new Set(['q', 'r', 'x']) })).toBe(2);
    expect(sum({ queues: new Set(['r', 'x', 'y']) })).toBe(1);
    expect(sum({ channel: 'voice' })).toBe(1);
    expect(sum({ queues: new Set(['q']), channel: 'voice' })).toBe(0);
    expect(sum({ status: 'closed' })).toBe(0);
  });

  it('loading in bulk (a rebuild) fills the same parts as adding one at a time, in any order, minute cutoff included', () => {
    const conversationArb = fc.record({
      createdAt: fc.integer({ min: 0, max: 2 * 86_400_000 }),
      queueId: fc.constantFrom('q', 'r'),
      channel: fc.constantFrom('chat' as const, 'voice' as const),
      status: fc.constantFrom('open' as const, 'closed' as const),
      activeAgentId: fc.constantFrom(null, 'a', 'b'),
      weight: fc.integer({ min: 1, max: 9 }),
    });
    const selections: CellSelection[] = [{}, { queues: new Set(['r']) }, { channel: 'voice' }, { status: 'open', agent: 'a' }, { queues: new Set(['q']), agent: 'b' }];
    fc.assert(
      fc.property(fc.array(conversationArb, { maxLength: 80 }), fc.integer({ min: 0, max: 2 * 86_400_000 }), fc.integer({ min: 0, max: 86_400_000 }), fc.option(fc.integer({ min: 0, max: 2 * 86_400_000 })), (items, from, length, minuteCutoff) => {
        for (const [minuteLevel, minuteAgents] of [[true, true], [true, false], [false, false]]) {
          const oneByOne = new CreationBuckets(countOps, false, minuteLevel, minuteAgents);
          const loaded = new CreationBuckets(countOps, false, minuteLevel, minuteAgents);
          const dims = (item: (typeof items)[number]) => dimsOf({ ...conversationAt(item.createdAt), ...item });
          for (const item of items) oneByOne.apply(dims(item), item.weight, 1);
          if (minuteCutoff !== null) oneByOne.dropMinutesBefore(minuteCutoff);
          loaded.load((add) => items.forEach((item) => add(dims(item), item.weight)), minuteCutoff ?? undefined);
          expect(loaded.bucketCount).toBe(oneByOne.bucketCount);
          for (const selection of selections) {
            const sums = [oneByOne, loaded].map((buckets) => {
              const visited: string[] = [];
              const edges = buckets.collect(from, from + length, selection, (payload, queueId, channel) => visited.push(`${queueId}/${channel}:${payload.n}`));
              return { edges, visited: visited.sort() };
            });
            expect(sums[1]).toEqual(sums[0]);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

  it('moving a conversation between cells, queues and agents gives the figures and buckets of taking it out and putting it back', () => {
    const dims = fc.record({
      queueId: fc.constantFrom('q', 'r', 's'),
      channel: fc.constantFrom('chat' as const, 'voice' as const),
      status: fc.constantFrom('open' as const, 'active' as const, 'closed' as const),
      agentId: fc.constantFrom(null, 'a1', 'a2'),
    });
    // Each step moves one of a few conversations (created in two minutes of one hour) to new dimensions.
    const steps = fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), dims, fc.integer({ min: 1, max: 5 })), { maxLength: 40 });
    const selections: CellSelection[] = [
      {},
      { queues: new Set(['q']) },
      { queues: new Set(['r', 's']), status: 'active' },
      { channel: 'voice' },
      { agent: 'a1' },
      { status: 'closed', agent: 'a2' },
    ];
    for (const [keepEmptyCells, minuteAgents] of [[false, true], [true, true], [false, false]]) {
      fc.assert(
        fc.property(steps, (moves) => {
          const moved = new CreationBuckets(countOps, keepEmptyCells, true, minuteAgents);
          const reference = new CreationBuckets(countOps, keepEmptyCells, true, minuteAgents);
          const conversations = [0, 1, 2, 3].map((i) => ({ ...dimsOf(conversationAt(3 * HOUR_MS + (i % 2) * MINUTE_MS + i)), weight: 1 }));
          for (const conversation of conversations) {
            moved.apply(conversation, conversation.weight, 1);
            reference.apply(conversation, conversation.weight, 1);
          }
          for (const [i, next, weight] of moves) {
            const before = conversations[i];
            const after = { ...before, ...next, weight };
            moved.move(before, after, before.weight, after.weight);
            reference.apply(before, before.weight, -1);
            reference.apply(after, after.weight, 1);
            conversations[i] = after;
          }
          expect(moved.bucketCount).toBe(reference.bucketCount);
          // Kept empty cells stay until their queue node empties, which a move (new place first) never does in passing.
          if (!keepEmptyCells) expect(moved.cellCount).toBe(reference.cellCount);
          for (const selection of selections) {
            // Whole hour (hour bucket), then a window of whole minutes (minute buckets).
            for (const [from, to] of [[3 * HOUR_MS, 4 * HOUR_MS - 1], [3 * HOUR_MS, 3 * HOUR_MS + 2 * MINUTE_MS - 1]]) {
              const sum = (buckets: typeof moved) => {
                let n = 0;
                const edges = buckets.collect(from, to, selection, (payload) => (n += payload.n));
                return { n, edges };
              };
              expect(sum(moved)).toEqual(sum(reference));
            }
          }
          const expected = conversations.filter((c) => c.status === 'active').reduce((total, c) => total + c.weight, 0);
          let active = 0;
          moved.collect(3 * HOUR_MS, 4 * HOUR_MS - 1, { status: 'active' }, (payload) => (active += payload.n));
          expect(active).toBe(expected);
        }),
        { numRuns: 200 },
      );
    }
  });

describe('ordered list', () => {
  it('load takes items already in order, and inserts and removes keep working after it', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 5000 }), { maxLength: 2000 }), fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 300 }), (values, later) => {
        const sorted = [...values].sort((a, b) => a - b);
        const list = new SortedList<number>((a, b) => a - b);
        list.insert(-1);
        list.load(sorted);
        expect([...list]).toEqual(sorted);
        expect(list.size).toBe(sorted.length);
        const model = new Set(sorted);
        for (const value of later) {
          if (model.has(value)) expect(list.remove(value)).toBe(model.delete(value));
          else {
            list.insert(value);
            model.add(value);
          }
        }
        expect([...list]).toEqual([...model].sort((a, b) => a - b));
        expect([...list.from((v) => v < 2500)]).toEqual([...model].sort((a, b) => a - b).filter((v) => v >= 2500));
      }),
      { numRuns: 60 },
    );
  });
  it('keeps any sequence of inserts and removes in order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 3000 })), { maxLength: 3000 }), (ops) => {
        const list = new SortedList<number>((a, b) => a - b);
        const model = new Set<number>();
        for (const [isInsert, value] of ops) {
          if (isInsert && !model.has(value)) {
            list.insert(value);
            model.add(value);
          } else if (!isInsert) {
            expect(list.remove(value)).toBe(model.delete(value));
          }
        }
        const sorted = [...model].sort((a, b) => a - b);
        expect([...list]).toEqual(sorted);
        expect(list.size).toBe(sorted.length);
        expect([...list.from((v) => v < 1500)]).toEqual(sorted.filter((v) => v >= 1500));
      }),
      { numRuns: 60 },
    );
  });

  it('smallestK gives the first k of a full sort', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.nat(20), (items, k) => {
        expect(smallestK(items, (a, b) => a - b, k)).toEqual([...items].sort((a, b) => a - b).slice(0, k));
      }),
    );
  });
});

describe('ongoing page (SPEC §8 ongoing, live console paging)', () => {
  const engine = new Engine({ analyzer: defaultAnalyzerForTests });
  const at = Date.parse('2025-03-10T12:00:00Z');
  const iso = (ms: number) => new Date(ms).toISOString();
  let n = 0;
  const apply = (ms: number, event: object) => {
    const outcome = engine.apply({ id: `e${n++}`, at: iso(ms), ...event });
    expect(outcome.status).toBe('applied');
  };
  apply(at - 3_600_000, { type: 'queue.upserted', queueId: 'q', name: 'Q' });
  apply(at - 3_600_000, { type: 'agent.upserted', agentId: 'a', name: 'A', queueIds: ['q'] });
  for (let i = 0; i < 30; i++) {
    const created = at - 3_000_000 + i * 60_000;
    apply(created, { type: 'conversation.created', conversationId: `c${i}`, channel: i % 2 ? 'chat' : 'sms', queueId: 'q' });
    if (i % 3 === 0) apply(created + 1000 + i * 500, { type: 'conversation.assigned', conversationId: `c${i}`, agentId: 'a', by: 'agent' });
  }
  const query: ReportQuery = { at, atIso: iso(at), window: 'last24h', includeOpen: false, filters: {} };
  const full = recompute(engine.state, 'ongoing', query) as OngoingReport;

  it('the default page is a slice of the full report', () => {
    const page = engine.projections.ongoingPage(query, { limit: 7, offset: 5 });
    expect(page.total).toBe(30);
    expect(page.conversations).toEqual(full.conversations.slice(5, 12));
    const last = engine.projections.ongoingPage(query, { limit: 7, offset: 0, descending: true });
    expect(last.conversations).toEqual(full.conversations.slice(-7).reverse());
  });

  it('sorting by wait gives the rows of a full sort by the shown figure, ties in the default order', () => {
    const byWait = [...full.conversations].sort((a, b) => b.waitSeconds - a.waitSeconds);
    const page = engine.projections.ongoingPage(query, { sort: 'waitSeconds', descending: true, limit: 10, offset: 3 });
    expect(page.conversations).toEqual(byWait.slice(3, 13));
    // Read from the wait orders (running waits merged with finished ones), both ways.
    const shortestFirst = [...full.conversations].sort((a, b) => a.waitSeconds - b.waitSeconds);
    expect(engine.projections.ongoingPage(query, { sort: 'waitSeconds', limit: 30 }).conversations).toEqual(shortestFirst);
    const chat = engine.projections.ongoingPage({ ...query, filters: { channel: 'chat' } }, { sort: 'handleSeconds', limit: 100 });
    expect(chat.total).toBe(15);
    expect(chat.conversations.map((row) => row.handleSeconds)).toEqual(
      full.conversations.filter((row) => row.channel === 'chat').map((row) => row.handleSeconds).sort((a, b) => a - b),
    );
  });
});
