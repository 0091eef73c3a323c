/**
 * SPEC §6 "Thresholds and alerts": a queue's figures against its `thresholds`. Four figures
 * are bad at or above a level, the service level at or below it; a null figure raises
 * nothing; only the worse level of a figure is listed, in the SPEC's order.
 */
import type { QueueThresholds } from './model.js';

export type AlertLevel = 'warn' | 'alert';

/** The figures that may alert, in the order a row lists them, and which way is bad. */
export const ALERT_FIGURES = [
  { figure: 'longestWaitSeconds', isBadWhenHigh: true },
  { figure: 'inQueue', isBadWhenHigh: true },
  { figure: 'averageSpeedToAnswerSeconds', isBadWhenHigh: true },
  { figure: 'abandonedRate', isBadWhenHigh: true },
  { figure: 'serviceLevel', isBadWhenHigh: false },
] as const;

export type AlertFigure = (typeof ALERT_FIGURES)[number]['figure'];

export interface QueueAlert {
  figure: AlertFigure;
  level: AlertLevel;
  /** The figure as the row prints it. */
  value: number;
  /** The level's value that it reached. */
  threshold: number;
}

/** The alerts of one queue row, from the figures as the row prints them. */
export function queueAlerts(figures: Record<AlertFigure, number | null>, thresholds: QueueThresholds): QueueAlert[] {
  const alerts: QueueAlert[] = [];
  for (const { figure, isBadWhenHigh } of ALERT_FIGURES) {
    const value = figures[figure];
    const levels = thresholds[figure];
    if (value === null || levels === undefined) continue;
    if (reaches(value, levels.alert, isBadWhenHigh)) alerts.push({ figure, level: 'alert', value, threshold: levels.alert });
    else if (reaches(value, levels.warn, isBadWhenHigh)) alerts.push({ figure, level: 'warn', value, threshold: levels.warn });
  }
  return alerts;
}

function reaches(value: number, threshold: number | undefined, isBadWhenHigh: boolean): threshold is number {
  return threshold !== undefined && (isBadWhenHigh ? value >= threshold : value <= threshold);
}

/** The worse level among a row's alerts, or null when none fires. */
export function worstLevel(alerts: readonly QueueAlert[]): AlertLevel | null {
  if (alerts.some((alert) => alert.level === 'alert')) return 'alert';
  return alerts.length > 0 ? 'warn' : null;
}

/** Whether any figure of these thresholds can fire (a queue without one never alerts). */
export function canAlert(thresholds: QueueThresholds): boolean {
  return ALERT_FIGURES.some(({ figure }) => thresholds[figure]?.warn !== undefined || thresholds[figure]?.alert !== undefined);
}
