/**
 * The Summary's chart (issue #10 item 4): the report window's conversations per 15 minutes
 * of their creation and per channel — how many were created, answered and abandoned (SPEC
 * §6 readings: `answered` = inbound and accepted at least once, as the ASA counts them;
 * `abandoned` as the summary counts it). A conversation counts in the bucket of its
 * creation, so the buckets add up to the summary over the same window (docs/decisions.md
 * "The conversations series").
 *
 * `recomputeSeries` is the obviously-correct scan; the engine answers from its creation
 * buckets (src/engine/projections/conversation-series.ts), and the tests hold them equal.
 */
import type { Channel } from './events.js';
import { isAbandoned, wasAccepted } from './metrics.js';
import type { Conversation, DomainState } from './model.js';
import { windowJson } from './reports.js';
import { isInBaseWindow, matchesFilters, type ReportQuery, toIso, type WindowBounds, windowBounds } from './window.js';

export const SERIES_BUCKET_MS = 15 * 60_000;

export interface SeriesFigures {
  created: number;
  answered: number;
  abandoned: number;
}

/** One quarter hour: its start, and the figures of each channel that has a conversation in it. */
export interface SeriesBucket {
  from: string;
  channels: Partial<Record<Channel, SeriesFigures>>;
}

export interface ConversationSeries {
  at: string;
  window: { from: string; to: string };
  bucketSeconds: number;
  buckets: SeriesBucket[];
}

/** The first creation moment (ms) the base window holds. */
function firstMs(bounds: WindowBounds): number {
  return bounds.fromInclusive ? bounds.from : bounds.from + 1;
}

/**
 * Starts (epoch ms) of the quarter hours that cover the base window, oldest first. Every
 * time zone's offset is a whole number of quarter hours, so these are local quarter hours
 * too; the first and the last bucket may hold only part of their quarter.
 */
export function seriesBucketStarts(bounds: WindowBounds): number[] {
  const starts: number[] = [];
  for (let start = Math.floor(firstMs(bounds) / SERIES_BUCKET_MS) * SERIES_BUCKET_MS; start <= bounds.to; start += SERIES_BUCKET_MS) {
    starts.push(start);
  }
  return starts;
}

/** The creation moments [from, to] (ms, inclusive) of bucket `start` that lie in the window. */
export function bucketRange(start: number, bounds: WindowBounds): readonly [number, number] {
  return [Math.max(start, firstMs(bounds)), Math.min(start + SERIES_BUCKET_MS - 1, bounds.to)];
}

export function emptySeriesFigures(): SeriesFigures {
  return { created: 0, answered: 0, abandoned: 0 };
}

/** Adds one conversation to its channel's figures. */
export function countConversation(figures: SeriesFigures, conversation: Conversation): void {
  figures.created += 1;
  if (conversation.direction === 'inbound' && wasAccepted(conversation)) figures.answered += 1;
  if (isAbandoned(conversation)) figures.abandoned += 1;
}

export function seriesJson(query: ReportQuery, buckets: SeriesBucket[]): ConversationSeries {
  return { at: query.atIso, window: windowJson(windowBounds(query)), bucketSeconds: SERIES_BUCKET_MS / 1000, buckets };
}

/**
 * The series by a scan of every conversation. The window is the base window: `includeOpen`
 * adds conversations created before it, which have no quarter hour on the chart's axis.
 */
export function recomputeSeries(state: DomainState, query: ReportQuery): ConversationSeries {
  const bounds = windowBounds(query);
  const byStart = new Map<number, SeriesBucket>(seriesBucketStarts(bounds).map((start) => [start, { from: toIso(start), channels: {} }]));
  for (const conversation of state.conversations.values()) {
    if (!isInBaseWindow(conversation.createdAt, bounds) || !matchesFilters(conversation, query.filters, query.scope)) continue;
    const bucket = byStart.get(Math.floor(conversation.createdAt / SERIES_BUCKET_MS) * SERIES_BUCKET_MS)!;
    const figures = (bucket.channels[conversation.channel] ??= emptySeriesFigures());
    countConversation(figures, conversation);
  }
  return seriesJson(query, [...byStart.values()]);
}
