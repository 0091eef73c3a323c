/**
 * SPEC §6 "Staffing advice (Erlang C)": the formula against published values and
 * independent forms, and the monotony a supervisor relies on.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageSpeedToAnswerOf, erlangB, erlangC, serviceLevelOf, slotsNeeded } from '../../src/domain/erlang-c.js';

/** Erlang C by its textbook closed form with factorials (Kleinrock, Queueing Systems I, §3.5), not by the recursion. */
function erlangCByFactorials(servers: number, erlangs: number): number {
  let term = 1;
  let sum = 0;
  for (let k = 0; k < servers; k++) {
    sum += term;
    term *= erlangs / (k + 1);
  }
  const waiting = (term * servers) / (servers - erlangs);
  return waiting / (sum + waiting);
}

/** The traffic (erlangs) that `servers` carry at `blocking`, by bisection on `erlangB` (rising in A). */
function trafficAtBlocking(servers: number, blocking: number): number {
  let low = 0;
  let high = 4 * servers + 10;
  for (let i = 0; i < 100; i++) {
    const middle = (low + high) / 2;
    if (erlangB(servers, middle) < blocking) low = middle;
    else high = middle;
  }
  return low;
}

const BLOCKING_COLUMNS = [0.0001, 0.0005, 0.001, 0.002, 0.003, 0.004, 0.005, 0.006, 0.007, 0.008, 0.009, 0.01, 0.02, 0.03, 0.04, 0.05];

/**
 * D. Collins, "Carrier Grade Voice Over IP", 2nd ed., McGraw-Hill, Appendix A "Table of Erlang
 * B" (also at globalspec.com/reference/55139/203279/appendix-a-table-of-erlang-b): the traffic
 * that N channels carry at each blocking probability, printed to one decimal. Rows 1–9, every
 * column (0.01 % to 5 %); each entry was also checked against a 30-digit computation.
 */
const COLLINS_TABLE: Record<number, number[]> = {
  1: [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.1],
  2: [0.0, 0.0, 0.0, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.2, 0.3, 0.3, 0.4],
  3: [0.1, 0.2, 0.2, 0.2, 0.3, 0.3, 0.3, 0.4, 0.4, 0.4, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
  4: [0.2, 0.4, 0.4, 0.5, 0.6, 0.7, 0.7, 0.7, 0.8, 0.8, 0.8, 0.9, 1.1, 1.3, 1.4, 1.5],
  5: [0.5, 0.6, 0.8, 0.9, 1.0, 1.1, 1.1, 1.2, 1.2, 1.3, 1.3, 1.4, 1.7, 1.9, 2.1, 2.2],
  6: [0.7, 1.0, 1.1, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.8, 1.9, 1.9, 2.3, 2.5, 2.8, 3.0],
  7: [1.1, 1.4, 1.6, 1.8, 1.9, 2.1, 2.2, 2.2, 2.3, 2.4, 2.4, 2.5, 2.9, 3.2, 3.5, 3.7],
  8: [1.4, 1.8, 2.1, 2.3, 2.5, 2.6, 2.7, 2.8, 2.9, 3.0, 3.1, 3.1, 3.6, 4.0, 4.3, 4.5],
  9: [1.8, 2.3, 2.6, 2.9, 3.1, 3.2, 3.3, 3.4, 3.5, 3.6, 3.7, 3.8, 4.3, 4.7, 5.1, 5.4],
};

describe('Erlang B and C (SPEC §6)', () => {
  it.each(Object.entries(COLLINS_TABLE))('Erlang B gives a published table row to its one decimal: %s channels', (channels, row) => {
    const carried = BLOCKING_COLUMNS.map((blocking) => Math.round(trafficAtBlocking(Number(channels), blocking) * 10) / 10);
    expect(carried).toEqual(row);
  });

  // The Erlang B calculator's manual, "How much traffic can a trunk group handle?"
  // (erlang.com/calculatormanual/howmuchtrafficcanatrunkgrouphandle.htm): 15 lines at 1 %
  // blocking carry 8.108 erlangs in the busy hour.
  it('Erlang B gives the published 8.108 E for 15 lines at 1 % blocking', () => {
    expect(trafficAtBlocking(15, 0.01)).toBeCloseTo(8.108, 3);
    expect(erlangB(15, 8.108)).toBeCloseTo(0.01, 5);
  });

  // Call Centre Helper, "Erlang C Formula – Made Simple With an Easy Worked Example"
  // (callcentrehelper.com): 100 calls per half hour, 180 s handle time (A = 10 E), 80 % answered
  // in 20 s. With N = A + 1 = 11 agents 68.21 % of calls wait; 14 agents are the fewest that
  // reach 80 %. Independently (40-digit factorial form): C(11, 10) = 0.682118, service level
  // 79.56 % with 13 agents and 88.84 % with 14.
  it('matches the published worked example: 10 erlangs, 80 % in 20 s', () => {
    expect(erlangC(11, 10)).toBeCloseTo(0.6821, 4);
    expect(slotsNeeded(10, 20, 180, 0.8)).toBe(14);
    expect(serviceLevelOf(13, 10, 20, 180)).toBeCloseTo(0.7956, 4);
    expect(serviceLevelOf(14, 10, 20, 180)).toBeCloseTo(0.8884, 4);
  });

  it('is M/M/1 and M/M/2 in closed form: C(1, ρ) = ρ, C(2, A) = A² / (2 + A)', () => {
    for (const rho of [0.1, 0.5, 0.9]) expect(erlangC(1, rho)).toBeCloseTo(rho, 12);
    for (const a of [0.2, 1, 1.8]) expect(erlangC(2, a)).toBeCloseTo((a * a) / (2 + a), 12);
    // M/M/1 mean wait: ρ·h / (1 − ρ).
    expect(averageSpeedToAnswerOf(1, 0.5, 100)).toBeCloseTo(100, 9);
  });

  it('agrees with the factorial form for any stable load', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 120 }), fc.double({ min: 0.001, max: 0.999, noNaN: true }), (servers, occupancy) => {
        const erlangs = servers * occupancy;
        expect(erlangC(servers, erlangs)).toBeCloseTo(erlangCByFactorials(servers, erlangs), 9);
      }),
    );
  });

  it('refuses an unstable queue (N ≤ A)', () => {
    expect(() => erlangC(5, 5)).toThrow(RangeError);
  });
});

describe('slots needed (SPEC §6: the smallest N > A reaching the target)', () => {
  it('searches from floor(A) + 1 and needs one slot without handle time', () => {
    expect(slotsNeeded(3, 20, 180, 0)).toBe(4);
    expect(slotsNeeded(0, 20, 180, 0.8)).toBe(1);
    expect(slotsNeeded(0, 20, 0, 0.99)).toBe(1);
  });

  it('ends for a target of 100 %', () => {
    const slots = slotsNeeded(40, 20, 180, 1);
    expect(slots).toBeGreaterThan(slotsNeeded(40, 20, 180, 0.999));
    expect(serviceLevelOf(slots, 40, 20, 180)).toBe(1);
  });

  const load = fc.record({
    arrivalsPerHalfHour: fc.integer({ min: 1, max: 400 }),
    handleSeconds: fc.double({ min: 1, max: 3_600, noNaN: true }),
    thresholdSeconds: fc.double({ min: 0.5, max: 300, noNaN: true }),
    target: fc.double({ min: 0, max: 0.99, noNaN: true }),
  });
  const slotsFor = (l: { arrivalsPerHalfHour: number; handleSeconds: number; thresholdSeconds: number; target: number }) =>
    slotsNeeded((l.arrivalsPerHalfHour * l.handleSeconds) / 1800, l.thresholdSeconds, l.handleSeconds, l.target);

  it('reaches the target with N and not with N − 1 (when N − 1 > A)', () => {
    fc.assert(
      fc.property(load, (l) => {
        const erlangs = (l.arrivalsPerHalfHour * l.handleSeconds) / 1800;
        const slots = slotsFor(l);
        expect(slots).toBeGreaterThan(erlangs);
        expect(serviceLevelOf(slots, erlangs, l.thresholdSeconds, l.handleSeconds)).toBeGreaterThanOrEqual(l.target);
        if (slots - 1 > erlangs) {
          expect(serviceLevelOf(slots - 1, erlangs, l.thresholdSeconds, l.handleSeconds)).toBeLessThan(l.target);
        }
      }),
    );
  });

  it('more arrivals never need fewer slots', () => {
    fc.assert(
      fc.property(load, fc.integer({ min: 0, max: 200 }), (l, more) => {
        expect(slotsFor({ ...l, arrivalsPerHalfHour: l.arrivalsPerHalfHour + more })).toBeGreaterThanOrEqual(slotsFor(l));
      }),
    );
  });

  it('a longer handle time never needs fewer slots', () => {
    fc.assert(
      fc.property(load, fc.double({ min: 0, max: 3_600, noNaN: true }), (l, longer) => {
        expect(slotsFor({ ...l, handleSeconds: l.handleSeconds + longer })).toBeGreaterThanOrEqual(slotsFor(l));
      }),
    );
  });

  it('a higher target never needs fewer slots', () => {
    fc.assert(
      fc.property(load, fc.double({ min: 0, max: 0.99, noNaN: true }), (l, other) => {
        const [low, high] = l.target <= other ? [l.target, other] : [other, l.target];
        expect(slotsFor({ ...l, target: high })).toBeGreaterThanOrEqual(slotsFor({ ...l, target: low }));
      }),
    );
  });
});
