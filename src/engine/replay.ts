/**
 * SPEC §9 `replay`: reads a scenario file (SPEC §3 JSON Lines) and gives the report as of
 * `at`. Events are applied in file order; one whose `at` equals the moment is applied,
 * later ones are not, and are not checked either: an event after the moment may name a
 * conversation that does not exist yet. Invalid lines are returned with their 1-based line
 * number.
 */
import { readFileSync } from 'node:fs';
import { isValidTimestamp, timestampMs } from '../domain/events.js';
import type { Report, ReportKind } from '../domain/reports.js';
import type { ReportQuery } from '../domain/window.js';
import type { SentimentAnalyzer } from '../sentiment/analyzer.js';
import { Engine } from './engine.js';

export interface InvalidLine {
  line: number;
  eventId?: string;
  message: string;
}

export interface ReplayResult {
  engine: Engine;
  applied: number;
  duplicates: number;
  invalid: InvalidLine[];
}

/** Feeds the lines of a scenario up to `at` (epoch ms) into a fresh engine. */
export function replayLines(lines: readonly string[], at: number, analyzer: SentimentAnalyzer): ReplayResult {
  const engine = new Engine({ analyzer });
  const result: ReplayResult = { engine, applied: 0, duplicates: 0, invalid: [] };
  lines.forEach((text, index) => {
    if (text.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      result.invalid.push({ line: index + 1, message: 'not valid JSON' });
      return;
    }
    if (isAfter(raw, at)) return;
    const checked = engine.check(raw);
    if ('ok' in checked) {
      engine.applyChecked(checked.event);
      result.applied += 1;
    } else if (checked.status === 'duplicate') {
      result.duplicates += 1;
    } else {
      result.invalid.push({ line: index + 1, eventId: checked.eventId, message: checked.message });
    }
  });
  return result;
}

/** Whether a line is dated (validly) after the moment; an undated or badly dated line is checked. */
function isAfter(raw: unknown, at: number): boolean {
  if (typeof raw !== 'object' || raw === null || !Object.hasOwn(raw, 'at')) return false;
  const time = (raw as { at: unknown }).at;
  return typeof time === 'string' && isValidTimestamp(time) && timestampMs(time) > at;
}

export function replayFile(path: string, kind: ReportKind, query: ReportQuery, analyzer: SentimentAnalyzer): {
  report: Report;
  result: ReplayResult;
} {
  const lines = readFileSync(path, 'utf8').split('\n');
  const result = replayLines(lines, query.at, analyzer);
  return { report: result.engine.report(kind, query), result };
}
