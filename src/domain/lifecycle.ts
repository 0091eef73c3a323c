/**
 * SPEC §2 (lifecycle) and §3 (which events are refused), as two functions:
 * `checkEvent` says whether an event may be applied to the current state (an error value
 * naming the status or the entity at fault otherwise), and `evolve` applies one checked
 * event. `evolve` updates the state in place (the engine applies hundreds of thousands of
 * events a second); it never reads the clock and does no I/O.
 */
import { ASYNC_CHANNELS, type ConversationEvent, type DomainEvent, timestampMs } from './events.js';
import {
  type Agent,
  type Conversation,
  type DomainState,
  type QueueThresholds,
  type Session,
  type SessionEnd,
  indexQueued,
  isInQueue,
  NO_LOAD,
  NO_MONITORS,
  NO_SENTIMENT,
  NO_SESSIONS,
  NO_SKILLS,
  runningSession,
  unitsFor,
} from './model.js';
import type { MessageSentiment } from './sentiment-scale.js';

export type Refusal = {
  ok: false;
  code: 'not-found' | 'conflict' | 'invalid-transition' | 'invalid-event';
  message: string;
  field?: string;
  status?: string;
};

const refuse = (code: Refusal['code'], message: string, extra: Partial<Refusal> = {}): Refusal => ({
  ok: false,
  code,
  message,
  ...extra,
});

/** Human name of a conversation's state, e.g. "active (awaiting acceptance)". */
export function describeStatus(conversation: Conversation): string {
  if (conversation.status !== 'active') return conversation.status;
  return runningSession(conversation)?.acceptedAt != null ? 'active (in conversation)' : 'active (awaiting acceptance)';
}

function wrongStatus(conversation: Conversation, what: string): Refusal {
  const status = describeStatus(conversation);
  return refuse('invalid-transition', `cannot ${what}: conversation ${conversation.id} is ${status}`, {
    status,
  });
}

function unknownAgent(state: DomainState, agentId: string, field: string): Refusal | null {
  return state.agents.has(agentId) ? null : refuse('not-found', `${field}: unknown agent '${agentId}'`, { field });
}

function unknownQueue(state: DomainState, queueId: string, field: string): Refusal | null {
  return state.queues.has(queueId) ? null : refuse('not-found', `${field}: unknown queue '${queueId}'`, { field });
}

/** Checks an event against the current state (SPEC §2, §3); null when it may be applied. */
export function checkEvent(state: DomainState, event: DomainEvent): Refusal | null {
  switch (event.type) {
    case 'queue.upserted':
    case 'agent.upserted':
      return null;
    case 'agent.presence':
      return unknownAgent(state, event.agentId, 'agentId');
    case 'conversation.created': {
      if (state.conversations.has(event.conversationId)) {
        return refuse('conflict', `conversationId: conversation '${event.conversationId}' already exists`, {
          field: 'conversationId',
        });
      }
      return unknownQueue(state, event.queueId, 'queueId');
    }
    default:
      return checkConversationEvent(state, event);
  }
}

function checkConversationEvent(state: DomainState, event: ConversationEvent): Refusal | null {
  const conversation = state.conversations.get(event.conversationId);
  if (!conversation) {
    return refuse('not-found', `conversationId: unknown conversation '${event.conversationId}'`, {
      field: 'conversationId',
    });
  }
  // Durations never run backwards (SPEC §3): refused before any rule of the lifecycle.
  if (timestampMs(event.at) < conversation.lastEventAt) {
    return refuse(
      'invalid-event',
      `at: ${event.at} is before the previous event of conversation ${conversation.id} (${new Date(conversation.lastEventAt).toISOString()})`,
      { field: 'at' },
    );
  }
  const session = runningSession(conversation);
  const { status } = conversation;
  const inConversation = status === 'active' && session?.acceptedAt != null;
  const awaiting = status === 'active' && session?.acceptedAt == null;
  switch (event.type) {
    case 'conversation.assigned':
      if (status !== 'open' && status !== 'waiting') return wrongStatus(conversation, 'assign');
      return unknownAgent(state, event.agentId, 'agentId');
    case 'conversation.accepted':
    case 'conversation.rejected': {
      const verb = event.type === 'conversation.accepted' ? 'accept' : 'reject';
      // A pick (or a resume to an agent) is accepted at once: a later accept is a no-op (SPEC §3).
      const noOpAccept =
        event.type === 'conversation.accepted' && inConversation && session!.acceptedOnAssign;
      if (!awaiting && !noOpAccept) return wrongStatus(conversation, verb);
      if (session!.agentId !== event.agentId) {
        return refuse('conflict', `agentId: the offer is assigned to '${session!.agentId}', not '${event.agentId}'`, {
          field: 'agentId',
        });
      }
      return null;
    }
    case 'conversation.transferred':
      // An open conversation may move to another queue (SPEC §5 "assign … to another queue").
      if (status === 'open' && event.toQueueId !== undefined) {
        return unknownQueue(state, event.toQueueId, 'toQueueId');
      }
      if (!inConversation && status !== 'waiting') return wrongStatus(conversation, 'transfer');
      if (event.toAgentId !== undefined) return unknownAgent(state, event.toAgentId, 'toAgentId');
      return unknownQueue(state, event.toQueueId!, 'toQueueId');
    case 'conversation.held':
      if (conversation.channel !== 'voice') return wrongStatus(conversation, `hold a ${conversation.channel} conversation`);
      if (!inConversation || conversation.holdSince !== null) return wrongStatus(conversation, 'hold');
      return null;
    case 'conversation.unheld':
      return conversation.holdSince === null ? wrongStatus(conversation, 'unhold a call that is not on hold') : null;
    case 'conversation.parked':
      if (!ASYNC_CHANNELS.has(conversation.channel)) {
        return wrongStatus(conversation, `park a ${conversation.channel} conversation`);
      }
      return inConversation ? null : wrongStatus(conversation, 'park');
    case 'conversation.resumed':
      if (status !== 'waiting') return wrongStatus(conversation, 'resume');
      return event.agentId === undefined ? null : unknownAgent(state, event.agentId, 'agentId');
    case 'conversation.wrapup':
      return inConversation ? null : wrongStatus(conversation, 'wrap up');
    case 'conversation.closed':
    case 'conversation.message':
      return status === 'closed' ? wrongStatus(conversation, event.type === 'conversation.closed' ? 'close' : 'add a message') : null;
    case 'supervisor.monitor':
      if (event.mode === 'stop') {
        return conversation.monitoredBy.includes(event.supervisorId)
          ? null
          : refuse('conflict', `supervisorId: '${event.supervisorId}' is not monitoring ${conversation.id}`, {
              field: 'supervisorId',
            });
      }
      return inConversation || status === 'waiting' || status === 'wrap-up'
        ? null
        : wrongStatus(conversation, 'monitor');
  }
}

/** What `evolve` needs besides the state: the sentiment of a public customer message. */
export interface EvolveContext {
  analyzeMessage(text: string): MessageSentiment;
  combineSentiment(recent: readonly MessageSentiment[]): Conversation['sentiment'];
}

/** How many of the customer's public messages the conversation's level looks at (SPEC §7). */
export const SENTIMENT_WINDOW = 6;

/**
 * True for the events that change a conversation's content but none of its lifecycle: a
 * message (its time and, from the customer, the sentiment) and a supervisor's monitoring.
 * The report projections keep nothing of those but the sentiment alert, so the engine spares
 * them the full retract and add (engine.ts). Keep in step with `evolveConversation`.
 */
export function changesOnlyContent(event: DomainEvent): boolean {
  return event.type === 'conversation.message' || event.type === 'supervisor.monitor';
}

/** Applies one event that `checkEvent` accepted. Returns the conversation it changed, if any. */
export function evolve(state: DomainState, event: DomainEvent, context: EvolveContext): Conversation | null {
  const at = timestampMs(event.at);
  switch (event.type) {
    case 'queue.upserted':
      // The whole configuration is replaced: a field left out goes back to its default (SPEC §6).
      state.queues.set(event.queueId, {
        id: event.queueId,
        name: event.name,
        priority: event.priority ?? 10,
        assignment: event.assignment ?? 'highest-capacity',
        skillMatch: event.skillMatch ?? 'closest',
        serviceLevelSeconds: event.serviceLevelSeconds ?? 20,
        serviceLevelTarget: event.serviceLevelTarget ?? 0.8,
        channels: event.channels ?? [],
        keepSameAgent: event.keepSameAgent ?? false,
        channelUnits: event.channelUnits ?? {},
        sentimentAlert: event.sentimentAlert ?? null,
        thresholds: thresholdsOf(event.thresholds),
      });
      rechargeQueue(state, event.queueId);
      return null;
    case 'agent.upserted': {
      const existing = state.agents.get(event.agentId);
      const agent: Agent = existing ?? {
        id: event.agentId,
        name: event.name,
        queueIds: [],
        skills: {},
        capacityUnits: 100,
        presence: 'offline',
        presenceSince: at,
        usedUnits: 0,
        ongoing: 0,
        lastAssignedAt: null,
        lastEndedAt: null,
      };
      agent.name = event.name;
      agent.queueIds = [...event.queueIds];
      agent.skills = { ...(event.skills ?? {}) };
      agent.capacityUnits = event.capacityUnits ?? 100;
      state.agents.set(agent.id, agent);
      return null;
    }
    case 'agent.presence': {
      const agent = state.agents.get(event.agentId)!;
      if (agent.presence !== event.presence) {
        agent.presence = event.presence;
        agent.presenceSince = at;
      }
      return null;
    }
    case 'conversation.created': {
      const conversation: Conversation = {
        id: event.conversationId,
        channel: event.channel,
        direction: event.direction ?? 'inbound',
        queueId: event.queueId,
        subject: event.subject ?? '',
        customer: event.customer ?? null,
        requiredSkills: event.skills === undefined || Object.keys(event.skills).length === 0 ? NO_SKILLS : { ...event.skills },
        status: 'open',
        activeAgentId: null,
        createdAt: at,
        closedAt: null,
        closeReason: null,
        queueSince: at,
        firstAcceptedAt: null,
        sessions: NO_SESSIONS,
        holdSince: null,
        holdMs: 0,
        wrapUpSince: null,
        recentSentiment: NO_SENTIMENT,
        sentiment: 'neutral',
        monitoredBy: NO_MONITORS,
        version: 1,
        lastEventAt: at,
        lastMessageAt: null,
        load: NO_LOAD,
      };
      state.conversations.set(conversation.id, conversation);
      indexQueued(state, conversation);
      return conversation;
    }
    default: {
      const conversation = state.conversations.get(event.conversationId)!;
      const load = conversation.load;
      const wasQueued = isInQueue(conversation);
      releaseLoad(state, conversation);
      evolveConversation(state, conversation, event, at, context);
      chargeLoad(state, conversation, load);
      // Most events leave a conversation in or out of the queues: no map write for them.
      if (isInQueue(conversation) !== wasQueued) indexQueued(state, conversation);
      conversation.version += 1;
      conversation.lastEventAt = at;
      return conversation;
    }
  }
}

/** A copy of the event's thresholds (the schema kept only `warn` and `alert` of each figure). */
function thresholdsOf(raw: QueueThresholds | undefined): QueueThresholds {
  return Object.fromEntries(Object.entries(raw ?? {}).map(([figure, levels]) => [figure, { ...levels }]));
}

/**
 * A conversation costs its current queue's `channelUnits`, read at report time (SPEC §6
 * precise readings): when a queue's configuration changes, its conversations' charges are
 * taken again with the new costs.
 */
function rechargeQueue(state: DomainState, queueId: string): void {
  for (const conversation of state.conversations.values()) {
    if (conversation.queueId !== queueId || conversation.load.agentId === null) continue;
    releaseLoad(state, conversation);
    chargeLoad(state, conversation);
  }
}

/**
 * SPEC §1 capacity: a conversation costs its agent units while active (awaiting or in
 * conversation) or in wrap-up; parked costs nothing but still counts as the agent's ongoing.
 * The charge is remembered on the conversation so that releasing it gives back exactly
 * what was taken.
 */
function releaseLoad(state: DomainState, conversation: Conversation): void {
  const agent = conversation.load.agentId === null ? undefined : state.agents.get(conversation.load.agentId);
  if (agent) {
    agent.usedUnits -= conversation.load.units;
    agent.ongoing -= 1;
  }
  conversation.load = NO_LOAD;
}

/** `previous`: the charge before the event, kept (not allocated again) when it is the same. */
function chargeLoad(state: DomainState, conversation: Conversation, previous: Conversation['load'] = NO_LOAD): void {
  const agentId = conversation.status === 'closed' ? null : conversation.activeAgentId;
  const agent = agentId === null ? undefined : state.agents.get(agentId);
  if (!agent) return;
  const holdsUnits = conversation.status === 'active' || conversation.status === 'wrap-up';
  const units = holdsUnits ? unitsFor(state.queues.get(conversation.queueId), conversation.channel) : 0;
  agent.usedUnits += units;
  agent.ongoing += 1;
  conversation.load = previous.agentId === agent.id && previous.units === units ? previous : { agentId: agent.id, units };
}

function startSession(state: DomainState, conversation: Conversation, agentId: string, at: number, accepted: boolean): void {
  const session: Session = {
    agentId,
    queueId: conversation.queueId,
    assignedAt: at,
    acceptedAt: accepted ? at : null,
    endedAt: null,
    endReason: null,
    acceptedOnAssign: accepted,
  };
  // A new array of the exact length (a pushed-to array keeps room for 16 more): most
  // conversations have one or two sessions, and memory holds days of them.
  conversation.sessions = [...conversation.sessions, session];
  conversation.activeAgentId = agentId;
  conversation.status = 'active';
  if (accepted) conversation.firstAcceptedAt ??= at;
  const agent = state.agents.get(agentId);
  if (agent) agent.lastAssignedAt = at;
}

function endSession(state: DomainState, conversation: Conversation, at: number, reason: SessionEnd): void {
  const session = runningSession(conversation);
  if (!session) return;
  session.endedAt = at;
  session.endReason = reason;
  const agent = state.agents.get(session.agentId);
  if (agent) agent.lastEndedAt = at;
}

function endHold(conversation: Conversation, at: number): void {
  if (conversation.holdSince === null) return;
  conversation.holdMs += at - conversation.holdSince;
  conversation.holdSince = null;
}

function evolveConversation(
  state: DomainState,
  conversation: Conversation,
  event: ConversationEvent,
  at: number,
  context: EvolveContext,
): void {
  switch (event.type) {
    case 'conversation.assigned':
      if (conversation.status === 'waiting') conversation.queueSince = at;
      startSession(state, conversation, event.agentId, at, event.by === 'agent');
      return;
    case 'conversation.accepted': {
      const session = runningSession(conversation)!;
      if (session.acceptedAt !== null) return; // the no-op accept after a pick (SPEC §3)
      session.acceptedAt = at;
      conversation.firstAcceptedAt ??= at;
      return;
    }
    case 'conversation.rejected':
      endSession(state, conversation, at, event.reason === 'timeout' ? 'timeout' : 'rejected');
      conversation.status = 'open';
      conversation.activeAgentId = null;
      return; // the current wait goes on: rejections do not restart it (SPEC §6)
    case 'conversation.transferred': {
      if (conversation.status === 'open') {
        // Moving a waiting customer to another queue does not break their wait (SPEC §6).
        conversation.queueId = event.toQueueId!;
        return;
      }
      endHold(conversation, at);
      // Transferring a parked conversation ends no session: the park did (SPEC §6).
      if (conversation.status === 'active') endSession(state, conversation, at, 'transferred');
      conversation.queueSince = at;
      if (event.toAgentId !== undefined) {
        startSession(state, conversation, event.toAgentId, at, false);
      } else {
        conversation.queueId = event.toQueueId!;
        conversation.status = 'open';
        conversation.activeAgentId = null;
      }
      return;
    }
    case 'conversation.held':
      conversation.holdSince = at;
      return;
    case 'conversation.unheld':
      endHold(conversation, at);
      return;
    case 'conversation.parked':
      endSession(state, conversation, at, 'parked');
      conversation.status = 'waiting'; // the parking agent stays the active agent (SPEC §6)
      return;
    case 'conversation.resumed':
      if (event.agentId !== undefined) {
        startSession(state, conversation, event.agentId, at, true);
      } else {
        conversation.status = 'open';
        conversation.activeAgentId = null;
        conversation.queueSince = at;
      }
      return;
    case 'conversation.wrapup':
      endHold(conversation, at);
      conversation.status = 'wrap-up';
      conversation.wrapUpSince = at;
      return;
    case 'conversation.closed':
      endHold(conversation, at);
      endSession(state, conversation, at, 'closed');
      conversation.status = 'closed';
      conversation.closedAt = at;
      conversation.closeReason = event.reason ?? 'resolved';
      conversation.monitoredBy = NO_MONITORS;
      conversation.recentSentiment = NO_SENTIMENT;
      return;
    case 'conversation.message':
      conversation.lastMessageAt = at;
      if (event.from === 'customer' && (event.visibility ?? 'public') === 'public') {
        // A new array (the empty one is shared): the last SENTIMENT_WINDOW scores, the oldest
        // dropped once full; one copy while the window fills.
        const previous = conversation.recentSentiment;
        const analysis = context.analyzeMessage(event.text);
        const recent = previous.length < SENTIMENT_WINDOW ? [...previous, analysis] : [...previous.slice(1), analysis];
        conversation.recentSentiment = recent;
        conversation.sentiment = context.combineSentiment(recent);
      }
      return;
    case 'supervisor.monitor':
      conversation.monitoredBy =
        event.mode === 'start'
          ? [...new Set([...conversation.monitoredBy, event.supervisorId])]
          : conversation.monitoredBy.filter((id) => id !== event.supervisorId);
      return;
  }
}
