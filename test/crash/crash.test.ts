/**
 * Issue #14 part 7: the real server (`omnipulse start` in a child process) on one data
 * folder takes mixed ingest (valid and invalid events in each batch, resent duplicates) and
 * supervisor actions, and is SIGKILLed at a random moment, 20 times in a row. Every start
 * succeeds; every event answered as accepted (ingest or action) is in the log; no id is
 * logged twice; after each restart every report equals a replay of the log.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultAnalyzer } from '../../src/sentiment/index.ts';
import { type ChildServer, startChild, tempDir } from '../server/helpers.ts';
import {
  expectLogWellFormed,
  expectLogWithinLimits,
  expectNoServerError,
  expectReportsEqualReplay,
  type IngestAnswer,
  readLog,
  type ReportFetcher,
  reportUrl,
  sleep,
} from '../hostile/harness.ts';

const TOKEN = 'crash-ingest-token';
const ADMIN_PASSWORD = 'crash-admin-password';
const CYCLES = 20;

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const nowIso = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();

function site(): Record<string, unknown>[] {
  const at = nowIso();
  return [
    { id: 'q-a', type: 'queue.upserted', at, queueId: 'q-a', name: 'Queue A' },
    { id: 'q-b', type: 'queue.upserted', at, queueId: 'q-b', name: 'Queue B' },
    ...['a1', 'a2', 'b1'].flatMap((agentId) => [
      { id: `ag-${agentId}`, type: 'agent.upserted', at, agentId, name: agentId, queueIds: [agentId.startsWith('a') ? 'q-a' : 'q-b'] },
      { id: `pr-${agentId}`, type: 'agent.presence', at, agentId, presence: 'available' },
    ]),
  ];
}

/** A server under test: its URL, the admin cookie and the JSON calls the workload makes. */
class Session {
  private constructor(
    readonly server: ChildServer,
    readonly cookie: string,
  ) {}

  static async start(): Promise<Session> {
    const server = await startChild(dir, { OMNIPULSE_INGEST_TOKEN: TOKEN, OMNIPULSE_ADMIN_PASSWORD: ADMIN_PASSWORD }, ['--no-routing']);
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    expect(login.status).toBe(200);
    return new Session(server, login.headers.get('set-cookie')!.split(';')[0]!);
  }

  async call(path: string, body?: unknown, headers: Record<string, string> = { cookie: this.cookie }) {
    const response = await fetch(`${this.server.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    expectNoServerError(response.status, response.headers, text);
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  readonly fetchReport: ReportFetcher = (kind, query) => this.call(reportUrl(kind, query));

  async kill(): Promise<void> {
    this.server.child.kill('SIGKILL');
    await this.server.exited;
  }
}

/** What the workload was told: ids acknowledged, and acknowledged events to resend as duplicates. */
interface Ledger {
  acknowledged: Set<string>;
  resend: Record<string, unknown>[];
  open: string[];
}

/** One batch: new conversations, a message, a duplicate with another payload, and refused events. */
function batch(tag: string, ledger: Ledger, rng: () => number): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  for (let i = 0; i < 3; i++) {
    events.push({ id: `${tag}-c${i}`, type: 'conversation.created', at: nowIso(), conversationId: `${tag}-c${i}`, channel: 'chat', queueId: i % 2 ? 'q-b' : 'q-a' });
  }
  const target = ledger.open[Math.floor(rng() * ledger.open.length)];
  if (target) events.push({ id: `${tag}-m`, type: 'conversation.message', at: nowIso(), conversationId: target, from: 'customer', text: 'Where is my order?' });
  const old = ledger.resend[Math.floor(rng() * ledger.resend.length)];
  if (old) events.push({ ...old, subject: 'another payload' });
  events.push(
    { id: `${tag}-bad-type`, type: 'toString', at: nowIso() },
    { id: `${tag}-bad-date`, type: 'conversation.created', at: '2026-02-30T10:00:00Z', conversationId: `${tag}-x`, channel: 'chat', queueId: 'q-a' },
    { id: `${tag}-bad-order`, type: 'conversation.closed', at: nowIso(-3_600_000), conversationId: `${tag}-c0` },
    { id: `${tag}-bad-field`, type: 'conversation.created', at: nowIso(), conversationId: `${tag}-y`, channel: 'pigeon', queueId: 'q-a' },
  );
  // Shuffle, so that refused events sit before, between and after the good ones.
  return events.sort(() => rng() - 0.5);
}

const ACTIONS: [string, unknown][] = [
  ['assign', { agentId: 'a1', override: true }],
  ['assign', { queueId: 'q-b' }],
  ['transfer', { queueId: 'q-a' }],
  ['force-close', { confirm: true }],
  ['monitor', { mode: 'start' }],
];

/** Sends batches and supervisor actions until the server dies; records what was acknowledged. */
async function workload(session: Session, cycle: number, ledger: Ledger, rng: () => number, stop: { killed: boolean }): Promise<void> {
  const ingest = async (n: number) => {
    const events = batch(`k${cycle}-${n}`, ledger, rng);
    const answer = await session.call('/api/v1/events', events, { authorization: `Bearer ${TOKEN}` });
    expect(answer.status).toBe(200);
    const { rejected } = answer.body as IngestAnswer;
    const refused = new Set(rejected.map((r) => r.index));
    for (const index of ['bad-type', 'bad-date', 'bad-order', 'bad-field'].map((suffix) => events.findIndex((e) => String(e.id).endsWith(suffix)))) {
      expect(refused.has(index), `${String(events[index]!.id)} is refused`).toBe(true);
    }
    events.forEach((event, index) => {
      if (refused.has(index)) return;
      ledger.acknowledged.add(String(event.id));
      if (event.type === 'conversation.created') {
        ledger.open.push(String(event.conversationId));
        ledger.resend.push(event);
      }
    });
  };
  const act = async (): Promise<unknown> => {
    const conversation = ledger.open[Math.floor(rng() * ledger.open.length)];
    if (!conversation) return sleep(10); // nothing to act on yet; let the event loop run
    const [action, body] = ACTIONS[Math.floor(rng() * ACTIONS.length)]!;
    const answer = await session.call(`/api/v1/conversations/${conversation}/${action}`, body);
    if (answer.status === 200) for (const event of answer.body.events as { id: string }[]) ledger.acknowledged.add(event.id);
  };
  const lanes = [0, 1, 2].map(async (lane) => {
    for (let n = lane; !stop.killed; n += 3) {
      try {
        if (lane === 2) await act();
        else await ingest(n);
      } catch (error) {
        if (stop.killed) return; // a request cut by the kill: not acknowledged
        throw error;
      }
    }
  });
  await Promise.all(lanes);
}

describe('SIGKILL at random moments, 20 times in a row (issue #14 part 7)', () => {
  it('every start succeeds; acknowledged events are all logged once; reports equal a replay of the log', async () => {
    const ledger: Ledger = { acknowledged: new Set(), resend: [], open: [] };
    let seed = 14;
    const rng = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const started = Date.now();
      const session = await Session.start();
      try {
        if (process.env.CRASH_DEBUG) console.log(`cycle ${cycle}: started in ${Date.now() - started} ms`);
        expect((await session.call('/readyz')).status).toBe(200);
        const log = await readLog(dir);
        expectLogWellFormed(log);
        expectLogWithinLimits(log, Date.now());
        const logged = new Set(log.map((e) => e.event.id));
        expect([...ledger.acknowledged].filter((id) => !logged.has(id)), `cycle ${cycle}: acknowledged events lost`).toEqual([]);
        // Every kind at the log's last moment after each restart; every query at the end.
        await expectReportsEqualReplay(session.fetchReport, log, Date.now(), defaultAnalyzer, 1);
        if (process.env.CRASH_DEBUG) console.log(`cycle ${cycle}: ${log.length} events checked at ${Date.now() - started} ms`);
        if (cycle === 0) await session.call('/api/v1/events', site(), { authorization: `Bearer ${TOKEN}` });

        const stop = { killed: false };
        const running = workload(session, cycle, ledger, rng, stop).then(
          () => null,
          (error: unknown) => error,
        );
        await sleep(150 + Math.floor(rng() * 450));
        stop.killed = true;
        await session.kill();
        const failure = await running;
        if (failure) throw failure;
      } finally {
        await session.kill();
      }
    }
    const session = await Session.start();
    try {
      const log = await readLog(dir);
      expect(log.length).toBeGreaterThan(CYCLES * 5);
      const logged = new Set(log.map((e) => e.event.id));
      expect([...ledger.acknowledged].filter((id) => !logged.has(id))).toEqual([]);
      await expectReportsEqualReplay(session.fetchReport, log, Date.now(), defaultAnalyzer);
    } finally {
      await session.kill();
    }
  }, 240_000);
});
