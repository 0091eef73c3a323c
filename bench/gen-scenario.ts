/**
 * A deterministic generator of large legal event streams (SPEC §3 format, time order) for
 * the engine benchmarks and tests: queues, agents with presence, and conversations on every
 * channel and both directions going through assignment, rejection, acceptance, messages,
 * hold, park/resume, transfers, wrap-up and close — or stopping part-way (still ongoing).
 */
import { writeFileSync } from 'node:fs';
import { CHANNELS, type Channel } from '../src/domain/events.js';

export interface ScenarioOptions {
  seed?: number;
  conversations: number;
  /** Creation times spread over [startMs, startMs + spanMs). */
  startMs: number;
  spanMs: number;
  queues?: number;
  agents?: number;
  /** Share of conversations cut short before their close (they stay ongoing). */
  ongoingShare?: number;
}

export type ScenarioEvent = Record<string, unknown> & { id: string; type: string; at: string };

/** mulberry32: small, fast and deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ASYNC: ReadonlySet<Channel> = new Set(['sms', 'whatsapp', 'facebook', 'teams', 'email']);
const CUSTOMER_LINES = [
  'hello, my order has not arrived',
  'this is good, thank you',
  'bad service, I am waiting for ages',
  'ok',
  'thanks, that was very helpful',
  'still broken and I am angry',
  'hallo, mijn pakket is niet aangekomen',
];

interface Timed {
  at: number;
  seq: number;
  event: Omit<ScenarioEvent, 'at' | 'id'>;
}

export function generateScenario(options: ScenarioOptions): ScenarioEvent[] {
  const random = prng(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const queueCount = options.queues ?? 12;
  const agentCount = options.agents ?? 200;
  const ongoingShare = options.ongoingShare ?? 0.05;
  const timed: Timed[] = [];
  let seq = 0;
  const push = (at: number, event: Timed['event']) => timed.push({ at, seq: seq++, event });

  const setupAt = options.startMs - 60_000;
  const queueIds = Array.from({ length: queueCount }, (_, i) => `q${i}`);
  queueIds.forEach((queueId, i) =>
    push(setupAt, {
      type: 'queue.upserted',
      queueId,
      name: `Queue ${i}`,
      ...(i % 3 === 0 ? { sentimentAlert: 'slightly-negative' } : {}),
      // Half the queues have their own service level, target and alert thresholds (queues report).
      ...(i % 2 === 0
        ? {
            serviceLevelSeconds: 15 + (i % 4) * 15,
            serviceLevelTarget: 0.85,
            thresholds: { inQueue: { warn: 5, alert: 20 }, longestWaitSeconds: { warn: 300 }, serviceLevel: { warn: 0.8, alert: 0.6 } },
          }
        : {}),
    }),
  );
  const membersByQueue = new Map<string, string[]>(queueIds.map((id) => [id, []]));
  const agentIds = Array.from({ length: agentCount }, (_, i) => `a${i}`);
  agentIds.forEach((agentId, i) => {
    const queues = [queueIds[i % queueCount], queueIds[(i * 7 + 3) % queueCount]];
    for (const queueId of new Set(queues)) membersByQueue.get(queueId)!.push(agentId);
    push(setupAt, { type: 'agent.upserted', agentId, name: `Agent ${i}`, queueIds: [...new Set(queues)] });
    push(setupAt + 1, { type: 'agent.presence', agentId, presence: 'available' });
  });

  for (let n = 0; n < options.conversations; n++) {
    const conversationId = `c${n}`;
    const channel = pick(CHANNELS);
    const queueId = pick(queueIds);
    const members = membersByQueue.get(queueId)!;
    const direction = random() < 0.1 ? 'outbound' : 'inbound';
    const steps: Array<[number, Timed['event']]> = [];
    let t = options.startMs + Math.floor(random() * options.spanMs);
    const step = (seconds: number, event: Timed['event']) => {
      t += Math.max(1, Math.round(seconds * 1000));
      steps.push([t, { ...event, conversationId }]);
    };
    const createdAt = t;
    steps.push([createdAt, { type: 'conversation.created', conversationId, channel, queueId, direction, subject: `Case ${n}` }]);
    if (random() < 0.5) step(int(1, 5), { type: 'conversation.message', from: 'customer', text: pick(CUSTOMER_LINES) });
    if (direction === 'inbound' && random() < 0.08) {
      step(int(5, 300), { type: 'conversation.closed', reason: 'customer-left' });
    } else {
      let agentId = pick(members);
      if (random() < 0.1) {
        step(int(1, 40), { type: 'conversation.assigned', agentId, by: 'routing' });
        step(int(5, 60), { type: 'conversation.rejected', agentId, ...(random() < 0.5 ? { reason: 'timeout' } : {}) });
        agentId = pick(members);
      }
      if (random() < 0.2) {
        step(int(1, 90), { type: 'conversation.assigned', agentId, by: 'agent' });
      } else {
        step(int(1, 90), { type: 'conversation.assigned', agentId, by: 'routing' });
        step(int(1, 15), { type: 'conversation.accepted', agentId });
      }
      for (let m = int(1, 4); m > 0; m--) {
        step(int(5, 60), { type: 'conversation.message', from: 'agent', text: 'How can I help?' });
        step(int(5, 90), { type: 'conversation.message', from: 'customer', text: pick(CUSTOMER_LINES) });
      }
      if (random() < 0.1) step(int(1, 20), { type: 'conversation.message', from: 'agent', text: 'note', visibility: 'internal' });
      if (channel === 'voice' && random() < 0.3) {
        step(int(10, 120), { type: 'conversation.held' });
        step(int(10, 180), { type: 'conversation.unheld' });
      }
      if (ASYNC.has(channel) && random() < 0.15) {
        step(int(10, 120), { type: 'conversation.parked' });
        if (random() < 0.5) {
          step(int(60, 3600), { type: 'conversation.resumed', agentId });
        } else {
          step(int(60, 3600), { type: 'conversation.resumed' });
          agentId = pick(members);
          step(int(1, 60), { type: 'conversation.assigned', agentId, by: 'routing' });
          step(int(1, 15), { type: 'conversation.accepted', agentId });
        }
      }
      if (random() < 0.1) {
        if (random() < 0.5) {
          agentId = pick(members);
          step(int(10, 120), { type: 'conversation.transferred', toAgentId: agentId });
        } else {
          const toQueueId = pick(queueIds);
          agentId = pick(membersByQueue.get(toQueueId)!);
          step(int(10, 120), { type: 'conversation.transferred', toQueueId });
          step(int(1, 60), { type: 'conversation.assigned', agentId, by: 'routing' });
        }
        step(int(1, 15), { type: 'conversation.accepted', agentId });
      }
      if (random() < 0.05) step(int(1, 10), { type: 'supervisor.monitor', supervisorId: 'sup1', mode: 'start' });
      step(int(30, 600), { type: 'conversation.wrapup' });
      step(int(10, 120), { type: 'conversation.closed' });
    }
    // An ongoing conversation: cut before its close (every prefix of a legal stream is legal).
    const keep = random() < ongoingShare ? int(1, steps.length - 1) : steps.length;
    for (let i = 0; i < keep; i++) push(steps[i][0], steps[i][1]);
  }
  timed.sort((a, b) => a.at - b.at || a.seq - b.seq);
  return timed.map(({ at, event }, i) => ({ id: `e${i}`, at: new Date(at).toISOString(), ...event }) as ScenarioEvent);
}

export function writeScenario(path: string, events: readonly ScenarioEvent[]): void {
  writeFileSync(path, `${events.map((event) => JSON.stringify(event)).join('\n')}\n`);
}
