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

function median(runs: number, run: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
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

const projectionMs = median(101, () => engine.report('queues', query()));
const recomputeMs = median(7, () => recompute(engine.state, 'queues', query()));
console.log(`  projections ${projectionMs.toFixed(2)} ms (target < 5 ms) | recompute ${recomputeMs.toFixed(1)} ms | ratio ${(recomputeMs / projectionMs).toFixed(0)}x`);
const channelMs = median(101, () => engine.report('queues', query({ filters: { channel: 'chat' } })));
console.log(`  filtered by channel (a second pass for staffing's unfiltered handle time) ${channelMs.toFixed(2)} ms`);
const scope = new Set(Array.from({ length: 20 }, (_, i) => `q${i * 10}`));
const scopedMs = median(101, () => engine.report('queues', query({ scope })));
console.log(`  a supervisor's 20 queues ${scopedMs.toFixed(2)} ms`);
const summaryMs = median(101, () => engine.report('summary', query()));
console.log(`  summary with its queue alert counts ${summaryMs.toFixed(2)} ms`);
