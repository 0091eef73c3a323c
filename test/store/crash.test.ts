import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/store/sqlite-store.ts';
import type { StoredEvent } from '../../src/store/event-store.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const writer = path.join(repoRoot, 'test/store/crash-writer.ts');

/**
 * Runs the writer until `killAfterMs` after its first acknowledgement (of a snapshot, in
 * the `snapshots` mode), then SIGKILLs it.
 */
function runAndKill(
  dir: string,
  run: string,
  killAfterMs: number,
  mode = 'events',
): Promise<{ acked: string[]; snapshots: number[]; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dir, run, mode], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked: string[] = [];
    const snapshots: number[] = [];
    let stderr = '';
    let buffered = '';
    let killTimer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('snapshot ')) snapshots.push(Number(line.slice(9)));
        if (line.startsWith('ack ')) acked.push(...line.slice(4).split(' '));
        if ((mode === 'snapshots' ? snapshots : acked).length > 0) killTimer ??= setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const safety = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(safety);
      clearTimeout(killTimer);
      if (signal !== 'SIGKILL') reject(new Error(`writer exited with ${code}: ${stderr}`));
      else resolve({ acked, snapshots, signal });
    });
  });
}

async function readAll(store: SqliteEventStore): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for (let page = await store.readFrom(0, 10_000); page.length > 0; page = await store.readFrom(all.length, 10_000)) {
    all.push(...page);
  }
  return all;
}

describe('crash safety of the sqlite store', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnipulse-crash-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('after SIGKILL every acknowledged event is there, seqs are gap-free and batches are all-or-nothing', async () => {
    const acked: string[] = [];
    for (const [run, killAfterMs] of [['r1', 500], ['r2', 800]] as const) {
      const result = await runAndKill(dir, run, killAfterMs);
      expect(result.acked.length).toBeGreaterThan(0);
      acked.push(...result.acked);

      const store = await SqliteEventStore.open(dir);
      try {
        const events = await readAll(store);
        expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
        expect(await store.lastSeq()).toBe(events.length);

        const stored = new Set(events.map((e) => e.event.id));
        expect(stored.size).toBe(events.length);
        expect(acked.filter((id) => !stored.has(id))).toEqual([]);

        const batches = new Map<string, number[]>();
        for (const { seq, event } of events) {
          const seqs = batches.get(String(event.batch)) ?? [];
          seqs.push(seq);
          batches.set(String(event.batch), seqs);
        }
        for (const [name, seqs] of batches) {
          const size = events[seqs[0] - 1].event.batchSize;
          expect({ name, size: seqs.length }).toEqual({ name, size });
          expect(seqs[seqs.length - 1] - seqs[0]).toBe(seqs.length - 1);
        }

        const perStream = new Map<string, number>();
        for (const { event } of events) perStream.set(event.conversationId!, (perStream.get(event.conversationId!) ?? 0) + 1);
        for (const [stream, count] of perStream) expect(await store.streamVersion(stream)).toBe(count);
      } finally {
        await store.close();
      }
    }
  });
});

describe('crash safety of snapshots in the sqlite store', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnipulse-crash-snapshots-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('after SIGKILL while snapshots are written, the latest is whole and no chunk of a dead write is kept', async () => {
    const unpublished: number[] = [];
    for (const [run, killAfterMs] of [['s1', 700], ['s2', 1_100]] as const) {
      const result = await runAndKill(dir, run, killAfterMs, 'snapshots');
      const file = path.join(dir, 'events.sqlite');
      const before = new Database(file);
      unpublished.push(before.prepare('SELECT count(*) FROM snapshot_chunks WHERE token NOT IN (SELECT token FROM snapshots)').pluck().get() as number);
      before.close();
      const store = await SqliteEventStore.open(dir);
      try {
        const latest = (await store.latestSnapshot())!;
        expect(latest.seq).toBeGreaterThanOrEqual(Math.max(...result.snapshots));
        const headers = latest.chunks.map((chunk) => chunk.subarray(0, 32).toString().split(':').slice(0, 3).join(':'));
        expect(headers).toEqual(latest.chunks.map((_, part) => `${latest.seq}:${part}:${latest.chunks.length}`));
        const db = new Database(store.file, { readonly: true });
        try {
          expect(db.prepare('SELECT count(*) FROM snapshot_chunks WHERE token NOT IN (SELECT token FROM snapshots)').pluck().get()).toBe(0);
        } finally {
          db.close();
        }
      } finally {
        await store.close();
      }
    }
    expect(Math.max(...unpublished), 'a kill fell in the middle of a write').toBeGreaterThan(0);
  });
});
