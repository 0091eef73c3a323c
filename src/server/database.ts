/**
 * The server's own database: users, sessions, ingest tokens and the audit log, in a SQLite
 * file beside the event log (`<data>/server.sqlite`), or in PostgreSQL with the log when
 * the nodes share one. These are not domain events: they are who
 * may do what, and who did what.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { resilientPool } from '../store/pg-pool.js';
import { postgresDatabase, type SqlDatabase, sqliteDatabase } from './sql.js';

export const SERVER_DB_FILE = 'server.sqlite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'supervisor', 'agent')),
  queue_ids TEXT NOT NULL DEFAULT '[]',
  agent_id TEXT,
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS ingest_tokens (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  user_id TEXT NOT NULL,
  username TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  conversation_id TEXT,
  input TEXT NOT NULL,
  outcome TEXT NOT NULL,
  status_code INTEGER NOT NULL,
  message TEXT
);
CREATE INDEX IF NOT EXISTS audit_conversation ON audit(conversation_id, seq);
`;

/** The embedded server database, `<data>/server.sqlite`. */
export function openServerDatabase(dataDir: string): SqlDatabase {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, SERVER_DB_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);
  addColumnOnce(db, 'users', 'disabled', 'INTEGER NOT NULL DEFAULT 0');
  return sqliteDatabase(db);
}

/** The same tables on PostgreSQL, shared by the nodes (created once, under a lock). */
const POSTGRES_SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id text PRIMARY KEY,
  username text NOT NULL UNIQUE,
  role text NOT NULL CHECK (role IN ('admin', 'supervisor', 'agent')),
  queue_ids text NOT NULL DEFAULT '[]',
  agent_id text,
  password_hash text NOT NULL,
  created_at text NOT NULL,
  disabled integer NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS sessions (
  token_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS ingest_tokens (
  id text PRIMARY KEY,
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_by text NOT NULL,
  created_at text NOT NULL
);
CREATE TABLE IF NOT EXISTS audit (
  seq bigserial PRIMARY KEY,
  at text NOT NULL,
  user_id text NOT NULL,
  username text NOT NULL,
  role text NOT NULL,
  action text NOT NULL,
  conversation_id text,
  input text NOT NULL,
  outcome text NOT NULL,
  status_code integer NOT NULL,
  message text
);
CREATE INDEX IF NOT EXISTS audit_conversation ON audit(conversation_id, seq);
`;
const SCHEMA_LOCK = 7_180_004;

export async function openPostgresServerDatabase(connectionString: string): Promise<SqlDatabase> {
  const pool = resilientPool({ connectionString, max: 4 });
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [SCHEMA_LOCK]);
    await client.query(POSTGRES_SCHEMA);
    await client.query('SELECT pg_advisory_unlock($1)', [SCHEMA_LOCK]);
  } finally {
    client.release();
  }
  return postgresDatabase(pool);
}

/** A column added after the first release: created in files that do not have it yet. */
function addColumnOnce(db: Database.Database, table: string, column: string, definition: string): void {
  const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
  if (!columns.some((existing) => existing.name === column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
}
