/**
 * The EventStore contract (STYLE.md "Contract tests for every store"). Every store calls
 * `runEventStoreContract` with a factory and must pass it unchanged.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AppendOutcome, AppendRequest, EventStore, LoggedEvent, StoredSnapshot } from '../../src/store/event-store.ts';

/** One durable location (a temp directory, a fresh database schema...) for one test. */
export interface EventStoreFixture {
  /** Opens the store at this location; called again after `close()` to reopen it. */
  open(): Promise<EventStore>;
  /** Removes the location. Called after the test, with every store closed. */
  dispose(): Promise<void>;
}

export type EventStoreFactory = () => Promise<EventStoreFixture>;

export function event(id: string, fields: Partial<LoggedEvent> = {}): LoggedEvent {
  return { id, type: 'conversation.message', at: '2025-03-01T09:00:00Z', ...fields };
}

function inStream(id: string, conversationId: string, expectedVersion?: number): AppendRequest {
  return expectedVersion === undefined
    ? { event: event(id, { conversationId }) }
    : { event: event(id, { conversationId }), expectedVersion };
}

/** A snapshot chunk from text (a plain Uint8Array, not a Buffer). */
function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** A stored snapshot with its chunks as text, for comparisons. */
function asText(snapshot: StoredSnapshot | null): { seq: number; chunks: string[] } | null {
  return snapshot && { seq: snapshot.seq, chunks: snapshot.chunks.map((chunk) => Buffer.from(chunk).toString()) };
}

function appendedSeq(outcome: AppendOutcome): number {
  if (outcome.status !== 'appended') throw new Error(`expected appended, got ${JSON.stringify(outcome)}`);
  return outcome.seq;
}

export function runEventStoreContract(name: string, factory: EventStoreFactory): void {
  describe(`EventStore contract: ${name}`, () => {
    let fixture: EventStoreFixture | null = null;
    const opened: EventStore[] = [];

    async function openStore(): Promise<EventStore> {
      fixture ??= await factory();
      const store = await fixture.open();
      opened.push(store);
      return store;
    }

    async function reopen(store: EventStore): Promise<EventStore> {
      await store.close();
      return openStore();
    }

    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
      await fixture?.dispose();
      fixture = null;
    });

    describe('append and read', () => {
      it('an empty store has no events, streams or snapshot', async () => {
        const store = await openStore();
        expect(await store.lastSeq()).toBe(0);
        expect(await store.readFrom(0, 100)).toEqual([]);
        expect(await store.streamVersion('c1')).toBe(0);
        expect(await store.latestSnapshot()).toBeNull();
      });

      it('assigns gap-free seqs from 1 in request order and keeps every field (SPEC §3 unknown fields are kept)', async () => {
        const store = await openStore();
        const first = event('e1', { conversationId: 'c1', text: 'héllo ✓', nested: { a: [1, null, true] } });
        const second = event('e2', { type: 'agent.presence', agentId: 'a1', presence: 'available' });
        const outcomes = await store.append([{ event: first }, { event: second }]);
        expect(outcomes).toEqual([
          { status: 'appended', seq: 1, version: 1 },
          { status: 'appended', seq: 2, version: 0 },
        ]);
        expect(await store.append([{ event: event('e3') }])).toEqual([{ status: 'appended', seq: 3, version: 0 }]);
        expect(await store.lastSeq()).toBe(3);
        expect(await store.readFrom(0, 10)).toEqual([
          { seq: 1, event: first },
          { seq: 2, event: second },
          { seq: 3, event: event('e3') },
        ]);
      });

      it('an empty batch writes nothing', async () => {
        const store = await openStore();
        expect(await store.append([])).toEqual([]);
        expect(await store.lastSeq()).toBe(0);
      });

      it('readFrom pages through the log in seq order', async () => {
        const store = await openStore();
        const ids = Array.from({ length: 25 }, (_, i) => `e${i + 1}`);
        await store.append(ids.map((id) => ({ event: event(id) })));
        const seen: string[] = [];
        let after = 0;
        for (;;) {
          const page = await store.readFrom(after, 7);
          if (page.length === 0) break;
          expect(page.length).toBeLessThanOrEqual(7);
          expect(page.map((e) => e.seq)).toEqual(page.map((_, i) => after + i + 1));
          seen.push(...page.map((e) => e.event.id));
          after = page[page.length - 1].seq;
        }
        expect(seen).toEqual(ids);
        expect(await store.readFrom(10, 3)).toEqual([
          { seq: 11, event: event('e11') },
          { seq: 12, event: event('e12') },
          { seq: 13, event: event('e13') },
        ]);
        expect(await store.readFrom(25, 10)).toEqual([]);
        expect(await store.readFrom(1000, 10)).toEqual([]);
        expect(await store.readFrom(0, 0)).toEqual([]);
      });

      it('refuses malformed requests without writing any of the batch', async () => {
        const store = await openStore();
        const noId = { type: 't', at: '2025-03-01T09:00:00Z' } as unknown as LoggedEvent;
        await expect(store.append([{ event: event('ok') }, { event: noId }])).rejects.toThrow(TypeError);
        await expect(store.append([{ event: event('e1'), expectedVersion: 0 }])).rejects.toThrow(/stream/);
        await expect(store.append([inStream('e2', 'c1', -1)])).rejects.toThrow(RangeError);
        await expect(store.append([{ event: event('e3', { size: 1n }) }])).rejects.toThrow(TypeError);
        expect(await store.lastSeq()).toBe(0);
      });
    });

    describe('idempotency on event id (SPEC §3)', () => {
      it('a repeated id is a duplicate whatever its payload, and the first payload stays', async () => {
        const store = await openStore();
        await store.append([{ event: event('e1', { text: 'first' }) }]);
        const outcomes = await store.append([{ event: event('e1', { type: 'other', text: 'second' }) }]);
        expect(outcomes).toEqual([{ status: 'duplicate', seq: 1 }]);
        expect(await store.lastSeq()).toBe(1);
        expect((await store.readFrom(0, 10)).map((e) => e.event.text)).toEqual(['first']);
      });

      it('a repeat of an earlier request in the same batch is a duplicate', async () => {
        const store = await openStore();
        const outcomes = await store.append([
          { event: event('e1') },
          { event: event('e2') },
          { event: event('e1', { text: 'again' }) },
        ]);
        expect(outcomes).toEqual([
          { status: 'appended', seq: 1, version: 0 },
          { status: 'appended', seq: 2, version: 0 },
          { status: 'duplicate', seq: 1 },
        ]);
        expect(await store.lastSeq()).toBe(2);
      });

      it('the same id sent by concurrent appends is stored once', async () => {
        const store = await openStore();
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) => store.append([{ event: event('same', { attempt: i }) }])),
        );
        expect(results.flat().filter((o) => o.status === 'appended')).toHaveLength(1);
        expect(results.flat().filter((o) => o.status === 'duplicate')).toHaveLength(9);
        expect(await store.lastSeq()).toBe(1);
      });

      it('a retry of an acknowledged append is a duplicate, not a conflict, though the stream moved on', async () => {
        const store = await openStore();
        await store.append([inStream('e1', 'c1', 0)]);
        await store.append([inStream('e2', 'c1', 1)]);
        expect(await store.append([inStream('e1', 'c1', 0)])).toEqual([{ status: 'duplicate', seq: 1 }]);
      });
    });

    describe('optimistic concurrency per conversation', () => {
      it('versions count the events of a stream; the stream defaults to the conversationId', async () => {
        const store = await openStore();
        const outcomes = await store.append([
          inStream('e1', 'c1'),
          inStream('e2', 'c2'),
          inStream('e3', 'c1'),
          { event: event('e4'), stream: 'queue-q1' },
          { event: event('e5', { conversationId: 'c2' }), stream: 'c1' },
        ]);
        expect(outcomes.map((o) => (o.status === 'appended' ? o.version : o.status))).toEqual([1, 1, 2, 1, 3]);
        expect(await store.streamVersion('c1')).toBe(3);
        expect(await store.streamVersion('c2')).toBe(1);
        expect(await store.streamVersion('queue-q1')).toBe(1);
        expect(await store.streamVersion('c9')).toBe(0);
      });

      it('expectedVersion 0 creates a stream and conflicts once it exists', async () => {
        const store = await openStore();
        expect(await store.append([inStream('e1', 'c1', 0)])).toEqual([{ status: 'appended', seq: 1, version: 1 }]);
        expect(await store.append([inStream('e2', 'c1', 0)])).toEqual([
          { status: 'conflict', stream: 'c1', expectedVersion: 0, actualVersion: 1 },
        ]);
        expect(await store.lastSeq()).toBe(1);
      });

      it('a stale or future expectedVersion conflicts; the current one appends', async () => {
        const store = await openStore();
        await store.append([inStream('e1', 'c1'), inStream('e2', 'c1')]);
        expect(await store.append([inStream('e3', 'c1', 1)])).toEqual([
          { status: 'conflict', stream: 'c1', expectedVersion: 1, actualVersion: 2 },
        ]);
        expect(await store.append([inStream('e3', 'c1', 5)])).toEqual([
          { status: 'conflict', stream: 'c1', expectedVersion: 5, actualVersion: 2 },
        ]);
        expect(await store.append([inStream('e3', 'c1', 2)])).toEqual([{ status: 'appended', seq: 3, version: 3 }]);
      });

      it('versions advance within a batch and a conflict rejects only its own request', async () => {
        const store = await openStore();
        const outcomes = await store.append([
          inStream('e1', 'c1', 0),
          inStream('e2', 'c1', 1),
          inStream('e3', 'c1', 1),
          inStream('e4', 'c2', 0),
          inStream('e5', 'c1', 2),
        ]);
        expect(outcomes).toEqual([
          { status: 'appended', seq: 1, version: 1 },
          { status: 'appended', seq: 2, version: 2 },
          { status: 'conflict', stream: 'c1', expectedVersion: 1, actualVersion: 2 },
          { status: 'appended', seq: 3, version: 1 },
          { status: 'appended', seq: 4, version: 3 },
        ]);
        expect((await store.readFrom(0, 10)).map((e) => e.event.id)).toEqual(['e1', 'e2', 'e4', 'e5']);
      });

      it('of two concurrent writers that saw the same version, exactly one wins', async () => {
        const store = await openStore();
        await store.append([inStream('created', 'c1', 0)]);
        const [a, b] = await Promise.all([
          store.append([inStream('assign-a', 'c1', 1)]),
          store.append([inStream('assign-b', 'c1', 1)]),
        ]);
        expect([a[0].status, b[0].status].sort()).toEqual(['appended', 'conflict']);
        expect(await store.streamVersion('c1')).toBe(2);
      });
    });

    describe('snapshots', () => {
      it('the latest snapshot is the one with the highest seq, its chunks round-tripped in order', async () => {
        const store = await openStore();
        await store.append(Array.from({ length: 5 }, (_, i) => ({ event: event(`e${i + 1}`) })));
        const large = 'y'.repeat(300_000);
        await store.saveSnapshot(2, [bytes('as of 2')]);
        await store.saveSnapshot(4, [bytes('x'), bytes(''), bytes(large), bytes('héllo ✓')]);
        await store.saveSnapshot(3, [bytes('stale')]);
        expect(asText(await store.latestSnapshot())).toEqual({ seq: 4, chunks: ['x', '', large, 'héllo ✓'] });
        await store.saveSnapshot(4, [bytes('replaced')]);
        expect(asText(await store.latestSnapshot())).toEqual({ seq: 4, chunks: ['replaced'] });
      });

      it('pulls the chunks from an async iteration and keeps every byte value', async () => {
        const store = await openStore();
        await store.append([{ event: event('e1') }]);
        async function* chunks(): AsyncGenerator<Uint8Array> {
          for (let i = 0; i < 256; i += 1) yield Uint8Array.of(i, 255 - i, 0);
        }
        await store.saveSnapshot(1, chunks());
        const snapshot = (await store.latestSnapshot())!;
        expect(snapshot.chunks.map((chunk) => [...chunk])).toEqual(Array.from({ length: 256 }, (_, i) => [i, 255 - i, 0]));
      });

      it('a snapshot of the empty log is allowed; one beyond the last seq, or a chunk that is not bytes, is refused', async () => {
        const store = await openStore();
        await store.saveSnapshot(0, []);
        expect(asText(await store.latestSnapshot())).toEqual({ seq: 0, chunks: [] });
        await expect(store.saveSnapshot(1, [])).rejects.toThrow(RangeError);
        await expect(store.saveSnapshot(0, [{ text: 'not bytes' } as unknown as Uint8Array])).rejects.toThrow(TypeError);
        expect(asText(await store.latestSnapshot())).toEqual({ seq: 0, chunks: [] });
      });

      it('a write that fails part-way leaves the previous snapshot the latest, whole', async () => {
        const store = await openStore();
        await store.append([{ event: event('e1') }, { event: event('e2') }]);
        await store.saveSnapshot(1, [bytes('good'), bytes('snapshot')]);
        async function* failing(): AsyncGenerator<Uint8Array> {
          yield bytes('half');
          throw new Error('the encoder failed');
        }
        await expect(store.saveSnapshot(2, failing())).rejects.toThrow('the encoder failed');
        expect(asText(await store.latestSnapshot())).toEqual({ seq: 1, chunks: ['good', 'snapshot'] });
        const reopened = await reopen(store);
        expect(asText(await reopened.latestSnapshot())).toEqual({ seq: 1, chunks: ['good', 'snapshot'] });
      });

      it('appends go on while a snapshot is written, and it is not visible before its last chunk', async () => {
        const store = await openStore();
        await store.append([{ event: event('e1') }]);
        let release = () => {};
        const gate = new Promise<void>((resolve) => (release = resolve));
        async function* slow(): AsyncGenerator<Uint8Array> {
          yield bytes('first');
          await gate;
          yield bytes('second');
        }
        const saving = store.saveSnapshot(1, slow());
        expect(await store.append([{ event: event('e2') }])).toEqual([{ status: 'appended', seq: 2, version: 0 }]);
        expect(await store.latestSnapshot()).toBeNull();
        release();
        await saving;
        expect(asText(await store.latestSnapshot())).toEqual({ seq: 1, chunks: ['first', 'second'] });
      });
    });

    describe('durability', () => {
      it('reopening keeps events, seqs, versions, ids and the snapshot', async () => {
        let store = await openStore();
        await store.append([inStream('e1', 'c1', 0), inStream('e2', 'c1', 1), { event: event('e3') }]);
        await store.saveSnapshot(2, [bytes('as of'), bytes(' 2')]);
        store = await reopen(store);
        expect(await store.lastSeq()).toBe(3);
        expect((await store.readFrom(0, 10)).map((e) => [e.seq, e.event.id])).toEqual([
          [1, 'e1'],
          [2, 'e2'],
          [3, 'e3'],
        ]);
        expect(await store.streamVersion('c1')).toBe(2);
        expect(asText(await store.latestSnapshot())).toEqual({ seq: 2, chunks: ['as of', ' 2'] });
        expect(await store.append([inStream('e1', 'c1')])).toEqual([{ status: 'duplicate', seq: 1 }]);
        expect(await store.append([inStream('e4', 'c1', 2)])).toEqual([{ status: 'appended', seq: 4, version: 3 }]);
      });

      it('close waits for appends in flight; later calls reject', async () => {
        const store = await openStore();
        const inFlight = store.append([{ event: event('e1') }]);
        await store.close();
        expect(await inFlight).toEqual([{ status: 'appended', seq: 1, version: 0 }]);
        await expect(store.append([{ event: event('e2') }])).rejects.toThrow(/closed/);
        const again = await openStore();
        expect(await again.lastSeq()).toBe(1);
      });
    });

    describe('readStream: one conversation\'s events', () => {
      it('reads a stream\'s events in seq order among interleaved streams, across appends and a reopen', async () => {
        let store = await openStore();
        await store.append([inStream('e1', 'c1'), inStream('e2', 'c2'), { event: event('e3') }, inStream('e4', 'c1')]);
        await store.append([inStream('e5', 'c2'), { event: event('e6', { conversationId: 'c2' }), stream: 'c1' }]);
        await store.appendAfter(6, () => [inStream('e7', 'c1', 3)]);
        const ids = async (stream: string) => (await store.readStream(stream)).map((stored) => [stored.seq, stored.event.id]);
        expect(await ids('c1')).toEqual([[1, 'e1'], [4, 'e4'], [6, 'e6'], [7, 'e7']]);
        expect(await ids('c2')).toEqual([[2, 'e2'], [5, 'e5']]);
        store = await reopen(store);
        expect(await ids('c1')).toEqual([[1, 'e1'], [4, 'e4'], [6, 'e6'], [7, 'e7']]);
        expect((await store.readStream('c2'))[1]!.event).toEqual(event('e5', { conversationId: 'c2' }));
      });

      it('leaves out duplicates and conflicts; an unknown stream is empty', async () => {
        const store = await openStore();
        await store.append([inStream('e1', 'c1', 0), inStream('e1', 'c1'), inStream('e2', 'c1', 0), inStream('e3', 'c1', 1)]);
        expect((await store.readStream('c1')).map((stored) => stored.event.id)).toEqual(['e1', 'e3']);
        expect(await store.readStream('nobody')).toEqual([]);
        expect(await store.readStream("c1' OR '1'='1")).toEqual([]);
      });
    });

    it('existingIds answers which ids of a batch the log holds', async () => {
      const store = await openStore();
      await store.append([{ event: event('e1') }, { event: event('e2') }]);
      expect(await store.existingIds(['e2', 'x', 'e1', 'toString', "e'1"])).toEqual(new Set(['e1', 'e2']));
      expect(await store.existingIds([])).toEqual(new Set());
    });

    describe('appendAfter: the writer\'s turn on a shared log', () => {
      it('reads the tail after the seq the caller knows, then appends what it builds right after', async () => {
        const store = await openStore();
        await store.append([inStream('e1', 'c1'), inStream('e2', 'c1')]);
        const seen: string[] = [];
        const { tail, outcomes } = await store.appendAfter(1, (events) => {
          seen.push(...events.map((stored) => stored.event.id));
          return [inStream('e3', 'c1', 2), { event: event('e2') }];
        });
        expect(seen).toEqual(['e2']);
        expect(tail.map((stored) => stored.seq)).toEqual([2]);
        expect(outcomes).toEqual([
          { status: 'appended', seq: 3, version: 3 },
          { status: 'duplicate', seq: 2 },
        ]);
        const empty = await store.appendAfter(3, () => []);
        expect(empty).toEqual({ tail: [], outcomes: [] });
      });

      it('writes nothing when build throws, and rejects with its error', async () => {
        const store = await openStore();
        await store.append([{ event: event('e1') }]);
        const failure = new Error('the caller changed its mind');
        await expect(store.appendAfter(0, () => { throw failure; })).rejects.toBe(failure);
        await expect(store.appendAfter(1, () => [{ event: { id: 'x' } as LoggedEvent }])).rejects.toThrow(/type/);
        expect(await store.lastSeq()).toBe(1);
      });

      it('two turns never interleave: the second sees what the first appended', async () => {
        const store = await openStore();
        const [first, second] = await Promise.all([
          store.appendAfter(0, (tail) => [{ event: event(`a-after-${tail.length}`) }]),
          store.appendAfter(0, (tail) => [{ event: event(`b-after-${tail.length}`) }]),
        ]);
        expect(first.tail).toEqual([]);
        expect(second.tail.map((stored) => stored.event.id)).toEqual(['a-after-0']);
        expect(second.outcomes).toEqual([{ status: 'appended', seq: 2, version: 0 }]);
      });
    });

    describe('group commit', () => {
      it('many concurrent appends all land, gap-free, in fewer transactions than calls', async () => {
        const store = await openStore();
        const commitsBefore = store.commitCount;
        const calls = 200;
        const results = await Promise.all(
          Array.from({ length: calls }, (_, i) =>
            store.append([inStream(`call${i}-a`, `c${i % 7}`), { event: event(`call${i}-b`) }]),
          ),
        );
        const seqs = results.flat().map(appendedSeq);
        expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: calls * 2 }, (_, i) => i + 1));
        for (const [a, b] of results) expect(appendedSeq(b)).toBe(appendedSeq(a) + 1);
        expect(await store.lastSeq()).toBe(calls * 2);
        const commits = store.commitCount - commitsBefore;
        expect(commits).toBeGreaterThan(0);
        expect(commits).toBeLessThan(calls / 10);
        const versions = await Promise.all(Array.from({ length: 7 }, (_, i) => store.streamVersion(`c${i}`)));
        expect(versions.reduce((sum, v) => sum + v, 0)).toBe(calls);
      });
    });
  });
}
