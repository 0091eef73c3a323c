/**
 * The audit log of supervisor actions (SPEC §5 "Every action is written to an audit log:
 * who, what, when, which conversation, outcome"), in the server database (sql.ts).
 */
import type { SqlDatabase } from './sql.js';
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
  seq: number | string;
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
  constructor(private readonly db: SqlDatabase) {}

  async record(entry: AuditRecord): Promise<void> {
    await this.db.run(
      `INSERT INTO audit (at, user_id, username, role, action, conversation_id, input, outcome, status_code, message)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
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
      ],
    );
  }

  /** Newest first. */
  async list(query: AuditQuery): Promise<AuditEntry[]> {
    const conversation = query.conversationId ?? null;
    const rows = await this.db.query<AuditRow>(
      'SELECT * FROM audit WHERE (CAST(? AS TEXT) IS NULL OR conversation_id = ?) AND seq < ? ORDER BY seq DESC LIMIT ?',
      [conversation, conversation, query.before ?? Number.MAX_SAFE_INTEGER, query.limit],
    );
    return rows.map((row) => ({
      seq: Number(row.seq),
      at: row.at,
      user: { id: row.user_id, username: row.username, role: row.role },
      action: row.action,
      conversationId: row.conversation_id,
      input: JSON.parse(row.input) as unknown,
      outcome: row.outcome,
      statusCode: Number(row.status_code),
      message: row.message,
    }));
  }
}
