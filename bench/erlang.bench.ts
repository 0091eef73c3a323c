/**
 * The simulator against Erlang C (docs/benchmarks.md, docs/staffing.md): the simulator's
 * queueing mode (Poisson arrivals, exponential handle times, one channel, 10 agents, no
 * abandonment) at three loads, measured by the product's queues report, printed beside the
 * formula for the same λ, h and N, with the run's batch-means standard error.
 * h = 1.8 s and T = 0.2 s keep T/h = 20 s / 180 s while 300,000 calls fit in one last24h window.
 * Run: node --import tsx bench/erlang.bench.ts
 */
import { performance } from 'node:perf_hooks';
import { QUEUEING_QUEUE_ID, simulateQueueing } from '../src/channels/queueing-simulator.js';
import { averageSpeedToAnswerOf, erlangC, serviceLevelOf } from '../src/domain/erlang-c.js';
import { firstWaitMs } from '../src/domain/metrics.js';
import type { QueuesReport } from '../src/domain/queues-report.js';
import { Engine } from '../src/engine/engine.js';
import type { SentimentAnalyzer } from '../src/sentiment/analyzer.js';

const analyzer: SentimentAnalyzer = { analyze: () => ({ score: 0, level: 'neutral', language: 'en' }), combine: () => 'neutral' };
const AGENTS = 10;
const HANDLE_SECONDS = 1.8;
const THRESHOLD_SECONDS = 0.2;
const CALLS = 300_000;
const BATCHES = 30;

function standardError(values: readonly number[]): number {
  const size = Math.floor(values.length / BATCHES);
  const means = Array.from({ length: BATCHES }, (_, b) => {
    let sum = 0;
    for (let i = b * size; i < (b + 1) * size; i++) sum += values[i]!;
    return sum / size;
  });
  const mean = means.reduce((a, b) => a + b, 0) / BATCHES;
  return Math.sqrt(means.reduce((sum, m) => sum + (m - mean) ** 2, 0) / (BATCHES - 1) / BATCHES);
}

console.log(`${AGENTS} agents, h = ${HANDLE_SECONDS} s, T = ${THRESHOLD_SECONDS} s (T/h as 20 s at 180 s), ${CALLS.toLocaleString('en')} calls per load`);
for (const erlangs of [7, 8.5, 9.3]) {
  const engine = new Engine({ analyzer });
  const t0 = performance.now();
  const end = simulateQueueing(
    { agents: AGENTS, arrivalsPerSecond: erlangs / HANDLE_SECONDS, handleSeconds: HANDLE_SECONDS, serviceLevelSeconds: THRESHOLD_SECONDS, conversations: CALLS, seed: 5, start: Date.parse('2025-01-06T00:00:00Z') },
    { state: engine.state, apply: (event) => engine.apply(event) },
  );
  const seconds = (performance.now() - t0) / 1000;
  const report = engine.report('queues', { at: end, atIso: new Date(end).toISOString(), window: 'last24h', includeOpen: false, filters: {} }) as QueuesReport;
  const row = report.queues.find((queue) => queue.id === QUEUEING_QUEUE_ID)!;
  const waits = [...engine.state.conversations.values()].sort((a, b) => a.createdAt - b.createdAt).map((c) => firstWaitMs(c)!);
  const slError = standardError(waits.map((ms) => (ms <= THRESHOLD_SECONDS * 1000 ? 1 : 0)));
  const asaError = standardError(waits.map((ms) => ms / 1000));
  const waited = waits.filter((ms) => ms > 0).length / waits.length;
  const slFormula = serviceLevelOf(AGENTS, erlangs, THRESHOLD_SECONDS, HANDLE_SECONDS);
  const asaFormula = averageSpeedToAnswerOf(AGENTS, erlangs, HANDLE_SECONDS);
  console.log(`A = ${erlangs} E (occupancy ${((erlangs / AGENTS) * 100).toFixed(0)} %), ${row.incoming.toLocaleString('en')} calls in ${seconds.toFixed(1)} s:`);
  console.log(
    `  service level: measured ${row.serviceLevel!.toFixed(4)} ± ${slError.toFixed(4)} | Erlang C ${slFormula.toFixed(4)} | ` +
      `difference ${((row.serviceLevel! - slFormula) / slError).toFixed(1)} SE`,
  );
  console.log(
    `  ASA (s):       measured ${row.averageSpeedToAnswerSeconds!.toFixed(3)} ± ${asaError.toFixed(3)} | Erlang C ${asaFormula.toFixed(3)} | ` +
      `difference ${((row.averageSpeedToAnswerSeconds! - asaFormula) / asaError).toFixed(1)} SE`,
  );
  console.log(`  P(wait):       measured ${waited.toFixed(4)} | Erlang C ${erlangC(AGENTS, erlangs).toFixed(4)}`);
}
