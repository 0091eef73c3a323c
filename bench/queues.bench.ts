/**
 * Queues report cost (docs/benchmarks.md): 100,000 conversations in the last24h window over
 * 200 queues, from the projections (target < 5 ms), against recomputing it from the
 * conversations (ratio printed); plus the summary, which now counts the queues in warn and
 * alert, and the report filtered by a channel and limited to a supervisor's 20 queues.
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

/** Median and best of `runs` timings, in ms (the best shows the cost on a quiet machine). */
function timing(runs: number, run: () => void): { median: number; best: number; text: string } {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(runs / 2)];
  return { median, best: times[0], text: `${median.toFixed(2)} ms (best ${times[0].toFixed(2)} ms)` };
}

const engine = new Engine({ analyzer });
for (const raw of generateScenario({ seed: 12, conversations: 100_000, startMs: START, spanMs: DAY - 60_000, queues: 200, agents: 1_000 })) {
  const parsed = parseEvent(raw);
  if (parsed.ok) engine.applyChecked(parsed.event);
}
const at = START + DAY;
const query = (extra: Partial<ReportQuery> = {}): ReportQuery => ({
  at,
  atIso: new Date(at).toISOString(),
  window: 'last24h',
  includeOpen: false,
  filters: {},
  ...extra,
});

const report = engine.report('queues', query()) as QueuesReport;
const expected = JSON.stringify(recompute(engine.state, 'queues', query()));
if (JSON.stringify(report) !== expected) throw new Error('projections and recompute disagree on the queues report');
const incoming = report.queues.reduce((sum, row) => sum + row.incoming, 0);
const alerting = report.queues.filter((row) => row.alerts.length > 0).length;
console.log(`queues report: ${report.queues.length} queues, ${incoming.toLocaleString('en')} incoming in the window, ${alerting} queues with alerts`);

const projection = timing(101, () => engine.report('queues', query()));
const recomputed = timing(7, () => recompute(engine.state, 'queues', query()));
console.log(
  `  projections ${projection.text} (target < 5 ms) | recompute ${recomputed.median.toFixed(1)} ms | ` +
    `ratio ${(recomputed.median / projection.median).toFixed(0)}x`,
);
const channel = timing(101, () => engine.report('queues', query({ filters: { channel: 'chat' } })));
console.log(`  filtered by channel (a second pass for staffing's unfiltered handle time) ${channel.text}`);
const scope = new Set(Array.from({ length: 20 }, (_, i) => `q${i * 10}`));
console.log(`  a supervisor's 20 queues ${timing(101, () => engine.report('queues', query({ scope }))).text}`);
console.log(`  summary with its queue alert counts ${timing(101, () => engine.report('summary', query())).text}`);
