/**
 * The embedded event store on better-sqlite3 (DESIGN.md "Chosen parts").
 *
 * Durability: WAL journal with `synchronous=FULL`, so a commit returns only after the WAL
 * is fsynced; `append` resolves after the commit that holds its events.
 * Group commit: appends made in the same tick are queued and written by one transaction
 * in a `setImmediate` callback. better-sqlite3 is synchronous, so a commit runs to the end
 * before any other callback; appends made meanwhile wait for the next one.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  assertPageArguments,
  assertSnapshotSeq,
  planAppends,
  prepareRequest,
  startAppend,
  type AppendOutcome,
  type AppendRequest,
  type EventStore,
  type LoggedEvent,
  type PreparedRequest,
  type SnapshotChunks,
  snapshotChunk,
  type StoredEvent,
  type StoredSnapshot,
} from './event-store.js';
import { migrateSqlite } from './migrations.js';

export interface SqliteStoreOptions {
  /** Snapshots kept after each save (the newest ones). Default 3. */
  keepSnapshots?: number;
}

/** The file inside a store directory. */
export const STORE_FILE_NAME = 'events.sqlite';


interface PendingAppend {
  requests: PreparedRequest[];
  resolve(outcomes: AppendOutcome[]): void;
  reject(error: unknown): void;
}

export class SqliteEventStore implements EventStore {
  /**
   * Opens (creating if needed) the store at `location`: an existing directory, a file
   * path ending in `.sqlite`, `.sqlite3` or `.db`, or otherwise a directory to create.
   */
  static async open(location: string, options: SqliteStoreOptions = {}): Promise<SqliteEventStore> {
    const keepSnapshots = options.keepSnapshots ?? 3;
    if (!Number.isSafeInteger(keepSnapshots) || keepSnapshots < 1) {
      throw new RangeError('keepSnapshots must be an integer ≥ 1');
    }
    const file = resolveStoreFile(location);
    const db = new Database(file);
    try {
      const journalMode = db.pragma('journal_mode = WAL', { simple: true });
      if (journalMode !== 'wal') throw new Error(`event store ${file}: cannot use WAL (got ${String(journalMode)})`);
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000');
      db.pragma('cache_size = -65536');
      migrateSqlite(db);
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqliteEventStore(db, file, keepSnapshots);
  }

  readonly file: string;
  private readonly db: Database.Database;
  private readonly keepSnapshots: number;
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly commitGroup: (group: readonly PendingAppend[]) => AppendOutcome[][];
  private readonly writeAfter: (
    afterSeq: number,
    build: (tail: readonly StoredEvent[]) => readonly AppendRequest[],
  ) => { tail: StoredEvent[]; outcomes: AppendOutcome[] };
  /** Publishes a written snapshot; returns the tokens of the snapshots it replaced or pruned. */
  private readonly publishSnapshot: (seq: number, token: string, parts: number) => string[];
  private pending: PendingAppend[] = [];
  private isFlushScheduled = false;
  private isClosed = false;
  private commits = 0;
  /** `existingIds` calls so far (tests and metrics: one per ingest group, never one per event). */
  idLookups = 0;

  private constructor(db: Database.Database, file: string, keepSnapshots: number) {
    this.db = db;
    this.file = file;
    this.keepSnapshots = keepSnapshots;
    this.statements = prepareStatements(db);
    this.commitGroup = db.transaction((group: readonly PendingAppend[]) => this.writeGroup(group)).immediate;
    this.writeAfter = db.transaction((afterSeq: number, build: (tail: readonly StoredEvent[]) => readonly AppendRequest[]) => {
      const tail = this.readTail(afterSeq);
      const requests = build(tail).map(prepareRequest);
      const [outcomes] = this.writeGroup([{ requests, resolve() {}, reject() {} }]);
      return { tail, outcomes: outcomes! };
    }).immediate;
    this.publishSnapshot = db.transaction((seq: number, token: string, parts: number) => {
      const { snapshotToken, deleteSnapshot, saveSnapshot, prunableSnapshots, pruneSnapshots } = this.statements;
      const replaced = snapshotToken.get(seq) as string | undefined;
      deleteSnapshot.run(seq);
      saveSnapshot.run(seq, token, parts);
      const pruned = prunableSnapshots.all(this.keepSnapshots) as string[];
      pruneSnapshots.run(this.keepSnapshots);
      return replaced === undefined ? pruned : [replaced, ...pruned];
    }).immediate;
    // Chunks of a write that died with its process.
    this.statements.deleteUnpublishedChunks.run();
  }

  get commitCount(): number {
    return this.commits;
  }

  append(batch: readonly AppendRequest[]): Promise<AppendOutcome[]> {
    return startAppend(this.isClosed, batch, (requests, resolve, reject) => {
      this.pending.push({ requests, resolve, reject });
      if (!this.isFlushScheduled) {
        this.isFlushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  appendAfter(afterSeq: number, build: (tail: readonly StoredEvent[]) => readonly AppendRequest[]): Promise<{ tail: StoredEvent[]; outcomes: AppendOutcome[] }> {
    if (this.isClosed) return Promise.reject(new Error('event store is closed'));
    assertPageArguments(afterSeq, 0);
    // After the appends already queued, in its own IMMEDIATE transaction (another process may share the file).
    return new Promise((resolve, reject) => {
      setImmediate(() => {
        this.flush();
        try {
          const result = this.writeAfter(afterSeq, build);
          this.commits++;
          resolve(result);
        } catch (error) {
          reject(error);
        }
      });
    });
  }

  /** The embedded store has one writer, its own process: the listener is never called. */
  onForeignAppend(_listener: () => void): () => void {
    return () => {};
  }

  async readFrom(afterSeq: number, limit: number): Promise<StoredEvent[]> {
    this.assertOpen();
    assertPageArguments(afterSeq, limit);
    if (limit === 0) return [];
    return toStoredEvents(this.statements.readFrom.all(afterSeq, limit) as [number, string][]);
  }

  private readTail(afterSeq: number): StoredEvent[] {
    return toStoredEvents(this.statements.readTail.all(afterSeq) as [number, string][]);
  }

  async existingIds(ids: readonly string[]): Promise<Set<string>> {
    this.assertOpen();
    this.idLookups++;
    if (ids.length === 0) return new Set();
    return new Set(this.statements.existingIds.all(JSON.stringify(ids)) as string[]);
  }

  async lastSeq(): Promise<number> {
    this.assertOpen();
    return this.readLastSeq();
  }

  async streamVersion(stream: string): Promise<number> {
    this.assertOpen();
    return (this.statements.streamVersion.get(stream) as number | undefined) ?? 0;
  }

  async readStream(stream: string): Promise<StoredEvent[]> {
    this.assertOpen();
    return toStoredEvents(this.statements.readStream.all(stream) as [number, string][]);
  }

  /**
   * Each chunk is inserted in a commit of its own as the iteration yields it (appends run
   * between them), then one IMMEDIATE transaction publishes the snapshot; the chunks of the
   * snapshots it replaced or pruned are deleted after, one chunk per commit.
   */
  async saveSnapshot(seq: number, chunks: SnapshotChunks): Promise<void> {
    this.assertOpen();
    assertSnapshotSeq(seq, this.readLastSeq());
    const token = randomUUID();
    let parts = 0;
    let dropped: string[];
    try {
      for await (const chunk of chunks) {
        this.assertOpen();
        this.statements.insertChunk.run(token, parts, snapshotChunk(chunk));
        parts += 1;
        this.commits++;
      }
      this.assertOpen();
      dropped = this.publishSnapshot(seq, token, parts);
      this.commits++;
    } catch (error) {
      if (!this.isClosed) this.statements.deleteChunks.run(token);
      throw error;
    }
    // Freeing a chunk reads its overflow pages: one chunk per commit keeps each commit short.
    for (const old of dropped) {
      for (const part of this.statements.chunkParts.all(old) as number[]) {
        await new Promise((resolve) => setImmediate(resolve));
        if (this.isClosed) return; // the next open removes them
        this.statements.deleteChunk.run(old, part);
      }
    }
  }

  async latestSnapshot(): Promise<StoredSnapshot | null> {
    this.assertOpen();
    const row = this.statements.latestSnapshot.get() as [number, string, number] | undefined;
    if (row === undefined) return null;
    const [seq, token, parts] = row;
    const chunks = this.statements.snapshotChunks.all(token) as Buffer[];
    if (chunks.length !== parts) throw new Error(`snapshot at seq ${seq}: ${chunks.length} of its ${parts} chunks`);
    return { seq, chunks };
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    this.flush();
    this.db.close();
  }

  private flush(): void {
    this.isFlushScheduled = false;
    const group = this.pending;
    if (group.length === 0) return;
    this.pending = [];
    let outcomes: AppendOutcome[][];
    try {
      outcomes = this.commitGroup(group);
    } catch (error) {
      for (const append of group) append.reject(error);
      return;
    }
    this.commits++;
    group.forEach((append, i) => append.resolve(outcomes[i]));
  }

  /** Runs inside one IMMEDIATE transaction, so no other process writes between the checks and the inserts. */
  private writeGroup(group: readonly PendingAppend[]): AppendOutcome[][] {
    const { seqOfId, streamVersion, setStreamVersion, insert } = this.statements;
    const plan = planAppends(
      group.map((append) => append.requests),
      this.readLastSeq(),
      {
        seqOfId: (id) => seqOfId.get(id) as number | undefined,
        streamVersion: (stream) => (streamVersion.get(stream) as number | undefined) ?? 0,
      },
    );
    for (const row of plan.rows) insert.run(row.seq, row.id, row.stream, row.version, row.json);
    for (const [stream, version] of plan.versions) setStreamVersion.run(stream, version, plan.newSeqs.get(stream) ?? '');
    return plan.outcomes;
  }

  private readLastSeq(): number {
    return (this.statements.lastSeq.get() as number | null) ?? 0;
  }

  private assertOpen(): void {
    if (this.isClosed) throw new Error('event store is closed');
  }
}

function toStoredEvents(rows: readonly [number, string][]): StoredEvent[] {
  const events = new Array<StoredEvent>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const [seq, body] = rows[i]!;
    events[i] = { seq, event: JSON.parse(body) as LoggedEvent };
  }
  return events;
}

function resolveStoreFile(location: string): string {
  const stat = fs.statSync(location, { throwIfNoEntry: false });
  if (stat?.isDirectory()) return path.join(location, STORE_FILE_NAME);
  if (stat !== undefined || /\.(sqlite3?|db)$/i.test(location)) {
    fs.mkdirSync(path.dirname(location), { recursive: true });
    return location;
  }
  fs.mkdirSync(location, { recursive: true });
  return path.join(location, STORE_FILE_NAME);
}

function prepareStatements(db: Database.Database) {
  return {
    lastSeq: db.prepare('SELECT max(seq) FROM events').pluck(),
    seqOfId: db.prepare('SELECT seq FROM events WHERE id = ?').pluck(),
    streamVersion: db.prepare('SELECT version FROM streams WHERE stream = ?').pluck(),
    setStreamVersion: db.prepare(
      `INSERT INTO streams (stream, version, seqs) VALUES (?, ?, ?)
       ON CONFLICT (stream) DO UPDATE SET version = excluded.version, seqs = CASE WHEN streams.seqs = '' THEN excluded.seqs ELSE streams.seqs || ',' || excluded.seqs END`,
    ),
    readStream: db
      .prepare(
        `SELECT events.seq, events.body FROM streams, json_each('[' || streams.seqs || ']') AS listed
         JOIN events ON events.seq = listed.value WHERE streams.stream = ? ORDER BY events.seq`,
      )
      .raw(),
    insert: db.prepare('INSERT INTO events (seq, id, stream, version, body) VALUES (?, ?, ?, ?, ?)'),
    readFrom: db.prepare('SELECT seq, body FROM events WHERE seq > ? ORDER BY seq LIMIT ?').raw(),
    readTail: db.prepare('SELECT seq, body FROM events WHERE seq > ? ORDER BY seq').raw(),
    existingIds: db.prepare('SELECT id FROM events WHERE id IN (SELECT value FROM json_each(?))').pluck(),
    insertChunk: db.prepare('INSERT INTO snapshot_chunks (token, part, bytes) VALUES (?, ?, ?)'),
    deleteChunks: db.prepare('DELETE FROM snapshot_chunks WHERE token = ?'),
    chunkParts: db.prepare('SELECT part FROM snapshot_chunks WHERE token = ?').pluck(),
    deleteChunk: db.prepare('DELETE FROM snapshot_chunks WHERE token = ? AND part = ?'),
    deleteUnpublishedChunks: db.prepare('DELETE FROM snapshot_chunks WHERE token NOT IN (SELECT token FROM snapshots)'),
    snapshotToken: db.prepare('SELECT token FROM snapshots WHERE seq = ?').pluck(),
    deleteSnapshot: db.prepare('DELETE FROM snapshots WHERE seq = ?'),
    saveSnapshot: db.prepare('INSERT INTO snapshots (seq, token, parts) VALUES (?, ?, ?)'),
    prunableSnapshots: db.prepare('SELECT token FROM snapshots ORDER BY seq DESC LIMIT -1 OFFSET ?').pluck(),
    pruneSnapshots: db.prepare(
      'DELETE FROM snapshots WHERE seq NOT IN (SELECT seq FROM snapshots ORDER BY seq DESC LIMIT ?)',
    ),
    latestSnapshot: db.prepare('SELECT seq, token, parts FROM snapshots ORDER BY seq DESC LIMIT 1').raw(),
    snapshotChunks: db.prepare('SELECT bytes FROM snapshot_chunks WHERE token = ? ORDER BY part').pluck(),
  };
}
