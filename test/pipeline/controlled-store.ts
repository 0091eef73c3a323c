/**
 * A real SQLite store whose appends a test can hold (to read while a commit is in flight)
 * or make fail (a full disk), for the pipeline's integrity tests. Nothing is mocked: every
 * append that goes through is a real durable write.
 */
import type { AppendOutcome, AppendRequest, EventStore, SnapshotChunks, StoredEvent } from '../../src/store/event-store.js';
import type { SqliteEventStore } from '../../src/store/sqlite-store.js';

export class ControlledStore implements EventStore {
  /** Appends fail with this error while it is set. */
  failure: Error | null = null;
  /** Appends fail with this error after the caller's `build` ran (memory ahead of the log) while it is set. */
  failureAfterBuild: Error | null = null;
  /** Reads fail with this error while it is set. */
  readFailure: Error | null = null;
  private gate: Promise<void> | null = null;
  private openGate: (() => void) | null = null;
  appendCalls = 0;

  constructor(readonly inner: SqliteEventStore) {}

  /** Later appends wait until `release()`. */
  hold(): void {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }

  release(): void {
    this.openGate?.();
    this.gate = null;
  }

  async append(batch: readonly AppendRequest[]): Promise<AppendOutcome[]> {
    this.appendCalls += 1;
    if (this.gate) await this.gate;
    if (this.failure) throw this.failure;
    return this.inner.append(batch);
  }

  async appendAfter(afterSeq: number, build: (tail: readonly StoredEvent[]) => readonly AppendRequest[]) {
    this.appendCalls += 1;
    if (this.gate) await this.gate;
    if (this.failure) throw this.failure;
    const failure = this.failureAfterBuild;
    return this.inner.appendAfter(afterSeq, (tail) => {
      const requests = build(tail);
      if (failure) throw failure;
      return requests;
    });
  }

  onForeignAppend(listener: () => void) {
    return this.inner.onForeignAppend(listener);
  }

  readFrom(afterSeq: number, limit: number) {
    if (this.readFailure) return Promise.reject(this.readFailure);
    return this.inner.readFrom(afterSeq, limit);
  }

  readStream(stream: string) {
    if (this.readFailure) return Promise.reject(this.readFailure);
    return this.inner.readStream(stream);
  }

  existingIds(ids: readonly string[]) {
    return this.inner.existingIds(ids);
  }

  lastSeq() {
    return this.inner.lastSeq();
  }

  streamVersion(stream: string) {
    return this.inner.streamVersion(stream);
  }

  saveSnapshot(seq: number, chunks: SnapshotChunks) {
    return this.inner.saveSnapshot(seq, chunks);
  }

  latestSnapshot() {
    return this.inner.latestSnapshot();
  }

  get commitCount() {
    return this.inner.commitCount;
  }

  close() {
    return this.inner.close();
  }
}
