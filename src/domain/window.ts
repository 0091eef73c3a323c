/**
 * Report windows and filters (SPEC §6 "Report window", "Precise readings"): which
 * conversations a report is over. Shared by every report and every projection.
 */
import type { Channel } from './events.js';
import { INCLUDE_OPEN_HORIZON_MS, LAST24H_MS } from './metrics.js';
import type { Agent, Conversation, Direction, Status } from './model.js';

export type WindowKind = 'last24h' | 'today';

/**
 * How far back from its `at` a report reaches (SPEC §6): `includeOpen` adds the non-closed
 * conversations created up to 72 h before it. A closed conversation created earlier is in
 * no report at that `at` or later.
 */
export const REPORT_HORIZON_MS = INCLUDE_OPEN_HORIZON_MS;

/**
 * The longest base window: `today` on a local day whose clock went back; the longest such
 * day lasts 26 h (Antarctica/Troll moves its clock by 2 h). `last24h` is 24 h.
 */
export const LONGEST_BASE_WINDOW_MS = 26 * 3_600_000;

export interface ReportFilters {
  queue?: string;
  channel?: Channel;
  /** The conversation's active agent. */
  agent?: string;
  status?: Status;
  direction?: Direction;
}

export interface ReportQuery {
  /** The report moment, epoch ms, and as requested (echoed in the report). */
  at: number;
  atIso: string;
  window: WindowKind;
  /** IANA zone for `today`; UTC when absent. */
  tz?: string;
  includeOpen: boolean;
  filters: ReportFilters;
  /**
   * The caller's queues when limited to some (a supervisor, SPEC §9): only conversations of
   * these queues and agents who belong to at least one of them are seen.
   */
  scope?: ReadonlySet<string>;
}

export interface WindowBounds {
  /** Start of the base window: exclusive for last24h, inclusive for today. */
  from: number;
  to: number;
  fromInclusive: boolean;
}

/** One formatter per zone: building an `Intl.DateTimeFormat` costs far more than using it. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Offset of `zone` from UTC at instant `ms`, in ms (positive east of Greenwich). */
function zoneOffsetMs(ms: number, zone: string): number {
  const parts = formatterFor(zone).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant of the last local midnight at or before `ms` in `zone`, across DST changes. */
export function localMidnight(ms: number, zone: string): number {
  const local = new Date(ms + zoneOffsetMs(ms, zone));
  const midnightAsUtc = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  // The offset at midnight may differ from the offset at `ms` (a DST change during the day).
  let guess = midnightAsUtc - zoneOffsetMs(midnightAsUtc, zone);
  guess = midnightAsUtc - zoneOffsetMs(guess, zone);
  return guess;
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function windowBounds(query: ReportQuery): WindowBounds {
  if (query.window === 'today') {
    return { from: localMidnight(query.at, query.tz ?? 'UTC'), to: query.at, fromInclusive: true };
  }
  return { from: query.at - LAST24H_MS, to: query.at, fromInclusive: false };
}

export function isInBaseWindow(createdAt: number, bounds: WindowBounds): boolean {
  const afterFrom = bounds.fromInclusive ? createdAt >= bounds.from : createdAt > bounds.from;
  return afterFrom && createdAt <= bounds.to;
}

/** `includeOpen`: non-closed conversations created in (at − 72 h, at] count as well. */
export function isInWindow(conversation: Conversation, bounds: WindowBounds, query: ReportQuery): boolean {
  if (isInBaseWindow(conversation.createdAt, bounds)) return true;
  return (
    query.includeOpen &&
    conversation.status !== 'closed' &&
    conversation.createdAt > query.at - INCLUDE_OPEN_HORIZON_MS &&
    conversation.createdAt <= query.at
  );
}

/** Filters use the conversation's current queue (after transfers) and its channel. */
export function matchesFilters(conversation: Conversation, filters: ReportFilters, scope?: ReadonlySet<string>): boolean {
  return (
    (scope === undefined || scope.has(conversation.queueId)) &&
    (filters.queue === undefined || conversation.queueId === filters.queue) &&
    (filters.channel === undefined || conversation.channel === filters.channel) &&
    (filters.agent === undefined || conversation.activeAgentId === filters.agent) &&
    (filters.status === undefined || conversation.status === filters.status) &&
    (filters.direction === undefined || conversation.direction === filters.direction)
  );
}

/** Agents a query may see: in scope, and in the filtered queue / the filtered agent. */
export function isAgentSelected(agent: Agent, query: ReportQuery): boolean {
  const { scope, filters } = query;
  if (scope !== undefined && !agent.queueIds.some((id) => scope.has(id))) return false;
  if (filters.agent !== undefined && agent.id !== filters.agent) return false;
  return filters.queue === undefined || agent.queueIds.includes(filters.queue);
}

/** Agents visible to the caller: the summary's agents and capacity blocks ignore filters. */
export function isAgentInScope(agent: Agent, scope?: ReadonlySet<string>): boolean {
  return scope === undefined || agent.queueIds.some((id) => scope.has(id));
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
