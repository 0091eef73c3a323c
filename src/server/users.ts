/**
 * Users, roles, sessions and ingest tokens (SPEC §9 "Roles"), kept in the server's SQLite
 * file. Passwords are hashed with scrypt and never logged; session and ingest tokens are
 * stored only as SHA-256 hashes, so a copy of the file signs nobody in.
 */
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import type Database from 'better-sqlite3';

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
  disabled: number;
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
  if (row.disabled) user.disabled = true;
  return user;
}

export class Users {
  private readonly statements;
  /** The token from OMNIPULSE_INGEST_TOKEN, accepted besides the ones an admin creates. */
  private readonly extraIngestTokenHashes = new Set<string>();

  constructor(
    readonly db: Database.Database,
    private readonly clock: () => number = Date.now,
  ) {
    this.statements = {
      byUsername: db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?'),
      byId: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
      all: db.prepare<[], UserRow>('SELECT * FROM users ORDER BY username'),
      count: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM users'),
      insert: db.prepare(
        'INSERT INTO users (id, username, role, queue_ids, agent_id, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      setPassword: db.prepare('UPDATE users SET password_hash = ? WHERE id = ?'),
      update: db.prepare('UPDATE users SET role = ?, queue_ids = ?, agent_id = ?, disabled = ? WHERE id = ?'),
      deleteUser: db.prepare('DELETE FROM users WHERE id = ?'),
      deleteToken: db.prepare('DELETE FROM ingest_tokens WHERE id = ?'),
      insertSession: db.prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)'),
      sessionUser: db.prepare<[string, number], UserRow>(
        'SELECT users.* FROM sessions JOIN users ON users.id = sessions.user_id WHERE token_hash = ? AND expires_at > ? AND users.disabled = 0',
      ),
      deleteSession: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
      deleteUserSessions: db.prepare('DELETE FROM sessions WHERE user_id = ?'),
      pruneSessions: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
      insertToken: db.prepare('INSERT INTO ingest_tokens (id, name, token_hash, created_by, created_at) VALUES (?, ?, ?, ?, ?)'),
      tokenByHash: db.prepare<[string], { id: string }>('SELECT id FROM ingest_tokens WHERE token_hash = ?'),
      tokens: db.prepare<[], { id: string; name: string; created_by: string; created_at: string }>(
        'SELECT id, name, created_by, created_at FROM ingest_tokens ORDER BY created_at',
      ),
    };
  }

  count(): number {
    return this.statements.count.get()!.n;
  }

  list(): User[] {
    return this.statements.all.all().map(toUser);
  }

  byUsername(username: string): User | null {
    const row = this.statements.byUsername.get(username);
    return row ? toUser(row) : null;
  }

  byId(id: string): User | null {
    const row = this.statements.byId.get(id);
    return row ? toUser(row) : null;
  }

  /**
   * Changes a user. A new password, a new role, a narrower scope or disabling ends every
   * session of theirs (open live-feed sockets close within a second, see live/plugin.ts).
   */
  async update(id: string, change: UserChange): Promise<User | null> {
    const row = this.statements.byId.get(id);
    if (!row) return null;
    const before = toUser(row);
    const role = change.role ?? before.role;
    const queueIds = role === 'supervisor' ? (change.queueIds ?? before.queueIds) : [];
    const agentId = role === 'agent' ? (change.agentId === undefined ? (before.agentId ?? null) : change.agentId) : null;
    const disabled = change.disabled ?? before.disabled === true;
    const passwordHash = change.password === undefined ? null : await hashPassword(change.password);
    const narrowed = before.queueIds.some((queueId) => !queueIds.includes(queueId));
    const endsSessions =
      passwordHash !== null || role !== before.role || narrowed || (agentId ?? undefined) !== before.agentId || (disabled && !before.disabled);
    this.db.transaction(() => {
      this.statements.update.run(role, JSON.stringify(queueIds), agentId, disabled ? 1 : 0, id);
      if (passwordHash !== null) this.statements.setPassword.run(passwordHash, id);
      if (endsSessions) this.statements.deleteUserSessions.run(id);
    })();
    return this.byId(id);
  }

  /** Deletes a user and their sessions; the audit log keeps their name. */
  delete(id: string): boolean {
    return this.statements.deleteUser.run(id).changes > 0;
  }

  async create(input: NewUser): Promise<User> {
    const id = crypto.randomUUID();
    const passwordHash = await hashPassword(input.password);
    const queueIds = input.role === 'supervisor' ? (input.queueIds ?? []) : [];
    const agentId = input.role === 'agent' ? (input.agentId ?? null) : null;
    this.statements.insert.run(id, input.username, input.role, JSON.stringify(queueIds), agentId, passwordHash, new Date(this.clock()).toISOString());
    return this.byUsername(input.username)!;
  }

  /** Creates the user, or resets the password of an existing one (OMNIPULSE_ADMIN_PASSWORD). */
  async upsertPassword(input: NewUser): Promise<User> {
    const existing = this.byUsername(input.username);
    if (!existing) return this.create(input);
    this.statements.setPassword.run(await hashPassword(input.password), existing.id);
    this.statements.deleteUserSessions.run(existing.id);
    return existing;
  }

  /** The user when the password is right and the user enabled, else null (same answer for an unknown name). */
  async authenticate(username: string, password: string): Promise<User | null> {
    const row = this.statements.byUsername.get(username);
    if (!row) {
      // Spend the same time as a real check, so a timing cannot tell which names exist.
      await verifyPassword(password, DUMMY_HASH);
      return null;
    }
    const isRight = await verifyPassword(password, row.password_hash);
    return isRight && !row.disabled ? toUser(row) : null;
  }

  /** Starts a server-side session; returns the opaque token for the cookie. */
  startSession(user: User): string {
    const token = crypto.randomBytes(32).toString('base64url');
    const now = this.clock();
    this.statements.pruneSessions.run(now);
    this.statements.insertSession.run(sha256(token), user.id, now, now + SESSION_TTL_MS);
    return token;
  }

  endSession(token: string): void {
    this.statements.deleteSession.run(sha256(token));
  }

  userFromSessionToken(token: string | undefined): User | null {
    if (!token) return null;
    const row = this.statements.sessionUser.get(sha256(token), this.clock());
    return row ? toUser(row) : null;
  }

  /** The user of the session cookie (either name), or null. */
  userFromCookieHeader(cookieHeader: string | undefined): User | null {
    return this.userFromSessionToken(sessionTokenOf(cookieHeader));
  }

  /** Creates an ingest token; the secret is returned once and only its hash is kept. */
  createIngestToken(name: string, createdBy: User): IngestToken & { token: string } {
    const id = crypto.randomUUID();
    const token = `opt_${crypto.randomBytes(24).toString('base64url')}`;
    const createdAt = new Date(this.clock()).toISOString();
    this.statements.insertToken.run(id, name, sha256(token), createdBy.username, createdAt);
    return { id, name, createdBy: createdBy.username, createdAt, token };
  }

  listIngestTokens(): IngestToken[] {
    return this.statements.tokens.all().map((row) => ({ id: row.id, name: row.name, createdBy: row.created_by, createdAt: row.created_at }));
  }

  /** Revokes an ingest token at once; false when there is no such token. */
  revokeIngestToken(id: string): boolean {
    return this.statements.deleteToken.run(id).changes > 0;
  }

  acceptIngestToken(token: string): void {
    if (token) this.extraIngestTokenHashes.add(sha256(token));
  }

  isIngestToken(token: string | undefined): boolean {
    if (!token) return false;
    const hash = sha256(token);
    return this.extraIngestTokenHashes.has(hash) || this.statements.tokenByHash.get(hash) !== undefined;
  }
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
