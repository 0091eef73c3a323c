/**
 * An ordered set kept in chunks of a few hundred items: insert and remove cost a binary
 * search and a short splice, iteration is in order from any lower bound. It keeps the
 * SPEC §8 ongoing list in its default order and the in-queue conversations by the start
 * of their current wait (SPEC §6 `longestWaitSeconds`) without sorting at report time.
 */
const MAX_CHUNK = 512;

export class SortedList<T> {
  private chunks: T[][] = [];
  private count = 0;

  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.count;
  }

  clear(): void {
    this.chunks = [];
    this.count = 0;
  }

  /** Replaces the items with `sorted`, already in order (a rebuild: no search per item). */
  load(sorted: readonly T[]): void {
    this.chunks = [];
    // Half-full chunks, as an insert leaves them after a split: room for later inserts.
    for (let start = 0; start < sorted.length; start += MAX_CHUNK >> 1) this.chunks.push(sorted.slice(start, start + (MAX_CHUNK >> 1)));
    this.count = sorted.length;
  }

  insert(item: T): void {
    this.count += 1;
    if (this.chunks.length === 0) {
      this.chunks.push([item]);
      return;
    }
    const chunkIndex = Math.min(this.firstChunkNotBefore(item), this.chunks.length - 1);
    const chunk = this.chunks[chunkIndex];
    chunk.splice(this.lowerIndex(chunk, item), 0, item);
    if (chunk.length > MAX_CHUNK) this.chunks.splice(chunkIndex + 1, 0, chunk.splice(MAX_CHUNK >> 1));
  }

  /** Removes the item that compares equal to `item`; false when there is none. */
  remove(item: T): boolean {
    const chunkIndex = this.firstChunkNotBefore(item);
    const chunk = this.chunks[chunkIndex];
    if (!chunk) return false;
    const index = this.lowerIndex(chunk, item);
    if (index >= chunk.length || this.compare(chunk[index], item) !== 0) return false;
    chunk.splice(index, 1);
    if (chunk.length === 0) this.chunks.splice(chunkIndex, 1);
    this.count -= 1;
    return true;
  }

  [Symbol.iterator](): IterableIterator<T> {
    return this.from(() => false);
  }

  /**
   * The items in order, starting at the first one for which `isBefore` is false; `isBefore`
   * must be true on a prefix of the order and false after it.
   */
  *from(isBefore: (item: T) => boolean): IterableIterator<T> {
    const [first, start] = this.firstPosition(isBefore);
    for (let c = first; c < this.chunks.length; c++) {
      const chunk = this.chunks[c];
      for (let i = c === first ? start : 0; i < chunk.length; i++) yield chunk[i];
    }
  }

  /**
   * Like `from`, without a generator: calls `visit` on the items in order from the first one
   * for which `isBefore` is false, until `visit` returns false.
   */
  scanFrom(isBefore: (item: T) => boolean, visit: (item: T) => boolean): void {
    const chunks = this.chunks;
    const [first, start] = this.firstPosition(isBefore);
    for (let c = first; c < chunks.length; c++) {
      const chunk = chunks[c];
      for (let i = c === first ? start : 0; i < chunk.length; i++) if (!visit(chunk[i])) return;
    }
  }

  /** The items in order from position `index` (0: the first). */
  *fromIndex(index: number): IterableIterator<T> {
    let c = 0;
    let skip = Math.max(0, index);
    while (c < this.chunks.length && skip >= this.chunks[c].length) skip -= this.chunks[c++].length;
    for (; c < this.chunks.length; c++) {
      const chunk = this.chunks[c];
      for (let i = skip; i < chunk.length; i++) yield chunk[i];
      skip = 0;
    }
  }

  /** The items in reverse order, the last one first. */
  *reversed(): IterableIterator<T> {
    for (let c = this.chunks.length - 1; c >= 0; c--) {
      const chunk = this.chunks[c];
      for (let i = chunk.length - 1; i >= 0; i--) yield chunk[i];
    }
  }

  /** Chunk and index of the first item for which `isBefore` is false (binary searches). */
  private firstPosition(isBefore: (item: T) => boolean): [chunkIndex: number, itemIndex: number] {
    const chunks = this.chunks;
    let lo = 0;
    let hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const chunk = chunks[mid];
      if (isBefore(chunk[chunk.length - 1])) lo = mid + 1;
      else hi = mid;
    }
    if (lo === chunks.length) return [lo, 0];
    const chunk = chunks[lo];
    let start = 0;
    let end = chunk.length;
    while (start < end) {
      const mid = (start + end) >> 1;
      if (isBefore(chunk[mid])) start = mid + 1;
      else end = mid;
    }
    return [lo, start];
  }

  /** Index of the first chunk whose last item is not before `item` (may be chunks.length). */
  private firstChunkNotBefore(item: T): number {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const chunk = this.chunks[mid];
      if (this.compare(chunk[chunk.length - 1], item) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private lowerIndex(chunk: T[], item: T): number {
    let lo = 0;
    let hi = chunk.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.compare(chunk[mid], item) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
