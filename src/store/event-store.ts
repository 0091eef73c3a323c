/**
 * The event log: the truth of the system (DESIGN.md "The event log is the truth").
 *
 * Every implementation (embedded SQLite, PostgreSQL) passes the same contract suite,
 * `test/store/contract.ts`, unchanged. See docs/store.md for the guarantees in prose.
 */

/** An event in the SPEC §3 format, as stored. Unknown fields are kept verbatim. */
export interface LoggedEvent {
  id: string;
  type: string;
  at: string;
  conversationId?: string;
  [field: string]: unknown;
}

/** An event with its position in the log. Sequence numbers start at 1 and have no gaps. */
export interface StoredEvent {
  seq: number;
  event: LoggedEvent;
}

export interface AppendRequest {
  event: LoggedEvent;
  /**
   * The stream (conversation) the event belongs to, for optimistic concurrency.
   * Defaults to `event.conversationId`; an event with neither belongs to no stream.
   */
  stream?: string;
  /**
   * The stream version the writer decided on: the number of events the stream held when
   * the writer read it. `0` means the stream must not exist yet. Omitted: no check.
   * Giving it for an event that belongs to no stream is a programmer error.
   */
  expectedVersion?: number;
}

export type AppendOutcome =
  /** Stored at `seq`; `version` is the stream's version after it (0 for no stream). */
  | { status: 'appended'; seq: number; version: number }
  /** An event with this id is already in the log at `seq` (whatever its payload); nothing written. */
  | { status: 'duplicate'; seq: number }
  /** The stream had moved on; nothing written for this request (the others in the batch are unaffected). */
  | { status: 'conflict'; stream: string; expectedVersion: number; actualVersion: number };

export type SnapshotChunks = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

export interface StoredSnapshot {
  seq: number;
  chunks: Buffer[];
}

export interface EventStore {
  /**
   * Appends a batch. Requests are checked in order: idempotency on event id first (a
   * duplicate of an earlier request in the same batch is a duplicate too), then the
   * expected version (versions advance within the batch). Resolves only once every
   * appended event is durable, with one outcome per request in the same order.
   * Rejects (writing nothing of the batch) for malformed requests: an event without
   * string `id`/`type`/`at`, a payload that is not JSON, or a bad `expectedVersion`.
   */
  append(batch: readonly AppendRequest[]): Promise<AppendOutcome[]>;
  /**
   * The writer's turn, for a log shared by several writers (nodes): in one transaction that
   * no other append can interleave with, reads every event after `afterSeq` (the tail the
   * caller has not seen), calls `build(tail)` synchronously, and appends the requests it
   * returns as `append` would. So a writer that applies the tail, then decides its own
   * events, appends them right after what it decided on. If `build` throws, nothing is
   * written and the call rejects with that error.
   */
  appendAfter(afterSeq: number, build: (tail: readonly StoredEvent[]) => readonly AppendRequest[]): Promise<{ tail: StoredEvent[]; outcomes: AppendOutcome[] }>;
  /**
   * Calls `listener` when another writer may have appended (PostgreSQL NOTIFY); a store
   * with one writer never calls it. Returns the unsubscribe function.
   */
  onForeignAppend(listener: () => void): () => void;
  /** Up to `limit` events with `seq > afterSeq`, ordered by seq. */
  readFrom(afterSeq: number, limit: number): Promise<StoredEvent[]>;
  /**
   * Which of these ids the log holds: one query for a whole batch, on the unique index, so
   * the engine needs to remember only recent ids for its duplicate checks.
   */
  existingIds(ids: readonly string[]): Promise<Set<string>>;
  /** The seq of the last durable event; 0 for an empty log. */
  lastSeq(): Promise<number>;
  /** The number of events in the stream; 0 when it does not exist. */
  streamVersion(stream: string): Promise<number>;
  /**
   * Every event of one stream (a conversation's timeline), ordered by seq; empty when the
   * stream does not exist. The `streams` row lists its seqs, so this reads the stream's
   * events by primary key, whatever the size of the log.
   */
  readStream(stream: string): Promise<StoredEvent[]>;
  /**
   * Stores a snapshot as of `seq` (0 ≤ seq ≤ lastSeq): opaque chunks of bytes (the engine's
   * encoding, src/engine/snapshot.ts), written as the iteration yields them, so a large
   * snapshot is never whole in memory and never blocks the event loop. It becomes the latest
   * only once every chunk is durable: if the iteration throws or the process dies
   * meanwhile, the previous snapshot stays the latest and nothing of this one is kept.
   * Saving again at the same seq replaces it. Older snapshots may be pruned.
   */
  saveSnapshot(seq: number, chunks: SnapshotChunks): Promise<void>;
  /** The snapshot with the highest seq, its chunks in the order they were saved, or null. */
  latestSnapshot(): Promise<StoredSnapshot | null>;
  /**
   * Write transactions committed since this store was opened. Concurrent appends share
   * one (group commit), so this grows more slowly than the number of `append` calls.
   */
  readonly commitCount: number;
  /** Waits for appends in flight, then releases the store. Later calls reject. */
  close(): Promise<void>;
}

/** The stream an append request belongs to, or null. */
export function streamOf(request: AppendRequest): string | null {
  if (request.stream !== undefined) return request.stream;
  const conversationId = request.event.conversationId;
  return typeof conversationId === 'string' ? conversationId : null;
}

/**
 * Checks a request's shape and serialises its event. Throws TypeError/RangeError for a
 * programmer error; implementations call it before the request joins a commit, so one
 * caller's mistake never fails another caller's appends.
 */
export function prepareRequest(request: AppendRequest): {
  id: string;
  stream: string | null;
  expectedVersion: number | null;
  json: string;
} {
  const event = request?.event;
  if (event === null || typeof event !== 'object' || Array.isArray(event)) {
    throw new TypeError('append: each request needs an event object');
  }
  for (const field of ['id', 'type', 'at'] as const) {
    if (typeof event[field] !== 'string' || event[field] === '') {
      throw new TypeError(`append: event.${field} must be a non-empty string`);
    }
  }
  if (request.stream !== undefined && (typeof request.stream !== 'string' || request.stream === '')) {
    throw new TypeError(`append: stream of event ${event.id} must be a non-empty string`);
  }
  const stream = streamOf(request);
  const expectedVersion = request.expectedVersion ?? null;
  if (expectedVersion !== null) {
    if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0) {
      throw new RangeError(`append: expectedVersion of event ${event.id} must be an integer ≥ 0`);
    }
    if (stream === null) {
      throw new TypeError(`append: event ${event.id} has an expectedVersion but no stream`);
    }
  }
  const json = JSON.stringify(event);
  if (typeof json !== 'string') throw new TypeError(`append: event ${event.id} is not JSON`);
  return { id: event.id, stream, expectedVersion, json };
}

export type PreparedRequest = ReturnType<typeof prepareRequest>;

/**
 * The start of every store's `append`: a closed store or a malformed batch rejects before
 * anything joins a commit, an empty batch answers at once, the rest is handed to `enqueue`
 * (the store's group commit), which settles the promise.
 */
export function startAppend(
  isClosed: boolean,
  batch: readonly AppendRequest[],
  enqueue: (requests: PreparedRequest[], resolve: (outcomes: AppendOutcome[]) => void, reject: (error: unknown) => void) => void,
): Promise<AppendOutcome[]> {
  if (isClosed) return Promise.reject(new Error('event store is closed'));
  let requests: PreparedRequest[];
  try {
    requests = batch.map(prepareRequest);
  } catch (error) {
    return Promise.reject(error);
  }
  if (requests.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => enqueue(requests, resolve, reject));
}

/** A row an append writes. */
export interface PlannedRow {
  seq: number;
  id: string;
  stream: string | null;
  version: number | null;
  json: string;
}

/** What a store knows before it writes a group: the log's ids and stream versions. */
export interface AppendLookup {
  seqOfId(id: string): number | undefined;
  streamVersion(stream: string): number;
}

/**
 * The outcomes and rows of a group of appends, decided in order inside the writer's
 * transaction (the rules of the `EventStore.append` contract, written once for every
 * store): idempotency on id first (an earlier request of the group counts), then the
 * expected version (versions advance within the group); seqs follow `lastSeq` without gaps.
 */
export function planAppends(
  groups: readonly (readonly PreparedRequest[])[],
  lastSeq: number,
  lookup: AppendLookup,
): { outcomes: AppendOutcome[][]; rows: PlannedRow[]; versions: Map<string, number>; newSeqs: Map<string, string> } {
  const seqOfNewId = new Map<string, number>();
  const versions = new Map<string, number>();
  /** Per stream, the seqs this group appends to it, comma-separated (added to `streams.seqs`). */
  const newSeqs = new Map<string, string>();
  const rows: PlannedRow[] = [];
  let seq = lastSeq;
  const outcomes = groups.map((requests) =>
    requests.map((request): AppendOutcome => {
      const existingSeq = seqOfNewId.get(request.id) ?? lookup.seqOfId(request.id);
      if (existingSeq !== undefined) return { status: 'duplicate', seq: existingSeq };
      let version = 0;
      if (request.stream !== null) {
        const actualVersion = versions.get(request.stream) ?? lookup.streamVersion(request.stream);
        if (request.expectedVersion !== null && request.expectedVersion !== actualVersion) {
          return { status: 'conflict', stream: request.stream, expectedVersion: request.expectedVersion, actualVersion };
        }
        version = actualVersion + 1;
        versions.set(request.stream, version);
      }
      seq += 1;
      seqOfNewId.set(request.id, seq);
      if (request.stream !== null) {
        const earlier = newSeqs.get(request.stream);
        newSeqs.set(request.stream, earlier === undefined ? String(seq) : `${earlier},${seq}`);
      }
      rows.push({ seq, id: request.id, stream: request.stream, version: request.stream === null ? null : version, json: request.json });
      return { status: 'appended', seq, version };
    }),
  );
  return { outcomes, rows, versions, newSeqs };
}

export function assertPageArguments(afterSeq: number, limit: number): void {
  if (!Number.isSafeInteger(afterSeq) || afterSeq < 0) {
    throw new RangeError('readFrom: afterSeq must be an integer ≥ 0');
  }
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new RangeError('readFrom: limit must be an integer ≥ 0');
  }
}

/** Checks a snapshot's seq before any chunk is written (programmer errors throw). */
export function assertSnapshotSeq(seq: number, lastSeq: number): void {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new RangeError('saveSnapshot: seq must be an integer ≥ 0');
  if (seq > lastSeq) throw new RangeError(`saveSnapshot: seq ${seq} is beyond the log's last seq ${lastSeq}`);
}

/** A snapshot chunk as a Buffer over the same bytes; anything but bytes is a TypeError. */
export function snapshotChunk(chunk: unknown): Buffer {
  if (!(chunk instanceof Uint8Array)) throw new TypeError('saveSnapshot: each chunk must be a Uint8Array');
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}
