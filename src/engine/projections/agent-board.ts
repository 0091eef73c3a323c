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
import { type CellDims, cellSelection, CreationBuckets, dimsOf, type PayloadOps, sameDims } from './creation-buckets.js';
import type { OngoingIndex } from './ongoing-index.js';

type SessionsByAgent = Map<string, AgentSessionTotals>;

function addSessions(target: SessionsByAgent, sessions: readonly Session[], sign: 1 | -1): void {
  for (const session of sessions) {
    let totals = target.get(session.agentId);
    if (!totals) target.set(session.agentId, (totals = emptyAgentSessionTotals()));
    addSession(totals, session, sign);
  }
}

const sessionOps: PayloadOps<SessionsByAgent, readonly Session[]> = {
  create: () => new Map(),
  apply: addSessions,
};

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
 * A conversation's sessions before the event being applied: only the last session can
 * change in place (earlier ones have ended), so a copy of it and the count suffice.
 */
interface Retraction {
  conversation: Conversation;
  dims: CellDims;
  count: number;
  last: Session;
}

export class AgentBoard {
  private readonly buckets = new CreationBuckets(sessionOps);
  private pending: Retraction | null = null;

  constructor(
    private readonly state: DomainState,
    private readonly index: OngoingIndex,
  ) {}

  clear(): void {
    this.buckets.clear();
    this.pending = null;
  }

  // A conversation without sessions adds nothing: it is kept in no cell.
  retract(conversation: Conversation): void {
    this.settle();
    const { sessions } = conversation;
    if (sessions.length === 0) return;
    this.pending = { conversation, dims: dimsOf(conversation), count: sessions.length, last: { ...sessions[sessions.length - 1] } };
  }

  add(conversation: Conversation): void {
    const pending = this.pending;
    this.pending = null;
    const { sessions } = conversation;
    if (pending && pending.conversation === conversation && sameDims(pending.dims, conversation) && pending.count === sessions.length) {
      const last = sessions[sessions.length - 1];
      const { last: before } = pending;
      if (before.acceptedAt === last.acceptedAt && before.endedAt === last.endedAt && before.endReason === last.endReason) return;
    }
    if (pending) this.buckets.apply(pending.dims, sessionsBefore(pending), -1);
    if (sessions.length > 0) this.buckets.apply(dimsOf(conversation), sessions, 1);
  }

  private settle(): void {
    if (this.pending) this.buckets.apply(this.pending.dims, sessionsBefore(this.pending), -1);
    this.pending = null;
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

function sessionsBefore(retraction: Retraction): readonly Session[] {
  const { sessions } = retraction.conversation;
  return [...sessions.slice(0, retraction.count - 1), retraction.last];
}
