/**
 * Snapshots of the engine (DESIGN.md: restore the latest snapshot, replay what follows).
 *
 * The domain state is plain data, written with msgpack "records" (msgpackr: each object
 * shape's keys once per chunk), about a third of the JSON's size; the conversations, nearly
 * all of it, in columns laid out for a quick start (snapshot-columns.ts).
 * Projections are rebuilt from the state on import, so they never need a format of their
 * own. Event ids are not kept: older duplicates are found in the store's unique index.
 *
 * A snapshot is a list of chunks: a header (format, queues, agents), then conversations and
 * archived streams a slice at a time. `SnapshotWriter` encodes the slices as the store pulls
 * them, yielding to the event loop between them, so a large state never blocks the server;
 * the engine goes on applying events meanwhile, and a conversation they change is copied
 * first, so the snapshot is the state as of the writer's creation.
 */
import { Packr } from 'msgpackr';
import { type Agent, type Conversation, indexQueued, type Queue } from '../domain/model.js';
import { REPORT_HORIZON_MS } from '../domain/window.js';
import type { Engine } from './engine.js';
import { ColumnReader, type ConversationColumns, toColumns } from './snapshot-columns.js';

/** Bumped whenever the shape of the state or its encoding changes: a snapshot of another format is ignored. */
export const SNAPSHOT_FORMAT = 5;

/** Slice sizes: a slice encodes in a few milliseconds, well under the event-loop budget. */
const CONVERSATIONS_PER_CHUNK = 1_000;
const ARCHIVED_PER_CHUNK = 20_000;

interface SnapshotHeader {
  format: typeof SNAPSHOT_FORMAT;
  queues: Queue[];
  agents: Agent[];
}

type SnapshotPart = { conversations: ConversationColumns } | { archivedStreams: [string, number][] };

/** A fresh codec per chunk, so each chunk carries its own record shapes (and decodes faster than with a shared one). */
function codec(): Packr {
  return new Packr({ useRecords: true });
}

/** Lets timers, I/O and other callbacks run between two slices. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The engine's state as of its construction, as chunks for `EventStore.saveSnapshot`.
 * Iterate it once; it stops watching the engine when the iteration ends (or on `release`).
 * It fails if the engine is reset meanwhile (a rebuild from the log).
 */
export class SnapshotWriter implements AsyncIterable<Uint8Array> {
  private readonly header: Uint8Array;
  private readonly generation: number;
  /** The snapshot's conversations in state order, the first `written` done; one that leaves the state stays here. */
  private readonly conversations: Conversation[];
  private written = 0;
  /**
   * Copies taken before an event changed a conversation in place. Any changed conversation
   * is copied once, written already or not: cheaper than an index of the pending ones.
   */
  private readonly copies = new Map<Conversation, Conversation>();
  /** Chunks encoded ahead of their turn, when an event may change any conversation. */
  private readonly ready: Uint8Array[] = [];
  /** Archived streams are only ever added while serving: the first `archivedLeft` are the snapshot's. */
  private archivedLeft: number;
  private readonly archivedCursor: Iterator<[string, number]>;
  private readonly unwatch: () => void;

  constructor(private readonly engine: Engine) {
    const { state } = engine;
    const header: SnapshotHeader = { format: SNAPSHOT_FORMAT, queues: [...state.queues.values()], agents: [...state.agents.values()] };
    this.header = codec().pack(header);
    this.generation = engine.generation;
    this.conversations = [...state.conversations.values()];
    this.archivedLeft = engine.archivedStreamCount;
    this.archivedCursor = engine.archivedStreamVersions()[Symbol.iterator]();
    this.unwatch = engine.watchChanges((conversation) => this.beforeChange(conversation));
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    try {
      yield this.header;
      while (this.archivedLeft > 0) {
        await this.nextSlice();
        yield this.encodeArchived();
      }
      for (;;) {
        await this.nextSlice();
        const chunk = this.ready.shift() ?? this.encodeConversations();
        if (chunk === null) return;
        yield chunk;
      }
    } finally {
      this.release();
    }
  }

  /** Stops watching the engine (the iteration does it when it ends). */
  release(): void {
    this.unwatch();
    this.written = this.conversations.length;
    this.copies.clear();
    this.ready.length = 0;
  }

  private async nextSlice(): Promise<void> {
    await yieldToEventLoop();
    if (this.engine.generation !== this.generation) throw new Error('snapshot abandoned: the engine was reset while it was written');
  }

  private beforeChange(conversation: Conversation | null): void {
    if (this.written === this.conversations.length) return;
    if (conversation === null) {
      // Any conversation may change (a queue's recharge): write the rest now. Rare.
      for (let chunk = this.encodeConversations(); chunk !== null; chunk = this.encodeConversations()) this.ready.push(chunk);
    } else if (!this.copies.has(conversation)) {
      this.copies.set(conversation, structuredClone(conversation));
    }
  }

  /** The next slice of conversations, or null when all are written. */
  private encodeConversations(): Uint8Array | null {
    const slice = this.conversations.slice(this.written, this.written + CONVERSATIONS_PER_CHUNK);
    if (slice.length === 0) return null;
    this.written += slice.length;
    const conversations = slice.map((conversation) => this.copies.get(conversation) ?? conversation);
    const part: SnapshotPart = { conversations: toColumns(conversations) };
    return codec().pack(part);
  }

  private encodeArchived(): Uint8Array {
    const archivedStreams: [string, number][] = [];
    while (this.archivedLeft > 0 && archivedStreams.length < ARCHIVED_PER_CHUNK) {
      const next = this.archivedCursor.next();
      if (next.done) break;
      archivedStreams.push(next.value);
      this.archivedLeft -= 1;
    }
    if (archivedStreams.length === 0) this.archivedLeft = 0;
    const part: SnapshotPart = { archivedStreams };
    return codec().pack(part);
  }
}

/** A snapshot's chunks decoded: the state's objects, not yet in an engine. */
export interface DecodedSnapshot {
  queues: Queue[];
  agents: Agent[];
  /** Chunk by chunk, in state order. */
  conversations: Conversation[][];
  archivedStreams: [string, number][][];
}

/** Decodes a snapshot's chunks; throws for a snapshot of another format. */
export function decodeSnapshot(chunks: readonly Uint8Array[]): DecodedSnapshot {
  const header = (chunks.length === 0 ? undefined : codec().unpack(chunks[0]!)) as Partial<SnapshotHeader> | undefined;
  const format = header?.format;
  if (format !== SNAPSHOT_FORMAT) throw new Error(`snapshot format ${String(format)}, this version reads ${SNAPSHOT_FORMAT}`);
  const decoded: DecodedSnapshot = { queues: header!.queues!, agents: header!.agents!, conversations: [], archivedStreams: [] };
  const reader = new ColumnReader();
  for (const chunk of chunks.slice(1)) {
    const part = codec().unpack(chunk) as SnapshotPart;
    if ('conversations' in part) decoded.conversations.push(reader.conversations(part.conversations));
    else if ('archivedStreams' in part) decoded.archivedStreams.push(part.archivedStreams);
    else throw new Error('snapshot: a chunk of an unknown kind');
  }
  return decoded;
}

/**
 * Puts a decoded snapshot's state into a fresh engine; its projections are left to rebuild.
 * The closed conversations created more than the reports' horizon (72 h) before the newest
 * one are archived instead, as `Engine.retain` would do at the first clock past it (the
 * server retains right after start): no report at or after the newest creation reaches
 * them, and a snapshot written by an engine that never retained (a replay, a migration)
 * would otherwise cost every start their rebuild.
 */
export function restoreState(engine: Engine, decoded: DecodedSnapshot): void {
  const { state } = engine;
  if (state.conversations.size > 0 || state.agents.size > 0) throw new Error('importSnapshot needs a fresh engine');
  for (const queue of decoded.queues) state.queues.set(queue.id, queue);
  for (const agent of decoded.agents) state.agents.set(agent.id, agent);
  for (const streams of decoded.archivedStreams) engine.restoreArchived(streams);
  let newest = Number.NEGATIVE_INFINITY;
  for (const conversations of decoded.conversations) for (const { createdAt } of conversations) newest = Math.max(newest, createdAt);
  const cutoff = newest - REPORT_HORIZON_MS;
  const archived: [string, number][] = [];
  for (const conversations of decoded.conversations) {
    for (const conversation of conversations) {
      // The predicate of Engine.forgetClosedBefore.
      if (conversation.status === 'closed' && conversation.createdAt < cutoff) {
        archived.push([conversation.id, conversation.version]);
        continue;
      }
      state.conversations.set(conversation.id, conversation);
      indexQueued(state, conversation);
    }
  }
  engine.restoreArchived(archived);
}

/**
 * Loads a snapshot's chunks into a fresh engine; throws for a snapshot of another format.
 * Its steps (decode, restore the state, rebuild the projections) are timed apart by
 * bench/coldstart.bench.ts.
 */
export function importSnapshot(engine: Engine, chunks: readonly Uint8Array[]): void {
  restoreState(engine, decodeSnapshot(chunks));
  engine.projections.rebuild();
}
