import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../src/domain/events.js';
import { checkEvent } from '../../src/domain/lifecycle.js';
import { isAccepted } from '../../src/domain/model.js';
import { applyAll, ev, reach, site, type StateName } from './fixtures.js';

const STATES: StateName[] = ['open', 'awaiting', 'in-conversation', 'waiting', 'wrap-up', 'closed'];

/** Each event the lifecycle knows, and the states of SPEC §2 in which it is legal. */
const TRANSITIONS: { name: string; event: () => Record<string, unknown>; channel?: string; legalIn: StateName[] }[] = [
  { name: 'assign', event: () => ev('conversation.assigned', 50, { conversationId: 'c1', agentId: 'a2', by: 'supervisor' }), legalIn: ['open', 'waiting'] },
  { name: 'accept', event: () => ev('conversation.accepted', 50, { conversationId: 'c1', agentId: 'a1' }), legalIn: ['awaiting'] },
  { name: 'reject', event: () => ev('conversation.rejected', 50, { conversationId: 'c1', agentId: 'a1' }), legalIn: ['awaiting'] },
  { name: 'transfer to agent', event: () => ev('conversation.transferred', 50, { conversationId: 'c1', toAgentId: 'a2' }), legalIn: ['in-conversation', 'waiting'] },
  { name: 'transfer to queue', event: () => ev('conversation.transferred', 50, { conversationId: 'c1', toQueueId: 'q2' }), legalIn: ['open', 'in-conversation', 'waiting'] },
  { name: 'hold (voice)', channel: 'voice', event: () => ev('conversation.held', 50, { conversationId: 'c1' }), legalIn: ['in-conversation'] },
  { name: 'park', event: () => ev('conversation.parked', 50, { conversationId: 'c1' }), legalIn: ['in-conversation'] },
  { name: 'park (chat)', channel: 'chat', event: () => ev('conversation.parked', 50, { conversationId: 'c1' }), legalIn: [] },
  { name: 'resume to queue', event: () => ev('conversation.resumed', 50, { conversationId: 'c1' }), legalIn: ['waiting'] },
  { name: 'resume to agent', event: () => ev('conversation.resumed', 50, { conversationId: 'c1', agentId: 'a1' }), legalIn: ['waiting'] },
  { name: 'wrap up', event: () => ev('conversation.wrapup', 50, { conversationId: 'c1' }), legalIn: ['in-conversation'] },
  { name: 'close', event: () => ev('conversation.closed', 50, { conversationId: 'c1' }), legalIn: ['open', 'awaiting', 'in-conversation', 'waiting', 'wrap-up'] },
  { name: 'message', event: () => ev('conversation.message', 50, { conversationId: 'c1', from: 'customer', text: 'hi' }), legalIn: ['open', 'awaiting', 'in-conversation', 'waiting', 'wrap-up'] },
  { name: 'monitor', event: () => ev('supervisor.monitor', 50, { conversationId: 'c1', supervisorId: 's1', mode: 'start' }), legalIn: ['in-conversation', 'waiting', 'wrap-up'] },
];

describe('the SPEC §2 transition table', () => {
  for (const transition of TRANSITIONS) {
    for (const state of STATES) {
      // Voice and chat conversations never reach 'waiting' (parking is for asynchronous channels).
      if (transition.channel && state === 'waiting') continue;
      const legal = transition.legalIn.includes(state);
      it(`${transition.name} from ${state} is ${legal ? 'applied' : 'refused naming the status'}`, () => {
        const domain = applyAll(site(), reach(state, transition.channel));
        const parsed = parseEvent(transition.event());
        if (!parsed.ok) throw new Error(parsed.message);
        const refusal = checkEvent(domain, parsed.event);
        if (legal) {
          expect(refusal).toBeNull();
        } else {
          expect(refusal).not.toBeNull();
          expect(refusal!.message).toContain(state === 'awaiting' || state === 'in-conversation' ? 'active' : state);
        }
      });
    }
  }
});

describe('SPEC §2/§3 lifecycle effects', () => {
  it('a pick is accepted at once and a following accept by the same agent is a no-op (SPEC §3)', () => {
    const domain = applyAll(site(), [
      ev('conversation.created', 0, { conversationId: 'c1', channel: 'chat', queueId: 'q1' }),
      ev('conversation.assigned', 5, { conversationId: 'c1', agentId: 'a1', by: 'agent' }),
    ]);
    const c = domain.conversations.get('c1')!;
    expect(c.status).toBe('active');
    expect(isAccepted(c)).toBe(true);
    applyAll(domain, [ev('conversation.accepted', 5, { conversationId: 'c1', agentId: 'a1' })]);
    expect(c.sessions[0]!.acceptedAt).toBe(c.firstAcceptedAt);
  });

  it('an accept by another agent than the assigned one is refused naming the field (SPEC §3)', () => {
    const domain = applyAll(site(), reach('awaiting'));
    const parsed = parseEvent(ev('conversation.accepted', 50, { conversationId: 'c1', agentId: 'a2' }));
    expect(parsed.ok && checkEvent(domain, parsed.event)).toMatchObject({ field: 'agentId' });
  });

  it('a rejection sends the conversation back to open without restarting its wait (SPEC §2, §6)', () => {
    const domain = applyAll(site(), [...reach('awaiting'), ev('conversation.rejected', 50, { conversationId: 'c1', agentId: 'a1', reason: 'timeout' })]);
    const c = domain.conversations.get('c1')!;
    expect(c.status).toBe('open');
    expect(c.activeAgentId).toBeNull();
    expect(c.queueSince).toBe(c.createdAt);
    expect(c.sessions[0]!.endReason).toBe('timeout');
  });

  it('parking keeps the agent as active agent, using no units (SPEC §6)', () => {
    const domain = applyAll(site(), reach('waiting'));
    const c = domain.conversations.get('c1')!;
    expect(c.activeAgentId).toBe('a1');
    expect(domain.agents.get('a1')!.usedUnits).toBe(0);
    expect(domain.agents.get('a1')!.ongoing).toBe(1);
  });

  it('capacity is held while active or in wrap-up and freed at close (SPEC §1)', () => {
    const domain = applyAll(site(), reach('wrap-up', 'chat'));
    expect(domain.agents.get('a1')!.usedUnits).toBe(35);
    applyAll(domain, [ev('conversation.closed', 60, { conversationId: 'c1' })]);
    expect(domain.agents.get('a1')!.usedUnits).toBe(0);
    expect(domain.agents.get('a1')!.ongoing).toBe(0);
  });

  it('a transfer to a queue moves the conversation and restarts its wait (SPEC §6)', () => {
    const domain = applyAll(site(), [...reach('in-conversation'), ev('conversation.transferred', 50, { conversationId: 'c1', toQueueId: 'q2' })]);
    const c = domain.conversations.get('c1')!;
    expect([c.status, c.queueId, c.queueSince]).toEqual(['open', 'q2', Date.parse(String(reach('open')[0]!.at)) + 40_000]);
    expect(c.sessions[0]!.endReason).toBe('transferred');
  });

  it('moving an open conversation to another queue keeps its wait running (SPEC §5 assign to a queue, §6)', () => {
    const domain = applyAll(site(), [...reach('open'), ev('conversation.transferred', 50, { conversationId: 'c1', toQueueId: 'q2' })]);
    const c = domain.conversations.get('c1')!;
    expect([c.status, c.queueId, c.queueSince]).toEqual(['open', 'q2', c.createdAt]);
  });

  it('events for unknown conversations, agents and queues are refused naming the field (SPEC §3)', () => {
    const domain = site();
    const cases = [
      [ev('conversation.closed', 1, { conversationId: 'nope' }), 'conversationId'],
      [ev('agent.presence', 1, { agentId: 'nope', presence: 'away' }), 'agentId'],
      [ev('conversation.created', 1, { conversationId: 'c9', channel: 'chat', queueId: 'nope' }), 'queueId'],
    ] as const;
    for (const [raw, field] of cases) {
      const parsed = parseEvent(raw);
      expect(parsed.ok && checkEvent(domain, parsed.event)).toMatchObject({ field });
    }
  });
});
