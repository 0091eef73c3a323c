/**
 * The viewport of an ongoing-conversations table (docs/live-feed.md "Viewport"): the rows of
 * one range of the ongoing report after a free-text search and a sort, so that a browser
 * showing 100,000 conversations only ever holds the few rows on screen.
 *
 * The sort columns, their values and the search; the rows and their sorted orders are kept
 * by the view (ongoing-view.ts), which reads a range from them.
 */
import type { Conversation } from '../../domain/model.js';
import type { OngoingRow } from '../../domain/reports.js';
import { SENTIMENT_LEVELS } from '../../domain/sentiment-scale.js';
import type { LiveOngoingRow } from './live-report.js';

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

/** The value a row is sorted by (a clock column: its value at the moment the row was computed). */
export function sortValue(row: OngoingRow, column: ViewportSortColumn): string | number {
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

/** Case-blind substring of the subject, the active agent's name, the customer's name or the id (`needle` in lower case). */
export function matchesSearch(row: OngoingRow, customerName: string | null, needle: string): boolean {
  return (
    row.subject.toLowerCase().includes(needle) ||
    (row.activeAgentName ?? '').toLowerCase().includes(needle) ||
    (customerName ?? '').toLowerCase().includes(needle) ||
    row.id.toLowerCase().includes(needle)
  );
}

export function customerNameOf(conversation: Conversation | undefined): string | null {
  return conversation?.customer?.name ?? null;
}

/** What a viewport answer says apart from the clocks (the browser ticks those): equal keys need no resend. */
export function viewportKey(answer: ViewportAnswer): string {
  return JSON.stringify([answer.total, answer.from, answer.rows], (key, value) =>
    key === 'waitSeconds' || key === 'handleSeconds' ? undefined : value,
  );
}
