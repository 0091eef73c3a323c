/**
 * The audit log of supervisor actions (SPEC §5 "Every action is written to an audit log:
 * who, what, when, which conversation, outcome"), in the server's SQLite file.
 */
import type Database from 'better-sqlite3';
import type { User } from './users.js';

export interface AuditEntry {
  seq: number;
  at: string;
  user: { id: string; username: string; role: string };
  action: string;
  conversationId: string | null;
  input: unknown;
  /** `ok`, or the error code that refused it (`conflict`, `not-found`, `invalid`, `forbidden`). */
  outcome: string;
  statusCode: number;
  message: string | null;
}

export interface AuditRecord {
  at: number;
  user: User;
  action: string;
  conversationId: string | null;
  input: unknown;
  outcome: string;
  statusCode: number;
  message?: string;
}

interface AuditRow {
  seq: number;
  at: string;
  user_id: string;
  username: string;
  role: string;
  action: string;
  conversation_id: string | null;
  input: string;
  outcome: string;
  status_code: number;
  message: string | null;
}

export interface AuditQuery {
  conversationId?: string;
  /** Entries with a smaller seq (paging backwards). */
  before?: number;
  limit: number;
}

export class AuditLog {
  private readonly insert;
  private readonly select;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      `INSERT INTO audit (at, user_id, username, role, action, conversation_id, input, outcome, status_code, message)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.select = db.prepare<[string | null, string | null, number, number], AuditRow>(
      `SELECT * FROM audit WHERE (? IS NULL OR conversation_id = ?) AND seq < ? ORDER BY seq DESC LIMIT ?`,
    );
  }

  record(entry: AuditRecord): void {
    this.insert.run(
      new Date(entry.at).toISOString(),
      entry.user.id,
      entry.user.username,
      entry.user.role,
      entry.action,
      entry.conversationId,
      JSON.stringify(entry.input ?? null),
      entry.outcome,
      entry.statusCode,
      entry.message ?? null,
    );
  }

  /** Newest first. */
  list(query: AuditQuery): AuditEntry[] {
    const conversation = query.conversationId ?? null;
    return this.select.all(conversation, conversation, query.before ?? Number.MAX_SAFE_INTEGER, query.limit).map((row) => ({
      seq: row.seq,
      at: row.at,
      user: { id: row.user_id, username: row.username, role: row.role },
      action: row.action,
      conversationId: row.conversation_id,
      input: JSON.parse(row.input) as unknown,
      outcome: row.outcome,
      statusCode: row.status_code,
      message: row.message,
    }));
  }
}
