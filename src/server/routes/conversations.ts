/**
 * One conversation (SPEC §9 `GET /conversations/{id}`: status, sessions, timeline,
 * transcript), its assign picker (SPEC §5) and the supervisor actions of the registry in
 * `src/domain/actions.ts`: `POST /conversations/{id}/assign|transfer|monitor|whisper|join|force-close`.
 *
 * An action is decided and submitted in the same tick (no await in between): the pipeline
 * applies the events synchronously, so of two concurrent conflicting requests exactly one
 * wins and the other is refused by `decide` with 409 naming the new status (SPEC §5).
 * Every action, allowed or not, goes to the audit log.
 */
import type { FastifyPluginAsync } from 'fastify';
import { type Actor, type ActionName, HTTP_STATUS_OF, SUPERVISOR_ACTIONS, actionsFor, decideAction } from '../../domain/actions.js';
import { describeStatus } from '../../domain/lifecycle.js';
import type { SentimentLevel } from '../../domain/sentiment-scale.js';
import { type Conversation, type DomainState, isAccepted } from '../../domain/model.js';
import { assignPicker } from '../../domain/routing.js';
import type { LoggedEvent } from '../../store/event-store.js';
import { HttpError, forbidden, fromRefusal, notFound } from '../errors.js';
import { canSeeConversation, requireRole, userOf } from '../guard.js';
import { errorResponse, jsonSchema, zodValidated } from '../schemas.js';
import type { User } from '../users.js';
import { timeOrderedId } from '../../engine/event-ids.js';
import { StoreUnavailableError } from '../../engine/pipeline.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * The SPEC §9 conversation view of `GET /conversations/{id}` and the live feed's conversation
 * watch; `timeline` is the conversation's events from the log, oldest first. `messageLevel`
 * gives each public customer message its own sentiment (the conversation's level combines
 * the last six of them, SPEC §7).
 */
export function conversationJson(
  state: DomainState,
  conversation: Conversation,
  timeline: readonly LoggedEvent[],
  messageLevel: (text: string) => SentimentLevel,
) {
  const queue = state.queues.get(conversation.queueId);
  const agentName = (id: string | null) => (id ? (state.agents.get(id)?.name ?? null) : null);
  return {
    id: conversation.id,
    subject: conversation.subject,
    channel: conversation.channel,
    direction: conversation.direction,
    queueId: conversation.queueId,
    queueName: queue?.name ?? null,
    customer: conversation.customer,
    status: conversation.status,
    statusText: describeStatus(conversation),
    accepted: isAccepted(conversation),
    activeAgentId: conversation.activeAgentId,
    activeAgentName: agentName(conversation.activeAgentId),
    createdAt: iso(conversation.createdAt),
    closedAt: iso(conversation.closedAt),
    closeReason: conversation.closeReason,
    requiredSkills: conversation.requiredSkills,
    sentiment: conversation.sentiment,
    monitoredBy: conversation.monitoredBy,
    actions: actionsFor(conversation.status, isAccepted(conversation)),
    sessions: conversation.sessions.map((session) => ({
      role: 'primary',
      agentId: session.agentId,
      agentName: agentName(session.agentId),
      queueId: session.queueId,
      assignedAt: iso(session.assignedAt),
      acceptedAt: iso(session.acceptedAt),
      endedAt: iso(session.endedAt),
      endReason: session.endReason,
    })),
    transcript: timeline
      .filter((event) => event.type === 'conversation.message')
      .map((event) => {
        const visibility = event.visibility ?? 'public';
        const line = { id: event.id, at: event.at, from: event.from, text: event.text, visibility };
        return event.from === 'customer' && visibility === 'public' ? { ...line, sentiment: messageLevel(String(event.text)) } : line;
      }),
    timeline,
  };
}

function actorOf(user: User): Actor {
  return { id: user.username, queueIds: user.role === 'admin' ? 'all' : user.queueIds };
}

const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;

export const conversationRoutes: FastifyPluginAsync = async (app) => {
  const findVisible = (id: string, user: User): Conversation => {
    const conversation = app.pipeline.engine.state.conversations.get(id);
    if (!conversation) throw notFound(`conversation '${id}' does not exist`);
    const agentIds = conversation.sessions.map((session) => session.agentId);
    if (!canSeeConversation(user, conversation.queueId, agentIds)) {
      throw forbidden(`conversation '${id}' is outside what you may see`);
    }
    return conversation;
  };

  app.get(
    '/conversations/:id',
    {
      onRequest: requireRole(),
      schema: {
        tags: ['conversations'],
        summary: 'A conversation: status, sessions, timeline, transcript',
        params: idParams,
        response: { 200: { type: 'object', additionalProperties: true }, 401: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const user = userOf(request);
      // The timeline comes from the event log, so the engine keeps no events in memory.
      return app.pipeline.readWithTimeline(id, (timeline) =>
        conversationJson(app.pipeline.engine.state, findVisible(id, user), timeline, (text) => app.pipeline.engine.messageLevel(text)),
      );
    },
  );

  app.get(
    '/conversations/:id/assign-options',
    {
      onRequest: requireRole('admin', 'supervisor'),
      schema: {
        tags: ['conversations'],
        summary: 'The SPEC §5 assign/transfer picker: agents best first, other queues',
        params: idParams,
        response: { 200: { type: 'object', additionalProperties: true }, 401: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const user = userOf(request);
      const picker = await app.pipeline.read(() => assignPicker(app.pipeline.engine.state, findVisible(id, user)));
      // A supervisor may move a conversation only into their own queues: offer only those.
      if (user.role === 'supervisor') picker.otherQueues = picker.otherQueues.filter((queue) => user.queueIds.includes(queue.queueId));
      return picker;
    },
  );

  for (const name of Object.keys(SUPERVISOR_ACTIONS) as ActionName[]) {
    const action = SUPERVISOR_ACTIONS[name];
    app.post(
      `/conversations/:id/${action.route}`,
      {
        onRequest: requireRole('admin', 'supervisor'),
        ...zodValidated,
        schema: {
          tags: ['actions'],
          summary: `Supervisor action: ${name} (SPEC §5)`,
          params: idParams,
          body: jsonSchema(action.input),
          response: {
            200: { type: 'object', additionalProperties: true },
            400: errorResponse,
            401: errorResponse,
            403: errorResponse,
            404: errorResponse,
            409: errorResponse,
          },
        },
      },
      async (request) => {
        const { id } = request.params as { id: string };
        const user = userOf(request);
        const now = app.now();
        const audit = async (outcome: string, statusCode: number, message?: string) =>
          app.audit.record({ at: now, user, action: name, conversationId: id, input: request.body ?? null, outcome, statusCode, message });

        // Scope first, whatever the body (actions.ts checks the body first for some actions).
        const outOfScope = await app.pipeline.read(() => {
          const conversation = app.pipeline.engine.state.conversations.get(id);
          return conversation && user.role === 'supervisor' && !user.queueIds.includes(conversation.queueId) ? conversation.queueId : null;
        });
        if (outOfScope !== null) {
          const error = forbidden(`conversation '${id}' is in queue '${outOfScope}', outside your queues`);
          await audit(error.code, error.statusCode, error.message);
          throw error;
        }
        // Decided when applied (SPEC §5 conflicts): nothing runs between the decision and the
        // application, and a state that moved meanwhile is what the decision sees.
        let decision: ReturnType<typeof decideAction> | null = null;
        const submitted = app.pipeline.submit(() => {
          decision = decideAction(name, app.pipeline.engine.state, id, request.body, actorOf(user), now, () => timeOrderedId('action', now));
          return decision.ok ? decision.events : [];
        });
        let result;
        try {
          result = await submitted;
        } catch (error) {
          const statusCode = error instanceof StoreUnavailableError ? 503 : 500;
          await audit('error', statusCode, error instanceof Error ? error.message : String(error));
          throw error;
        }
        const decided = decision as ReturnType<typeof decideAction> | null;
        if (decided && !decided.ok) {
          const error = new HttpError(HTTP_STATUS_OF[decided.code], decided.code, decided.message, decided.field, decided.status);
          await audit(decided.code, error.statusCode, decided.message);
          throw error;
        }
        const refused = result.rejected[0];
        if (refused) {
          const error = fromRefusal(refused.error);
          await audit(error.code, error.statusCode, error.message);
          throw error;
        }
        await audit('ok', 200);
        request.log.info({ action: name, conversationId: id, by: user.username }, 'supervisor action');
        const current = await app.pipeline.read(() => {
          const conversation = app.pipeline.engine.state.conversations.get(id)!;
          return { status: conversation.status, statusText: describeStatus(conversation) };
        });
        return { ok: true, events: result.applied, ...current };
      },
    );
  }
};
