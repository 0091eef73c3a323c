/**
 * Schema of the embedded (SQLite) store, versioned with `PRAGMA user_version`.
 * Append a migration to change the schema; never edit one that has shipped.
 */
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  sql: string;
}

export const sqliteMigrations: readonly Migration[] = [
  {
    version: 1,
    sql: `
      -- seq is the rowid: rows are never deleted, so max(seq) + 1 keeps the log gap-free.
      -- stream and version record what the append decided; they are not indexed.
      CREATE TABLE events (
        seq     INTEGER PRIMARY KEY,
        id      TEXT NOT NULL UNIQUE,
        stream  TEXT,
        version INTEGER,
        body    TEXT NOT NULL
      );
      -- One row per stream rather than an index on events (stream, version): with thousands
      -- of interleaved conversations such an index dirties one page per event per commit.
      CREATE TABLE streams (
        stream  TEXT PRIMARY KEY,
        version INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE snapshots (
        seq   INTEGER PRIMARY KEY,
        state TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    sql: `
      -- Snapshots become the engine's bytes in chunks: each chunk is written in a commit of
      -- its own, then one small commit publishes the snapshot (a row in snapshots), so a
      -- snapshot is never half there and no commit holds the writer for long. Chunks no
      -- published snapshot names are a write that died: removed on open. The JSON snapshots
      -- of version 1 are of a format the engine no longer reads: dropped.
      DROP TABLE snapshots;
      CREATE TABLE snapshot_chunks (
        token TEXT NOT NULL,
        part  INTEGER NOT NULL,
        bytes BLOB NOT NULL,
        PRIMARY KEY (token, part)
      );
      CREATE TABLE snapshots (
        seq   INTEGER PRIMARY KEY,
        token TEXT NOT NULL,
        parts INTEGER NOT NULL
      );
    `,
  },
  {
    version: 3,
    sql: `
      -- A stream's event seqs, comma-separated in order: readStream reads a conversation's
      -- timeline by primary key. The row is rewritten on every append to the stream anyway
      -- (its version), so this costs bytes, not another dirty page as an index would.
      ALTER TABLE streams ADD COLUMN seqs TEXT NOT NULL DEFAULT '';
      UPDATE streams SET seqs = listed.seqs
        FROM (SELECT stream, group_concat(seq, ',' ORDER BY seq) AS seqs FROM events WHERE stream IS NOT NULL GROUP BY stream) AS listed
        WHERE listed.stream = streams.stream;
    `,
  },
];

/**
 * Brings the database up to the latest schema, each step in its own IMMEDIATE
 * transaction that re-reads the version, so two processes opening one file at once
 * cannot both apply a step.
 */
export function migrateSqlite(db: Database.Database, migrations: readonly Migration[] = sqliteMigrations): {
  from: number;
  to: number;
} {
  const userVersion = (): number => db.pragma('user_version', { simple: true }) as number;
  const from = userVersion();
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (from > latest) {
    throw new Error(`event store schema version ${from} is newer than this program knows (${latest})`);
  }
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= from) continue;
    db.transaction(() => {
      if (userVersion() >= migration.version) return;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return { from, to: Math.max(from, latest) };
}
