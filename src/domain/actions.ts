/**
 * The one registry of supervisor actions (SPEC §5; STYLE.md "One registry for supervisor
 * actions"). Each action says when it applies (`when(status, accepted)`, the §5 matrix),
 * its label key, the route it is sent to, whether it needs a confirmation, and `decide`,
 * which checks a request against the current state and returns the SPEC §3 events to
 * append, or an error value naming the current status. The server checks requests and the
 * console shows buttons from this registry alone: the matrix is written here once.
 *
 * Readings of the SPEC where it leaves room:
 * - Assign to an agent needs the agent to be a member of the conversation's queue; when the
 *   agent's presence or capacity would keep routing from choosing them, the request needs
 *   `override: true` (400 `field: override` otherwise). Skills never block a supervisor.
 * - Transfer to an agent needs a member of the conversation's queue (SPEC §5 "an agent of the
 *   same queue"), other than the current agent; the new agent still accepts or rejects.
 * - Whisper and join apply where monitoring does; they do not require a running monitor.
 * - Monitor `stop` applies whatever the status, as long as the supervisor is monitoring.
 * - A supervisor with a queue scope may act only on conversations of those queues (403).
 */
import { z } from 'zod';
import type { DomainEvent } from './events.js';
import { describeStatus } from './lifecycle.js';
import { type Conversation, type DomainState, type Status, eventTime, isAccepted, unitsFor } from './model.js';
import { freeUnits } from './routing.js';

export const ACTION_NAMES = ['assign', 'transfer', 'monitor', 'whisper', 'join', 'forceClose'] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

/** Who acts: a supervisor (or admin), with the queues they may act on (`'all'` for admins). */
export interface Actor {
  id: string;
  queueIds: readonly string[] | 'all';
}

export type ActionError = {
  ok: false;
  code: 'conflict' | 'not-found' | 'invalid' | 'forbidden';
  message: string;
  /** The conversation's current status, e.g. "active (awaiting acceptance)", on a conflict. */
  status?: string;
  field?: string;
};

export type ActionResult = { ok: true; events: DomainEvent[] } | ActionError;

/** HTTP status of an action error at the server edge (SPEC §9). */
export const HTTP_STATUS_OF: Readonly<Record<ActionError['code'], number>> = {
  invalid: 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
};

/** The moment and the id source an action's events are made with. */
export interface DecideContext {
  now: number;
  newId: () => string;
}

export interface SupervisorAction<Input> {
  name: ActionName;
  /** i18n key of the button label. */
  labelKey: string;
  /** Last path segment of `POST /api/v1/conversations/{id}/…` (SPEC §9). */
  route: string;
  /** The dialog asks for a confirmation and the request must carry `confirm: true`. */
  needsConfirmation: boolean;
  /** Request body schema (zod), shared with the server's validation and OpenAPI. */
  input: z.ZodType<Input>;
  /** SPEC §5 matrix: whether the action applies to a conversation in this state. */
  when(status: Status, accepted: boolean): boolean;
  decide(
    state: DomainState,
    conversationId: string,
    input: unknown,
    actor: Actor,
    now: number,
    newId: () => string,
  ): ActionResult;
}

type SubState = 'open' | 'awaiting' | 'in-conversation' | 'waiting' | 'wrap-up' | 'closed';

function subStateOf(status: Status, accepted: boolean): SubState {
  if (status === 'active') return accepted ? 'in-conversation' : 'awaiting';
  return status;
}

/** SPEC §5, row by row. Whisper and join follow monitor. */
const MATRIX: Readonly<Record<SubState, ReadonlySet<'assign' | 'transfer' | 'monitor' | 'forceClose'>>> = {
  open: new Set(['assign', 'forceClose']),
  awaiting: new Set(['forceClose']),
  'in-conversation': new Set(['transfer', 'monitor', 'forceClose']),
  waiting: new Set(['assign', 'transfer', 'monitor', 'forceClose']),
  'wrap-up': new Set(['monitor', 'forceClose']),
  closed: new Set(),
};

const allowedBy =
  (column: 'assign' | 'transfer' | 'monitor' | 'forceClose') =>
  (status: Status, accepted: boolean): boolean =>
    MATRIX[subStateOf(status, accepted)].has(column);

const fail = (code: ActionError['code'], message: string, extra: Partial<ActionError> = {}): ActionError => ({
  ok: false,
  code,
  message,
  ...extra,
});

const ok = (events: DomainEvent[]): ActionResult => ({ ok: true, events });

/** The agent or the queue a conversation goes to; exactly one of the two. */
const targetSchema = z
  .object({
    agentId: z.string().min(1).optional(),
    queueId: z.string().min(1).optional(),
    override: z.boolean().optional(),
  })
  .refine((target) => (target.agentId === undefined) !== (target.queueId === undefined), {
    message: 'exactly one of agentId and queueId is required',
    path: ['agentId'],
  });
type Target = z.infer<typeof targetSchema>;

const monitorSchema = z.object({ mode: z.enum(['start', 'stop']) });
const textSchema = z.object({ text: z.string().trim().min(1).max(4000) });
const confirmSchema = z.object({ confirm: z.literal(true) });

function parseInput<T>(schema: z.ZodType<T>, input: unknown): { ok: true; value: T } | ActionError {
  const result = schema.safeParse(input ?? {});
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.');
  return fail('invalid', `${field || 'body'}: ${issue.message}`, { field });
}

/** The conversation, if it exists and lies in the actor's scope, and the action applies. */
function findConversation(
  state: DomainState,
  conversationId: string,
  actor: Actor,
  action: ActionName,
  when: (status: Status, accepted: boolean) => boolean,
): { ok: true; conversation: Conversation } | ActionError {
  const conversation = state.conversations.get(conversationId);
  if (!conversation) return fail('not-found', `conversation '${conversationId}' does not exist`);
  if (actor.queueIds !== 'all' && !actor.queueIds.includes(conversation.queueId)) {
    return fail('forbidden', `conversation '${conversationId}' is in queue '${conversation.queueId}', outside your queues`);
  }
  if (!when(conversation.status, isAccepted(conversation))) {
    const status = describeStatus(conversation);
    return fail('conflict', `cannot ${ACTION_VERBS[action]}: conversation ${conversationId} is ${status}`, { status });
  }
  return { ok: true, conversation };
}

const ACTION_VERBS: Readonly<Record<ActionName, string>> = {
  assign: 'assign',
  transfer: 'transfer',
  monitor: 'monitor',
  whisper: 'whisper',
  join: 'join',
  forceClose: 'force close',
};

/** Id and time of an action's event (`eventTime`: never before the conversation's last event). */
function stamp(context: DecideContext, conversation: Conversation) {
  return { id: context.newId(), at: eventTime(conversation, context.now) };
}

/** Checks the target agent or queue; `requireOverride` adds the presence/capacity check. */
function checkTarget(
  state: DomainState,
  conversation: Conversation,
  target: Target,
  requireOverride: boolean,
  actor: Actor,
): ActionError | null {
  if (target.queueId !== undefined) {
    if (!state.queues.has(target.queueId)) {
      return fail('not-found', `queueId: unknown queue '${target.queueId}'`, { field: 'queueId' });
    }
    // A supervisor moves conversations only between their own queues (SPEC §9 scope).
    if (actor.queueIds !== 'all' && !actor.queueIds.includes(target.queueId)) {
      return fail('forbidden', `queueId: queue '${target.queueId}' is outside your queues`, { field: 'queueId' });
    }
    if (conversation.status === 'open' && target.queueId === conversation.queueId) {
      return fail('invalid', `queueId: conversation ${conversation.id} is already in queue '${target.queueId}'`, {
        field: 'queueId',
      });
    }
    return null;
  }
  const agent = state.agents.get(target.agentId!);
  if (!agent) return fail('not-found', `agentId: unknown agent '${target.agentId}'`, { field: 'agentId' });
  if (!agent.queueIds.includes(conversation.queueId) || !state.queues.has(conversation.queueId)) {
    return fail('invalid', `agentId: agent '${agent.id}' is not a member of queue '${conversation.queueId}'`, {
      field: 'agentId',
    });
  }
  if (!requireOverride || target.override === true) return null;
  if (agent.presence !== 'available' && agent.presence !== 'busy') {
    return fail('invalid', `override: agent '${agent.id}' is ${agent.presence}; confirm with override to assign anyway`, {
      field: 'override',
    });
  }
  const units = unitsFor(state.queues.get(conversation.queueId), conversation.channel);
  const over = units - freeUnits(agent);
  if (over > 0) {
    return fail('invalid', `override: agent '${agent.id}' would go ${over} units over capacity; confirm with override`, {
      field: 'override',
    });
  }
  return null;
}

function defineAction<Input>(
  definition: Omit<SupervisorAction<Input>, 'decide'> & {
    apply(conversation: Conversation, input: Input, actor: Actor, context: DecideContext, state: DomainState): ActionResult;
  },
): SupervisorAction<Input> {
  const { apply, ...rest } = definition;
  return {
    ...rest,
    decide(state, conversationId, rawInput, actor, now, newId) {
      const found = findConversation(state, conversationId, actor, definition.name, (status, accepted) =>
        definition.when(status, accepted),
      );
      if (!found.ok) return found;
      const parsed = parseInput(definition.input, rawInput);
      if (!parsed.ok) return parsed;
      return apply(found.conversation, parsed.value, actor, { now, newId }, state);
    },
  };
}

/** The `conversation.transferred` event of an assign-to-queue or a transfer. */
function transferred(
  conversation: Conversation,
  destination: { toAgentId: string } | { toQueueId: string },
  actor: Actor,
  context: Parameters<typeof stamp>[0],
) {
  return { ...stamp(context, conversation), type: 'conversation.transferred' as const, conversationId: conversation.id, ...destination, by: actor.id };
}

const assign = defineAction<Target>({
  name: 'assign',
  labelKey: 'actions.assign',
  route: 'assign',
  needsConfirmation: false,
  input: targetSchema,
  when: allowedBy('assign'),
  apply(conversation, target, actor, context, state) {
    const refused = checkTarget(state, conversation, target, true, actor);
    if (refused) return refused;
    // "Assign to another queue" is a move to that queue (SPEC §5).
    if (target.queueId !== undefined) return ok([transferred(conversation, { toQueueId: target.queueId }, actor, context)]);
    return ok([
      {
        ...stamp(context, conversation),
        type: 'conversation.assigned',
        conversationId: conversation.id,
        agentId: target.agentId!,
        by: 'supervisor',
        supervisorId: actor.id,
      },
    ]);
  },
});

const transfer = defineAction<Target>({
  name: 'transfer',
  labelKey: 'actions.transfer',
  route: 'transfer',
  needsConfirmation: false,
  input: targetSchema,
  when: allowedBy('transfer'),
  apply(conversation, target, actor, context, state) {
    const refused = checkTarget(state, conversation, target, false, actor);
    if (refused) return refused;
    if (target.agentId !== undefined && target.agentId === conversation.activeAgentId && conversation.status === 'active') {
      return fail('invalid', `agentId: agent '${target.agentId}' already handles conversation ${conversation.id}`, {
        field: 'agentId',
      });
    }
    const destination = target.agentId !== undefined ? { toAgentId: target.agentId } : { toQueueId: target.queueId! };
    return ok([transferred(conversation, destination, actor, context)]);
  },
});

const monitor: SupervisorAction<z.infer<typeof monitorSchema>> = {
  name: 'monitor',
  labelKey: 'actions.monitor',
  route: 'monitor',
  needsConfirmation: false,
  input: monitorSchema,
  when: allowedBy('monitor'),
  decide(state, conversationId, rawInput, actor, now, newId) {
    const parsed = parseInput(monitorSchema, rawInput);
    if (!parsed.ok) return parsed;
    const { mode } = parsed.value;
    const found = findConversation(state, conversationId, actor, 'monitor', mode === 'start' ? monitor.when : () => true);
    if (!found.ok) return found;
    const isMonitoring = found.conversation.monitoredBy.includes(actor.id);
    // Starting twice is harmless: the supervisor already sees the conversation.
    if (mode === 'start' && isMonitoring) return ok([]);
    if (mode === 'stop' && !isMonitoring) {
      const status = describeStatus(found.conversation);
      return fail('conflict', `mode: you are not monitoring conversation ${conversationId}`, { field: 'mode', status });
    }
    const event = { ...stamp({ now, newId }, found.conversation), type: 'supervisor.monitor' as const, conversationId, supervisorId: actor.id, mode };
    return ok([event]);
  },
};

/** Whisper and join differ only in who sees the message (SPEC §5). */
function supervisorMessage(name: 'whisper' | 'join', visibility: 'internal' | 'public') {
  return defineAction<z.infer<typeof textSchema>>({
    name,
    labelKey: `actions.${name}`,
    route: name,
    needsConfirmation: false,
    input: textSchema,
    when: allowedBy('monitor'),
    apply(conversation, { text }, actor, context) {
      return ok([
        {
          ...stamp(context, conversation),
          type: 'conversation.message',
          conversationId: conversation.id,
          from: 'supervisor',
          text,
          visibility,
          supervisorId: actor.id,
        },
      ]);
    },
  });
}

/** An internal message only the agent sees. */
const whisper = supervisorMessage('whisper', 'internal');
/** A public message, announced to everyone. */
const join = supervisorMessage('join', 'public');

const forceClose = defineAction<z.infer<typeof confirmSchema>>({
  name: 'forceClose',
  labelKey: 'actions.forceClose',
  route: 'force-close',
  needsConfirmation: true,
  input: confirmSchema,
  when: allowedBy('forceClose'),
  apply(conversation, _input, actor, context) {
    return ok([
      {
        ...stamp(context, conversation),
        type: 'conversation.closed',
        conversationId: conversation.id,
        reason: 'force-closed',
        by: actor.id,
      },
    ]);
  },
});

/** Every supervisor action, in the order the console shows them. */
export const SUPERVISOR_ACTIONS = { assign, transfer, monitor, whisper, join, forceClose } as const satisfies Record<
  ActionName,
  SupervisorAction<unknown>
>;

export function isActionName(name: string): name is ActionName {
  return (ACTION_NAMES as readonly string[]).includes(name);
}

/** The action served at a route segment (`force-close` → forceClose). */
export function actionAtRoute(route: string): SupervisorAction<unknown> | undefined {
  return Object.values(SUPERVISOR_ACTIONS).find((action) => action.route === route) as SupervisorAction<unknown> | undefined;
}

/** The actions that apply to a conversation in this state: the console's buttons. */
export function actionsFor(status: Status, accepted: boolean): ActionName[] {
  return ACTION_NAMES.filter((name) => SUPERVISOR_ACTIONS[name].when(status, accepted));
}

/** Decides one action by name (the server's single entry point). */
export function decideAction(
  name: ActionName,
  state: DomainState,
  conversationId: string,
  input: unknown,
  actor: Actor,
  now: number,
  newId: () => string,
): ActionResult {
  return (SUPERVISOR_ACTIONS[name] as SupervisorAction<unknown>).decide(state, conversationId, input, actor, now, newId);
}
