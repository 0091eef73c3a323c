/** Small builders for domain tests: a site with two queues and two agents. */
import { parseEvent } from '../../src/domain/events.js';
import { checkEvent, type EvolveContext, evolve } from '../../src/domain/lifecycle.js';
import { type DomainState, emptyState } from '../../src/domain/model.js';

export const neutralContext: EvolveContext = {
  analyzeMessage: () => ({ score: 0, level: 'neutral', language: 'unknown' }),
  combineSentiment: () => 'neutral',
};

let counter = 0;
export const T0 = Date.parse('2024-07-09T08:00:00Z');
export const iso = (secondsAfterT0: number) => new Date(T0 + secondsAfterT0 * 1000).toISOString();

/** Builds a raw event with a fresh id at T0 + `seconds`. */
export function ev(type: string, seconds: number, fields: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return { id: `e-${counter}`, type, at: iso(seconds), ...fields };
}

/** Applies raw events, failing loudly on any refusal. */
export function applyAll(state: DomainState, raws: Record<string, unknown>[], context = neutralContext): DomainState {
  for (const raw of raws) {
    const parsed = parseEvent(raw);
    if (!parsed.ok) throw new Error(parsed.message);
    const refusal = checkEvent(state, parsed.event);
    if (refusal) throw new Error(refusal.message);
    evolve(state, parsed.event, context);
  }
  return state;
}

export function site(): DomainState {
  return applyAll(emptyState(), [
    ev('queue.upserted', 0, { queueId: 'q1', name: 'Support' }),
    ev('queue.upserted', 0, { queueId: 'q2', name: 'Billing' }),
    ev('agent.upserted', 0, { agentId: 'a1', name: 'Ann', queueIds: ['q1'] }),
    ev('agent.upserted', 0, { agentId: 'a2', name: 'Bob', queueIds: ['q1', 'q2'] }),
    ev('agent.presence', 0, { agentId: 'a1', presence: 'available' }),
    ev('agent.presence', 0, { agentId: 'a2', presence: 'available' }),
  ]);
}

export type StateName = 'open' | 'awaiting' | 'in-conversation' | 'waiting' | 'wrap-up' | 'closed';

/** Events that bring conversation `c` (on `channel`) into the named state. */
export function reach(name: StateName, channel = 'whatsapp', c = 'c1'): Record<string, unknown>[] {
  const created = ev('conversation.created', 10, { conversationId: c, channel, queueId: 'q1' });
  const assigned = ev('conversation.assigned', 20, { conversationId: c, agentId: 'a1', by: 'routing' });
  const accepted = ev('conversation.accepted', 30, { conversationId: c, agentId: 'a1' });
  switch (name) {
    case 'open':
      return [created];
    case 'awaiting':
      return [created, assigned];
    case 'in-conversation':
      return [created, assigned, accepted];
    case 'waiting':
      return [created, assigned, accepted, ev('conversation.parked', 40, { conversationId: c })];
    case 'wrap-up':
      return [created, assigned, accepted, ev('conversation.wrapup', 40, { conversationId: c })];
    case 'closed':
      return [created, ev('conversation.closed', 40, { conversationId: c })];
  }
}
