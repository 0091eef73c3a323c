import { describe, expect, it } from 'vitest';
import {
  ACTION_NAMES,
  type ActionName,
  type Actor,
  actionAtRoute,
  actionsFor,
  decideAction,
  HTTP_STATUS_OF,
  SUPERVISOR_ACTIONS,
} from '../../src/domain/actions.ts';
import { isAccepted } from '../../src/domain/model.ts';
import { Engine } from '../../src/engine/engine.ts';

const analyzer = {
  analyze: () => ({ score: 0, level: 'neutral' as const, language: 'unknown' as const }),
  combine: () => 'neutral' as const,
};

const T0 = Date.parse('2025-03-12T09:00:00Z');
const NOW = T0 + 60_000;
const supervisor: Actor = { id: 'sup-1', queueIds: 'all' };

type SubState = 'open' | 'awaiting' | 'in-conversation' | 'waiting' | 'wrap-up' | 'closed';
const SUB_STATES: SubState[] = ['open', 'awaiting', 'in-conversation', 'waiting', 'wrap-up', 'closed'];

/** SPEC §5 table, transcribed independently of the registry; whisper and join follow monitor. */
const EXPECTED: Record<SubState, ActionName[]> = {
  open: ['assign', 'forceClose'],
  awaiting: ['forceClose'],
  'in-conversation': ['transfer', 'monitor', 'whisper', 'join', 'forceClose'],
  waiting: ['assign', 'transfer', 'monitor', 'whisper', 'join', 'forceClose'],
  'wrap-up': ['monitor', 'whisper', 'join', 'forceClose'],
  closed: [],
};

const VALID_INPUT: Record<ActionName, unknown> = {
  assign: { agentId: 'b' },
  transfer: { agentId: 'b' },
  monitor: { mode: 'start' },
  whisper: { text: 'Offer the voucher' },
  join: { text: 'Hello, I am the team lead.' },
  forceClose: { confirm: true },
};

/** A site with one conversation `c` in the given sub-state, built through the engine. */
function world(subState: SubState) {
  const engine = new Engine({ analyzer });
  let n = 0;
  const apply = (event: Record<string, unknown>, seconds = 0) => {
    const outcome = engine.apply({ id: `g${++n}`, at: new Date(T0 + seconds * 1000).toISOString(), ...event });
    if (outcome.status !== 'applied') throw new Error(JSON.stringify(outcome));
  };
  apply({ type: 'queue.upserted', queueId: 'q', name: 'Orders' });
  apply({ type: 'queue.upserted', queueId: 'q2', name: 'Billing' });
  for (const agentId of ['a', 'b']) {
    apply({ type: 'agent.upserted', agentId, name: agentId.toUpperCase(), queueIds: ['q'] });
    apply({ type: 'agent.presence', agentId, presence: 'available' });
  }
  apply({ type: 'conversation.created', conversationId: 'c', channel: 'whatsapp', queueId: 'q' }, 1);
  if (subState !== 'open') apply({ type: 'conversation.assigned', conversationId: 'c', agentId: 'a', by: 'routing' }, 2);
  if (subState !== 'open' && subState !== 'awaiting') apply({ type: 'conversation.accepted', conversationId: 'c', agentId: 'a' }, 3);
  if (subState === 'waiting') apply({ type: 'conversation.parked', conversationId: 'c' }, 4);
  if (subState === 'wrap-up') apply({ type: 'conversation.wrapup', conversationId: 'c' }, 4);
  if (subState === 'closed') apply({ type: 'conversation.closed', conversationId: 'c' }, 4);
  let ids = 0;
  const newId = () => `act-${++ids}`;
  const decide = (name: ActionName, input: unknown, actor: Actor = supervisor) =>
    decideAction(name, engine.state, 'c', input, actor, NOW, newId);
  return { engine, decide, apply };
}

describe('SPEC §5 action matrix', () => {
  it('the registry has the six actions with label keys, routes and confirmation', () => {
    expect(Object.keys(SUPERVISOR_ACTIONS)).toEqual([...ACTION_NAMES]);
    expect(ACTION_NAMES.filter((name) => SUPERVISOR_ACTIONS[name].needsConfirmation)).toEqual(['forceClose']);
    expect(SUPERVISOR_ACTIONS.forceClose.labelKey).toBe('actions.forceClose');
    expect(actionAtRoute('force-close')?.name).toBe('forceClose');
    expect(actionAtRoute('whisper')?.name).toBe('whisper');
    expect(HTTP_STATUS_OF.conflict).toBe(409);
  });

  for (const subState of SUB_STATES) {
    it(`when(): ${subState} allows exactly ${EXPECTED[subState].join(', ') || 'nothing'} (SPEC §5)`, () => {
      const { engine } = world(subState);
      const c = engine.state.conversations.get('c')!;
      expect(actionsFor(c.status, isAccepted(c))).toEqual(EXPECTED[subState]);
    });

    for (const name of ACTION_NAMES) {
      const allowed = EXPECTED[subState].includes(name);
      it(`decide ${name} on ${subState}: ${allowed ? 'events the engine accepts' : '409 conflict naming the status'} (SPEC §5)`, () => {
        const { engine, decide } = world(subState);
        const result = decide(name, VALID_INPUT[name]);
        if (!allowed) {
          expect(result).toMatchObject({ ok: false, code: 'conflict' });
          const expectedStatus = { awaiting: 'active (awaiting acceptance)', 'in-conversation': 'active (in conversation)' }[
            subState as string
          ] ?? subState;
          if (!result.ok) {
            expect(result.status).toBe(expectedStatus);
            expect(result.message).toContain(expectedStatus);
          }
          return;
        }
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        for (const event of result.events) expect(engine.apply(event).status).toBe('applied');
      });
    }
  }
});

describe('decide: what each action writes (SPEC §3, §5)', () => {
  it('assign on open → conversation.assigned by supervisor, with a new id and at = now', () => {
    const { decide } = world('open');
    expect(decide('assign', { agentId: 'b' })).toEqual({
      ok: true,
      events: [
        {
          id: 'act-1',
          type: 'conversation.assigned',
          at: new Date(NOW).toISOString(),
          conversationId: 'c',
          agentId: 'b',
          by: 'supervisor',
          supervisorId: 'sup-1',
        },
      ],
    });
  });

  it('assign on open to another queue → conversation.transferred with toQueueId', () => {
    const { decide } = world('open');
    const result = decide('assign', { queueId: 'q2' });
    expect(result).toMatchObject({ ok: true, events: [{ type: 'conversation.transferred', toQueueId: 'q2', by: 'sup-1' }] });
  });

  it('assign on waiting → a new offer to the chosen agent', () => {
    const { decide, engine } = world('waiting');
    const result = decide('assign', { agentId: 'b' });
    expect(result).toMatchObject({ ok: true, events: [{ type: 'conversation.assigned', agentId: 'b', by: 'supervisor' }] });
    if (result.ok) engine.apply(result.events[0]);
    const c = engine.state.conversations.get('c')!;
    expect([c.status, isAccepted(c), c.activeAgentId]).toEqual(['active', false, 'b']);
  });

  it('assign over presence or capacity needs override (SPEC §5 override); with it capacity may go negative', () => {
    const { decide, apply, engine } = world('open');
    apply({ type: 'agent.presence', agentId: 'b', presence: 'away' });
    expect(decide('assign', { agentId: 'b' })).toMatchObject({ ok: false, code: 'invalid', field: 'override' });
    apply({ type: 'agent.presence', agentId: 'b', presence: 'available' });
    apply({ type: 'agent.upserted', agentId: 'b', name: 'B', queueIds: ['q'], capacityUnits: 5 });
    const refused = decide('assign', { agentId: 'b' });
    expect(refused).toMatchObject({ ok: false, code: 'invalid', field: 'override' });
    if (!refused.ok) expect(refused.message).toContain('5 units over');
    const forced = decide('assign', { agentId: 'b', override: true });
    expect(forced.ok).toBe(true);
    if (forced.ok) engine.apply(forced.events[0]);
    expect(engine.state.agents.get('b')!.usedUnits).toBe(10);
  });

  it('assign refuses unknown agents (404), non-members (400), both or neither target (400)', () => {
    const { decide, apply } = world('open');
    expect(decide('assign', { agentId: 'zz' })).toMatchObject({ ok: false, code: 'not-found', field: 'agentId' });
    apply({ type: 'agent.upserted', agentId: 'x', name: 'X', queueIds: ['q2'] });
    expect(decide('assign', { agentId: 'x' })).toMatchObject({ ok: false, code: 'invalid', field: 'agentId' });
    expect(decide('assign', { agentId: 'b', queueId: 'q2' })).toMatchObject({ ok: false, code: 'invalid', field: 'agentId' });
    expect(decide('assign', {})).toMatchObject({ ok: false, code: 'invalid' });
    expect(decide('assign', { queueId: 'nope' })).toMatchObject({ ok: false, code: 'not-found', field: 'queueId' });
    expect(decide('assign', { queueId: 'q' })).toMatchObject({ ok: false, code: 'invalid', field: 'queueId' });
  });

  it('transfer to an agent → conversation.transferred toAgentId; the new agent must accept', () => {
    const { decide, engine } = world('in-conversation');
    const result = decide('transfer', { agentId: 'b' });
    expect(result).toMatchObject({ ok: true, events: [{ type: 'conversation.transferred', toAgentId: 'b', by: 'sup-1' }] });
    if (result.ok) engine.apply(result.events[0]);
    const c = engine.state.conversations.get('c')!;
    expect([c.activeAgentId, isAccepted(c)]).toEqual(['b', false]);
    expect(engine.state.agents.get('a')!.usedUnits).toBe(0);
  });

  it('transfer to a queue → conversation.transferred toQueueId; refuses the agent who already has it', () => {
    const { decide } = world('in-conversation');
    expect(decide('transfer', { queueId: 'q2' })).toMatchObject({ ok: true, events: [{ toQueueId: 'q2' }] });
    expect(decide('transfer', { agentId: 'a' })).toMatchObject({ ok: false, code: 'invalid', field: 'agentId' });
  });

  it('monitor start/stop → supervisor.monitor; start twice is a no-op; stop without start is a conflict', () => {
    const { decide, engine } = world('in-conversation');
    expect(decide('monitor', { mode: 'stop' })).toMatchObject({ ok: false, code: 'conflict', field: 'mode' });
    const start = decide('monitor', { mode: 'start' });
    expect(start).toMatchObject({ ok: true, events: [{ type: 'supervisor.monitor', supervisorId: 'sup-1', mode: 'start' }] });
    if (start.ok) engine.apply(start.events[0]);
    expect(decide('monitor', { mode: 'start' })).toEqual({ ok: true, events: [] });
    expect(decide('monitor', { mode: 'stop' })).toMatchObject({ ok: true, events: [{ mode: 'stop' }] });
    expect(decide('monitor', { mode: 'watch' })).toMatchObject({ ok: false, code: 'invalid', field: 'mode' });
  });

  it('monitor stop still applies after the conversation moved to awaiting acceptance', () => {
    const { decide, engine } = world('in-conversation');
    const start = decide('monitor', { mode: 'start' });
    if (start.ok) engine.apply(start.events[0]);
    const transfer = decide('transfer', { agentId: 'b' });
    if (transfer.ok) engine.apply(transfer.events[0]);
    expect(decide('monitor', { mode: 'stop' })).toMatchObject({ ok: true });
  });

  it('whisper → an internal supervisor message; join → a public one', () => {
    const { decide } = world('in-conversation');
    expect(decide('whisper', { text: 'Offer the voucher' })).toMatchObject({
      ok: true,
      events: [{ type: 'conversation.message', from: 'supervisor', visibility: 'internal', text: 'Offer the voucher' }],
    });
    expect(decide('join', { text: 'Hello' })).toMatchObject({
      ok: true,
      events: [{ type: 'conversation.message', from: 'supervisor', visibility: 'public', text: 'Hello' }],
    });
    expect(decide('whisper', { text: '   ' })).toMatchObject({ ok: false, code: 'invalid', field: 'text' });
  });

  it('force close needs confirm: true (400 field confirm), then closes with reason force-closed and frees capacity', () => {
    const { decide, engine } = world('in-conversation');
    expect(decide('forceClose', {})).toMatchObject({ ok: false, code: 'invalid', field: 'confirm' });
    expect(decide('forceClose', { confirm: false })).toMatchObject({ ok: false, code: 'invalid', field: 'confirm' });
    const result = decide('forceClose', { confirm: true });
    expect(result).toMatchObject({ ok: true, events: [{ type: 'conversation.closed', reason: 'force-closed' }] });
    if (result.ok) engine.apply(result.events[0]);
    expect(engine.state.conversations.get('c')!.closeReason).toBe('force-closed');
    expect(engine.state.agents.get('a')!.usedUnits).toBe(0);
  });

  it('force close of an open conversation counts as abandoned (SPEC §5)', () => {
    const { decide, engine } = world('open');
    const result = decide('forceClose', { confirm: true });
    if (result.ok) engine.apply(result.events[0]);
    const c = engine.state.conversations.get('c')!;
    expect([c.status, c.firstAcceptedAt, c.direction]).toEqual(['closed', null, 'inbound']);
  });

  it('an unknown conversation is 404; a conversation outside the actor queues is 403', () => {
    const { engine } = world('open');
    expect(decideAction('assign', engine.state, 'nope', { agentId: 'b' }, supervisor, NOW, () => 'x')).toMatchObject({
      ok: false,
      code: 'not-found',
    });
    const scoped: Actor = { id: 'sup-2', queueIds: ['q2'] };
    expect(decideAction('assign', engine.state, 'c', { agentId: 'b' }, scoped, NOW, () => 'x')).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
  });

  it('two supervisors on the same conversation: the second decision, on the new state, is a conflict naming it (SPEC §5)', () => {
    const { decide, engine } = world('open');
    const first = decide('assign', { agentId: 'a' });
    if (first.ok) engine.apply(first.events[0]);
    expect(decide('assign', { agentId: 'b' }, { id: 'sup-2', queueIds: 'all' })).toMatchObject({
      ok: false,
      code: 'conflict',
      status: 'active (awaiting acceptance)',
    });
  });

  it('ids come from the injected generator, one per event', () => {
    const { decide } = world('in-conversation');
    const a = decide('whisper', { text: 'one' });
    const b = decide('whisper', { text: 'two' });
    expect([a.ok && a.events[0]!.id, b.ok && b.events[0]!.id]).toEqual(['act-1', 'act-2']);
  });
});
