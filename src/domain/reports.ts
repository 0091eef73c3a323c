/**
 * The report shapes of SPEC §8, built from the figures of SPEC §6. The REST API, the live
 * feed and `replay` all produce their JSON through these functions.
 */
import type { Channel, Presence } from './events.js';
import {
  handleMs,
  isAcceptedSession,
  isRejectedSession,
  isTransferredSession,
  meanSeconds,
  ratio,
  SERVICE_LEVEL_SECONDS,
  waitSeconds,
} from './metrics.js';
import type { Agent, Conversation, Direction, DomainState, Session, SkillLevels, Status } from './model.js';
import { isAccepted } from './model.js';
import type { AlertLevel } from './queue-alerts.js';
import type { QueuesReport } from './queues-report.js';
import { isAtOrBelow, type SentimentLevel } from './sentiment-scale.js';
import type { Totals } from './totals.js';
import { toIso, type ReportQuery, type WindowBounds } from './window.js';

export type ReportKind = 'ongoing' | 'summary' | 'agents' | 'voice' | 'queues';
export const REPORT_KINDS: readonly ReportKind[] = ['ongoing', 'summary', 'agents', 'voice', 'queues'];

export interface OngoingRow {
  id: string;
  subject: string;
  status: Exclude<Status, 'closed'>;
  accepted: boolean;
  activeAgentId: string | null;
  activeAgentName: string | null;
  queueId: string;
  queueName: string | null;
  channel: Channel;
  direction: Direction;
  createdAt: string;
  waitSeconds: number;
  handleSeconds: number;
  sentiment: SentimentLevel;
  /** At or below the queue's alert threshold (SPEC §7); the console colours it. */
  sentimentAlert: boolean;
  onHold: boolean;
  monitored: boolean;
}

export interface OngoingReport {
  at: string;
  window: { from: string; to: string };
  conversations: OngoingRow[];
}

export interface AgentsBlock {
  total: number;
  loggedIn: number;
  available: number;
  busy: number;
  busyDnd: number;
  away: number;
  offline: number;
}

export interface CapacityBlock {
  totalUnits: number;
  usedUnits: number;
  freeUnits: number;
  load: number | null;
}

export interface SummaryReport {
  at: string;
  window: { from: string; to: string };
  kpis: {
    incoming: number;
    ongoing: number;
    open: number;
    active: number;
    waiting: number;
    wrapUp: number;
    closed: number;
    inQueue: number;
    longestWaitSeconds: number;
    averageSpeedToAnswerSeconds: number | null;
    serviceLevel: Record<string, number | null>;
    abandoned: number;
    abandonedRate: number | null;
    averageTimeToAbandonSeconds: number | null;
    averageHandleTimeSeconds: number | null;
    transferRate: number | null;
    sentimentAlerts: number;
    /** Queues of the view whose worse alert is `warn`, and `alert` (SPEC §6 "Thresholds and alerts"). */
    queuesInWarn: number;
    queuesInAlert: number;
    agents: AgentsBlock;
    capacity: CapacityBlock;
  };
}

export interface VoiceReport {
  at: string;
  window: { from: string; to: string };
  kpis: {
    incoming: number;
    inQueue: number;
    longestWaitSeconds: number;
    averageSpeedToAnswerSeconds: number | null;
    averageHandleTimeSeconds: number | null;
    averageTalkSeconds: number | null;
    averageHoldSeconds: number | null;
    onHold: number;
    inbound: number;
    outbound: number;
    abandoned: number;
    abandonedRate: number | null;
  };
}

export interface AgentRow {
  id: string;
  name: string;
  presence: Presence;
  presenceSeconds: number;
  capacityUnits: number;
  usedUnits: number;
  freeUnits: number;
  ongoing: number;
  accepted: number;
  transferred: number;
  rejected: number;
  averageHandleTimeSeconds: number | null;
  skills: SkillLevels;
  /** The agent's ongoing conversations with their sentiment (SPEC §6 agents report). */
  conversations: { id: string; status: Status; sentiment: SentimentLevel; sentimentAlert: boolean }[];
}

export interface AgentsReport {
  at: string;
  agents: AgentRow[];
}

export type Report = OngoingReport | SummaryReport | AgentsReport | VoiceReport | QueuesReport;

export function windowJson(bounds: WindowBounds): { from: string; to: string } {
  return { from: toIso(bounds.from), to: toIso(bounds.to) };
}

/** SPEC §7: flagged when its queue sets a threshold and the level is at or below it. */
export function isSentimentAlert(state: DomainState, conversation: Conversation): boolean {
  const threshold = state.queues.get(conversation.queueId)?.sentimentAlert;
  return threshold != null && isAtOrBelow(conversation.sentiment, threshold);
}

export function ongoingRow(state: DomainState, conversation: Conversation, at: number): OngoingRow {
  const agent = conversation.activeAgentId === null ? undefined : state.agents.get(conversation.activeAgentId);
  return {
    id: conversation.id,
    subject: conversation.subject,
    status: conversation.status as OngoingRow['status'],
    accepted: isAccepted(conversation),
    activeAgentId: conversation.activeAgentId,
    activeAgentName: agent?.name ?? null,
    queueId: conversation.queueId,
    queueName: state.queues.get(conversation.queueId)?.name ?? null,
    channel: conversation.channel,
    direction: conversation.direction,
    createdAt: toIso(conversation.createdAt),
    waitSeconds: waitSeconds(conversation, at),
    handleSeconds: Math.floor(handleMs(conversation, at) / 1000),
    sentiment: conversation.sentiment,
    sentimentAlert: isSentimentAlert(state, conversation),
    onHold: conversation.holdSince !== null,
    monitored: conversation.monitoredBy.length > 0,
  };
}

/** Default order of the ongoing list: oldest first, then by id, so pages are stable. */
export function compareOngoing(a: Conversation, b: Conversation): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function agentsBlock(agents: Iterable<Agent>): { agents: AgentsBlock; capacity: CapacityBlock } {
  const block: AgentsBlock = { total: 0, loggedIn: 0, available: 0, busy: 0, busyDnd: 0, away: 0, offline: 0 };
  let totalUnits = 0;
  let usedUnits = 0;
  for (const agent of agents) {
    block.total += 1;
    block[agent.presence === 'busy-dnd' ? 'busyDnd' : agent.presence] += 1;
    if (agent.presence !== 'offline') {
      block.loggedIn += 1;
      totalUnits += agent.capacityUnits;
    }
    usedUnits += agent.usedUnits;
  }
  return {
    agents: block,
    capacity: { totalUnits, usedUnits, freeUnits: totalUnits - usedUnits, load: ratio(usedUnits, totalUnits) },
  };
}

function serviceLevels(totals: Totals): Record<string, number | null> {
  const levels: Record<string, number | null> = {};
  for (const seconds of SERVICE_LEVEL_SECONDS) {
    levels[String(seconds)] = ratio(totals[`sl${seconds}`], totals.answered);
  }
  return levels;
}

export function summaryReport(
  query: ReportQuery,
  bounds: WindowBounds,
  totals: Totals,
  longestWaitMs: number,
  agents: Iterable<Agent>,
  queueAlerts: Record<AlertLevel, number>,
): SummaryReport {
  const block = agentsBlock(agents);
  return {
    at: query.atIso,
    window: windowJson(bounds),
    kpis: {
      incoming: totals.incoming,
      ongoing: totals.conversations - totals.closed,
      open: totals.open,
      active: totals.active,
      waiting: totals.waiting,
      wrapUp: totals.wrapUp,
      closed: totals.closed,
      inQueue: totals.inQueue,
      longestWaitSeconds: Math.floor(longestWaitMs / 1000),
      averageSpeedToAnswerSeconds: meanSeconds(totals.firstWaitMs, totals.answered),
      serviceLevel: serviceLevels(totals),
      abandoned: totals.abandoned,
      abandonedRate: ratio(totals.abandoned, totals.incoming),
      averageTimeToAbandonSeconds: meanSeconds(totals.abandonMs, totals.abandoned),
      averageHandleTimeSeconds: meanSeconds(totals.handleMs, totals.handled),
      transferRate: ratio(totals.sessionsTransferred, totals.sessionsAccepted),
      sentimentAlerts: totals.sentimentAlerts,
      queuesInWarn: queueAlerts.warn,
      queuesInAlert: queueAlerts.alert,
      agents: block.agents,
      capacity: block.capacity,
    },
  };
}

/** The voice report: `totals` and `longestWaitMs` over the window's voice conversations. */
export function voiceReport(query: ReportQuery, bounds: WindowBounds, totals: Totals, longestWaitMs: number): VoiceReport {
  return {
    at: query.atIso,
    window: windowJson(bounds),
    kpis: {
      incoming: totals.incoming,
      inQueue: totals.inQueue,
      longestWaitSeconds: Math.floor(longestWaitMs / 1000),
      averageSpeedToAnswerSeconds: meanSeconds(totals.firstWaitMs, totals.answered),
      averageHandleTimeSeconds: meanSeconds(totals.handleMs, totals.handled),
      averageTalkSeconds: meanSeconds(totals.talkMs, totals.handled),
      averageHoldSeconds: meanSeconds(totals.holdMs, totals.handled),
      onHold: totals.onHold,
      inbound: totals.incoming,
      outbound: totals.outbound,
      abandoned: totals.abandoned,
      abandonedRate: ratio(totals.abandoned, totals.incoming),
    },
  };
}

/** One agent's session figures over the window's conversations (SPEC §6 agents report). */
export interface AgentSessionTotals {
  accepted: number;
  transferred: number;
  rejected: number;
  /** Accepted sessions that have ended, and the sum of their handle times. */
  ended: number;
  endedHandleMs: number;
}

export function emptyAgentSessionTotals(): AgentSessionTotals {
  return { accepted: 0, transferred: 0, rejected: 0, ended: 0, endedHandleMs: 0 };
}

export function addSession(totals: AgentSessionTotals, session: Session, sign: 1 | -1 = 1): void {
  if (isAcceptedSession(session)) {
    totals.accepted += sign;
    if (session.endedAt !== null) {
      totals.ended += sign;
      totals.endedHandleMs += sign * (session.endedAt - session.acceptedAt!);
    }
  }
  if (isTransferredSession(session)) totals.transferred += sign;
  if (isRejectedSession(session)) totals.rejected += sign;
}

export function agentRow(
  state: DomainState,
  agent: Agent,
  at: number,
  sessions: AgentSessionTotals,
  ongoingConversations: Iterable<Conversation>,
): AgentRow {
  const conversations: AgentRow['conversations'] = [];
  for (const conversation of ongoingConversations) {
    conversations.push({
      id: conversation.id,
      status: conversation.status,
      sentiment: conversation.sentiment,
      sentimentAlert: isSentimentAlert(state, conversation),
    });
  }
  return {
    id: agent.id,
    name: agent.name,
    presence: agent.presence,
    presenceSeconds: Math.floor((at - agent.presenceSince) / 1000),
    capacityUnits: agent.capacityUnits,
    usedUnits: agent.usedUnits,
    freeUnits: agent.capacityUnits - agent.usedUnits,
    ongoing: agent.ongoing,
    accepted: sessions.accepted,
    transferred: sessions.transferred,
    rejected: sessions.rejected,
    averageHandleTimeSeconds: meanSeconds(sessions.endedHandleMs, sessions.ended),
    skills: { ...agent.skills },
    conversations,
  };
}
