/**
 * Sorting by a clock figure without computing it for every row (SPEC §6 `waitSeconds`,
 * `handleSeconds`): a running wait grows with the clock, so running waits keep their order
 * by their start, finished ones by their value, and the two orders are merged when read.
 */

/**
 * The items of `sources`, each already ordered by `key` (ascending, or descending when
 * `descending`), merged in that order; items with the same key come in `tie` order, so
 * the result equals a full sort by (key, tie).
 */
export function* mergeByKey<T>(
  sources: Iterator<T>[],
  key: (item: T) => number,
  descending: boolean,
  tie: (a: T, b: T) => number,
): Generator<T> {
  const heads = sources.map((source) => source.next());
  const group: T[] = [];
  for (;;) {
    let best: number | null = null;
    for (const head of heads) {
      if (head.done) continue;
      const k = key(head.value);
      if (best === null || (descending ? k > best : k < best)) best = k;
    }
    if (best === null) return;
    for (let i = 0; i < heads.length; i++) {
      while (!heads[i].done && key(heads[i].value) === best) {
        group.push(heads[i].value);
        heads[i] = sources[i].next();
      }
    }
    if (group.length > 1) group.sort(tie);
    yield* group;
    group.length = 0;
  }
}
