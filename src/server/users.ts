/**
 * Users, roles, sessions and ingest tokens (SPEC §9 "Roles"), kept in the server database
 * (`<data>/server.sqlite`, or PostgreSQL shared by the nodes: sql.ts). Passwords are hashed with scrypt and never logged; session and ingest tokens are
 * stored only as SHA-256 hashes, so a copy of the file signs nobody in.
 */
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import type { SqlDatabase } from './sql.js';

export type Role = 'admin' | 'supervisor' | 'agent';
export const ROLES: readonly Role[] = ['admin', 'supervisor', 'agent'];

export interface User {
  id: string;
  username: string;
  role: Role;
  /** A supervisor's queues (their scope); empty for others. */
  queueIds: string[];
  /** The agent an `agent` user is. */
  agentId?: string;
  /** A disabled user cannot sign in; their sessions ended when they were disabled. */
  disabled?: true;
}

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  queueIds?: string[];
  agentId?: string;
}

export interface IngestToken {
  id: string;
  name: string;
  createdBy: string;
  createdAt: string;
}

export const SESSION_COOKIE = 'omnipulse_session';
/**
 * The cookie's name over TLS: the `__Host-` prefix makes the browser refuse it unless it is
 * Secure, for this host only and for every path (no subdomain can plant or read it).
 */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>;
const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 };

interface UserRow {
  id: string;
  username: string;
  role: Role;
  queue_ids: string;
  agent_id: string | null;
  password_hash: string;
  disabled: number | string;
}

/** What an admin may change of a user; every change but a scope widening ends their sessions. */
export interface UserChange {
  role?: Role;
  queueIds?: string[];
  agentId?: string | null;
  password?: string;
  disabled?: boolean;
}

const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('base64url');

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p });
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return crypto.timingSafeEqual(actual, expected);
}

/** The session token of a Cookie header, under either of its names. */
export function sessionTokenOf(cookieHeader: string | undefined): string | undefined {
  const cookies = parseCookies(cookieHeader);
  return cookies.get(SECURE_SESSION_COOKIE) ?? cookies.get(SESSION_COOKIE);
}

/** Parses a `Cookie` header into name → value (first occurrence wins). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || cookies.has(name)) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      cookies.set(name, decodeURIComponent(value));
    } catch {
      cookies.set(name, value);
    }
  }
  return cookies;
}

function toUser(row: UserRow): User {
  const user: User = { id: row.id, username: row.username, role: row.role, queueIds: JSON.parse(row.queue_ids) as string[] };
  if (row.agent_id) user.agentId = row.agent_id;
  if (Number(row.disabled)) user.disabled = true;
  return user;
}

/** The statements of the user directory, in SQL both databases read (sql.ts). */
const SQL = {
  byUsername: 'SELECT * FROM users WHERE username = ?',
  byId: 'SELECT * FROM users WHERE id = ?',
  all: 'SELECT * FROM users ORDER BY username',
  count: 'SELECT COUNT(*) AS n FROM users',
  insert: 'INSERT INTO users (id, username, role, queue_ids, agent_id, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  insertIfAbsent:
    'INSERT INTO users (id, username, role, queue_ids, agent_id, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING',
  setPassword: 'UPDATE users SET password_hash = ? WHERE id = ?',
  update: 'UPDATE users SET role = ?, queue_ids = ?, agent_id = ?, disabled = ? WHERE id = ?',
  deleteUser: 'DELETE FROM users WHERE id = ?',
  deleteToken: 'DELETE FROM ingest_tokens WHERE id = ?',
  insertSession: 'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
  sessionUser:
    'SELECT users.* FROM sessions JOIN users ON users.id = sessions.user_id WHERE token_hash = ? AND expires_at > ? AND users.disabled = 0',
  deleteSession: 'DELETE FROM sessions WHERE token_hash = ?',
  deleteUserSessions: 'DELETE FROM sessions WHERE user_id = ?',
  pruneSessions: 'DELETE FROM sessions WHERE expires_at <= ?',
  insertToken: 'INSERT INTO ingest_tokens (id, name, token_hash, created_by, created_at) VALUES (?, ?, ?, ?, ?)',
  tokenByHash: 'SELECT id FROM ingest_tokens WHERE token_hash = ?',
  tokens: 'SELECT id, name, created_by, created_at FROM ingest_tokens ORDER BY created_at',
} as const;

const MAX_SESSIONS_PER_QUERY = 512;

function sessionUsersSql(count: number): string {
  const list = Array.from({ length: count }, () => '?').join(', ');
  return `SELECT sessions.token_hash AS session_hash, users.* FROM sessions JOIN users ON users.id = sessions.user_id WHERE expires_at > ? AND users.disabled = 0 AND token_hash IN (${list})`;
}

export class Users {
  /** The token from OMNIPULSE_INGEST_TOKEN, accepted besides the ones an admin creates. */
  private readonly extraIngestTokenHashes = new Set<string>();

  constructor(
    readonly db: SqlDatabase,
    private readonly clock: () => number = Date.now,
  ) {}

  private async one(sql: string, params: readonly unknown[]): Promise<User | null> {
    const [row] = await this.db.query<UserRow>(sql, params);
    return row ? toUser(row) : null;
  }

  async count(): Promise<number> {
    const [row] = await this.db.query<{ n: number | string }>(SQL.count);
    return Number(row!.n);
  }

  async list(): Promise<User[]> {
    return (await this.db.query<UserRow>(SQL.all)).map(toUser);
  }

  byUsername(username: string): Promise<User | null> {
    return this.one(SQL.byUsername, [username]);
  }

  byId(id: string): Promise<User | null> {
    return this.one(SQL.byId, [id]);
  }

  async create(input: NewUser): Promise<User> {
    await this.db.run(SQL.insert, await this.insertParams(input));
    return (await this.byUsername(input.username))!;
  }

  /**
   * Creates the user unless the name is taken; true when this call created it. Nodes that
   * start together on one empty database all seed the same users: one wins, none fails.
   */
  async createIfAbsent(input: NewUser): Promise<boolean> {
    return (await this.db.run(SQL.insertIfAbsent, await this.insertParams(input))) > 0;
  }

  private async insertParams(input: NewUser): Promise<unknown[]> {
    const queueIds = input.role === 'supervisor' ? (input.queueIds ?? []) : [];
    const agentId = input.role === 'agent' ? (input.agentId ?? null) : null;
    return [crypto.randomUUID(), input.username, input.role, JSON.stringify(queueIds), agentId, await hashPassword(input.password), new Date(this.clock()).toISOString()];
  }

  /**
   * Changes a user. A new password, a new role, a narrower scope or disabling ends every
   * session of theirs (open live-feed sockets close within a second, see live/plugin.ts).
   */
  async update(id: string, change: UserChange): Promise<User | null> {
    const before = await this.byId(id);
    if (!before) return null;
    const role = change.role ?? before.role;
    const queueIds = role === 'supervisor' ? (change.queueIds ?? before.queueIds) : [];
    const agentId = role === 'agent' ? (change.agentId === undefined ? (before.agentId ?? null) : change.agentId) : null;
    const disabled = change.disabled ?? before.disabled === true;
    const passwordHash = change.password === undefined ? null : await hashPassword(change.password);
    const narrowed = before.queueIds.some((queueId) => !queueIds.includes(queueId));
    const endsSessions =
      passwordHash !== null || role !== before.role || narrowed || (agentId ?? undefined) !== before.agentId || (disabled && !before.disabled);
    await this.db.batch([
      { sql: SQL.update, params: [role, JSON.stringify(queueIds), agentId, disabled ? 1 : 0, id] },
      ...(passwordHash === null ? [] : [{ sql: SQL.setPassword, params: [passwordHash, id] }]),
      ...(endsSessions ? [{ sql: SQL.deleteUserSessions, params: [id] }] : []),
    ]);
    return this.byId(id);
  }

  /** Deletes a user and their sessions; the audit log keeps their name. */
  async delete(id: string): Promise<boolean> {
    await this.db.run(SQL.deleteUserSessions, [id]);
    return (await this.db.run(SQL.deleteUser, [id])) > 0;
  }

  /**
   * Creates the user, or resets the password of an existing one (OMNIPULSE_ADMIN_PASSWORD).
   * The same password again changes nothing: nodes that start with it keep the sessions.
   */
  async upsertPassword(input: NewUser): Promise<User> {
    // Looked up first: hashing a password for an insert that would not happen costs a start ~50 ms.
    let existing = await this.byUsername(input.username);
    if (!existing && (await this.createIfAbsent(input))) return (await this.byUsername(input.username))!;
    existing ??= (await this.byUsername(input.username))!;
    if (await this.authenticate(input.username, input.password)) return existing;
    await this.db.batch([
      { sql: SQL.setPassword, params: [await hashPassword(input.password), existing.id] },
      { sql: SQL.deleteUserSessions, params: [existing.id] },
    ]);
    return existing;
  }

  /** The user when the password is right and the user enabled, else null (same answer for an unknown name). */
  async authenticate(username: string, password: string): Promise<User | null> {
    const [row] = await this.db.query<UserRow>(SQL.byUsername, [username]);
    if (!row) {
      // Spend the same time as a real check, so a timing cannot tell which names exist.
      await verifyPassword(password, DUMMY_HASH);
      return null;
    }
    const isRight = await verifyPassword(password, row.password_hash);
    return isRight && !Number(row.disabled) ? toUser(row) : null;
  }

  /** Starts a server-side session; returns the opaque token for the cookie. */
  async startSession(user: User): Promise<string> {
    const token = crypto.randomBytes(32).toString('base64url');
    const now = this.clock();
    await this.db.run(SQL.pruneSessions, [now]);
    await this.db.run(SQL.insertSession, [sha256(token), user.id, now, now + SESSION_TTL_MS]);
    return token;
  }

  async endSession(token: string): Promise<void> {
    await this.db.run(SQL.deleteSession, [sha256(token)]);
  }

  userFromSessionToken(token: string | undefined): Promise<User | null> {
    if (!token) return Promise.resolve(null);
    return this.one(SQL.sessionUser, [sha256(token), this.clock()]);
  }

  /** The user of the session cookie (either name), or null. */
  userFromCookieHeader(cookieHeader: string | undefined): Promise<User | null> {
    return this.userFromSessionToken(sessionTokenOf(cookieHeader));
  }

  /**
   * `userFromCookieHeader` of many cookie headers in one query (up to 512 distinct sessions
   * a query): the live feed checks every open socket's session twice a second. The list of
   * hashes is padded to a power of two, so that few distinct statements are ever prepared.
   */
  async usersFromCookieHeaders(cookieHeaders: readonly (string | undefined)[]): Promise<(User | null)[]> {
    const hashes = cookieHeaders.map((header) => {
      const token = sessionTokenOf(header);
      return token ? sha256(token) : null;
    });
    const distinct = [...new Set(hashes.filter((hash): hash is string => hash !== null))];
    const users = new Map<string, User>();
    for (let start = 0; start < distinct.length; start += MAX_SESSIONS_PER_QUERY) {
      const chunk = distinct.slice(start, start + MAX_SESSIONS_PER_QUERY);
      let size = 1;
      while (size < chunk.length) size *= 2;
      const padded = [...chunk, ...Array.from({ length: size - chunk.length }, () => chunk[0]!)];
      const rows = await this.db.query<UserRow & { session_hash: string }>(sessionUsersSql(size), [this.clock(), ...padded]);
      for (const row of rows) users.set(row.session_hash, toUser(row));
    }
    return hashes.map((hash) => (hash === null ? null : (users.get(hash) ?? null)));
  }

  /** Creates an ingest token; the secret is returned once and only its hash is kept. */
  async createIngestToken(name: string, createdBy: User): Promise<IngestToken & { token: string }> {
    const id = crypto.randomUUID();
    const token = `opt_${crypto.randomBytes(24).toString('base64url')}`;
    const createdAt = new Date(this.clock()).toISOString();
    await this.db.run(SQL.insertToken, [id, name, sha256(token), createdBy.username, createdAt]);
    return { id, name, createdBy: createdBy.username, createdAt, token };
  }

  async listIngestTokens(): Promise<IngestToken[]> {
    const rows = await this.db.query<{ id: string; name: string; created_by: string; created_at: string }>(SQL.tokens);
    return rows.map((row) => ({ id: row.id, name: row.name, createdBy: row.created_by, createdAt: row.created_at }));
  }

  /** Revokes an ingest token at once; false when there is no such token. */
  async revokeIngestToken(id: string): Promise<boolean> {
    return (await this.db.run(SQL.deleteToken, [id])) > 0;
  }

  acceptIngestToken(token: string): void {
    if (token) this.extraIngestTokenHashes.add(sha256(token));
  }

  async isIngestToken(token: string | undefined): Promise<boolean> {
    if (!token) return false;
    const hash = sha256(token);
    if (this.extraIngestTokenHashes.has(hash)) return true;
    return (await this.db.query(SQL.tokenByHash, [hash])).length > 0;
  }
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
