/**
 * Conversations series cost (the Summary's chart, docs/benchmarks.md): 100,000 conversations
 * in the last24h window over 200 queues. The whole series (a REST answer, a live snapshot)
 * and one quarter hour (what a live patch recomputes per changed quarter) from the
 * projections, against a scan of every conversation (`recomputeSeries`, ratio printed);
 * plus the series filtered by a channel, and limited to a supervisor's 20 queues.
 * Run: node --import tsx bench/series.bench.ts
 */
import { performance } from 'node:perf_hooks';
import { parseEvent } from '../src/domain/events.js';
import { recomputeSeries, SERIES_BUCKET_MS } from '../src/domain/series.js';
import type { ReportQuery } from '../src/domain/window.js';
import { Engine } from '../src/engine/engine.js';
import type { SentimentAnalyzer } from '../src/sentiment/analyzer.js';
import { generateScenario } from './gen-scenario.js';

const analyzer: SentimentAnalyzer = { analyze: () => ({ score: 0, level: 'neutral', language: 'en' }), combine: () => 'neutral' };
const DAY = 86_400_000;
const START = Date.parse('2025-03-10T00:00:00Z');

/** Median and best of `runs` timings, in ms. */
function timing(runs: number, run: () => void): { median: number; text: string } {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(runs / 2)]!;
  return { median, text: `${median.toFixed(2)} ms (best ${times[0]!.toFixed(2)} ms)` };
}

const engine = new Engine({ analyzer });
for (const raw of generateScenario({ seed: 12, conversations: 100_000, startMs: START, spanMs: DAY - 60_000, queues: 200, agents: 1_000 })) {
  const parsed = parseEvent(raw);
  if (parsed.ok) engine.applyChecked(parsed.event);
}
// Not on a quarter hour: the window's first and last quarters are partial, as live.
const at = START + DAY + 7 * 60_000 + 123;
const query = (extra: Partial<ReportQuery> = {}): ReportQuery => ({ at, atIso: new Date(at).toISOString(), window: 'last24h', includeOpen: false, filters: {}, ...extra });

const series = engine.projections.series(query());
if (JSON.stringify(series) !== JSON.stringify(recomputeSeries(engine.state, query()))) {
  // Key order may differ; compare figures.
  const a = series.buckets.map((bucket) => JSON.stringify(Object.entries(bucket.channels).sort()));
  const b = recomputeSeries(engine.state, query()).buckets.map((bucket) => JSON.stringify(Object.entries(bucket.channels).sort()));
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error('projections and recompute disagree on the series');
}
const created = series.buckets.reduce((sum, bucket) => sum + Object.values(bucket.channels).reduce((s, f) => s + f!.created, 0), 0);
console.log(`conversations series: ${series.buckets.length} quarter hours, ${created.toLocaleString('en')} conversations created in the window`);

const whole = timing(51, () => engine.projections.series(query()));
const recomputed = timing(7, () => recomputeSeries(engine.state, query()));
console.log(`  recompute ${recomputed.text}`);
console.log(`  whole series from the projections ${whole.text} | recompute ${recomputed.median.toFixed(1)} ms | ratio ${(recomputed.median / whole.median).toFixed(0)}x`);
const middle = Math.floor((at - DAY / 2) / SERIES_BUCKET_MS) * SERIES_BUCKET_MS;
console.log(`  one quarter hour (a live patch, per changed quarter) ${timing(201, () => engine.projections.seriesBucket(query(), middle)).text}`);
console.log(`  filtered by channel ${timing(51, () => engine.projections.series(query({ filters: { channel: 'chat' } }))).text}`);
const scope = new Set(Array.from({ length: 20 }, (_, i) => `q${i * 10}`));
console.log(`  a supervisor's 20 queues ${timing(51, () => engine.projections.series(query({ scope }))).text}`);
console.log(`  (the summary report, for scale ${timing(51, () => engine.report('summary', query())).text})`);
console.log(`load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);
