/**
 * The server's own tables (users, sessions, ingest tokens, audit) on either database: one
 * set of statements, written in the SQL both SQLite and PostgreSQL read (`?` placeholders,
 * numbered for PostgreSQL here), run by one of two drivers. The embedded server keeps them
 * in `<data>/server.sqlite`; nodes on PostgreSQL share them, so a session or an ingest
 * token works on every node.
 */
import type Database from 'better-sqlite3';
import type pg from 'pg';

export interface SqlStatement {
  sql: string;
  params?: readonly unknown[];
}

export interface SqlDatabase {
  /** The rows of a query (numbers of bigint columns may come back as strings: use `Number`). */
  query<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a statement; the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /** Runs statements in one transaction: all or none. */
  batch(statements: readonly SqlStatement[]): Promise<void>;
  close(): Promise<void>;
}

/** The driver of the embedded server database (better-sqlite3, statements cached). */
export function sqliteDatabase(db: Database.Database): SqlDatabase {
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const runOne = (sql: string, params: readonly unknown[] = []) => prepared(sql).run(...params).changes;
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      return prepared(sql).all(...params) as Row[];
    },
    async run(sql, params) {
      return runOne(sql, params);
    },
    async batch(list) {
      db.transaction(() => {
        for (const { sql, params } of list) runOne(sql, params);
      })();
    },
    async close() {
      db.close();
    },
  };
}

/** `?` placeholders numbered `$1, $2, …` for PostgreSQL (the statements hold no `?` in strings). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** The driver of the shared server database on PostgreSQL. */
export function postgresDatabase(pool: pg.Pool): SqlDatabase {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      return (await pool.query(numbered(sql), [...params])).rows as Row[];
    },
    async run(sql, params = []) {
      return (await pool.query(numbered(sql), [...params])).rowCount ?? 0;
    },
    async batch(list) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        for (const { sql, params = [] } of list) await client.query(numbered(sql), [...params]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
