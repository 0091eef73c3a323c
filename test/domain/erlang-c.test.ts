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

describe('Erlang B and C (SPEC §6)', () => {
  // The Erlang B table of telephone traffic engineering: the traffic (erlangs) that N trunks
  // carry at 1 %, 2 % and 5 % blocking, e.g. 10 trunks: 4.46 E at 1 %, 5.08 E at 2 %,
  // 6.22 E at 5 % (the table is printed to 3 decimals, hence the tolerance).
  it.each([
    [5, 1.361, 0.01],
    [10, 4.461, 0.01],
    [20, 12.031, 0.01],
    [50, 37.901, 0.01],
    [10, 5.084, 0.02],
    [10, 6.216, 0.05],
  ])('Erlang B of %i trunks at %f erlangs is the table blocking %f', (servers, erlangs, blocking) => {
    expect(erlangB(servers, erlangs)).toBeCloseTo(blocking, 4);
  });

  // Call Centre Helper, "Erlang C Formula – Made Simple With an Easy Worked Example":
  // 100 calls per half hour, 3 minutes handle time (A = 10 E), 80 % answered in 20 s.
  // With 11 agents 68.21 % of calls wait; 14 agents are the fewest that reach 80 %.
  it('matches the published worked example: 10 erlangs, 80 % in 20 s', () => {
    expect(erlangC(11, 10)).toBeCloseTo(0.6821, 4);
    expect(slotsNeeded(10, 20, 180, 0.8)).toBe(14);
    expect(serviceLevelOf(13, 10, 20, 180)).toBeLessThan(0.8);
    expect(serviceLevelOf(14, 10, 20, 180)).toBeGreaterThanOrEqual(0.8);
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
