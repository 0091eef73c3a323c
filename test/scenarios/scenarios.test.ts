/**
 * Every case of the shared scenarios (copied into test/fixtures/scenarios) through the
 * same replay code as `bin/omnipulse replay`, compared by the README's rules: SPEC §3
 * (event handling), §6 (formulas and precise readings), §7 (sentiment), §8 (shapes).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReportOptions } from '../../src/cli/report-args.js';
import type { ReportKind } from '../../src/domain/reports.js';
import { type ReplayResult, replayLines } from '../../src/engine/replay.js';
import { defaultAnalyzer } from '../../src/sentiment/index.js';
import { compareReport, compareSentiment } from './compare.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'scenarios');

interface Case {
  id: string;
  check: 'report' | 'sentiment';
  scenario: string;
  at: string;
  window: 'last24h' | 'today';
  tz: string | null;
  includeOpen: boolean;
  filters: { queue: string | null; channel: string | null };
  report: ReportKind;
  expected: string;
  ignore: string[];
  sidecar?: string;
}

const cases: Case[] = JSON.parse(readFileSync(join(FIXTURES, 'cases.json'), 'utf8')).cases;
const readJson = (file: string) => JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'));

const replays = new Map<string, ReplayResult>();
function replayOf(scenario: string, at: string): ReplayResult {
  const key = `${scenario}@${at}`;
  let result = replays.get(key);
  if (!result) {
    const lines = readFileSync(join(FIXTURES, scenario), 'utf8').split('\n');
    result = replayLines(lines, Date.parse(at), defaultAnalyzer);
    replays.set(key, result);
  }
  return result;
}

function productReport(testCase: Case) {
  const parsed = parseReportOptions(
    {
      at: testCase.at,
      window: testCase.window,
      tz: testCase.tz ?? undefined,
      includeOpen: testCase.includeOpen,
      queue: testCase.filters.queue ?? undefined,
      channel: testCase.filters.channel ?? undefined,
    },
    0,
  );
  if (!parsed.ok) throw new Error(parsed.message);
  return replayOf(testCase.scenario, testCase.at).engine.report(testCase.report, parsed.query);
}

describe('shared scenarios (SPEC §3, §6, §7, §8)', () => {
  it('has every case of the manifest', () => {
    expect(cases.length).toBe(208);
  });

  for (const testCase of cases) {
    it(testCase.id, () => {
      const actual = JSON.parse(JSON.stringify(productReport(testCase)));
      const expected = readJson(testCase.expected);
      const diffs =
        testCase.check === 'sentiment'
          ? compareSentiment(expected.conversations, actual.conversations, readJson(testCase.sidecar!), Date.parse(testCase.at))
          : compareReport(expected, actual, testCase.ignore);
      expect(diffs).toEqual([]);
    });
  }

  it('reports exactly the invalid lines of public-dupes and ignores its duplicates (SPEC §3)', () => {
    const { invalidLines, duplicateLines } = readJson('public-dupes.invalid.json');
    const result = replayOf('public-dupes.jsonl', '2100-01-01T00:00:00Z');
    expect(result.invalid.map((line) => line.line)).toEqual(invalidLines.map((line: { line: number }) => line.line));
    expect(result.duplicates).toBe(duplicateLines.length);
  });
});
