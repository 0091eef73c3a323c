/**
 * The queues report as the Queues tab shows it (SPEC §6 "Queues report", "Thresholds and
 * alerts"): rows kept in the report's order after patches, and each row's alert state —
 * the levels come from the server, the console only reads them.
 */
import { type AlertFigure, type AlertLevel, type QueueAlert, worstLevel } from '../../../src/domain/queue-alerts.ts';

/** Rows by priority, then id (docs/live-feed.md: a patch's new or re-prioritised rows are re-sorted). */
export function orderQueueRows<Row extends { id: string; priority: number }>(rows: readonly Row[]): Row[] {
  return [...rows].sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export type RowState = 'ok' | AlertLevel;

/** The row's state: its worse alert, or ok. */
export function rowState(alerts: readonly QueueAlert[]): RowState {
  return worstLevel(alerts) ?? 'ok';
}

/** The alert of one figure of a row, if it fired. */
export function figureAlert(alerts: readonly QueueAlert[], figure: AlertFigure): QueueAlert | null {
  return alerts.find((alert) => alert.figure === figure) ?? null;
}
