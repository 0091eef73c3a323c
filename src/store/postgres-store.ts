/**
 * The PostgreSQL event store (`DATABASE_URL`), for many nodes on one database
 * (DESIGN.md "Many nodes"). It passes the same contract suite as the SQLite store
 * (test/store/contract.ts); docs/store.md "A PostgreSQL store" says why it is built so:
 *
 * - appends of one tick share one transaction (group commit) that first takes a
 *   transaction-level advisory lock: appends from every node are serialised, so seqs are
 *   gap-free and become visible in order (a node tailing by seq never skips one);
 * - ids and stream versions are checked by the same planner as the SQLite store
 *   (`planAppends`), inside the lock, with one query for the batch's ids and one for its
 *   streams;
 * - the connections are in pipeline mode: statements that do not wait on each other's
 *   answers go out together, so an append is two round trips (BEGIN, lock and look-ups;
 *   then one statement that writes events, versions and the wake-up, with COMMIT), and
 *   a writer's turn three (the tail is read before the look-ups);
 * - the commit's `pg_notify('omnipulse_events', lastSeq)` wakes the other nodes;
 * - migrations are versioned in `omnipulse_migrations` and run on open under a lock.
 * SQL within what PostgreSQL 15 accepts.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { resilientPool } from './pg-pool.js';
import {
  type AppendOutcome,
  type AppendRequest,
  assertPageArguments,
  assertSnapshotSeq,
  type EventStore,
  type LoggedEvent,
  planAppends,
  type PreparedRequest,
  prepareRequest,
  type SnapshotChunks,
  snapshotChunk,
  startAppend,
  type StoredEvent,
  type StoredSnapshot,
} from './event-store.js';

/** The channel every node listens on for new events (payload: the last seq). */
export const EVENTS_CHANNEL = 'omnipulse_events';
/** Advisory lock keys: appends, migrations, and publishing a snapshot. */
export const APPEND_LOCK = 7_180_001;
const MIGRATION_LOCK = 7_180_002;
const SNAPSHOT_LOCK = 7_180_003;

const MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE events (
        seq bigint PRIMARY KEY,
        id text NOT NULL UNIQUE,
        stream text,
        version integer,
        body text NOT NULL
      );
      CREATE TABLE streams (stream text PRIMARY KEY, version integer NOT NULL);
      CREATE TABLE snapshots (seq bigint PRIMARY KEY, state text NOT NULL);
    `,
  },
  {
    // Snapshots become the engine's bytes in chunks (bytea rows of a few hundred KB rather
    // than one ~100 MB text value), written in one transaction of their own. The JSON
    // snapshots of version 1 are of a format the engine no longer reads: dropped.
    version: 2,
    sql: `
      DROP TABLE snapshots;
      CREATE TABLE snapshot_chunks (token text NOT NULL, part integer NOT NULL, bytes bytea NOT NULL, PRIMARY KEY (token, part));
      CREATE TABLE snapshots (seq bigint PRIMARY KEY, token text NOT NULL, parts integer NOT NULL);
    `,
  },
  {
    version: 3,
    sql: `
      -- A stream's event seqs, comma-separated in order (docs/store.md, readStream).
      ALTER TABLE streams ADD COLUMN seqs text NOT NULL DEFAULT '';
      UPDATE streams SET seqs = listed.seqs
        FROM (SELECT stream, string_agg(seq::text, ',' ORDER BY seq) AS seqs FROM events WHERE stream IS NOT NULL GROUP BY stream) AS listed
        WHERE listed.stream = streams.stream;
    `,
  },
];

export interface PostgresStoreOptions {
  /** Snapshots kept (the newest); default 3. */
  keepSnapshots?: number;
  /** A schema to work in (created if missing); default the connection's search_path. */
  schema?: string;
  /** Connections in the pool; default 4. */
  poolSize?: number;
}

interface PendingAppend {
  requests: PreparedRequest[];
  resolve(outcomes: AppendOutcome[]): void;
  reject(error: unknown): void;
}

/** A statement and its parameters. */
type Statement = readonly [text: string, values?: readonly unknown[]];

const LAST_SEQ: Statement = ['SELECT coalesce(max(seq), 0) AS seq FROM events'];

export class PostgresEventStore implements EventStore {
  private pending: PendingAppend[] = [];
  private flushing: Promise<void> | null = null;
  private readonly listeners = new Set<() => void>();
  private listening: Promise<pg.Client | null> | null = null;
  private isClosed = false;
  private commits = 0;

  private constructor(
    readonly pool: pg.Pool,
    private readonly keepSnapshots: number,
    private readonly connectionString: string,
    /** The server processes of the pool's connections: their NOTIFYs are not foreign. */
    private readonly ownBackends: ReadonlySet<number>,
  ) {}

  static async open(connectionString: string, options: PostgresStoreOptions = {}): Promise<PostgresEventStore> {
    const keepSnapshots = options.keepSnapshots ?? 3;
    if (!Number.isSafeInteger(keepSnapshots) || keepSnapshots < 1) throw new RangeError('keepSnapshots must be an integer ≥ 1');
    const schema = options.schema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new RangeError(`schema: '${schema}' is not a plain lower-case identifier`);
    const pool = resilientPool({
      connectionString,
      max: options.poolSize ?? 4,
      // pg sends queued statements without waiting for each answer: `pipelined` below.
      pipeline: true,
      ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
    });
    const ownBackends = new Set<number>();
    const backendOf = (client: pg.PoolClient) => (client as unknown as { processID: number }).processID;
    pool.on('connect', (client) => ownBackends.add(backendOf(client)));
    pool.on('remove', (client) => ownBackends.delete(backendOf(client)));
    try {
      await migrate(pool, schema);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresEventStore(pool, keepSnapshots, schema === undefined ? connectionString : withSearchPath(connectionString, schema), ownBackends);
  }

  get commitCount(): number {
    return this.commits;
  }

  append(batch: readonly AppendRequest[]): Promise<AppendOutcome[]> {
    return startAppend(this.isClosed, batch, (requests, resolve, reject) => {
      this.pending.push({ requests, resolve, reject });
      this.flushing ??= this.flushAll();
    });
  }

  /** Commits the waiting appends, one group per transaction, until none is left. */
  private async flushAll(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    while (this.pending.length > 0) {
      const group = this.pending;
      this.pending = [];
      try {
        const outcomes = await this.commitGroup(group);
        this.commits += 1;
        group.forEach((append, i) => append.resolve(outcomes[i]!));
      } catch (error) {
        for (const append of group) append.reject(error);
      }
    }
    this.flushing = null;
  }

  private commitGroup(group: readonly PendingAppend[]): Promise<AppendOutcome[][]> {
    const groups = group.map((append) => append.requests);
    const requests = groups.flat();
    return this.turn([LAST_SEQ, ...lookUps(requests)], async (_client, [last, ids, streams]) => {
      const plan = planFrom(groups, last!, ids!, streams!);
      return { result: plan.outcomes, write: plan.rows.length === 0 ? null : writeStatement(plan) };
    });
  }

  async appendAfter(
    afterSeq: number,
    build: (tail: readonly StoredEvent[]) => readonly AppendRequest[],
  ): Promise<{ tail: StoredEvent[]; outcomes: AppendOutcome[] }> {
    this.assertOpen();
    assertPageArguments(afterSeq, 0);
    const tailStatement: Statement = ['SELECT seq, body FROM events WHERE seq > $1 ORDER BY seq', [afterSeq]];
    const result = await this.turn([tailStatement, LAST_SEQ], async (client, [rows, last]) => {
      const tail = (rows!.rows as { seq: string; body: string }[]).map(toStoredEvent);
      const requests = build(tail).map(prepareRequest);
      if (requests.length === 0) return { result: { tail, outcomes: [] }, write: null };
      const [ids, streams] = await pipelined(client, lookUps(requests));
      const plan = planFrom([requests], last!, ids!, streams!);
      return { result: { tail, outcomes: plan.outcomes[0]! }, write: plan.rows.length === 0 ? null : writeStatement(plan) };
    });
    this.commits += 1;
    return result;
  }

  /**
   * An append transaction: BEGIN, the append lock and `reads` in one round trip; `decide`
   * (given the reads' results) may query more, then returns its result and the statement
   * that writes, sent with COMMIT in one round trip. Rolled back whole on any error.
   */
  private async turn<T>(
    reads: readonly Statement[],
    decide: (client: pg.PoolClient, results: pg.QueryResult[]) => Promise<{ result: T; write: Statement | null }>,
  ): Promise<T> {
    const client = await this.pool.connect();
    try {
      const results = await pipelined(client, [['BEGIN'], ['SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]], ...reads]);
      const { result, write } = await decide(client, results.slice(2));
      await pipelined(client, write === null ? [['COMMIT']] : [write, ['COMMIT']]);
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * Listens on the events channel with a connection of its own; the listener hears of the
   * commits of other stores (a NOTIFY sent by one of this store's connections is its own).
   */
  onForeignAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    if (this.listening === null) this.listening = this.listen();
    return () => this.listeners.delete(listener);
  }

  private async listen(): Promise<pg.Client | null> {
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on('error', () => {});
    client.on('notification', (message) => {
      if (this.ownBackends.has(message.processId)) return;
      for (const listener of this.listeners) listener();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      return client;
    } catch {
      // The pipeline also polls: a lost listener delays catch-up, it loses nothing.
      await client.end().catch(() => {});
      return null;
    }
  }

  async readFrom(afterSeq: number, limit: number): Promise<StoredEvent[]> {
    this.assertOpen();
    assertPageArguments(afterSeq, limit);
    if (limit === 0) return [];
    const result = await this.pool.query<{ seq: string; body: string }>('SELECT seq, body FROM events WHERE seq > $1 ORDER BY seq LIMIT $2', [
      afterSeq,
      limit,
    ]);
    return result.rows.map(toStoredEvent);
  }

  async existingIds(ids: readonly string[]): Promise<Set<string>> {
    this.assertOpen();
    if (ids.length === 0) return new Set();
    const result = await this.pool.query<{ id: string }>('SELECT id FROM events WHERE id = ANY($1::text[])', [ids]);
    return new Set(result.rows.map((row) => row.id));
  }

  async lastSeq(): Promise<number> {
    this.assertOpen();
    const result = await this.pool.query<{ seq: string }>('SELECT coalesce(max(seq), 0) AS seq FROM events');
    return Number(result.rows[0]!.seq);
  }

  async streamVersion(stream: string): Promise<number> {
    this.assertOpen();
    const result = await this.pool.query<{ version: number }>('SELECT version FROM streams WHERE stream = $1', [stream]);
    return result.rows[0]?.version ?? 0;
  }

  async readStream(stream: string): Promise<StoredEvent[]> {
    this.assertOpen();
    const result = await this.pool.query<{ seq: string; body: string }>(
      `SELECT events.seq, events.body FROM streams
       CROSS JOIN LATERAL unnest(string_to_array(streams.seqs, ',')::bigint[]) AS listed(seq)
       JOIN events ON events.seq = listed.seq WHERE streams.stream = $1 ORDER BY events.seq`,
      [stream],
    );
    return result.rows.map(toStoredEvent);
  }

  /**
   * One transaction on a connection of its own: the chunks are inserted as the iteration
   * yields them (appends go on through the other connections), then, under a lock that
   * orders the nodes' snapshots, the snapshot replaces the one at its seq and the oldest
   * are pruned with their chunks. A write that fails or dies is rolled back whole.
   */
  async saveSnapshot(seq: number, chunks: SnapshotChunks): Promise<void> {
    this.assertOpen();
    await this.transaction(async (client) => {
      assertSnapshotSeq(seq, Number((await client.query<{ seq: string }>('SELECT coalesce(max(seq), 0) AS seq FROM events')).rows[0]!.seq));
      const token = randomUUID();
      let parts = 0;
      for await (const chunk of chunks) {
        await client.query('INSERT INTO snapshot_chunks (token, part, bytes) VALUES ($1, $2, $3)', [token, parts, snapshotChunk(chunk)]);
        parts += 1;
      }
      await client.query('SELECT pg_advisory_xact_lock($1)', [SNAPSHOT_LOCK]);
      await client.query(
        `WITH dropped AS (DELETE FROM snapshots WHERE seq = $1 RETURNING token)
         DELETE FROM snapshot_chunks WHERE token IN (SELECT token FROM dropped)`,
        [seq],
      );
      await client.query('INSERT INTO snapshots (seq, token, parts) VALUES ($1, $2, $3)', [seq, token, parts]);
      await client.query(
        `WITH dropped AS (DELETE FROM snapshots WHERE seq NOT IN (SELECT seq FROM snapshots ORDER BY seq DESC LIMIT $1) RETURNING token)
         DELETE FROM snapshot_chunks WHERE token IN (SELECT token FROM dropped)`,
        [this.keepSnapshots],
      );
    });
    this.commits += 1;
  }

  async latestSnapshot(): Promise<StoredSnapshot | null> {
    this.assertOpen();
    // One statement, so a snapshot pruned meanwhile is read whole or not at all.
    const result = await this.pool.query<{ seq: string; parts: number; bytes: Buffer | null }>(
      `SELECT s.seq, s.parts, c.bytes FROM snapshots s LEFT JOIN snapshot_chunks c ON c.token = s.token
       WHERE s.seq = (SELECT max(seq) FROM snapshots) ORDER BY c.part`,
    );
    const first = result.rows[0];
    if (first === undefined) return null;
    const chunks = result.rows.flatMap((row) => (row.bytes === null ? [] : [row.bytes]));
    if (chunks.length !== first.parts) throw new Error(`snapshot at seq ${first.seq}: ${chunks.length} of its ${first.parts} chunks`);
    return { seq: Number(first.seq), chunks };
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    this.flushing ??= this.flushAll();
    await this.flushing;
    this.listeners.clear();
    await (await this.listening)?.end().catch(() => {});
    await this.pool.end();
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  private assertOpen(): void {
    if (this.isClosed) throw new Error('event store is closed');
  }
}

function toStoredEvent(row: { seq: string; body: string }): StoredEvent {
  return { seq: Number(row.seq), event: JSON.parse(row.body) as LoggedEvent };
}

/** The connection string with `options=-c search_path=…` (for the LISTEN connection). */
function withSearchPath(connectionString: string, schema: string): string {
  const url = new URL(connectionString);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

/**
 * Sends the statements at once (the pool's connections are in pipeline mode: one round
 * trip) and waits for every answer; the first error, in statement order, is thrown (the
 * statements after a failed one fail too, inside an aborted transaction).
 */
async function pipelined(client: pg.PoolClient, statements: readonly Statement[]): Promise<pg.QueryResult[]> {
  const settled = await Promise.allSettled(statements.map(([text, values]) => client.query(text, values as unknown[] | undefined)));
  const failed = settled.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<pg.QueryResult>).value);
}

/** The look-ups a plan needs, inside the lock: which of the requests' ids the log holds, and their streams' versions. */
function lookUps(requests: readonly PreparedRequest[]): Statement[] {
  const ids = [...new Set(requests.map((request) => request.id))];
  const streams = [...new Set(requests.flatMap((request) => (request.stream === null ? [] : [request.stream])))];
  return [
    ['SELECT id, seq FROM events WHERE id = ANY($1::text[])', [ids]],
    ['SELECT stream, version FROM streams WHERE stream = ANY($1::text[])', [streams]],
  ];
}

function planFrom(groups: readonly (readonly PreparedRequest[])[], last: pg.QueryResult, ids: pg.QueryResult, streams: pg.QueryResult) {
  const seqOfId = new Map((ids.rows as { id: string; seq: string }[]).map((row) => [row.id, Number(row.seq)]));
  const versionOf = new Map((streams.rows as { stream: string; version: number }[]).map((row) => [row.stream, row.version]));
  return planAppends(groups, Number((last.rows[0] as { seq: string }).seq), {
    seqOfId: (id) => seqOfId.get(id),
    streamVersion: (stream) => versionOf.get(stream) ?? 0,
  });
}

/**
 * One statement writes a plan: the events by `unnest`, the streams' versions and seqs, and
 * the wake-up, which PostgreSQL delivers at commit, in commit order (other nodes read from
 * their last seq).
 */
function writeStatement(plan: ReturnType<typeof planAppends>): Statement {
  const streams = [...plan.versions.keys()];
  return [
    `WITH appended AS (
       INSERT INTO events (seq, id, stream, version, body)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::integer[], $5::text[])
     ), versioned AS (
       INSERT INTO streams (stream, version, seqs) SELECT * FROM unnest($6::text[], $7::integer[], $8::text[])
       ON CONFLICT (stream) DO UPDATE SET version = excluded.version,
         seqs = CASE WHEN streams.seqs = '' THEN excluded.seqs ELSE streams.seqs || ',' || excluded.seqs END
     )
     SELECT pg_notify($9, $10)`,
    [
      plan.rows.map((row) => row.seq),
      plan.rows.map((row) => row.id),
      plan.rows.map((row) => row.stream),
      plan.rows.map((row) => row.version),
      plan.rows.map((row) => row.json),
      streams,
      [...plan.versions.values()],
      streams.map((stream) => plan.newSeqs.get(stream) ?? ''),
      EVENTS_CHANNEL,
      String(plan.rows.at(-1)!.seq),
    ],
  ];
}

/** Applies the migrations this database has not had yet, one transaction each, under a lock. */
async function migrate(pool: pg.Pool, schema: string | undefined): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query('CREATE TABLE IF NOT EXISTS omnipulse_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
      const applied = new Set((await client.query<{ version: number }>('SELECT version FROM omnipulse_migrations')).rows.map((row) => row.version));
      for (const migration of MIGRATIONS) {
        if (applied.has(migration.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO omnipulse_migrations (version) VALUES ($1)', [migration.version]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
