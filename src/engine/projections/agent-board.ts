/**
 * SPEC §6 agents report ("Agents report, per agent" and its precise readings), shaped by
 * SPEC §8 "agents": per agent, the session totals of the window's conversations kept in
 * creation buckets, and its non-closed conversations from the ongoing index. Presence and
 * capacity are read from the agents themselves at report time (they are not windowed).
 */
import type { Conversation, DomainState, Session } from '../../domain/model.js';
import {
  addSession,
  agentRow,
  type AgentSessionTotals,
  type AgentsReport,
  compareOngoing,
  emptyAgentSessionTotals,
} from '../../domain/reports.js';
import { isAgentSelected, matchesFilters, type ReportFilters, type ReportQuery, windowBounds } from '../../domain/window.js';
import { type CellDims, cellSelection, CreationBuckets, type PayloadOps } from './creation-buckets.js';
import type { OngoingIndex } from './ongoing-index.js';

type SessionsByAgent = Map<string, AgentSessionTotals>;

/** True when a session adds nothing to its agent's totals (assigned, not yet accepted or ended). */
function isNeutral(session: Session): boolean {
  return session.acceptedAt === null && session.endReason === null;
}

function addOne(target: SessionsByAgent, session: Session, sign: 1 | -1): void {
  if (isNeutral(session)) return;
  let totals = target.get(session.agentId);
  if (!totals) target.set(session.agentId, (totals = emptyAgentSessionTotals()));
  addSession(totals, session, sign);
}

function addSessions(target: SessionsByAgent, sessions: readonly Session[], sign: 1 | -1): void {
  for (const session of sessions) addOne(target, session, sign);
}

/**
 * A conversation's sessions as one delta without copying the array: the first `count − 1`
 * of `sessions`, then `last` (a copy of the last session as it was, or the live one).
 */
interface SessionDelta {
  sessions: readonly Session[];
  count: number;
  last: Session | null;
}

/** Free payloads (emptied cells' maps), reused for new cells. */
const MAX_FREE = 4096;

class SessionOps implements PayloadOps<SessionsByAgent, SessionDelta> {
  private readonly free: SessionsByAgent[] = [];

  create(): SessionsByAgent {
    return this.free.pop() ?? new Map();
  }

  apply(target: SessionsByAgent, delta: SessionDelta, sign: 1 | -1): void {
    const { sessions, count, last } = delta;
    for (let i = 0; i < count - 1; i++) addOne(target, sessions[i], sign);
    if (last !== null) addOne(target, last, sign);
  }

  merge(target: SessionsByAgent, source: SessionsByAgent): void {
    mergeInto(target, source);
  }

  /**
   * Only the last session can change in place (earlier ones have ended), and an event only
   * appends new ones: the sessions before `before`'s last are the same objects in both
   * deltas and cancel out, so only the old last one is taken out and the rest of `after` put in.
   */
  move(target: SessionsByAgent, before: SessionDelta, after: SessionDelta): void {
    if (before.last !== null) addOne(target, before.last, -1);
    for (let i = Math.max(0, before.count - 1); i < after.count - 1; i++) addOne(target, after.sessions[i], 1);
    if (after.last !== null) addOne(target, after.last, 1);
  }

  compact(payload: SessionsByAgent): void {
    for (const [agentId, totals] of payload) {
      if (totals.accepted === 0 && totals.transferred === 0 && totals.rejected === 0 && totals.ended === 0 && totals.endedHandleMs === 0) {
        payload.delete(agentId);
      }
    }
  }

  release(payload: SessionsByAgent): void {
    payload.clear();
    if (this.free.length < MAX_FREE) this.free.push(payload);
  }
}

function mergeInto(target: SessionsByAgent, source: SessionsByAgent): void {
  for (const [agentId, totals] of source) {
    let sum = target.get(agentId);
    if (!sum) target.set(agentId, (sum = emptyAgentSessionTotals()));
    sum.accepted += totals.accepted;
    sum.transferred += totals.transferred;
    sum.rejected += totals.rejected;
    sum.ended += totals.ended;
    sum.endedHandleMs += totals.endedHandleMs;
  }
}

/**
 * The cell a conversation's sessions are kept in. The agents report never selects cells by
 * active agent (its agent filter picks rows), so the board's cells leave the agent out:
 * fewer cells, and an assignment alone does not move a conversation.
 */
function copyDims(target: CellDims, conversation: Conversation): CellDims {
  target.createdAt = conversation.createdAt;
  target.queueId = conversation.queueId;
  target.channel = conversation.channel;
  target.direction = conversation.direction;
  target.status = conversation.status;
  target.agentId = null;
  return target;
}

function sameCell(dims: CellDims, conversation: Conversation): boolean {
  return (
    dims.queueId === conversation.queueId &&
    dims.status === conversation.status &&
    dims.createdAt === conversation.createdAt &&
    dims.channel === conversation.channel &&
    dims.direction === conversation.direction
  );
}

const newDims = (): CellDims => ({ createdAt: 0, queueId: '', channel: 'voice', direction: 'inbound', status: 'open', agentId: null });
const newSession = (): Session => ({
  agentId: '',
  queueId: '',
  assignedAt: 0,
  acceptedAt: null,
  endedAt: null,
  endReason: null,
  acceptedOnAssign: false,
});

export class AgentBoard {
  /** Hour buckets only: the agents report takes the partial hours at its edges one by one. */
  private readonly buckets = new CreationBuckets(new SessionOps(), true, false);
  /**
   * The pending retraction (reused objects, no allocation per event): a conversation's
   * sessions before the event being applied. Only the last session can change in place
   * (earlier ones have ended), so a copy of it and the count suffice.
   */
  private pending: Conversation | null = null;
  private readonly pendingDims = newDims();
  private readonly pendingLast = newSession();
  private readonly pendingDelta: SessionDelta = { sessions: [], count: 0, last: null };
  private readonly nowDims = newDims();
  private readonly nowDelta: SessionDelta = { sessions: [], count: 0, last: null };

  constructor(
    private readonly state: DomainState,
    private readonly index: OngoingIndex,
  ) {}

  clear(): void {
    this.buckets.clear();
    this.pending = null;
  }

  /** Counts every conversation's sessions afresh (a rebuild), `sorted` in creation order. */
  rebuild(sorted: readonly Conversation[]): void {
    this.clear();
    const delta = this.nowDelta;
    this.buckets.load((add) => {
      for (const conversation of sorted) {
        const { sessions } = conversation;
        if (sessions.length === 0) continue;
        delta.sessions = sessions;
        delta.count = sessions.length;
        delta.last = sessions[sessions.length - 1];
        add(copyDims(this.nowDims, conversation), delta);
      }
    });
    delta.sessions = [];
    delta.last = null;
  }

  // A conversation without sessions adds nothing: it is kept in no cell.
  retract(conversation: Conversation): void {
    this.settle();
    const { sessions } = conversation;
    if (sessions.length === 0) return;
    this.pending = conversation;
    copyDims(this.pendingDims, conversation);
    Object.assign(this.pendingLast, sessions[sessions.length - 1]);
    const delta = this.pendingDelta;
    delta.sessions = sessions;
    delta.count = sessions.length;
    delta.last = this.pendingLast;
  }

  add(conversation: Conversation): void {
    const pending = this.pending;
    this.pending = null;
    const { sessions } = conversation;
    if (pending === conversation && sameCell(this.pendingDims, conversation) && this.pendingDelta.count === sessions.length) {
      const last = sessions[sessions.length - 1];
      const before = this.pendingLast;
      if (before.acceptedAt === last.acceptedAt && before.endedAt === last.endedAt && before.endReason === last.endReason) return;
    }
    if (sessions.length > 0) {
      const delta = this.nowDelta;
      delta.sessions = sessions;
      delta.count = sessions.length;
      delta.last = sessions[sessions.length - 1];
      const dims = copyDims(this.nowDims, conversation);
      if (pending !== null) this.buckets.move(this.pendingDims, dims, this.pendingDelta, delta);
      else this.buckets.apply(dims, delta, 1);
      delta.sessions = [];
      delta.last = null;
    } else if (pending !== null) {
      this.buckets.apply(this.pendingDims, this.pendingDelta, -1);
    }
    this.pendingDelta.sessions = [];
    this.pendingDelta.last = null;
  }

  /** Frees the cells and per-agent entries emptied in the hours before `cutoff` (engine retention). */
  pruneHoursBefore(cutoff: number): void {
    this.settle();
    this.buckets.pruneHoursBefore(cutoff);
  }

  /** Applies a retraction that no `add` will follow (a conversation forgotten). */
  settle(): void {
    if (this.pending !== null) this.buckets.apply(this.pendingDims, this.pendingDelta, -1);
    this.pending = null;
    this.pendingDelta.sessions = [];
    this.pendingDelta.last = null;
  }

  report(query: ReportQuery): AgentsReport {
    this.settle();
    // The agent filter picks rows; the sessions counted are the agent's own in the window.
    const filters: ReportFilters = { ...query.filters, agent: undefined };
    const bounds = windowBounds(query);
    const sessions: SessionsByAgent = new Map();
    const from = bounds.fromInclusive ? bounds.from : bounds.from + 1;
    const edges = this.buckets.collect(from, bounds.to, cellSelection(filters, query.scope), (payload) =>
      mergeInto(sessions, payload),
    );
    const accept = (conversation: Conversation) => matchesFilters(conversation, filters, query.scope);
    for (const [edgeFrom, edgeTo] of edges) {
      for (const conversation of this.index.createdIn(edgeFrom, edgeTo)) {
        if (accept(conversation)) addSessions(sessions, conversation.sessions, 1);
      }
    }
    for (const conversation of this.index.openBeforeWindow(query, bounds)) {
      if (accept(conversation)) addSessions(sessions, conversation.sessions, 1);
    }
    const agents = [...this.state.agents.values()]
      .filter((agent) => isAgentSelected(agent, query))
      .map((agent) =>
        agentRow(
          this.state,
          agent,
          query.at,
          sessions.get(agent.id) ?? emptyAgentSessionTotals(),
          [...(this.index.byAgent.get(agent.id) ?? [])].sort(compareOngoing),
        ),
      );
    return { at: query.atIso, agents };
  }
}
