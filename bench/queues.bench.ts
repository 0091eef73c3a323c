/**
 * Queues report cost (docs/benchmarks.md): 100,000 conversations in the last24h window over
 * 200 queues, from the projections (target < 5 ms), against recomputing it from the
 * conversations (ratio printed); plus the summary, which now counts the queues in warn and
 * alert, and the report filtered by a channel and limited to a supervisor's 20 queues. The
 * report is timed with `at` on the hour and off it (minute buckets and partial minutes too).
 * Run: node --import tsx bench/queues.bench.ts
 */
import { performance } from 'node:perf_hooks';
import { parseEvent } from '../src/domain/events.js';
import type { QueuesReport } from '../src/domain/queues-report.js';
import { recompute } from '../src/domain/recompute.js';
import type { ReportQuery } from '../src/domain/window.js';
import { Engine } from '../src/engine/engine.js';
import type { SentimentAnalyzer } from '../src/sentiment/analyzer.js';
import { generateScenario } from './gen-scenario.js';

const analyzer: SentimentAnalyzer = { analyze: () => ({ score: 0, level: 'neutral', language: 'en' }), combine: () => 'neutral' };
const DAY = 86_400_000;
const START = Date.parse('2025-03-10T00:00:00Z');

/** Median, 95th percentile and best of `runs` timings, in ms (the best shows the cost on a quiet machine). */
function timing(runs: number, run: () => void): { median: number; p95: number; text: string } {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(runs / 2)];
  const p95 = times[Math.ceil(runs * 0.95) - 1];
  return { median, p95, text: `median ${median.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms (best ${times[0].toFixed(2)} ms)` };
}

const engine = new Engine({ analyzer });
for (const raw of generateScenario({ seed: 12, conversations: 100_000, startMs: START, spanMs: DAY - 60_000, queues: 200, agents: 1_000 })) {
  const parsed = parseEvent(raw);
  if (parsed.ok) engine.applyChecked(parsed.event);
}
/**
 * On the hour the window is 24 whole hour buckets; at 23:23:13.377 it is 23 hours,
 * 118 minute buckets and two partial minutes taken one conversation at a time, as most reports are.
 */
const onTheHour = START + DAY;
const offTheHour = START + DAY - 36 * 60_000 - 46_623;
const query = (at: number, extra: Partial<ReportQuery> = {}): ReportQuery => ({
  at,
  atIso: new Date(at).toISOString(),
  window: 'last24h',
  includeOpen: false,
  filters: {},
  ...extra,
});

for (const at of [onTheHour, offTheHour]) {
  const report = engine.report('queues', query(at)) as QueuesReport;
  const expected = JSON.stringify(recompute(engine.state, 'queues', query(at)));
  if (JSON.stringify(report) !== expected) throw new Error('projections and recompute disagree on the queues report');
  const incoming = report.queues.reduce((sum, row) => sum + row.incoming, 0);
  const alerting = report.queues.filter((row) => row.alerts.length > 0).length;
  console.log(
    `queues report at ${report.at}: ${report.queues.length} queues, ${incoming.toLocaleString('en')} incoming in the window, ` +
      `${alerting} queues with alerts`,
  );
  const projection = timing(201, () => engine.report('queues', query(at)));
  const recomputed = timing(7, () => recompute(engine.state, 'queues', query(at)));
  console.log(
    `  projections ${projection.text} (target < 5 ms) | recompute median ${recomputed.median.toFixed(1)} ms | ` +
      `ratio ${(recomputed.median / projection.median).toFixed(0)}x`,
  );
}
const at = offTheHour;
const channel = timing(101, () => engine.report('queues', query(at, { filters: { channel: 'chat' } })));
console.log(`  filtered by channel (cells, and a second pass for staffing's unfiltered handle time) ${channel.text}`);
const scope = new Set(Array.from({ length: 20 }, (_, i) => `q${i * 10}`));
console.log(`  a supervisor's 20 queues ${timing(101, () => engine.report('queues', query(at, { scope }))).text}`);
console.log(`  summary with its queue alert counts ${timing(101, () => engine.report('summary', query(at))).text}`);
