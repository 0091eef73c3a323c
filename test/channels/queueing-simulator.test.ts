/**
 * The simulator agrees with Erlang C (SPEC §6 "Staffing advice"): Erlang C's own world —
 * Poisson arrivals, exponential handle times, one channel, N agents, no abandonment — played
 * as events through the engine, measured by the product's queues report, compared with the
 * formula for the same λ, h and N.
 *
 * The tolerance comes from the run itself. Waits in a queue are strongly correlated from one
 * caller to the next, so the spread of the measurement is taken by batch means: the run's
 * 100,000 callers in 20 batches of 5,000, each batch a nearly independent estimate; the
 * standard error is their standard deviation / √20. A run of this length gives a standard
 * error of about 0.009 on the service level and 5 % on the mean wait at 80 % occupancy, and
 * the check allows 4 standard errors (a false alarm about once in 16,000 seeds). The test
 * also requires the standard error to stay that small, so a shortened run cannot pass by
 * widening its own tolerance.
 */
import { describe, expect, it } from 'vitest';
import { QUEUEING_QUEUE_ID, simulateQueueing } from '../../src/channels/queueing-simulator.ts';
import { averageSpeedToAnswerOf, serviceLevelOf } from '../../src/domain/erlang-c.ts';
import { firstWaitMs } from '../../src/domain/metrics.ts';
import type { QueuesReport } from '../../src/domain/queues-report.ts';
import { Engine } from '../../src/engine/engine.ts';

const analyzer = { analyze: () => ({ score: 0, level: 'neutral' as const, language: 'unknown' as const }), combine: () => 'neutral' as const };

/** Mean and batch-means standard error of per-caller values, in arrival order. */
function batchMeans(values: readonly number[], batches: number): { mean: number; standardError: number } {
  const size = Math.floor(values.length / batches);
  const means: number[] = [];
  for (let b = 0; b < batches; b++) {
    let sum = 0;
    for (let i = b * size; i < (b + 1) * size; i++) sum += values[i]!;
    means.push(sum / size);
  }
  const mean = means.reduce((a, b) => a + b, 0) / batches;
  const variance = means.reduce((sum, m) => sum + (m - mean) ** 2, 0) / (batches - 1);
  return { mean, standardError: Math.sqrt(variance / batches) };
}

describe('the simulator agrees with Erlang C (SPEC §6)', () => {
  it('10 agents at 8 erlangs: measured service level and ASA within 4 standard errors of the formula', () => {
    // h = 4.5 s and T = 0.5 s keep T/h = 20 s / 180 s while 100,000 calls fit in one last24h window.
    const agents = 10;
    const erlangs = 8;
    const handleSeconds = 4.5;
    const serviceLevelSeconds = 0.5;
    const engine = new Engine({ analyzer });
    const end = simulateQueueing(
      { agents, arrivalsPerSecond: erlangs / handleSeconds, handleSeconds, serviceLevelSeconds, conversations: 100_000, seed: 11, start: Date.parse('2025-01-06T00:00:00Z') },
      {
        state: engine.state,
        apply: (event) => {
          const outcome = engine.apply(event);
          if (outcome.status !== 'applied') throw new Error(`refused: ${JSON.stringify(outcome)}`);
        },
      },
    );
    const report = engine.report('queues', { at: end, atIso: new Date(end).toISOString(), window: 'last24h', includeOpen: false, filters: {} }) as QueuesReport;
    const row = report.queues.find((queue) => queue.id === QUEUEING_QUEUE_ID)!;
    expect(row.incoming).toBe(100_000);
    expect(row.abandoned).toBe(0);

    const waits = [...engine.state.conversations.values()].sort((a, b) => a.createdAt - b.createdAt).map((c) => firstWaitMs(c)!);
    const serviceLevel = batchMeans(waits.map((ms) => (ms <= serviceLevelSeconds * 1000 ? 1 : 0)), 20);
    const speed = batchMeans(waits.map((ms) => ms / 1000), 20);
    expect(row.serviceLevel).toBeCloseTo(serviceLevel.mean, 9);
    expect(row.averageSpeedToAnswerSeconds).toBeCloseTo(speed.mean, 2);

    const formulaServiceLevel = serviceLevelOf(agents, erlangs, serviceLevelSeconds, handleSeconds);
    const formulaSpeed = averageSpeedToAnswerOf(agents, erlangs, handleSeconds);
    expect(serviceLevel.standardError).toBeLessThan(0.012);
    expect(speed.standardError / formulaSpeed).toBeLessThan(0.1);
    expect(Math.abs(row.serviceLevel! - formulaServiceLevel)).toBeLessThanOrEqual(4 * serviceLevel.standardError);
    expect(Math.abs(row.averageSpeedToAnswerSeconds! - formulaSpeed)).toBeLessThanOrEqual(4 * speed.standardError);
  });
});
