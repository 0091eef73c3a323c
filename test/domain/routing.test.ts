import { describe, expect, it } from 'vitest';
import {
  assignPicker,
  eligibleAgents,
  expiredOffers,
  presenceFromLoad,
  routeOnce,
  skillFit,
  smallestUnitsFor,
} from '../../src/domain/routing.ts';
import type { DomainState } from '../../src/domain/model.ts';
import { Engine } from '../../src/engine/engine.ts';

const analyzer = {
  analyze: () => ({ score: 0, level: 'neutral' as const, language: 'unknown' as const }),
  combine: () => 'neutral' as const,
};

const T0 = Date.parse('2025-03-12T09:00:00Z');
const iso = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

/** A small world built through the real engine, so every state is a legal one. */
class World {
  readonly engine = new Engine({ analyzer });
  private n = 0;

  get state(): DomainState {
    return this.engine.state;
  }

  apply(event: Record<string, unknown>, atSeconds = 0): this {
    const outcome = this.engine.apply({ id: `e${++this.n}`, at: iso(atSeconds), ...event });
    if (outcome.status !== 'applied') throw new Error(`refused ${JSON.stringify(event)}: ${JSON.stringify(outcome)}`);
    return this;
  }

  queue(queueId: string, options: Record<string, unknown> = {}): this {
    return this.apply({ type: 'queue.upserted', queueId, name: queueId, ...options });
  }

  agent(agentId: string, queueIds: string[], options: Record<string, unknown> = {}, presence = 'available'): this {
    this.apply({ type: 'agent.upserted', agentId, name: agentId, queueIds, ...options });
    return this.apply({ type: 'agent.presence', agentId, presence });
  }

  conversation(conversationId: string, queueId: string, atSeconds = 0, options: Record<string, unknown> = {}): this {
    return this.apply({ type: 'conversation.created', conversationId, queueId, channel: 'chat', ...options }, atSeconds);
  }

  assign(conversationId: string, agentId: string, atSeconds = 0, accept = true): this {
    this.apply({ type: 'conversation.assigned', conversationId, agentId, by: 'routing' }, atSeconds);
    return accept ? this.apply({ type: 'conversation.accepted', conversationId, agentId }, atSeconds) : this;
  }

  /** The agent handled a conversation that ended at `endSeconds` (sets lastAssignedAt/lastEndedAt). */
  history(agentId: string, queueId: string, assignSeconds: number, endSeconds: number | null): this {
    const id = `h-${agentId}-${assignSeconds}`;
    this.conversation(id, queueId, assignSeconds).assign(id, agentId, assignSeconds);
    return endSeconds === null ? this : this.apply({ type: 'conversation.closed', conversationId: id }, endSeconds);
  }

  ids(conversationId: string): string[] {
    return eligibleAgents(this.state, this.state.conversations.get(conversationId)!).map((a) => a.id);
  }
}

describe('eligibility (SPEC §4)', () => {
  it('requires membership of the conversation queue', () => {
    const w = new World().queue('q').queue('other').agent('a', ['q']).agent('b', ['other']).conversation('c', 'q');
    expect(w.ids('c')).toEqual(['a']);
  });

  it('requires presence available or busy', () => {
    const w = new World()
      .queue('q')
      .agent('available', ['q'])
      .agent('busy', ['q'], {}, 'busy')
      .agent('dnd', ['q'], {}, 'busy-dnd')
      .agent('away', ['q'], {}, 'away')
      .agent('offline', ['q'], {}, 'offline')
      .conversation('c', 'q');
    expect(w.ids('c').sort()).toEqual(['available', 'busy']);
  });

  it("requires free capacity for the channel's units (queue override of the units counts)", () => {
    const w = new World()
      .queue('q', { channelUnits: { chat: 50 } })
      .agent('small', ['q'], { capacityUnits: 40 })
      .agent('big', ['q'], { capacityUnits: 100 })
      .conversation('c', 'q');
    expect(w.ids('c')).toEqual(['big']);
    w.history('big', 'q', 1, null); // 50 used, 50 free: still fits exactly
    expect(w.ids('c')).toEqual(['big']);
    w.history('big', 'q', 2, null); // 100 used
    expect(w.ids('c')).toEqual([]);
  });

  it('exact skill match: every required skill at or above its level, otherwise the conversation waits', () => {
    const w = new World()
      .queue('q', { skillMatch: 'exact' })
      .agent('exact', ['q'], { skills: { billing: 5, dutch: 7 } })
      .agent('low', ['q'], { skills: { billing: 4, dutch: 9 } })
      .agent('missing', ['q'], { skills: { billing: 9 } })
      .conversation('c', 'q', 0, { skills: { billing: 5, dutch: 6 } })
      .conversation('nobody', 'q', 0, { skills: { billing: 10 } });
    expect(w.ids('c')).toEqual(['exact']);
    expect(w.ids('nobody')).toEqual([]);
    expect(routeOnce(w.state, T0).map((d) => d.conversationId)).toEqual(['c']);
  });

  it('closest skill match: exact matches first, then most required skills met, held, at the highest levels', () => {
    const w = new World()
      .queue('q', { skillMatch: 'closest' })
      .agent('a-none', ['q'], { skills: {} })
      .agent('b-one-low', ['q'], { skills: { billing: 2 } })
      .agent('c-one-met', ['q'], { skills: { billing: 6 } })
      .agent('d-one-met-high', ['q'], { skills: { billing: 9 } })
      .agent('e-both-low', ['q'], { skills: { billing: 2, dutch: 2 } })
      .agent('f-exact', ['q'], { skills: { billing: 5, dutch: 6 } })
      .conversation('c', 'q', 0, { skills: { billing: 5, dutch: 6 } });
    expect(w.ids('c')).toEqual(['f-exact', 'd-one-met-high', 'c-one-met', 'e-both-low', 'b-one-low', 'a-none']);
  });

  it('closest skill match: exact matches are one tier, the assignment method decides among them', () => {
    const w = new World()
      .queue('q', { skillMatch: 'closest', assignment: 'highest-capacity' })
      .agent('expert', ['q'], { skills: { billing: 10 } })
      .agent('enough', ['q'], { skills: { billing: 5 } })
      .history('expert', 'q', 1, null)
      .conversation('c', 'q', 2, { skills: { billing: 5 } });
    expect(w.ids('c')).toEqual(['enough', 'expert']);
  });

  it('skill match none: skills are ignored', () => {
    const w = new World()
      .queue('q', { skillMatch: 'none', assignment: 'round-robin' })
      .agent('b-expert', ['q'], { skills: { billing: 10 } })
      .agent('a-novice', ['q'], {})
      .conversation('c', 'q', 0, { skills: { billing: 10 } });
    expect(w.ids('c')).toEqual(['a-novice', 'b-expert']);
  });

  it('skillFit counts met, held and the level sum', () => {
    expect(skillFit({ a: 5, b: 2, x: 9 }, { a: 4, b: 3, c: 1 })).toEqual({ isExact: false, met: 1, held: 2, levelSum: 7 });
    expect(skillFit({}, {})).toEqual({ isExact: true, met: 0, held: 0, levelSum: 0 });
  });
});

describe('assignment methods (SPEC §4)', () => {
  it('highest-capacity: most free units first', () => {
    const w = new World()
      .queue('q')
      .agent('a', ['q'])
      .agent('b', ['q'], { capacityUnits: 200 })
      .agent('c', ['q'])
      .history('c', 'q', 1, null)
      .conversation('x', 'q', 5);
    expect(w.ids('x')).toEqual(['b', 'a', 'c']);
  });

  it('highest-capacity: a tie goes to the agent assigned least recently, never assigned first', () => {
    const w = new World()
      .queue('q')
      .agent('recent', ['q'])
      .agent('earlier', ['q'])
      .agent('never', ['q'])
      .history('earlier', 'q', 1, 2)
      .history('recent', 'q', 3, 4)
      .conversation('x', 'q', 5);
    expect(w.ids('x')).toEqual(['never', 'earlier', 'recent']);
  });

  it('round-robin: the agent assigned least recently, whatever the free units', () => {
    const w = new World()
      .queue('q', { assignment: 'round-robin' })
      .agent('a', ['q'], { capacityUnits: 300 })
      .agent('b', ['q'])
      .history('a', 'q', 1, 2)
      .history('b', 'q', 3, null)
      .conversation('x', 'q', 5);
    expect(w.ids('x')).toEqual(['a', 'b']);
  });

  it('least-active: the agent whose last conversation ended longest ago, never ended first', () => {
    const w = new World()
      .queue('q', { assignment: 'least-active' })
      .agent('a', ['q'])
      .agent('b', ['q'])
      .agent('c', ['q'])
      .agent('d', ['q'])
      .history('a', 'q', 1, 10)
      .history('b', 'q', 2, 5)
      .history('c', 'q', 3, 20)
      .conversation('x', 'q', 30);
    expect(w.ids('x')).toEqual(['d', 'b', 'a', 'c']);
  });

  it('the final tie-break is the agent id', () => {
    for (const assignment of ['highest-capacity', 'round-robin', 'least-active']) {
      const w = new World().queue('q', { assignment }).agent('c', ['q']).agent('a', ['q']).agent('b', ['q']).conversation('x', 'q');
      expect(w.ids('x')).toEqual(['a', 'b', 'c']);
    }
  });

  it('an agent who rejected the conversation comes after the others, until it re-enters a queue', () => {
    const w = new World().queue('q').agent('a', ['q']).agent('b', ['q'], { capacityUnits: 50 }).conversation('x', 'q');
    w.assign('x', 'a', 1, false).apply({ type: 'conversation.rejected', conversationId: 'x', agentId: 'a' }, 2);
    expect(w.ids('x')).toEqual(['b', 'a']);
  });
});

describe('routeOnce (SPEC §4)', () => {
  it('serves queues in priority order, smaller first', () => {
    const w = new World()
      .queue('low', { priority: 20 })
      .queue('high', { priority: 1 })
      .agent('a', ['low', 'high'], { capacityUnits: 35 })
      .conversation('in-low', 'low', 0)
      .conversation('in-high', 'high', 10);
    expect(routeOnce(w.state, T0 + 20_000)).toEqual([{ conversationId: 'in-high', agentId: 'a', queueId: 'high', units: 35 }]);
  });

  it('serves the oldest waiting first inside a queue', () => {
    const w = new World().queue('q').agent('a', ['q'], { capacityUnits: 35 }).conversation('new', 'q', 10).conversation('old', 'q', 5);
    expect(routeOnce(w.state, T0 + 20_000).map((d) => d.conversationId)).toEqual(['old']);
  });

  it('a rejected or timed-out offer keeps its place at the front', () => {
    const w = new World()
      .queue('q')
      .agent('a', ['q'], { capacityUnits: 35 })
      .agent('b', ['q'], { capacityUnits: 35 }, 'away')
      .conversation('first', 'q', 0)
      .conversation('second', 'q', 5)
      .assign('first', 'a', 6, false)
      .apply({ type: 'conversation.rejected', conversationId: 'first', agentId: 'a', reason: 'timeout' }, 66);
    expect(routeOnce(w.state, T0 + 70_000).map((d) => d.conversationId)).toEqual(['first']);
  });

  it('routes only open conversations', () => {
    const w = new World()
      .queue('q')
      .agent('a', ['q'])
      .agent('b', ['q'])
      .conversation('active', 'q', 0, { channel: 'sms' })
      .assign('active', 'a', 1)
      .conversation('parked', 'q', 2, { channel: 'sms' })
      .assign('parked', 'a', 3)
      .apply({ type: 'conversation.parked', conversationId: 'parked' }, 4)
      .conversation('closed', 'q', 5)
      .apply({ type: 'conversation.closed', conversationId: 'closed' }, 6)
      .conversation('open', 'q', 7);
    expect(routeOnce(w.state, T0 + 10_000).map((d) => d.conversationId)).toEqual(['open']);
  });

  it('accounts for the capacity each decision consumes within one pass', () => {
    const w = new World().queue('q').agent('a', ['q']); // 100 units, chat costs 35: two fit
    for (let i = 0; i < 4; i += 1) w.conversation(`c${i}`, 'q', i);
    const decisions = routeOnce(w.state, T0 + 10_000);
    expect(decisions.map((d) => [d.conversationId, d.agentId])).toEqual([
      ['c0', 'a'],
      ['c1', 'a'],
    ]);
  });

  it('spreads one pass over agents: a decision counts as the latest assignment (round-robin)', () => {
    const w = new World().queue('q', { assignment: 'round-robin' }).agent('a', ['q']).agent('b', ['q']);
    for (let i = 0; i < 4; i += 1) w.conversation(`c${i}`, 'q', i);
    expect(routeOnce(w.state, T0 + 10_000).map((d) => d.agentId)).toEqual(['a', 'b', 'a', 'b']);
  });

  it('one pass shares an agent between queues without going over capacity', () => {
    const w = new World()
      .queue('high', { priority: 1 })
      .queue('low', { priority: 9 })
      .agent('a', ['high', 'low'])
      .conversation('voice-low', 'low', 0, { channel: 'voice' })
      .conversation('chat-high', 'high', 5);
    expect(routeOnce(w.state, T0 + 10_000).map((d) => d.conversationId)).toEqual(['chat-high']);
  });

  it('decisions applied as assigned events are accepted by the engine and leave nothing to route', () => {
    const w = new World().queue('q').agent('a', ['q']).agent('b', ['q'], { capacityUnits: 35 });
    for (let i = 0; i < 5; i += 1) w.conversation(`c${i}`, 'q', i);
    const decisions = routeOnce(w.state, T0 + 10_000);
    expect(decisions).toHaveLength(3);
    for (const d of decisions) w.apply({ type: 'conversation.assigned', conversationId: d.conversationId, agentId: d.agentId, by: 'routing' }, 10);
    expect([...w.state.agents.values()].every((agent) => agent.usedUnits <= agent.capacityUnits)).toBe(true);
    expect(routeOnce(w.state, T0 + 11_000)).toEqual([]);
  });
});

describe('offer time-out (SPEC §4)', () => {
  it('an offer not accepted within 60 s expires; accepted ones and younger ones do not', () => {
    const w = new World()
      .queue('q')
      .agent('a', ['q'])
      .agent('b', ['q'])
      .conversation('old', 'q', 0)
      .assign('old', 'a', 0, false)
      .conversation('young', 'q', 0)
      .assign('young', 'b', 30, false)
      .conversation('taken', 'q', 0)
      .assign('taken', 'b', 0, true);
    expect(expiredOffers(w.state, T0 + 59_999)).toEqual([]);
    expect(expiredOffers(w.state, T0 + 60_000)).toEqual([{ conversationId: 'old', agentId: 'a', assignedAt: T0 }]);
    expect(expiredOffers(w.state, T0 + 90_000).map((o) => o.conversationId)).toEqual(['old', 'young']);
    expect(expiredOffers(w.state, T0 + 10_000, 5_000).map((o) => o.conversationId)).toEqual(['old']);
  });

  it('a transfer to an agent is an offer that can time out too', () => {
    const w = new World()
      .queue('q')
      .agent('a', ['q'])
      .agent('b', ['q'])
      .conversation('c', 'q', 0)
      .assign('c', 'a', 1)
      .apply({ type: 'conversation.transferred', conversationId: 'c', toAgentId: 'b' }, 10);
    expect(expiredOffers(w.state, T0 + 70_000)).toEqual([{ conversationId: 'c', agentId: 'b', assignedAt: T0 + 10_000 }]);
  });
});

describe('presence follows load (SPEC §4)', () => {
  const agent = (presence: string, usedUnits: number, capacityUnits = 100) =>
    ({ presence, usedUnits, capacityUnits }) as Parameters<typeof presenceFromLoad>[0];

  it('no load → available, some → busy, full → busy-dnd', () => {
    expect(presenceFromLoad(agent('busy', 0), 10)).toBe('available');
    expect(presenceFromLoad(agent('available', 35), 10)).toBe('busy');
    expect(presenceFromLoad(agent('available', 91), 10)).toBe('busy-dnd');
    expect(presenceFromLoad(agent('busy-dnd', 90), 10)).toBe('busy');
  });

  it('away, offline and a hand-set busy-dnd are kept', () => {
    expect(presenceFromLoad(agent('away', 0), 10)).toBe('away');
    expect(presenceFromLoad(agent('offline', 50), 10)).toBe('offline');
    expect(presenceFromLoad(agent('busy-dnd', 0), 10, true)).toBe('busy-dnd');
  });

  it("the smallest channel cost comes from the agent's queues", () => {
    const w = new World().queue('voice', { channels: ['voice'] }).queue('chat', { channels: ['chat', 'voice'] }).queue('all');
    expect(smallestUnitsFor(w.state, { queueIds: ['voice'] })).toBe(100);
    expect(smallestUnitsFor(w.state, { queueIds: ['voice', 'chat'] })).toBe(35);
    expect(smallestUnitsFor(w.state, { queueIds: ['all'] })).toBe(10);
  });
});

describe('assign picker (SPEC §5)', () => {
  const w = new World()
    .queue('q', { skillMatch: 'closest' })
    .queue('other', { priority: 3 })
    .queue('third', { priority: 1 })
    .agent('best', ['q'], { skills: { billing: 6, french: 3 } })
    .agent('partial', ['q'], { skills: { dutch: 9 } })
    .agent('full', ['q'], { skills: { billing: 9 }, capacityUnits: 50 })
    .agent('gone', ['q'], { skills: { billing: 9 } }, 'away')
    .agent('outsider', ['other'], { skills: { billing: 10 } })
    .history('full', 'q', 1, null)
    .conversation('c', 'q', 5, { skills: { billing: 5 } })
    .conversation('o', 'other', 6);
  const picker = assignPicker(w.state, w.state.conversations.get('c')!);

  it("lists the queue's agents, eligible best matches first, then the others", () => {
    expect(picker.agents.map((a) => a.agentId)).toEqual(['best', 'partial', 'gone', 'full']);
    expect(picker.agents.map((a) => a.routingRank)).toEqual([1, 2, null, null]);
  });

  it('shows presence, free/total units, by how many units an override goes over, and why not eligible', () => {
    const full = picker.agents.find((a) => a.agentId === 'full')!;
    expect(full).toMatchObject({ presence: 'available', capacityUnits: 50, usedUnits: 35, freeUnits: 15, overByUnits: 20 });
    expect(full.ineligibleBecause).toEqual(['capacity']);
    const gone = picker.agents.find((a) => a.agentId === 'gone')!;
    expect(gone).toMatchObject({ isEligible: false, ineligibleBecause: ['presence'], overByUnits: 0 });
  });

  it('shows skills with proficiency, required ones first with their level', () => {
    expect(picker.agents[0]!.skills).toEqual([
      { skill: 'billing', level: 6, requiredLevel: 5 },
      { skill: 'french', level: 3, requiredLevel: null },
    ]);
    expect(picker.agents[1]!.skills[0]).toEqual({ skill: 'billing', level: 0, requiredLevel: 5 });
  });

  it('lists the other queues by priority', () => {
    expect(picker.otherQueues).toEqual([
      { queueId: 'third', name: 'third', priority: 1, openConversations: 0, routableAgents: 0 },
      { queueId: 'other', name: 'other', priority: 3, openConversations: 1, routableAgents: 1 },
    ]);
  });
});
