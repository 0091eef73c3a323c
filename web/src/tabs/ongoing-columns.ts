/**
 * The ongoing-conversations table model (issue #10 item 2): every column the table can
 * show, the server sort it maps to, and the column chooser's operations (show, hide, move).
 * Rendering lives in OngoingTable.tsx; this file is pure so the model is unit-tested.
 */
import type { ViewportSortColumn } from '../../../src/server/live/viewport.ts';

export const COLUMN_IDS = [
  'subject',
  'customerName',
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
  'createdAt',
] as const;
export type ColumnId = (typeof COLUMN_IDS)[number];

/** The viewport sort of each column (the customer's name is searchable, not sortable). */
export const SORT_OF: Readonly<Record<ColumnId, ViewportSortColumn | null>> = {
  subject: 'subject',
  customerName: null,
  status: 'status',
  activeAgentName: 'activeAgentName',
  queueName: 'queueName',
  channel: 'channel',
  direction: 'direction',
  waitSeconds: 'waitSeconds',
  handleSeconds: 'handleSeconds',
  sentiment: 'sentiment',
  sentimentAlert: 'sentimentAlert',
  onHold: 'onHold',
  monitored: 'monitored',
  createdAt: 'createdAt',
};

/** Shown until the supervisor chooses: every column. */
export const DEFAULT_COLUMNS: ColumnId[] = [...COLUMN_IDS];

/** Shows a hidden column (at the end) or hides a shown one; the last column cannot be hidden. */
export function toggleColumn(columns: readonly ColumnId[], id: ColumnId): ColumnId[] {
  if (!columns.includes(id)) return [...columns, id];
  return columns.length === 1 ? [...columns] : columns.filter((each) => each !== id);
}

/** Moves a shown column one place left (-1) or right (+1); at an edge nothing moves. */
export function moveColumn(columns: readonly ColumnId[], id: ColumnId, step: -1 | 1): ColumnId[] {
  const from = columns.indexOf(id);
  const to = from + step;
  if (from < 0 || to < 0 || to >= columns.length) return [...columns];
  const next = [...columns];
  [next[from], next[to]] = [next[to]!, next[from]!];
  return next;
}

/** Sorting on a column: a new column sorts ascending, the same column flips its direction. */
export function nextSort(current: { column: ViewportSortColumn; direction: 'asc' | 'desc' }, column: ViewportSortColumn) {
  if (current.column !== column) return { column, direction: 'asc' as const };
  return { column, direction: current.direction === 'asc' ? ('desc' as const) : ('asc' as const) };
}

/** The rows to ask the server for: the visible range with a margin, so a scroll step rarely shows a blank row. */
export function rangeToRequest(firstVisible: number, lastVisible: number, margin: number): { from: number; count: number } {
  const from = Math.max(0, firstVisible - margin);
  return { from, count: Math.min(500, lastVisible - from + 1 + margin) };
}
