/**
 * The admin's editor of a queue's service-level target and alert thresholds (SPEC §6
 * "Thresholds and alerts"): the form's text fields from a queue's configuration, and the
 * body of `PUT /queues/{id}` from them. The PUT replaces the whole configuration
 * (docs/api.md), so the body is the listed configuration with the edited fields changed.
 * Shares (the target, the abandon rate, the service level) are edited as percentages.
 */
import { type AlertFigure, ALERT_FIGURES } from '../../../src/domain/queue-alerts.ts';
import type { QueueConfig } from '../api.ts';

const SHARE_FIGURES: ReadonlySet<AlertFigure> = new Set(['abandonedRate', 'serviceLevel']);
export const isShareFigure = (figure: AlertFigure): boolean => SHARE_FIGURES.has(figure);

export interface QueueForm {
  serviceLevelSeconds: string;
  /** Percent, 0–100. */
  serviceLevelTarget: string;
  thresholds: Record<AlertFigure, { warn: string; alert: string }>;
}

/** A field of the form at fault, as the form names its inputs. */
export type FormError = { field: string; problem: 'number' | 'positive' | 'percent' };

/** Percent ↔ share without binary noise (0.07 × 100 is 7.000000000000001). */
const toPercent = (share: number) => String(Number((share * 100).toFixed(4)));
const toShare = (percent: number) => Number((percent / 100).toFixed(6));

export function formOf(queue: QueueConfig): QueueForm {
  const thresholds = {} as QueueForm['thresholds'];
  for (const { figure } of ALERT_FIGURES) {
    const levels = queue.thresholds[figure] ?? {};
    const text = (value: number | undefined) => (value === undefined ? '' : isShareFigure(figure) ? toPercent(value) : String(value));
    thresholds[figure] = { warn: text(levels.warn), alert: text(levels.alert) };
  }
  return { serviceLevelSeconds: String(queue.serviceLevelSeconds), serviceLevelTarget: toPercent(queue.serviceLevelTarget), thresholds };
}

/** A number typed in either language's notation (12.5 or 12,5); null for an empty field; NaN for anything else. */
export function parseNumber(text: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return null;
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** The PUT body for the edited form, or the first field at fault. */
export function bodyOf(queue: QueueConfig, form: QueueForm): { ok: true; body: Record<string, unknown> } | ({ ok: false } & FormError) {
  const seconds = parseNumber(form.serviceLevelSeconds);
  if (seconds === null || Number.isNaN(seconds)) return { ok: false, field: 'serviceLevelSeconds', problem: 'number' };
  if (seconds <= 0) return { ok: false, field: 'serviceLevelSeconds', problem: 'positive' };
  const target = parseNumber(form.serviceLevelTarget);
  if (target === null || Number.isNaN(target)) return { ok: false, field: 'serviceLevelTarget', problem: 'number' };
  if (target < 0 || target > 100) return { ok: false, field: 'serviceLevelTarget', problem: 'percent' };

  // Figures the console does not know are kept as they are (the server keeps them too).
  const thresholds: Record<string, { warn?: number; alert?: number }> = { ...queue.thresholds };
  for (const { figure } of ALERT_FIGURES) {
    const levels: { warn?: number; alert?: number } = {};
    for (const level of ['warn', 'alert'] as const) {
      const value = parseNumber(form.thresholds[figure][level]);
      const field = `thresholds.${figure}.${level}`;
      if (value === null) continue;
      if (Number.isNaN(value)) return { ok: false, field, problem: 'number' };
      if (isShareFigure(figure) && (value < 0 || value > 100)) return { ok: false, field, problem: 'percent' };
      levels[level] = isShareFigure(figure) ? toShare(value) : value;
    }
    if (levels.warn === undefined && levels.alert === undefined) delete thresholds[figure];
    else thresholds[figure] = levels;
  }

  // The server sets the id; the members are not configuration; a null level means "none" and is left out.
  const { id: _id, agents: _agents, sentimentAlert, ...config } = queue;
  return {
    ok: true,
    body: {
      ...config,
      ...(sentimentAlert === null ? {} : { sentimentAlert }),
      serviceLevelSeconds: seconds,
      serviceLevelTarget: toShare(target),
      thresholds,
    },
  };
}
