/**
 * Soak (issue #12 item 7): a server on the embedded store for `BENCH_SOAK_MINUTES` (30 by
 * default) at 500 events/s, with 200 live clients on the ongoing report and a login flood
 * in the background. Every 30 s it prints the conversations in memory, the process's RSS
 * and heap (clients and server share the process) and the heap per conversation, the
 * ingest → patch latency seen by one client (p50 / p99 of that interval), the event-loop
 * delay p99 and the answers of the login flood. Closed conversations stay in memory for the
 * report windows (retention: 7 days), so memory grows with them: the target is a flat heap
 * per conversation (no leak) and flat latency.
 * Run: npm run bench:soak   (BENCH_SOAK_MINUTES=3 for a short run)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { startServer } from '../src/server/server.ts';

const MINUTES = Number(process.env.BENCH_SOAK_MINUTES ?? 30);
const TOKEN = 'soak-token';
const CLIENTS = 200;
const SUPERVISORS = 20;
const EVENTS_PER_SECOND = 500;
const TICK_MS = 100;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnipulse-soak-'));
const server = await startServer({ dataDir: dir, port: 0, host: '127.0.0.1', demo: false, routing: false, ingestToken: TOKEN, adminPassword: 'soak-admin-password', logger: false });
const post = async (events: unknown[]) => {
  const response = await fetch(`${server.url}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(events),
  });
  if (response.status !== 200) throw new Error(`ingest answered ${response.status}`);
};
const iso = () => new Date().toISOString();
await post([
  { id: 'soak-q', type: 'queue.upserted', at: iso(), queueId: 'soak', name: 'Soak' },
  { id: 'soak-a', type: 'agent.upserted', at: iso(), agentId: 'soak-agent', name: 'Soak Agent', queueIds: ['soak'] },
]);

// Supervisors (at most 16 live connections each), signed in once.
const cookies: string[] = [];
for (let i = 0; i < SUPERVISORS; i += 1) {
  await server.users.create({ username: `soak-${i}`, password: 'soak-password', role: 'supervisor', queueIds: ['soak'] });
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-soak': String(i) },
    body: JSON.stringify({ username: `soak-${i}`, password: 'soak-password' }),
  });
  cookies.push(login.headers.get('set-cookie')!.split(';')[0]!);
}
const seenAt = new Map<string, number>();
const sockets: WebSocket[] = [];
for (let i = 0; i < CLIENTS; i += 1) {
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/live`, { headers: { cookie: cookies[i % SUPERVISORS]! } });
  if (i === 0) {
    socket.on('message', (data) => {
      for (const match of data.toString().matchAll(/"(probe-\d+)"/g)) if (!seenAt.has(match[1]!)) seenAt.set(match[1]!, performance.now());
    });
  }
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.send(JSON.stringify({ type: 'subscribe', id: 's', report: 'ongoing', filters: {} }));
  sockets.push(socket);
}

// Traffic like a large site's: about 2,000 conversations open, each living some 20 events
// (creation, messages, close), so 25 new conversations a second.
const EVENTS_PER_CONVERSATION = 20;
let n = 0;
const open: string[] = [];
function tickEvents(): unknown[] {
  const events: unknown[] = [];
  const perTick = (EVENTS_PER_SECOND * TICK_MS) / 1000;
  while (events.length < perTick) {
    n += 1;
    if (open.length < 2_000 || n % EVENTS_PER_CONVERSATION === 0) {
      const id = `soak-c${n}`;
      open.push(id);
      events.push({ id: `e${n}`, type: 'conversation.created', at: iso(), conversationId: id, channel: 'chat', queueId: 'soak', subject: `Soak ${n}` });
    } else if (n % EVENTS_PER_CONVERSATION === 1) {
      const id = open.splice(n % open.length, 1)[0]!;
      events.push({ id: `e${n}`, type: 'conversation.closed', at: iso(), conversationId: id });
    } else {
      const id = open[n % open.length]!;
      events.push({ id: `e${n}`, type: 'conversation.message', at: iso(), conversationId: id, from: 'customer', text: 'Where is my order? It is late again.' });
    }
  }
  return events;
}
const traffic = setInterval(() => void post(tickEvents()).catch((error: unknown) => console.error(String(error))), TICK_MS);

// A login flood: wrong passwords, 20 a second.
const floodAnswers = new Map<number, number>();
const flood = setInterval(() => {
  void fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: `guess-${Math.random()}` }) }).then(
    (response) => floodAnswers.set(response.status, (floodAnswers.get(response.status) ?? 0) + 1),
  );
}, 50);

const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const started = performance.now();
let probe = 0;
process.stdout.write(`soak: ${MINUTES} min, ${EVENTS_PER_SECOND} events/s, ${CLIENTS} live clients, a login flood of 20/s\n`);
while (performance.now() - started < MINUTES * 60_000) {
  const delays: number[] = [];
  const intervalStart = performance.now();
  while (performance.now() - intervalStart < 30_000) {
    const id = `probe-${++probe}`;
    const sent = performance.now();
    await post([{ id, type: 'conversation.created', at: iso(), conversationId: id, channel: 'chat', queueId: 'soak' }]);
    const deadline = sent + 5_000;
    while (!seenAt.has(id) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
    delays.push((seenAt.get(id) ?? Number.POSITIVE_INFINITY) - sent);
    seenAt.delete(id);
    await post([{ id: `${id}-closed`, type: 'conversation.closed', at: iso(), conversationId: id }]);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  delays.sort((a, b) => a - b);
  const q = (p: number) => delays[Math.min(delays.length - 1, Math.floor(p * delays.length))]!.toFixed(1);
  const memory = process.memoryUsage();
  const conversations = server.pipeline.engine.state.conversations.size;
  const answers = [...floodAnswers].map(([status, count]) => `${status}×${count}`).join(' ');
  process.stdout.write(
    `${((performance.now() - started) / 60_000).toFixed(1)} min: ${conversations.toLocaleString('en')} conversations in memory, ` +
      `RSS ${(memory.rss / 2 ** 20).toFixed(0)} MB, heap ${(memory.heapUsed / 2 ** 20).toFixed(0)} MB (${Math.round(memory.heapUsed / Math.max(conversations, 1)).toLocaleString('en')} B per conversation), ` +
      `ingest→patch p50 ${q(0.5)} ms p99 ${q(0.99)} ms, event-loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, login flood: ${answers}\n`,
  );
  loop.reset();
  floodAnswers.clear();
}
clearInterval(traffic);
clearInterval(flood);
for (const socket of sockets) socket.terminate();
await server.shutdown();
fs.rmSync(dir, { recursive: true, force: true });
