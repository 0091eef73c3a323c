import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteEventStore, STORE_FILE_NAME } from '../../src/store/sqlite-store.ts';
import { migrateSqlite, sqliteMigrations } from '../../src/store/migrations.ts';
import { event, runEventStoreContract } from './contract.ts';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'omnipulse-store-'));
}

runEventStoreContract('sqlite', async () => {
  const dir = tempDir();
  return {
    open: () => SqliteEventStore.open(dir),
    dispose: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SqliteEventStore specifics', () => {
  const dirs: string[] = [];
  const stores: SqliteEventStore[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  async function open(location: string, keepSnapshots?: number): Promise<SqliteEventStore> {
    const store = await SqliteEventStore.open(location, { keepSnapshots });
    stores.push(store);
    return store;
  }
  function dir(): string {
    const d = tempDir();
    dirs.push(d);
    return d;
  }

  it('the migration to version 3 lists the seqs of every stream already logged (readStream on an old log)', async () => {
    const file = path.join(dir(), 'old.sqlite');
    const old = new Database(file);
    migrateSqlite(old, sqliteMigrations.filter((migration) => migration.version === 1));
    const insert = old.prepare('INSERT INTO events (seq, id, stream, version, body) VALUES (?, ?, ?, ?, ?)');
    const rows: [number, string, string | null, number | null][] = [[1, 'e1', 'c1', 1], [2, 'e2', 'c2', 1], [3, 'e3', null, null], [4, 'e4', 'c1', 2]];
    for (const [seq, id, stream, version] of rows) insert.run(seq, id, stream, version, JSON.stringify(event(id, stream ? { conversationId: stream } : {})));
    old.prepare("INSERT INTO streams (stream, version) VALUES ('c1', 2), ('c2', 1)").run();
    old.close();
    const store = await open(file);
    expect((await store.readStream('c1')).map((stored) => stored.event.id)).toEqual(['e1', 'e4']);
    await store.append([{ event: event('e5', { conversationId: 'c2' }), expectedVersion: 1 }]);
    expect((await store.readStream('c2')).map((stored) => stored.event.id)).toEqual(['e2', 'e5']);
  });

  it('opens a directory (creating it) or a file path', async () => {
    const root = dir();
    const inDir = await open(path.join(root, 'nested', 'store'));
    expect(inDir.file).toBe(path.join(root, 'nested', 'store', STORE_FILE_NAME));
    const asFile = await open(path.join(root, 'other', 'log.sqlite'));
    expect(asFile.file).toBe(path.join(root, 'other', 'log.sqlite'));
    expect(fs.existsSync(asFile.file)).toBe(true);
  });

  it('runs with WAL and synchronous=FULL, schema at the latest migration', async () => {
    const store = await open(dir());
    const db = new Database(store.file, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('user_version', { simple: true })).toBe(3);
    } finally {
      db.close();
    }
    const probe = new Database(':memory:');
    expect(migrateSqlite(probe)).toEqual({ from: 0, to: 3 });
    expect(migrateSqlite(probe)).toEqual({ from: 3, to: 3 });
    probe.pragma('user_version = 99');
    expect(() => migrateSqlite(probe)).toThrow(/newer/);
    probe.close();
  });

  it('keeps only the newest snapshots, and the chunks of those alone', async () => {
    const store = await open(dir(), 2);
    await store.append(Array.from({ length: 4 }, (_, i) => ({ event: event(`e${i}`) })));
    for (const seq of [1, 2, 3, 4]) await store.saveSnapshot(seq, [Buffer.from(`${seq}a`), Buffer.from(`${seq}b`)]);
    await store.saveSnapshot(4, [Buffer.from('4 again')]);
    const db = new Database(store.file, { readonly: true });
    try {
      expect(db.prepare('SELECT seq FROM snapshots ORDER BY seq').pluck().all()).toEqual([3, 4]);
      const chunks = db.prepare('SELECT CAST(bytes AS TEXT) FROM snapshot_chunks ORDER BY 1').pluck().all();
      expect(chunks).toEqual(['3a', '3b', '4 again']);
    } finally {
      db.close();
    }
  });

  it('appends in the same tick share one commit', async () => {
    const store = await open(dir());
    const before = store.commitCount;
    await Promise.all([1, 2, 3].map((i) => store.append([{ event: event(`e${i}`) }])));
    expect(store.commitCount - before).toBe(1);
  });
});
