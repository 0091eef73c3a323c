/**
 * The viewport of an ongoing-conversations table (docs/live-feed.md "Viewport"): the rows of
 * one range of the ongoing report after a free-text search and a sort, so that a browser
 * showing 100,000 conversations only ever holds the few rows on screen.
 *
 * Pure functions over a computed live state: `orderOf` gives the searched and sorted order
 * (shared by every viewport on the same view, sort and search), `viewportRows` cuts a range.
 */
import type { Conversation } from '../../domain/model.js';
import type { OngoingReport, OngoingRow } from '../../domain/reports.js';
import { SENTIMENT_LEVELS } from '../../domain/sentiment-scale.js';
import { liveRow, type LiveOngoingRow, type LiveState } from './live-report.js';

export const VIEWPORT_SORT_COLUMNS = [
  'createdAt',
  'subject',
  'status',
  'activeAgentName',
  'queueName',
  'channel',
  'direction',
  'waitSeconds',
  'handleSeconds',
  'sentiment',
  'sentimentAlert',
  'onHold',
  'monitored',
] as const;
export type ViewportSortColumn = (typeof VIEWPORT_SORT_COLUMNS)[number];

export interface ViewportSort {
  column: ViewportSortColumn;
  direction: 'asc' | 'desc';
}

/** The most rows one viewport may ask for. */
export const MAX_VIEWPORT_ROWS = 500;

/** A viewport row: the ongoing row with its tick timestamps, and the customer's name (searchable). */
export type ViewportRow = LiveOngoingRow & { customerName: string | null };

export interface ViewportAnswer {
  at: string;
  window: { from: string; to: string };
  /** Rows matching the search (the whole scrollable length). */
  total: number;
  /** Index of `rows[0]` in the sorted list. */
  from: number;
  rows: ViewportRow[];
}

/** Status in lifecycle order, the two active sub-states apart (SPEC §5 rows). */
function statusRank(row: OngoingRow): number {
  switch (row.status) {
    case 'open':
      return 0;
    case 'active':
      return row.accepted ? 2 : 1;
    case 'waiting':
      return 3;
    case 'wrap-up':
      return 4;
  }
}

function sortValue(row: OngoingRow, column: ViewportSortColumn): string | number {
  switch (column) {
    case 'status':
      return statusRank(row);
    case 'sentiment':
      return SENTIMENT_LEVELS.indexOf(row.sentiment);
    case 'sentimentAlert':
    case 'onHold':
    case 'monitored':
      return row[column] ? 1 : 0;
    case 'activeAgentName':
    case 'queueName':
      return (row[column] ?? '').toLowerCase();
    case 'subject':
      return row.subject.toLowerCase();
    default:
      return row[column];
  }
}

function matchesSearch(row: OngoingRow, customerName: string | null, needle: string): boolean {
  return (
    row.subject.toLowerCase().includes(needle) ||
    (row.activeAgentName ?? '').toLowerCase().includes(needle) ||
    (customerName ?? '').toLowerCase().includes(needle) ||
    row.id.toLowerCase().includes(needle)
  );
}

export type CustomerNames = (conversationId: string) => string | null;

export function customerNameOf(conversation: Conversation | undefined): string | null {
  return conversation?.customer?.name ?? null;
}

/**
 * Indexes into the report's rows that match `search` (subject, agent, customer, id; case
 * blind), in `sort` order; ties keep the report's order (creation, then id), so the order
 * is total and stable.
 */
export function orderOf(state: LiveState, sort: ViewportSort, search: string, customerNames: CustomerNames): Int32Array {
  const rows = (state.report as OngoingReport).conversations;
  const needle = search.trim().toLowerCase();
  const indexes: number[] = [];
  const keys: (string | number)[] = [];
  rows.forEach((row, i) => {
    if (needle === '' || matchesSearch(row, customerNames(row.id), needle)) indexes.push(i);
    keys.push(sortValue(row, sort.column));
  });
  const sign = sort.direction === 'asc' ? 1 : -1;
  indexes.sort((a, b) => {
    const x = keys[a]!;
    const y = keys[b]!;
    if (x !== y) return (x < y ? -1 : 1) * sign;
    return a - b;
  });
  return Int32Array.from(indexes);
}

/** The rows `[from, from + count)` of an order, with their tick timestamps. */
export function viewportRows(state: LiveState, order: Int32Array, from: number, count: number, customerNames: CustomerNames): ViewportAnswer {
  const report = state.report as OngoingReport;
  const start = Math.min(from, order.length);
  const end = Math.min(order.length, start + Math.min(count, MAX_VIEWPORT_ROWS));
  const rows: ViewportRow[] = [];
  for (let k = start; k < end; k += 1) {
    const i = order[k]!;
    const row = report.conversations[i]!;
    rows.push({ ...liveRow<LiveOngoingRow>(row, state.ticks[i]!), customerName: customerNames(row.id) });
  }
  return { at: report.at, window: report.window, total: order.length, from: start, rows };
}

/** What a viewport answer says apart from the clocks (the browser ticks those): equal keys need no resend. */
export function viewportKey(answer: ViewportAnswer): string {
  return JSON.stringify([answer.total, answer.from, answer.rows], (key, value) =>
    key === 'waitSeconds' || key === 'handleSeconds' ? undefined : value,
  );
}
