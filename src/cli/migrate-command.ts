/**
 * `bin/omnipulse migrate --to $DATABASE_URL [--data ./data]`: moves an embedded data folder
 * up to PostgreSQL (docs/store.md "Moving up"): the event log, its latest snapshot, users,
 * sessions, ingest tokens and the audit log. Resumable and idempotent: events are appended
 * by id (a duplicate is skipped), the other rows are inserted unless their key is there,
 * so running it again after an interruption copies only what is missing. Stop the server
 * on the folder first (or migrate a backup: `omnipulse restore` it into a folder).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openPostgresServerDatabase, openServerDatabase } from '../server/database.js';
import type { SqlDatabase } from '../server/sql.js';
import { PostgresEventStore } from '../store/postgres-store.js';
import { SqliteEventStore } from '../store/sqlite-store.js';

const PAGE = 5_000;

/** The server's tables and their keys, in the order foreign keys need. */
const TABLES = [
  { name: 'users', key: 'id', columns: ['id', 'username', 'role', 'queue_ids', 'agent_id', 'password_hash', 'created_at', 'disabled'] },
  { name: 'sessions', key: 'token_hash', columns: ['token_hash', 'user_id', 'created_at', 'expires_at'] },
  { name: 'ingest_tokens', key: 'id', columns: ['id', 'name', 'token_hash', 'created_by', 'created_at'] },
  {
    name: 'audit',
    key: 'seq',
    columns: ['seq', 'at', 'user_id', 'username', 'role', 'action', 'conversation_id', 'input', 'outcome', 'status_code', 'message'],
  },
] as const;

export interface MigrateReport {
  events: { read: number; copied: number };
  snapshotCopied: boolean;
  rows: Record<string, number>;
}

export async function migrate(dataDir: string, databaseUrl: string): Promise<MigrateReport> {
  const source = await SqliteEventStore.open(dataDir);
  const target = await PostgresEventStore.open(databaseUrl);
  const report: MigrateReport = { events: { read: 0, copied: 0 }, snapshotCopied: false, rows: {} };
  try {
    let seq = 0;
    for (;;) {
      const page = await source.readFrom(seq, PAGE);
      if (page.length === 0) break;
      const outcomes = await target.append(page.map((stored) => ({ event: stored.event })));
      report.events.read += page.length;
      report.events.copied += outcomes.filter((outcome) => outcome.status === 'appended').length;
      seq = page.at(-1)!.seq;
    }
    // The snapshot is valid only where the seqs are the same: the log copied into an empty one.
    const snapshot = await source.latestSnapshot();
    if (snapshot && (await target.lastSeq()) === (await source.lastSeq()) && (await target.latestSnapshot())?.seq !== snapshot.seq) {
      await target.saveSnapshot(snapshot.seq, snapshot.chunks);
      report.snapshotCopied = true;
    }
  } finally {
    await source.close();
    await target.close();
  }
  const from = openServerDatabase(dataDir);
  const to = await openPostgresServerDatabase(databaseUrl);
  try {
    for (const table of TABLES) report.rows[table.name] = await copyTable(from, to, table);
    // The audit's own sequence continues after the copied rows.
    await to.query("SELECT setval(pg_get_serial_sequence('audit', 'seq'), GREATEST((SELECT COALESCE(MAX(seq), 0) FROM audit), 1))");
  } finally {
    await from.close();
    await to.close();
  }
  return report;
}

async function copyTable(from: SqlDatabase, to: SqlDatabase, table: (typeof TABLES)[number]): Promise<number> {
  const rows = await from.query<Record<string, unknown>>(`SELECT ${table.columns.join(', ')} FROM ${table.name}`);
  const insert = `INSERT INTO ${table.name} (${table.columns.join(', ')}) VALUES (${table.columns.map(() => '?').join(', ')}) ON CONFLICT (${table.key}) DO NOTHING`;
  let copied = 0;
  for (const row of rows) copied += await to.run(insert, table.columns.map((column) => row[column] ?? null));
  return copied;
}

const USAGE = 'usage: omnipulse migrate --to DATABASE_URL [--data ./data]';

export async function runMigrate(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { to: { type: 'string' }, data: { type: 'string' } } });
  const databaseUrl = values.to ?? process.env.DATABASE_URL;
  if (!databaseUrl) {
    process.stderr.write(`--to: the PostgreSQL URL is required\n${USAGE}\n`);
    return 2;
  }
  const dataDir = path.resolve(values.data ?? process.env.OMNIPULSE_DATA ?? './data');
  const report = await migrate(dataDir, databaseUrl);
  const rows = Object.entries(report.rows).map(([name, n]) => `${n} ${name}`).join(', ');
  process.stdout.write(
    `migrated ${dataDir}: ${report.events.copied} of ${report.events.read} events copied (the others were there)` +
      `${report.snapshotCopied ? ', the snapshot' : ''}; rows copied: ${rows}\n`,
  );
  return 0;
}
