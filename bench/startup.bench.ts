/**
 * Start-up and replay cost of the built command line (issue #15 item 4).
 *
 * 1. `bin/omnipulse replay` on an empty file (the built JavaScript in dist/, no loader):
 *    median wall time of 15 runs, against `node -e ''` (the runtime's own start) run the
 *    same way. Target: under 300 ms.
 * 2. Replaying the 30,000-conversation two-day scenario (read, parse, validate, apply, the
 *    summary) against reading its lines and JSON.parse-ing them, both in this process.
 *    Target: at most 4× the baseline.
 *
 * Run: npm run build:server && node --import tsx bench/startup.bench.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReportQuery } from '../src/domain/window.js';
import { replayFile } from '../src/engine/replay.js';
import { defaultAnalyzer } from '../src/sentiment/index.js';
import { generateScenario, writeScenario } from './gen-scenario.js';

const root = join(import.meta.dirname, '..');
const DAY = 86_400_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function wallMs(command: string, args: string[]): number {
  const t0 = performance.now();
  const run = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t0;
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${run.stderr.toString()}`);
  return ms;
}

function bestOf(runs: number, measure: () => number): number {
  return Math.min(...Array.from({ length: runs }, measure));
}

const folder = mkdtempSync(join(tmpdir(), 'omnipulse-bench-'));
try {
  const empty = join(folder, 'empty.jsonl');
  writeFileSync(empty, '');
  const bin = join(root, 'bin/omnipulse');
  const replayArgs = ['replay', empty, '--at', '2026-01-01T00:00:00Z', '--report', 'summary'];
  const runs = 15;
  const node = median(Array.from({ length: runs }, () => wallMs(process.execPath, ['-e', ''])));
  const command = median(Array.from({ length: runs }, () => wallMs(bin, replayArgs)));
  console.log(
    `bin/omnipulse replay (empty file), median of ${runs}: ${command.toFixed(0)} ms (target < 300 ms) | ` +
      `baseline node -e '': ${node.toFixed(0)} ms | ratio: ${(command / node).toFixed(2)}x`,
  );

  const START = Date.parse('2026-03-02T00:00:00Z');
  const events = generateScenario({ seed: 7, conversations: 30_000, startMs: START, spanMs: 2 * DAY, ongoingShare: 0.05 });
  const file = join(folder, 'two-days.jsonl');
  writeScenario(file, events);
  const atIso = events[events.length - 1]!.at;
  const query: ReportQuery = { at: Date.parse(atIso), atIso, window: 'last24h', includeOpen: true, filters: {} };
  const parseMs = bestOf(3, () => {
    const t0 = performance.now();
    let count = 0;
    for (const line of readFileSync(file, 'utf8').split('\n')) if (line !== '') count += JSON.parse(line) ? 1 : 0;
    if (count !== events.length) throw new Error('lines lost');
    return performance.now() - t0;
  });
  const replayMs = bestOf(3, () => {
    const t0 = performance.now();
    const { result } = replayFile(file, 'summary', query, defaultAnalyzer);
    if (result.invalid.length > 0) throw new Error(`invalid lines: ${result.invalid.length}`);
    return performance.now() - t0;
  });
  console.log(
    `replay of 30,000 conversations / 2 days (${events.length.toLocaleString('en')} events, read + parse + validate + apply + summary): ` +
      `${(replayMs / 1000).toFixed(2)} s | baseline read + JSON.parse: ${(parseMs / 1000).toFixed(2)} s | ` +
      `ratio: ${(replayMs / parseMs).toFixed(2)}x (target <= 4x)`,
  );
} finally {
  rmSync(folder, { recursive: true, force: true });
}
