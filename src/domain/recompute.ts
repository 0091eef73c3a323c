/**
 * The obviously-correct way to every report: scan all conversations, keep those in the
 * window that pass the filters, and add up their SPEC §6 figures. The engine's incremental
 * projections must give exactly the same JSON (property-tested); this is the reference.
 */
import { currentWaitMs, isInQueue } from './metrics.js';
import type { Conversation, DomainState } from './model.js';
import {
  addSession,
  agentRow,
  type AgentSessionTotals,
  type AgentsReport,
  compareOngoing,
  emptyAgentSessionTotals,
  isSentimentAlert,
  ongoingRow,
  type OngoingReport,
  type Report,
  type ReportKind,
  summaryReport,
  type SummaryReport,
  voiceReport,
  type VoiceReport,
  windowJson,
} from './reports.js';
import { countQueueAlerts, queueAgents, queueRow, type QueuesReport, queuesInView } from './queues-report.js';
import { tallyArrivals } from './staffing.js';
import { addTotals, contributionOf, emptyTotals, serviceLevelMsOf, type Totals } from './totals.js';
import {
  isAgentInScope,
  isAgentSelected,
  isInWindow,
  matchesFilters,
  type ReportFilters,
  type ReportQuery,
  windowBounds,
} from './window.js';

function selectConversations(state: DomainState, query: ReportQuery, filters: ReportFilters): Conversation[] {
  const bounds = windowBounds(query);
  const selected: Conversation[] = [];
  for (const conversation of state.conversations.values()) {
    if (isInWindow(conversation, bounds, query) && matchesFilters(conversation, filters, query.scope)) {
      selected.push(conversation);
    }
  }
  return selected;
}

function totalsOf(state: DomainState, conversations: Conversation[], at: number): { totals: Totals; longestWaitMs: number } {
  const totals = emptyTotals();
  let longestWaitMs = 0;
  for (const conversation of conversations) {
    const serviceLevelMs = serviceLevelMsOf(state.queues.get(conversation.queueId));
    addTotals(totals, contributionOf(conversation, isSentimentAlert(state, conversation), serviceLevelMs));
    if (conversation.direction === 'inbound' && isInQueue(conversation)) {
      longestWaitMs = Math.max(longestWaitMs, currentWaitMs(conversation, at));
    }
  }
  return { totals, longestWaitMs };
}

export function recomputeOngoing(state: DomainState, query: ReportQuery): OngoingReport {
  const rows = selectConversations(state, query, query.filters)
    .filter((conversation) => conversation.status !== 'closed')
    .sort(compareOngoing)
    .map((conversation) => ongoingRow(state, conversation, query.at));
  return { at: query.atIso, window: windowJson(windowBounds(query)), conversations: rows };
}

export function recomputeSummary(state: DomainState, query: ReportQuery): SummaryReport {
  const { totals, longestWaitMs } = totalsOf(state, selectConversations(state, query, query.filters), query.at);
  const agents = [...state.agents.values()].filter((agent) => isAgentInScope(agent, query.scope));
  const queueAlerts = countQueueAlerts(recomputeQueues(state, query).queues);
  return summaryReport(query, windowBounds(query), totals, longestWaitMs, agents, queueAlerts);
}

/** Each queue's row from the window's conversations of that queue: filtered figures, staffing's unfiltered `h`. */
export function recomputeQueues(state: DomainState, query: ReportQuery): QueuesReport {
  const filtered = byQueue(selectConversations(state, query, query.filters));
  const unfiltered = byQueue(selectConversations(state, query, {}));
  const arrivals = tallyArrivals(state, state.conversations.values(), query.at);
  const agents = queueAgents(state.agents.values());
  const rows = queuesInView(state, query).map((queue) => {
    const { totals, longestWaitMs } = totalsOf(state, filtered.get(queue.id) ?? [], query.at);
    return queueRow(queue, {
      totals,
      longestWaitMs,
      unfilteredTotals: totalsOf(state, unfiltered.get(queue.id) ?? [], query.at).totals,
      arrivals: arrivals.get(queue.id),
      agents: agents.get(queue.id),
    });
  });
  return { at: query.atIso, window: windowJson(windowBounds(query)), queues: rows };
}

function byQueue(conversations: Conversation[]): Map<string, Conversation[]> {
  const groups = new Map<string, Conversation[]>();
  for (const conversation of conversations) {
    const group = groups.get(conversation.queueId);
    if (group) group.push(conversation);
    else groups.set(conversation.queueId, [conversation]);
  }
  return groups;
}

export function recomputeVoice(state: DomainState, query: ReportQuery): VoiceReport {
  const filters: ReportFilters = { ...query.filters };
  const conversations = selectConversations(state, query, filters).filter((c) => c.channel === 'voice');
  const { totals, longestWaitMs } = totalsOf(state, conversations, query.at);
  return voiceReport(query, windowBounds(query), totals, longestWaitMs);
}

export function recomputeAgents(state: DomainState, query: ReportQuery): AgentsReport {
  // The agent filter picks rows; the sessions counted are the agent's own in the window.
  const conversationFilters: ReportFilters = { ...query.filters, agent: undefined };
  const sessionsByAgent = new Map<string, AgentSessionTotals>();
  for (const conversation of selectConversations(state, query, conversationFilters)) {
    for (const session of conversation.sessions) {
      let totals = sessionsByAgent.get(session.agentId);
      if (!totals) sessionsByAgent.set(session.agentId, (totals = emptyAgentSessionTotals()));
      addSession(totals, session);
    }
  }
  const ongoingByAgent = new Map<string, Conversation[]>();
  for (const conversation of state.conversations.values()) {
    if (conversation.status === 'closed' || conversation.activeAgentId === null) continue;
    const list = ongoingByAgent.get(conversation.activeAgentId) ?? [];
    list.push(conversation);
    ongoingByAgent.set(conversation.activeAgentId, list);
  }
  const agents = [...state.agents.values()]
    .filter((agent) => isAgentSelected(agent, query))
    .map((agent) =>
      agentRow(
        state,
        agent,
        query.at,
        sessionsByAgent.get(agent.id) ?? emptyAgentSessionTotals(),
        (ongoingByAgent.get(agent.id) ?? []).sort(compareOngoing),
      ),
    );
  return { at: query.atIso, agents };
}

export function recompute(state: DomainState, kind: ReportKind, query: ReportQuery): Report {
  switch (kind) {
    case 'ongoing':
      return recomputeOngoing(state, query);
    case 'summary':
      return recomputeSummary(state, query);
    case 'voice':
      return recomputeVoice(state, query);
    case 'agents':
      return recomputeAgents(state, query);
    case 'queues':
      return recomputeQueues(state, query);
  }
}
