/**
 * Turns report options (the CLI's flags, the API's query string) into a `ReportQuery`,
 * with an error naming the option at fault. One parser for both edges.
 */
import { CHANNELS, type Channel } from '../domain/events.js';
import type { Direction, Status } from '../domain/model.js';
import { REPORT_KINDS, type ReportKind } from '../domain/reports.js';
import { isValidTimeZone, type ReportQuery, type WindowKind } from '../domain/window.js';

export interface RawReportOptions {
  at?: string;
  window?: string;
  tz?: string;
  includeOpen?: boolean | string;
  queue?: string;
  channel?: string;
  agent?: string;
  status?: string;
  direction?: string;
}

export type ParsedQuery = { ok: true; query: ReportQuery } | { ok: false; field: string; message: string };

const STATUSES: readonly Status[] = ['open', 'active', 'waiting', 'wrap-up', 'closed'];
const ZONED = /(Z|[+-]\d{2}:?\d{2})$/i;

export function isReportKind(value: string): value is ReportKind {
  return (REPORT_KINDS as readonly string[]).includes(value);
}

/** `now` is used when `at` is absent (the live API); the CLI always passes `at`. */
export function parseReportOptions(raw: RawReportOptions, now: number): ParsedQuery {
  const fail = (field: string, message: string): ParsedQuery => ({ ok: false, field, message: `${field}: ${message}` });
  let at = now;
  let atIso = new Date(now).toISOString();
  if (raw.at !== undefined) {
    at = Date.parse(raw.at);
    if (!ZONED.test(raw.at) || Number.isNaN(at)) return fail('at', 'must be an ISO-8601 timestamp with a zone');
    atIso = raw.at;
  }
  const window = (raw.window ?? 'last24h') as WindowKind;
  if (window !== 'last24h' && window !== 'today') return fail('window', "must be 'last24h' or 'today'");
  if (raw.tz !== undefined && !isValidTimeZone(raw.tz)) return fail('tz', `unknown time zone '${raw.tz}'`);
  if (raw.channel !== undefined && !(CHANNELS as readonly string[]).includes(raw.channel)) {
    return fail('channel', `unknown channel '${raw.channel}'`);
  }
  if (raw.status !== undefined && !(STATUSES as readonly string[]).includes(raw.status)) {
    return fail('status', `unknown status '${raw.status}'`);
  }
  if (raw.direction !== undefined && raw.direction !== 'inbound' && raw.direction !== 'outbound') {
    return fail('direction', "must be 'inbound' or 'outbound'");
  }
  const includeOpen = raw.includeOpen === true || raw.includeOpen === 'true' || raw.includeOpen === '1';
  if (typeof raw.includeOpen === 'string' && !['true', 'false', '1', '0', ''].includes(raw.includeOpen)) {
    return fail('includeOpen', "must be 'true' or 'false'");
  }
  return {
    ok: true,
    query: {
      at,
      atIso,
      window,
      tz: raw.tz,
      includeOpen,
      filters: {
        queue: raw.queue,
        channel: raw.channel as Channel | undefined,
        agent: raw.agent,
        status: raw.status as Status | undefined,
        direction: raw.direction as Direction | undefined,
      },
    },
  };
}
