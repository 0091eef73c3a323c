/**
 * Live feed at scale (issue #15): a supervisor's screen must not get slower because another
 * queue is busy. Run: node --import tsx bench/live-scale.bench.ts [--seconds 15] [--rate 1000]
 * [--preload 100000] [--data DIR]
 *
 * The real server (`startServer`: embedded store, ingest route, live feed, session sweep)
 * runs in this process. Two child processes, so that their work is not billed to the
 * server: the ingest posts ~`rate` events/s to `POST /api/v1/events` over HTTP (small
 * queue `q-small`: conversations created, assigned and accepted 0.5 s later, closed 2 s
 * later; one request at a time, so that a conversation's events arrive in order: what
 * accrues while a request is out goes in the next), and the clients hold 200 WebSocket connections of supervisors of `q-small` on
 * its ongoing report and 20 on the summary (10 of those supervisors, 10 of an admin over
 * every queue). The probe of each POST is its first new conversation: latency is from
 * sending the POST to the patch that first upserts that row, at every ongoing client.
 *
 * Two runs in fresh servers: on an empty state, and with `preload` open conversations
 * waiting in ten other queues (created over the last 20 hours, so every 24 h window holds
 * them). Prints both and the ratio; targets: p99 < 100 ms, and the loaded p99 within 1.5×
 * of the empty one. The hub's tick times of the server are printed beside them.
 *
 * Then, in this process and without sockets or timers (`--tick-only` runs only this part):
 * the CPU time of one hub tick for the same views (200 supervisors' ongoing view of
 * `q-small`, 10 scoped and 10 admin summaries) with ~16 events a tick, on the empty and
 * the loaded state, against recomputing and diffing every view each tick (what the hub did
 * before issue #15, less its scan of every conversation for the longest wait). The hub's
 * tick includes handing each patch to the 220 subscriptions; the recompute does not. CPU
 * time is counted, not wall time, so a machine shared with other work disturbs it less.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { Engine } from '../src/engine/engine.ts';
import type { SentimentAnalyzer } from '../src/sentiment/analyzer.ts';
import { LiveHub, type LiveSocket } from '../src/server/live/hub.ts';
import { diffLiveStates, type LiveState, toLiveState } from '../src/server/live/live-report.ts';
import { parseReportOptions } from '../src/cli/report-args.ts';
import { startServer } from '../src/server/server.ts';
import { SESSION_COOKIE } from '../src/server/users.ts';

const TOKEN = 'live-scale-token';
const SMALL_QUEUE = 'q-small';
const OTHER_QUEUES = 10;
const AGENTS = 50;
const ONGOING_CLIENTS = 200;
const SUMMARY_CLIENTS = 20;
/** Connections one user may hold (the plugin's default `maxConnectionsPerUser`). */
const CONNECTIONS_PER_USER = 16;
const TICK_MS = 10;
const EVENTS_PER_CONVERSATION = 4;
const PRELOAD_BATCH = 5_000;
const now = () => performance.timeOrigin + performance.now();

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const dataRoot = process.argv.includes('--data') ? process.argv[process.argv.indexOf('--data') + 1]! : os.tmpdir();

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round = (n: number) => Math.round(n * 10) / 10;

export interface LiveScaleFigures {
  preloaded: number;
  eventsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  /** Probes a client never saw (should be 0). */
  missing: number;
  samples: number;
  summaryPatchesPerClient: number;
  serverCpuShare: number;
  eventLoopDelayP99Ms: number;
  /** Time of the hub's ticks (every view brought up to date once), the work issue #15 makes proportional to change. */
  hubTickMs: { count: number; p50: number; p99: number; max: number };
}

/** Durations of the hub's ticks in this process (the private `tick`, timed from outside). */
const tickTimes: number[] = [];
const hub = LiveHub.prototype as unknown as { tick: () => void };
const untimedTick = hub.tick;
hub.tick = function (this: unknown) {
  const started = performance.now();
  untimedTick.call(this);
  tickTimes.push(performance.now() - started);
};

// ---- child: the clients ----

interface ClientReport {
  arrivals: number[][];
  firstSeq: Record<string, number>;
  summaryPatches: number;
}

async function runClients(url: string, cookies: { ongoing: string[]; summary: string[] }): Promise<void> {
  const arrivals: number[][] = [];
  const firstSeq = new Map<string, number>();
  let summaryPatches = 0;
  const rowStart = /\{"id":"([^"]+)"/g;
  const seqOf = /"seq":(\d+)/;
  const open = (cookie: string, onOpen: (ws: WebSocket) => void, onMessage: (data: Buffer, head: string) => void) =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url, { headers: { cookie } });
      ws.on('open', () => onOpen(ws));
      ws.on('error', reject);
      ws.on('message', (data: Buffer) => {
        // Only the head is read: parsing 200 copies of each patch would bill the clients' process.
        const head = data.subarray(0, 64).toString();
        if (head.startsWith('{"type":"snapshot"')) return resolve(ws);
        if (!head.startsWith('{"type":"patch"')) throw new Error(data.toString().slice(0, 300));
        onMessage(data, head);
      });
    });
  const sockets: WebSocket[] = [];
  for (const [index, cookie] of cookies.ongoing.entries()) {
    const arrived: number[] = [];
    arrivals.push(arrived);
    sockets.push(
      await open(
        cookie,
        (ws) => ws.send(JSON.stringify({ type: 'subscribe', id: `o${index}`, report: 'ongoing' })),
        (data, head) => {
          const seq = Number(seqOf.exec(head)![1]);
          arrived[seq] = now();
          if (index !== 0) return;
          const text = data.toString();
          const upsert = text.slice(text.indexOf('"upsert":'), text.indexOf('"remove":'));
          for (const match of upsert.matchAll(rowStart)) if (!firstSeq.has(match[1]!)) firstSeq.set(match[1]!, seq);
        },
      ),
    );
  }
  for (const [index, cookie] of cookies.summary.entries()) {
    sockets.push(
      await open(
        cookie,
        (ws) => ws.send(JSON.stringify({ type: 'subscribe', id: `k${index}`, report: 'summary' })),
        () => (summaryPatches += 1),
      ),
    );
  }
  process.send!({ type: 'ready' });
  process.on('message', (message: { type: string }) => {
    if (message.type !== 'report') return;
    const report: ClientReport = { arrivals, firstSeq: Object.fromEntries(firstSeq), summaryPatches };
    process.send!({ type: 'report', report }, () => {
      for (const ws of sockets) ws.close();
      process.exit(0);
    });
  });
}

// ---- child: the ingest ----

async function runIngest(url: string, seconds: number, rate: number): Promise<void> {
  let eventId = 0;
  const event = (type: string, fields: Record<string, unknown>) => ({ id: `live-${++eventId}`, type, at: new Date().toISOString(), ...fields });
  const probes: { id: string; at: number }[] = [];
  const toAccept: { id: string; due: number; agent: string }[] = [];
  const toClose: { id: string; due: number }[] = [];
  const conversationsPerMs = rate / 1000 / EVENTS_PER_CONVERSATION;
  let created = 0;
  let owed = 0;
  let posted = 0;
  let refused = 0;
  let pending: unknown[] = [];
  let pendingProbe: string | null = null;
  let inFlight: Promise<void> | null = null;
  const post = async (events: unknown[]) => {
    const response = await fetch(`${url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(events),
    });
    const answer = (await response.json()) as { accepted?: number };
    if (response.status !== 200 || answer.accepted !== events.length) {
      if (refused === 0) console.error(`ingest refused: ${response.status} ${JSON.stringify(answer).slice(0, 300)}`);
      refused += 1;
    }
  };
  const start = now();
  const endAt = start + seconds * 1000;
  let lastTick = start;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const t = now();
      if (t >= endAt) {
        clearInterval(timer);
        return resolve();
      }
      const batch = pending;
      // By elapsed time, so that a late timer catches up.
      owed += (t - lastTick) * conversationsPerMs;
      lastTick = t;
      for (; owed >= 1; owed -= 1) {
        const id = `live-c${created++}`;
        pendingProbe ??= id;
        batch.push(event('conversation.created', { conversationId: id, channel: 'chat', queueId: SMALL_QUEUE, subject: `Order ${id}` }));
        toAccept.push({ id, due: t + 500, agent: `a${created % AGENTS}` });
      }
      while (toAccept.length > 0 && toAccept[0]!.due <= t) {
        const { id, agent } = toAccept.shift()!;
        batch.push(event('conversation.assigned', { conversationId: id, agentId: agent, by: 'routing' }));
        batch.push(event('conversation.accepted', { conversationId: id, agentId: agent }));
        toClose.push({ id, due: t + 1_500 });
      }
      while (toClose.length > 0 && toClose[0]!.due <= t) batch.push(event('conversation.closed', { conversationId: toClose.shift()!.id }));
      if (batch.length === 0 || inFlight !== null) return;
      if (pendingProbe) probes.push({ id: pendingProbe, at: now() });
      pendingProbe = null;
      pending = [];
      posted += batch.length;
      inFlight = post(batch).finally(() => (inFlight = null));
    }, TICK_MS);
  });
  await inFlight;
  process.send!({ type: 'done', probes, eventsPerSecond: Math.round((posted / (now() - start)) * 1000), refused }, () => process.exit(0));
}

// ---- this process: the server ----

function forkChild(args: string[]) {
  const child = fork(fileURLToPath(import.meta.url), args, { execArgv: ['--import', 'tsx'] });
  const next = (type: string) =>
    new Promise<any>((resolve, reject) => {
      child.on('message', (message: { type: string }) => message.type === type && resolve(message));
      child.once('exit', (code) => code !== 0 && reject(new Error(`child ${args[0]} exited with ${code}`)));
    });
  return { child, next };
}

async function run(preload: number, seconds: number, rate: number): Promise<LiveScaleFigures> {
  const dir = fs.mkdtempSync(path.join(dataRoot, 'omnipulse-live-scale-'));
  const server = await startServer({ dataDir: dir, port: 0, host: '127.0.0.1', demo: false, routing: false, ingestToken: TOKEN, logger: false });
  try {
    const { pipeline, users } = server;
    const setupAt = new Date(Date.now() - 21 * 3_600_000).toISOString();
    let setupId = 0;
    const setup = (type: string, fields: Record<string, unknown>, at = setupAt) => ({ id: `setup-${++setupId}`, type, at, ...fields });
    const queueIds = [SMALL_QUEUE, ...Array.from({ length: OTHER_QUEUES }, (_, i) => `q-other-${i}`)];
    await pipeline.submit([
      ...queueIds.map((queueId) => setup('queue.upserted', { queueId, name: queueId })),
      ...Array.from({ length: AGENTS }, (_, i) => [
        setup('agent.upserted', { agentId: `a${i}`, name: `Agent ${i}`, queueIds: [SMALL_QUEUE], capacityUnits: 1_000_000 }),
        setup('agent.presence', { agentId: `a${i}`, presence: 'available' }),
      ]).flat(),
    ]);
    // Waiting conversations of the other queues, created in order over the last 20 hours.
    const spanMs = 20 * 3_600_000;
    const firstAt = Date.now() - spanMs;
    for (let start = 0; start < preload; start += PRELOAD_BATCH) {
      const batch = [];
      for (let i = start; i < Math.min(preload, start + PRELOAD_BATCH); i += 1) {
        const at = new Date(firstAt + Math.floor((i / preload) * spanMs)).toISOString();
        batch.push(setup('conversation.created', { conversationId: `other-${i}`, channel: i % 3 === 0 ? 'voice' : 'chat', queueId: `q-other-${i % OTHER_QUEUES}`, subject: `Other ${i}` }, at));
      }
      const result = await pipeline.submit(batch);
      if (result.rejected.length > 0) throw new Error(`preload refused: ${JSON.stringify(result.rejected[0])}`);
    }

    // Supervisors of the small queue (16 connections each) and an admin.
    const cookieOf = async (username: string, role: 'supervisor' | 'admin') => {
      const user = await users.create({ username, password: `${username}-password-long`, role, queueIds: role === 'supervisor' ? [SMALL_QUEUE] : [] });
      return `${SESSION_COOKIE}=${await users.startSession(user)}`;
    };
    const supervisors = Math.ceil((ONGOING_CLIENTS + SUMMARY_CLIENTS / 2) / CONNECTIONS_PER_USER);
    const supervisorCookies = await Promise.all(Array.from({ length: supervisors }, (_, i) => cookieOf(`sup${i}`, 'supervisor')));
    const adminCookie = await cookieOf('bench-admin', 'admin');
    const connections = Array.from({ length: ONGOING_CLIENTS + SUMMARY_CLIENTS / 2 }, (_, i) => supervisorCookies[Math.floor(i / CONNECTIONS_PER_USER)]!);
    const cookies = {
      ongoing: connections.slice(0, ONGOING_CLIENTS),
      summary: [...connections.slice(ONGOING_CLIENTS), ...Array.from({ length: SUMMARY_CLIENTS / 2 }, () => adminCookie)],
    };

    const wsUrl = `${server.url.replace(/^http/, 'ws')}/api/v1/live`;
    const clients = forkChild(['--clients', wsUrl, JSON.stringify(cookies)]);
    await clients.next('ready');

    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    const cpuStart = process.cpuUsage();
    tickTimes.length = 0;
    const wallStart = now();
    const ingest = forkChild(['--ingest', server.url, String(seconds), String(rate)]);
    const done = (await ingest.next('done')) as { probes: { id: string; at: number }[]; eventsPerSecond: number; refused: number };
    // The last patches' way to the clients.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const cpu = process.cpuUsage(cpuStart);
    const ticks = [...tickTimes].sort((a, b) => a - b);
    loopDelay.disable();
    const wallMs = now() - wallStart;

    const reportPromise = clients.next('report');
    clients.child.send({ type: 'report' });
    const { report } = (await reportPromise) as { report: ClientReport };
    const latencies: number[] = [];
    let missing = 0;
    for (const arrived of report.arrivals) {
      for (const probe of done.probes) {
        const seq = report.firstSeq[probe.id];
        const at = seq === undefined ? undefined : arrived[seq];
        if (at === undefined) missing += 1;
        else latencies.push(at - probe.at);
      }
    }
    latencies.sort((a, b) => a - b);
    if (done.refused > 0) console.error(`warning: ${done.refused} ingest requests refused events`);
    return {
      preloaded: preload,
      eventsPerSecond: done.eventsPerSecond,
      latencyMs: {
        p50: round(percentile(latencies, 50)),
        p95: round(percentile(latencies, 95)),
        p99: round(percentile(latencies, 99)),
        max: round(latencies.at(-1) ?? NaN),
      },
      missing,
      samples: latencies.length,
      summaryPatchesPerClient: Math.round(report.summaryPatches / SUMMARY_CLIENTS),
      serverCpuShare: Math.round(((cpu.user + cpu.system) / 1000 / wallMs) * 1000) / 1000,
      eventLoopDelayP99Ms: round(loopDelay.percentile(99) / 1e6),
      hubTickMs: { count: ticks.length, p50: round(percentile(ticks, 50) * 10) / 10, p99: round(percentile(ticks, 99)), max: round(ticks.at(-1) ?? NaN) },
    };
  } finally {
    await server.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function print(label: string, f: LiveScaleFigures): void {
  console.log(
    `${label.padEnd(7)} preloaded=${f.preloaded} events/s=${f.eventsPerSecond} ingest→patch p50=${f.latencyMs.p50}ms p95=${f.latencyMs.p95}ms ` +
      `p99=${f.latencyMs.p99}ms max=${f.latencyMs.max}ms missing=${f.missing} (${f.samples} samples) summary patches/client=${f.summaryPatchesPerClient} ` +
      `server CPU=${(f.serverCpuShare * 100).toFixed(1)}% loop delay p99=${f.eventLoopDelayP99Ms}ms ` +
      `hub tick p50=${f.hubTickMs.p50}ms p99=${f.hubTickMs.p99}ms max=${f.hubTickMs.max}ms (${f.hubTickMs.count} ticks)`,
  );
}

// ---- in process: the CPU time of a hub tick ----

export interface TickCost {
  preloaded: number;
  ticks: number;
  /** CPU µs per tick of the hub (every view brought up to date), and of recomputing and diffing every view. */
  hubUs: number;
  recomputeUs: number;
}

const neutral: SentimentAnalyzer = { analyze: () => ({ score: 0, level: 'neutral', language: 'en' }), combine: () => 'neutral' };

function cpuUs(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

export function tickCost(preload: number, ticks = 400): TickCost {
  const engine = new Engine({ analyzer: neutral });
  let t = Date.now() - 21 * 3_600_000;
  let n = 0;
  const apply = (type: string, fields: Record<string, unknown>) => {
    const outcome = engine.apply({ id: `t${n++}`, type, at: new Date(t).toISOString(), ...fields });
    if (outcome.status !== 'applied') throw new Error(JSON.stringify(outcome));
  };
  for (const queueId of [SMALL_QUEUE, ...Array.from({ length: OTHER_QUEUES }, (_, i) => `q-other-${i}`)]) apply('queue.upserted', { queueId, name: queueId });
  for (let i = 0; i < AGENTS; i += 1) {
    apply('agent.upserted', { agentId: `a${i}`, name: `Agent ${i}`, queueIds: [SMALL_QUEUE], capacityUnits: 1_000_000 });
    apply('agent.presence', { agentId: `a${i}`, presence: 'available' });
  }
  const spanMs = 20 * 3_600_000;
  const firstAt = t + 30 * 60_000;
  for (let i = 0; i < preload; i += 1) {
    t = firstAt + Math.floor((i / preload) * spanMs);
    apply('conversation.created', { conversationId: `other-${i}`, channel: i % 3 === 0 ? 'voice' : 'chat', queueId: `q-other-${i % OTHER_QUEUES}` });
  }
  t = Date.now();
  const hub = new LiveHub(engine, { coalesceMs: 1e9, refreshMs: 1e9, maxMessagesPerSecond: 1e9 }, () => t);
  const discard: LiveSocket = { send() {}, bufferedAmount: 0, close() {}, terminate() {} };
  const supervisor = { id: 'sup', role: 'supervisor' as const, queueIds: [SMALL_QUEUE] };
  const admin = { id: 'admin', role: 'admin' as const, queueIds: [] };
  const subscribe = (user: typeof supervisor | typeof admin, report: string) =>
    hub.receive(hub.connect(discard, user), JSON.stringify({ type: 'subscribe', id: 's', report }));
  for (let i = 0; i < ONGOING_CLIENTS; i += 1) subscribe(supervisor, 'ongoing');
  for (let i = 0; i < SUMMARY_CLIENTS / 2; i += 1) subscribe(supervisor, 'summary');
  for (let i = 0; i < SUMMARY_CLIENTS / 2; i += 1) subscribe(admin, 'summary');
  const views: { kind: 'ongoing' | 'summary'; scope?: Set<string>; state: LiveState | null }[] = [
    { kind: 'ongoing', scope: new Set([SMALL_QUEUE]), state: null },
    { kind: 'summary', scope: new Set([SMALL_QUEUE]), state: null },
    { kind: 'summary', state: null },
  ];
  const recompute = () => {
    for (const view of views) {
      const parsed = parseReportOptions({}, t);
      if (!parsed.ok) throw new Error(parsed.message);
      const query = { ...parsed.query, scope: view.scope };
      const next = toLiveState(engine, view.kind, engine.report(view.kind, query), query);
      if (view.state) diffLiveStates(view.state, next);
      view.state = next;
    }
  };
  recompute();

  // 16 events a tick in q-small: 4 conversations created; each accepted 2 ticks later, closed 4 ticks after that.
  const flush = (hub as unknown as { flush: () => void }).flush.bind(hub);
  let created = 0;
  const step = (tick: number) => {
    t += 16;
    for (let k = 0; k < 4; k += 1) apply('conversation.created', { conversationId: `s-${created++}`, channel: 'chat', queueId: SMALL_QUEUE });
    for (let k = 0; k < 4 && tick >= 2; k += 1) {
      const id = `s-${(tick - 2) * 4 + k}`;
      apply('conversation.assigned', { conversationId: id, agentId: `a${k}`, by: 'routing' });
      apply('conversation.accepted', { conversationId: id, agentId: `a${k}` });
    }
    for (let k = 0; k < 4 && tick >= 6; k += 1) apply('conversation.closed', { conversationId: `s-${(tick - 6) * 4 + k}` });
    hub.markDirty();
  };
  let hubUs = 0;
  let recomputeUs = 0;
  for (let tick = 0; tick < ticks; tick += 1) {
    step(tick);
    const before = cpuUs();
    flush();
    const between = cpuUs();
    recompute();
    recomputeUs += cpuUs() - between;
    hubUs += between - before;
  }
  hub.close();
  return { preloaded: preload, ticks, hubUs: Math.round(hubUs / ticks), recomputeUs: Math.round(recomputeUs / ticks) };
}

function printTick(label: string, cost: TickCost): void {
  console.log(`${label.padEnd(7)} preloaded=${cost.preloaded} hub tick ${cost.hubUs} µs CPU | recompute + diff every view ${cost.recomputeUs} µs (${cost.ticks} ticks)`);
}

export async function benchLiveScale(seconds = 15, rate = 1_000, preload = 100_000): Promise<{ empty: LiveScaleFigures; loaded: LiveScaleFigures }> {
  const empty = await run(0, seconds, rate);
  const loaded = await run(preload, seconds, rate);
  return { empty, loaded };
}

if (process.argv.includes('--clients')) {
  const index = process.argv.indexOf('--clients');
  await runClients(process.argv[index + 1]!, JSON.parse(process.argv[index + 2]!));
} else if (process.argv.includes('--ingest')) {
  const index = process.argv.indexOf('--ingest');
  await runIngest(process.argv[index + 1]!, Number(process.argv[index + 2]), Number(process.argv[index + 3]));
} else if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const preload = argument('preload', 100_000);
  if (!process.argv.includes('--tick-only')) await printServerRuns(preload);
  tickCost(0, 200); // warm-up: the first run would pay the JIT's work
  const emptyTick = tickCost(0);
  const loadedTick = tickCost(preload);
  console.log('hub tick in process (CPU time, same views, 16 events a tick):');
  printTick('empty', emptyTick);
  printTick('loaded', loadedTick);
  console.log(
    `ratio (loaded / empty): hub tick x${round(loadedTick.hubUs / emptyTick.hubUs)}, recompute + diff x${round(loadedTick.recomputeUs / emptyTick.recomputeUs)}; ` +
      `loaded: hub tick / recompute + diff = ${(loadedTick.hubUs / loadedTick.recomputeUs).toFixed(2)}`,
  );
  process.exit(0);
}

async function printServerRuns(preload: number): Promise<void> {
  const { empty, loaded } = await benchLiveScale(argument('seconds', 15), argument('rate', 1_000), preload);
  print('empty', empty);
  print('loaded', loaded);
  const ratio = loaded.latencyMs.p99 / empty.latencyMs.p99;
  console.log(
    `ratio (loaded / empty): p99 x${round(ratio)}, p50 x${round(loaded.latencyMs.p50 / empty.latencyMs.p50)}, server CPU x${round(loaded.serverCpuShare / empty.serverCpuShare)}, ` +
      `hub tick p50 x${round(loaded.hubTickMs.p50 / empty.hubTickMs.p50)} p99 x${round(loaded.hubTickMs.p99 / empty.hubTickMs.p99)}; ` +
      `target p99 < 100 ms: ${loaded.latencyMs.p99 < 100 ? 'met' : 'NOT met'}; within 1.5x of empty: ${ratio <= 1.5 ? 'met' : 'NOT met'}`,
  );
}
