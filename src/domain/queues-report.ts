/**
 * SPEC §8 "queues": one row per queue in the caller's view, built from SPEC §6 "Queues
 * report" (the summary figures for that queue alone), "Thresholds and alerts" and
 * "Staffing advice (Erlang C)". The recompute and the projections gather the inputs their
 * own way and build the rows here.
 */
import type { Presence } from './events.js';
import { meanSeconds, ratio } from './metrics.js';
import type { Agent, DomainState, Queue } from './model.js';
import { type AlertLevel, type QueueAlert, queueAlerts, worstLevel } from './queue-alerts.js';
import { type Arrivals, type Staffing, staffingAdvice } from './staffing.js';
import type { TotalField, Totals } from './totals.js';
import type { ReportQuery } from './window.js';

export interface QueueAgents {
  /** Agents whose `queueIds` name the queue. */
  members: number;
  loggedIn: number;
  available: number;
}

export interface QueueRow {
  id: string;
  name: string;
  /** Rows are ordered by priority, then id; the live feed's client re-sorts by it. */
  priority: number;
  serviceLevelSeconds: number;
  serviceLevelTarget: number;
  incoming: number;
  ongoing: number;
  inQueue: number;
  longestWaitSeconds: number;
  averageSpeedToAnswerSeconds: number | null;
  serviceLevel: number | null;
  abandoned: number;
  abandonedRate: number | null;
  averageHandleTimeSeconds: number | null;
  transferRate: number | null;
  agents: QueueAgents;
  alerts: QueueAlert[];
  staffing: Staffing;
}

export interface QueuesReport {
  at: string;
  window: { from: string; to: string };
  queues: QueueRow[];
}

/** The summary figures a row reads (SPEC §6 "Queues report"); the projections keep only these. */
export const QUEUE_FIELDS = [
  'conversations',
  'closed',
  'incoming',
  'inQueue',
  'answered',
  'firstWaitMs',
  'slQueue',
  'abandoned',
  'handled',
  'handleMs',
  'sessionsAccepted',
  'sessionsTransferred',
] as const satisfies readonly TotalField[];

export type QueueTotals = Pick<Totals, (typeof QUEUE_FIELDS)[number]>;

/** All zero, as one literal (a fixed object shape; the type keeps it in step with QUEUE_FIELDS). */
export function emptyQueueTotals(): QueueTotals {
  return {
    conversations: 0,
    closed: 0,
    incoming: 0,
    inQueue: 0,
    answered: 0,
    firstWaitMs: 0,
    slQueue: 0,
    abandoned: 0,
    handled: 0,
    handleMs: 0,
    sessionsAccepted: 0,
    sessionsTransferred: 0,
  };
}

/** What a row is made of, however it was gathered. */
export interface QueueFigures {
  /** The window's conversations of this queue after the report's filters. */
  totals: QueueTotals;
  longestWaitMs: number;
  /** The same window without the channel, direction, status and agent filters: staffing's `h`. */
  unfilteredTotals: QueueTotals;
  arrivals: Arrivals | undefined;
  agents: QueueAgents | undefined;
}

const NO_ARRIVALS: Arrivals = { count: 0, units: 0 };
const NO_AGENTS: QueueAgents = { members: 0, loggedIn: 0, available: 0 };

/** Every queue defined, in the caller's scope and the queue filter, by priority then id. */
export function queuesInView(state: DomainState, query: Pick<ReportQuery, 'scope' | 'filters'>): Queue[] {
  const { scope, filters } = query;
  const queues: Queue[] = [];
  for (const queue of state.queues.values()) {
    if (scope !== undefined && !scope.has(queue.id)) continue;
    if (filters.queue !== undefined && filters.queue !== queue.id) continue;
    queues.push(queue);
  }
  return queues.sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const isLoggedIn = (presence: Presence): boolean => presence !== 'offline';

/** Member agents by presence for every queue they name (SPEC §6: neither windowed nor filtered). */
export function queueAgents(agents: Iterable<Agent>): Map<string, QueueAgents> {
  const byQueue = new Map<string, QueueAgents>();
  for (const agent of agents) {
    const { queueIds } = agent;
    for (let i = 0; i < queueIds.length; i++) {
      const queueId = queueIds[i];
      if (queueIds.indexOf(queueId) < i) continue; // named twice: counted once
      let counts = byQueue.get(queueId);
      if (!counts) byQueue.set(queueId, (counts = { members: 0, loggedIn: 0, available: 0 }));
      counts.members += 1;
      if (isLoggedIn(agent.presence)) counts.loggedIn += 1;
      if (agent.presence === 'available') counts.available += 1;
    }
  }
  return byQueue;
}

export function queueRow(queue: Queue, figures: QueueFigures): QueueRow {
  const { totals } = figures;
  const agents = figures.agents ?? NO_AGENTS;
  const alertFigures = {
    longestWaitSeconds: Math.floor(figures.longestWaitMs / 1000),
    inQueue: totals.inQueue,
    averageSpeedToAnswerSeconds: meanSeconds(totals.firstWaitMs, totals.answered),
    abandonedRate: ratio(totals.abandoned, totals.incoming),
    serviceLevel: ratio(totals.slQueue, totals.answered),
  };
  const staffing = staffingAdvice({
    arrivals: figures.arrivals ?? NO_ARRIVALS,
    handleSeconds: meanSeconds(figures.unfilteredTotals.handleMs, figures.unfilteredTotals.handled),
    serviceLevelSeconds: queue.serviceLevelSeconds,
    serviceLevelTarget: queue.serviceLevelTarget,
    agentsLoggedIn: agents.loggedIn,
  });
  // One object literal: spreading a row into another costs V8 twenty times more (issue 11).
  return {
    id: queue.id,
    name: queue.name,
    priority: queue.priority,
    serviceLevelSeconds: queue.serviceLevelSeconds,
    serviceLevelTarget: queue.serviceLevelTarget,
    incoming: totals.incoming,
    ongoing: totals.conversations - totals.closed,
    inQueue: alertFigures.inQueue,
    longestWaitSeconds: alertFigures.longestWaitSeconds,
    averageSpeedToAnswerSeconds: alertFigures.averageSpeedToAnswerSeconds,
    serviceLevel: alertFigures.serviceLevel,
    abandoned: totals.abandoned,
    abandonedRate: alertFigures.abandonedRate,
    averageHandleTimeSeconds: meanSeconds(totals.handleMs, totals.handled),
    transferRate: ratio(totals.sessionsTransferred, totals.sessionsAccepted),
    agents: { ...agents },
    alerts: queueAlerts(alertFigures, queue.thresholds),
    staffing,
  };
}

/** Whether the report's filters narrow the conversations beyond the queue (staffing ignores them). */
export function hasConversationFilters(query: ReportQuery): boolean {
  const { channel, direction, status, agent } = query.filters;
  return channel !== undefined || direction !== undefined || status !== undefined || agent !== undefined;
}

/** The queues in warn and in alert among some rows, each at its worse level (the summary's counts). */
export function countQueueAlerts(rows: readonly QueueRow[]): Record<AlertLevel, number> {
  const counts: Record<AlertLevel, number> = { warn: 0, alert: 0 };
  for (const row of rows) {
    const level = worstLevel(row.alerts);
    if (level !== null) counts[level] += 1;
  }
  return counts;
}
