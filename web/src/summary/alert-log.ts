/**
 * The Summary's alert list (issue #10 item 4; SPEC §6 "Thresholds and alerts"): what the
 * queues report's rows say has crossed a threshold, newest first. A row says which alerts
 * hold now, not since when; the console notes the moment (the report's `at`) it first sees
 * an alert, or sees it change level, and drops it when the row no longer lists it.
 */
import type { AlertLevel, QueueAlert } from '../../../src/domain/queue-alerts.ts';

export interface LoggedAlert extends QueueAlert {
  queueId: string;
  queueName: string;
  /** When this console first saw the alert at this level (ISO). */
  since: string;
}

export interface AlertingRow {
  id: string;
  name: string;
  alerts: readonly QueueAlert[];
}

const keyOf = (queueId: string, figure: string) => `${queueId}\n${figure}`;

export function nextAlertLog(previous: readonly LoggedAlert[], rows: readonly AlertingRow[], at: string): LoggedAlert[] {
  const before = new Map(previous.map((alert) => [keyOf(alert.queueId, alert.figure), alert]));
  const next: LoggedAlert[] = [];
  for (const row of rows) {
    for (const alert of row.alerts) {
      const seen = before.get(keyOf(row.id, alert.figure));
      const since = seen && seen.level === alert.level ? seen.since : at;
      next.push({ ...alert, queueId: row.id, queueName: row.name, since });
    }
  }
  return next.sort((a, b) => Date.parse(b.since) - Date.parse(a.since) || a.queueName.localeCompare(b.queueName) || a.figure.localeCompare(b.figure));
}

/** The worse of two levels (null: none). */
export function worse(a: AlertLevel | null, b: AlertLevel | null): AlertLevel | null {
  return a === 'alert' || b === 'alert' ? 'alert' : (a ?? b);
}

/** Per figure, the worst level any of the rows reached: the colour of the Summary's tile for it. */
export function levelsByFigure(rows: readonly AlertingRow[]): Partial<Record<QueueAlert['figure'], AlertLevel>> {
  const levels: Partial<Record<QueueAlert['figure'], AlertLevel>> = {};
  for (const row of rows) for (const alert of row.alerts) levels[alert.figure] = worse(levels[alert.figure] ?? null, alert.level)!;
  return levels;
}
