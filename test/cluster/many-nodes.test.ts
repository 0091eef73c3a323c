/**
 * Many nodes on one PostgreSQL (issue #13, DESIGN.md "Many nodes"): three real `omnipulse
 * start` processes share a log, users, sessions and tokens on a real server. Events are ingested round-robin, live
 * clients watch every node; then the routing node is SIGKILLed and the others carry on:
 * every acknowledged event is in every survivor's reports, the reports agree, another
 * node takes over routing, and no conversation is ever offered twice at once.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PostgresEventStore } from '../../src/store/postgres-store.ts';
import { type ChildServer, INGEST_TOKEN, created, siteEvents, startChild, tempDir } from '../server/helpers.ts';
import { startPostgres, type TestPostgres } from '../store/postgres-server.ts';

let postgres: TestPostgres;
const dirs: string[] = [];
const nodes: ChildServer[] = [];
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(async () => {
  for (const node of nodes) node.child.kill('SIGKILL');
  await postgres?.stop();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const env = () => ({ DATABASE_URL: postgres.url, OMNIPULSE_INGEST_TOKEN: INGEST_TOKEN, OMNIPULSE_ADMIN_PASSWORD: 'admin-password' });

async function startNode(): Promise<ChildServer> {
  const dir = tempDir();
  dirs.push(dir);
  // Routing on (the default): the nodes elect one router among them.
  const node = await startChild(dir, env());
  nodes.push(node);
  return node;
}

async function post(node: ChildServer, events: unknown[]) {
  const response = await fetch(`${node.url}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(events),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { accepted: number; rejected: unknown[] };
}

async function cookieOf(node: ChildServer): Promise<string> {
  const response = await fetch(`${node.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'admin-password' }),
  });
  return response.headers.get('set-cookie')!.split(';')[0]!;
}

type Row = { id: string; status: string; activeAgentId: string | null };
async function ongoing(node: ChildServer, cookie: string): Promise<Row[]> {
  const response = await fetch(`${node.url}/api/v1/reports/ongoing?window=last24h&includeOpen=true`, { headers: { cookie } });
  const report = (await response.json()) as { conversations: Row[] };
  return report.conversations.map(({ id, status, activeAgentId }) => ({ id, status, activeAgentId })).sort((a, b) => (a.id < b.id ? -1 : 1));
}

async function routes(node: ChildServer): Promise<boolean> {
  return ((await (await fetch(`${node.url}/readyz`)).json()) as { routing: boolean }).routing;
}

async function until(condition: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** No conversation has two `assigned` without a `rejected`, `transferred`, `parked` or `closed` between them. */
function offeredTwiceAtOnce(log: { event: Record<string, unknown> }[]): string[] {
  const offered = new Set<string>();
  const twice: string[] = [];
  for (const { event } of log) {
    const id = event.conversationId as string;
    if (event.type === 'conversation.assigned') {
      if (offered.has(id)) twice.push(id);
      offered.add(id);
    } else if (['conversation.rejected', 'conversation.transferred', 'conversation.parked', 'conversation.closed'].includes(event.type as string)) {
      offered.delete(id);
    }
  }
  return twice;
}

describe('three nodes on one PostgreSQL', () => {
  it('converge, conflict correctly, keep one router, and survive the router being killed', async () => {
    const [a, b, c] = [await startNode(), await startNode(), await startNode()];
    const cookies = [await cookieOf(a), await cookieOf(b), await cookieOf(c)];
    await post(a, siteEvents());

    // Sessions and ingest tokens live in PostgreSQL: made on one node, good on every node.
    const me = await fetch(`${c.url}/api/v1/me`, { headers: { cookie: cookies[0]! } });
    expect(((await me.json()) as { user: { username: string } }).user.username).toBe('admin');
    const made = await fetch(`${b.url}/api/v1/tokens`, { method: 'POST', headers: { cookie: cookies[1]!, 'content-type': 'application/json' }, body: '{"name":"crm"}' });
    const { token, id: tokenId } = (await made.json()) as { token: string; id: string };
    const viaToken = await fetch(`${a.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '[]' });
    expect(viaToken.status).toBe(200);
    await fetch(`${c.url}/api/v1/tokens/${tokenId}`, { method: 'DELETE', headers: { cookie: cookies[2]! } });
    const revoked = await fetch(`${a.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '[]' });
    expect(revoked.status).toBe(401);

    // A live client on every node.
    const heard = nodes.map(() => new Set<string>());
    const sockets = await Promise.all(
      nodes.map(
        (node, i) =>
          new Promise<WebSocket>((resolve, reject) => {
            const socket = new WebSocket(node.url.replace('http', 'ws') + '/api/v1/live', { headers: { cookie: cookies[i]! } });
            socket.on('message', (data) => {
              for (const match of data.toString().matchAll(/"(k\d+)"/g)) heard[i]!.add(match[1]!);
            });
            socket.on('open', () => {
              socket.send(JSON.stringify({ type: 'subscribe', id: 's', report: 'ongoing', filters: { includeOpen: 'true' } }));
              resolve(socket);
            });
            socket.on('error', reject);
          }),
      ),
    );

    // Round-robin ingest; every answer acknowledged.
    const acknowledged: string[] = [];
    for (let batch = 0; batch < 12; batch += 1) {
      const node = nodes[batch % 3]!;
      // Dated now: the ongoing report's window ends now.
      const events: Record<string, unknown>[] = Array.from({ length: 5 }, (_, i) => ({ ...created(`k${batch * 5 + i}`, i % 2 ? 'q-a' : 'q-b'), at: new Date().toISOString() }));
      expect((await post(node, events)).accepted).toBe(5);
      acknowledged.push(...events.map((event) => event.conversationId as string));
    }
    const same = async () => {
      const views = await Promise.all(nodes.map((node, i) => ongoing(node, cookies[i]!)));
      return views.every((view) => JSON.stringify(view) === JSON.stringify(views[0]));
    };
    await until(same, 10_000, 'the three nodes agree');
    const view = await ongoing(a, cookies[0]!);
    expect(view.map((row) => row.id)).toEqual(expect.arrayContaining(acknowledged));
    await until(async () => heard.every((ids) => acknowledged.every((id) => ids.has(id))), 10_000, 'every live client saw every conversation');

    // Exactly one node routes, and it assigned conversations to the three agents.
    const routers = await Promise.all(nodes.map(routes));
    expect(routers.filter(Boolean)).toHaveLength(1);
    await until(async () => (await ongoing(b, cookies[1]!)).filter((row) => row.status === 'active').length >= 3, 10_000, 'routing assigned');

    // The same supervisor action on two nodes at once: one wins, the other gets 409.
    const target = view.find((row) => row.status === 'open')!.id;
    const forceClose = (node: ChildServer, cookie: string) =>
      fetch(`${node.url}/api/v1/conversations/${target}/force-close`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{"confirm":true}' });
    const answers = await Promise.all([forceClose(a, cookies[0]!), forceClose(c, cookies[2]!)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const refused = (await answers.find((answer) => answer.status === 409)!.json()) as { error: { status: string } };
    expect(refused.error.status).toBe('closed');

    // Kill the router.
    const routerIndex = routers.indexOf(true);
    nodes[routerIndex]!.child.kill('SIGKILL');
    await nodes[routerIndex]!.exited;
    const survivors = nodes.filter((_, i) => i !== routerIndex);
    const survivorCookies = cookies.filter((_, i) => i !== routerIndex);
    await until(async () => (await Promise.all(survivors.map(routes))).filter(Boolean).length === 1, 5_000, 'another node routes within 5 s');

    // Routing resumes: a new available agent gets offered a waiting conversation.
    await post(survivors[0]!, [
      { id: 'ag-a3', type: 'agent.upserted', at: new Date().toISOString(), agentId: 'a3', name: 'Anouk', queueIds: ['q-a', 'q-b'] },
      { id: 'pr-a3', type: 'agent.presence', at: new Date().toISOString(), agentId: 'a3', presence: 'available' },
    ]);
    await until(async () => (await ongoing(survivors[1]!, survivorCookies[1]!)).some((row) => row.activeAgentId === 'a3'), 10_000, 'routing resumed on a survivor');
    await until(async () => {
      const views = await Promise.all(survivors.map((node, i) => ongoing(node, survivorCookies[i]!)));
      return JSON.stringify(views[0]) === JSON.stringify(views[1]);
    }, 10_000, 'the survivors agree');

    // A client whose node died resumes on a survivor: that node never held the subscription,
    // so with its report the resume starts again from a fresh snapshot.
    const moved = new WebSocket(survivors[0]!.url.replace('http', 'ws') + '/api/v1/live', { headers: { cookie: survivorCookies[0]! } });
    const first = new Promise<Record<string, unknown>>((resolve) => moved.once('message', (data) => resolve(JSON.parse(data.toString()))));
    await new Promise((resolve) => moved.on('open', resolve));
    moved.send(JSON.stringify({ type: 'resume', id: 's', seq: 42, report: 'ongoing', filters: { includeOpen: 'true' } }));
    expect(await first).toMatchObject({ type: 'snapshot', id: 's', seq: 1 });
    moved.terminate();

    const store = await PostgresEventStore.open(postgres.url);
    const log = await store.readFrom(0, 100_000);
    await store.close();
    const logged = new Set(log.map((stored) => stored.event.conversationId));
    for (const id of acknowledged) expect(logged.has(id)).toBe(true);
    expect(offeredTwiceAtOnce(log as { event: Record<string, unknown> }[])).toEqual([]);
    for (const socket of sockets) socket.terminate();
  }, 120_000);
});
