/**
 * Live feed benchmark. Run: node --import tsx bench/live.bench.ts [--clients 200] [--seconds 10] [--rate 1000]
 *
 * The server (Fastify + live plugin + pipeline on a temp-dir SQLite store) runs in this
 * process; the WebSocket clients, all subscribed to the ongoing report, run in a child
 * process so that their parsing is not billed to the server. Events go in through
 * `pipeline.submit` at `rate` events/s: conversations are created, assigned and accepted
 * 0.5 s later, closed 2 s later. The probe of each batch is its first new conversation:
 * latency is from the submit call to the patch that first upserts that row, per client.
 * Prints a 1-client baseline, the full run, and their ratio.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import WebSocket from 'ws';
import { EventPipeline } from '../src/engine/pipeline.ts';
import { defaultAnalyzer } from '../src/sentiment/index.ts';
import type { LiveHub } from '../src/server/live/hub.ts';
import { livePlugin } from '../src/server/live/plugin.ts';
import { SqliteEventStore } from '../src/store/sqlite-store.ts';

export interface LiveBenchFigures {
  clients: number;
  eventsPerSecond: number;
  patchesPerClient: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  serverCpuShare: number;
  /** The server process's event loop delay (a busy loop delays every patch). */
  eventLoopDelayP99Ms: number;
  samples: number;
}

const TICK_MS = 10;
/** Where the event store goes: `--data DIR` (e.g. /dev/shm to leave the disk's fsync out). */
const dataRoot = process.argv.includes('--data') ? process.argv[process.argv.indexOf('--data') + 1]! : os.tmpdir();
const EVENTS_PER_CONVERSATION = 4;
const AGENTS = 50;
const now = () => performance.timeOrigin + performance.now();

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round = (n: number) => Math.round(n * 10) / 10;

// ---- the clients (child process) ----

interface ClientReport {
  /** Per client: seq → when that patch arrived (every client sees the same patches). */
  arrivals: number[][];
  /** From the first client: conversation id → the seq of the patch that first upserted it. */
  firstSeq: Record<string, number>;
  patches: number;
}

async function runClients(url: string, count: number): Promise<void> {
  const arrivals: number[][] = [];
  const firstSeq = new Map<string, number>();
  let patches = 0;
  const rowStart = /\{"id":"([^"]+)"/g;
  const seqOf = /"seq":(\d+)/;
  const sockets = await Promise.all(
    Array.from({ length: count }, (_, index) => {
      const arrived: number[] = [];
      arrivals.push(arrived);
      return new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(url, { headers: { cookie: 'session=bench' } });
        ws.on('open', () => ws.send(JSON.stringify({ type: 'subscribe', id: `s${index}`, report: 'ongoing' })));
        ws.on('error', reject);
        ws.on('message', (data: Buffer) => {
          const at = now();
          // Only the head is read: decoding and parsing 200 copies of each patch would bill the clients, not the server.
          const head = data.subarray(0, 64).toString();
          if (head.startsWith('{"type":"snapshot"')) return resolve(ws);
          if (!head.startsWith('{"type":"patch"')) throw new Error(data.toString());
          const seq = Number(seqOf.exec(head)![1]);
          arrived[seq] = at;
          patches += 1;
          if (index !== 0) return;
          const text = data.toString();
          const upsert = text.slice(text.indexOf('"upsert":'), text.indexOf('"remove":'));
          for (const match of upsert.matchAll(rowStart)) if (!firstSeq.has(match[1]!)) firstSeq.set(match[1]!, seq);
        });
      });
    }),
  );
  process.send!({ type: 'ready' });
  process.on('message', (message: { type: string }) => {
    if (message.type !== 'report') return;
    const report: ClientReport = { arrivals, firstSeq: Object.fromEntries(firstSeq), patches };
    process.send!({ type: 'report', report }, () => {
      for (const ws of sockets) ws.close();
      process.exit(0);
    });
  });
}

// ---- the server and the ingest (this process) ----

async function run(clients: number, seconds: number, rate: number): Promise<LiveBenchFigures> {
  const dir = fs.mkdtempSync(path.join(dataRoot, 'omnipulse-live-bench-'));
  const store = await SqliteEventStore.open(dir);
  const pipeline = await EventPipeline.open({ store, analyzer: defaultAnalyzer });
  const app = Fastify();
  let hub: LiveHub | null = null;
  await app.register(livePlugin, {
    pipeline,
    authenticate: () => ({ id: 'bench', role: 'admin', queueIds: [] }),
    onHub: (created) => (hub = created),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1/live`;

  let eventId = 0;
  const event = (type: string, fields: Record<string, unknown>) => ({
    id: `e${++eventId}`,
    type,
    at: new Date().toISOString(),
    ...fields,
  });
  await pipeline.submit([
    event('queue.upserted', { queueId: 'q1', name: 'Sales' }),
    ...Array.from({ length: AGENTS }, (_, i) => [
      event('agent.upserted', { agentId: `a${i}`, name: `Agent ${i}`, queueIds: ['q1'], capacityUnits: 1_000_000 }),
      event('agent.presence', { agentId: `a${i}`, presence: 'available' }),
    ]).flat(),
  ]);

  const child = fork(fileURLToPath(import.meta.url), ['--client-process', url, String(clients)], {
    execArgv: ['--import', 'tsx'],
  });
  const fromChild = (type: string) =>
    new Promise<any>((resolve, reject) => {
      child.on('message', (message: { type: string }) => message.type === type && resolve(message));
      child.once('exit', (code) => reject(new Error(`client process exited with ${code}`)));
    });
  await fromChild('ready');

  const conversationsPerMs = rate / 1000 / EVENTS_PER_CONVERSATION;
  const probes: { id: string; at: number }[] = [];
  const toAccept: { id: string; due: number; agent: string }[] = [];
  const toClose: { id: string; due: number }[] = [];
  let created = 0;
  let owed = 0;
  let submitted = 0;
  let rejected = 0;
  const inFlight = new Set<Promise<unknown>>();

  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const cpuStart = process.cpuUsage();
  const wallStart = now();
  const endAt = wallStart + seconds * 1000;
  let lastTick = wallStart;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const t = now();
      if (t >= endAt) {
        clearInterval(timer);
        return resolve();
      }
      const batch: unknown[] = [];
      // By elapsed time, so that a late timer (the event loop busy with a commit) catches up.
      owed += (t - lastTick) * conversationsPerMs;
      lastTick = t;
      let probe: string | null = null;
      for (; owed >= 1; owed -= 1) {
        const id = `c${created++}`;
        probe ??= id;
        batch.push(event('conversation.created', { conversationId: id, channel: 'chat', queueId: 'q1', subject: `Order ${id}` }));
        toAccept.push({ id, due: t + 500, agent: `a${created % AGENTS}` });
      }
      while (toAccept.length > 0 && toAccept[0]!.due <= t) {
        const { id, agent } = toAccept.shift()!;
        batch.push(event('conversation.assigned', { conversationId: id, agentId: agent, by: 'routing' }));
        batch.push(event('conversation.accepted', { conversationId: id, agentId: agent }));
        toClose.push({ id, due: t + 1_500 });
      }
      while (toClose.length > 0 && toClose[0]!.due <= t) {
        batch.push(event('conversation.closed', { conversationId: toClose.shift()!.id }));
      }
      if (batch.length === 0) return;
      const at = now();
      if (probe) probes.push({ id: probe, at });
      submitted += batch.length;
      const submission = pipeline.submit(batch).then((result) => (rejected += result.rejected.length));
      inFlight.add(submission);
      void submission.finally(() => inFlight.delete(submission));
    }, TICK_MS);
  });
  await Promise.all(inFlight);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const cpu = process.cpuUsage(cpuStart);
  loopDelay.disable();
  const wallMs = now() - wallStart;

  const reportPromise = fromChild('report');
  child.send({ type: 'report' });
  const { report } = (await reportPromise) as { report: ClientReport };
  const latencies: number[] = [];
  let missing = 0;
  for (const arrived of report.arrivals) {
    for (const probe of probes) {
      const seq = report.firstSeq[probe.id];
      const at = seq === undefined ? undefined : arrived[seq];
      if (at === undefined) missing += 1;
      else latencies.push(at - probe.at);
    }
  }
  latencies.sort((a, b) => a - b);
  if (rejected > 0 || missing > 0) console.error(`warning: ${rejected} events rejected, ${missing} probes never seen`);
  if (hub) console.error(`hub: ${JSON.stringify((hub as LiveHub).stats())}`);

  await app.close();
  await pipeline.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    clients,
    eventsPerSecond: Math.round((submitted / wallMs) * 1000),
    patchesPerClient: Math.round(report.patches / clients),
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p95: round(percentile(latencies, 95)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies.at(-1) ?? NaN),
    },
    eventLoopDelayP99Ms: round(loopDelay.percentile(99) / 1e6),
    serverCpuShare: Math.round(((cpu.user + cpu.system) / 1000 / wallMs) * 1000) / 1000,
    samples: latencies.length,
  };
}

export async function benchLive(clients = 200, seconds = 10, rate = 1_000): Promise<{ baseline: LiveBenchFigures; full: LiveBenchFigures }> {
  const baseline = await run(1, seconds, rate);
  const full = await run(clients, seconds, rate);
  return { baseline, full };
}

function print(label: string, f: LiveBenchFigures): void {
  console.log(
    `${label.padEnd(10)} clients=${f.clients} events/s=${f.eventsPerSecond} patches/client=${f.patchesPerClient} ` +
      `latency p50=${f.latencyMs.p50}ms p95=${f.latencyMs.p95}ms p99=${f.latencyMs.p99}ms max=${f.latencyMs.max}ms ` +
      `server CPU=${(f.serverCpuShare * 100).toFixed(1)}% loop delay p99=${f.eventLoopDelayP99Ms}ms (${f.samples} samples)`,
  );
}

const clientIndex = process.argv.indexOf('--client-process');
if (clientIndex >= 0) {
  await runClients(process.argv[clientIndex + 1]!, Number(process.argv[clientIndex + 2]));
} else if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { baseline, full } = await benchLive(argument('clients', 200), argument('seconds', 10), argument('rate', 1_000));
  print('baseline', baseline);
  print('full', full);
  console.log(
    `ratio (full / baseline): p99 latency x${round(full.latencyMs.p99 / baseline.latencyMs.p99)}, ` +
      `server CPU x${round(full.serverCpuShare / baseline.serverCpuShare)}; target p99 < 100 ms: ${full.latencyMs.p99 < 100 ? 'met' : 'NOT met'}`,
  );
}
