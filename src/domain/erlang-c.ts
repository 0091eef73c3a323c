/**
 * Erlang C, exactly as SPEC §6 "Staffing advice (Erlang C)" writes it: N servers, Poisson
 * arrivals, exponential handle times, callers who wait as long as it takes (no abandonment).
 * A is the offered load in erlangs (arrival rate × mean handle time); T and h are seconds.
 * Pure numbers in, numbers out: the queues report, the tests and the benchmarks share it.
 */

/** Erlang B by the recursion B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1)). */
export function erlangB(servers: number, erlangs: number): number {
  let b = 1;
  for (let k = 1; k <= servers; k++) b = nextErlangB(k, erlangs, b);
  return b;
}

function nextErlangB(k: number, erlangs: number, previous: number): number {
  return (erlangs * previous) / (k + erlangs * previous);
}

/** C(N, A) from B(N): N·B / (N − A·(1 − B)). */
function erlangCFromB(servers: number, erlangs: number, b: number): number {
  return (servers * b) / (servers - erlangs * (1 - b));
}

/** C(N, A): the probability that an arrival waits, for N > A (the queue is stable). */
export function erlangC(servers: number, erlangs: number): number {
  if (!(servers > erlangs)) throw new RangeError(`Erlang C needs more servers (${servers}) than erlangs (${erlangs})`);
  return erlangCFromB(servers, erlangs, erlangB(servers, erlangs));
}

/** Share answered within T: 1 − C(N, A)·e^(−(N − A)·T / h). */
export function serviceLevelOf(servers: number, erlangs: number, thresholdSeconds: number, handleSeconds: number): number {
  return serviceLevelFromC(erlangC(servers, erlangs), servers, erlangs, thresholdSeconds, handleSeconds);
}

function serviceLevelFromC(c: number, servers: number, erlangs: number, thresholdSeconds: number, handleSeconds: number): number {
  if (handleSeconds === 0) return 1;
  return 1 - c * Math.exp((-(servers - erlangs) * thresholdSeconds) / handleSeconds);
}

/** Mean wait of all arrivals (answered ones included): C(N, A)·h / (N − A). */
export function averageSpeedToAnswerOf(servers: number, erlangs: number, handleSeconds: number): number {
  return (erlangC(servers, erlangs) * handleSeconds) / (servers - erlangs);
}

/**
 * The smallest integer N > A whose service level at T reaches the target p, searched from
 * floor(A) + 1 upwards (SPEC §6 precise readings). h = 0 needs one slot. The search ends
 * for every p ≤ 1: C(N, A) falls faster than geometrically once N passes A, so
 * 1 − C·e^(…) reaches 1 in floating point.
 */
export function slotsNeeded(erlangs: number, thresholdSeconds: number, handleSeconds: number, target: number): number {
  if (handleSeconds === 0) return 1;
  const first = Math.floor(erlangs) + 1;
  let b = 1;
  for (let k = 1; ; k++) {
    b = nextErlangB(k, erlangs, b);
    if (k < first) continue;
    const c = erlangCFromB(k, erlangs, b);
    if (serviceLevelFromC(c, k, erlangs, thresholdSeconds, handleSeconds) >= target) return k;
  }
}
