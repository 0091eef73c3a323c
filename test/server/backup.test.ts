/**
 * `omnipulse backup` / `restore` (docs/store.md "Backup and restore"): a backup taken while
 * ingest runs is a consistent prefix of the log, restores into an empty folder, and gives
 * the same reports as that prefix replayed; a damaged file or a folder in use is refused.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReportQuery } from '../../src/domain/window.ts';
import { restoreBackup, writeBackup } from '../../src/cli/backup-command.ts';
import { Engine } from '../../src/engine/engine.ts';
import { EventPipeline } from '../../src/engine/pipeline.ts';
import { openServerDatabase } from '../../src/server/database.ts';
import { type RunningServer, startServer } from '../../src/server/server.ts';
import { Users } from '../../src/server/users.ts';
import { SqliteEventStore } from '../../src/store/sqlite-store.ts';
import { INGEST_TOKEN, T0, at, created, neutralAnalyzer, siteEvents, tempDir } from './helpers.ts';

const run = promisify(execFile);
const dirs: string[] = [];
let server: RunningServer | null = null;
afterEach(async () => {
  await server?.shutdown();
  server = null;
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
}

const query: ReportQuery = { at: T0 + 3_600_000, atIso: at(3_600), window: 'last24h', includeOpen: false, filters: {} };
const KINDS = ['ongoing', 'summary', 'agents', 'voice'] as const;

describe('backup and restore', () => {
  it('a backup taken under load restores to a prefix of the log with the same reports', async () => {
    const data = folder();
    server = await startServer({ dataDir: data, port: 0, host: '127.0.0.1', demo: false, routing: false, ingestToken: INGEST_TOKEN, adminPassword: 'admin-password', now: () => T0 + 60_000 });
    const post = (events: unknown[]) =>
      fetch(`${server!.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(events) });
    await post(siteEvents());
    let batches = 0;
    let running = true;
    const load = (async () => {
      while (running) {
        const n = batches++;
        const response = await post(Array.from({ length: 50 }, (_, i) => created(`k${n}-${i}`, i % 2 ? 'q-a' : 'q-b', 2)));
        expect(response.status).toBe(200);
      }
    })();
    while (batches < 5) await new Promise((resolve) => setTimeout(resolve, 10));
    const file = path.join(folder(), 'omnipulse.backup');
    // The command, as an operator runs it: another process while this one ingests.
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'backup', file, '--data', data]);
    expect(stdout).toMatch(/^backup written to .*events\.sqlite \d+ bytes, server\.sqlite \d+ bytes/);
    const batchesAtBackup = batches;
    while (batches < batchesAtBackup + 5) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(batchesAtBackup).toBeGreaterThan(6); // ingest went on while the backup ran
    running = false;
    await load;

    const restored = folder();
    restoreBackup(file, restored);
    const original = await SqliteEventStore.open(path.join(data, 'events.sqlite'));
    const copy = await SqliteEventStore.open(restored);
    const copied = await copy.readFrom(0, 1_000_000);
    const all = await original.readFrom(0, 1_000_000);
    await original.close();
    // A prefix: whole batches of the running ingest, in order, and something after it.
    expect(copied.length).toBeGreaterThan(8);
    expect(copied.length % 50).toBe(8);
    expect(all.length).toBeGreaterThan(copied.length);
    expect(copied).toEqual(all.slice(0, copied.length));

    const engine = new Engine({ analyzer: neutralAnalyzer });
    for (const { event } of copied) engine.apply(event);
    const pipeline = await EventPipeline.open({ store: copy, analyzer: neutralAnalyzer });
    for (const kind of KINDS) expect(pipeline.engine.report(kind, query)).toEqual(engine.report(kind, query));
    await pipeline.close();

    const db = openServerDatabase(restored);
    expect((await new Users(db).authenticate('admin', 'admin-password'))?.role).toBe('admin');
    await db.close();
  });

  it('refuses a damaged backup and a folder that holds a log, naming the problem, before writing anything', async () => {
    const data = folder();
    server = await startServer({ dataDir: data, port: 0, host: '127.0.0.1', demo: false, routing: false });
    const file = path.join(folder(), 'b.backup');
    writeBackup(data, file);
    expect(() => restoreBackup(file, data)).toThrow(/already holds an event log/);

    const body = zlib.gunzipSync(fs.readFileSync(file));
    body[body.length - 1] ^= 0xff;
    const damaged = path.join(folder(), 'damaged.backup');
    fs.writeFileSync(damaged, zlib.gzipSync(body));
    const target = folder();
    expect(() => restoreBackup(damaged, target)).toThrow(/damaged/);
    expect(fs.readdirSync(target)).toEqual([]);
    fs.writeFileSync(damaged, 'not a backup');
    expect(() => restoreBackup(damaged, target)).toThrow(/not an Omnipulse backup/);
  });
});
