/**
 * The live pipeline of DESIGN.md: events are checked against the current state and
 * applied to the engine in the same tick (so two conflicting commands cannot both pass),
 * then appended to the durable store; callers and listeners hear of them only once the
 * store says they are durable. On open, the engine is rebuilt from the latest snapshot
 * plus the events logged after it.
 *
 * If the store fails to write, memory is ahead of the log: the pipeline is poisoned and
 * every later call fails, so the process can exit and rebuild from the log (nothing that
 * was acknowledged is lost, nothing unacknowledged is reported as done).
 */
import type { DomainEvent } from '../domain/events.js';
import { parseEvent } from '../domain/events.js';
import type { SentimentAnalyzer } from '../sentiment/analyzer.js';
import type { EventStore, LoggedEvent } from '../store/event-store.js';
import { Engine } from './engine.js';
import { type EngineSnapshot, exportSnapshot, importSnapshot } from './snapshot.js';

export interface RejectedEvent {
  index: number;
  error: { code: string; message: string; field?: string; status?: string };
}

export interface SubmitResult {
  accepted: number;
  duplicates: number;
  rejected: RejectedEvent[];
  /** The events applied, in order (durable by the time the result is given). */
  applied: DomainEvent[];
}

export type AppliedListener = (events: readonly DomainEvent[]) => void;

export interface PipelineOptions {
  store: EventStore;
  analyzer: SentimentAnalyzer;
  /** Take a snapshot after this many events, at a moment when no append is in flight. */
  snapshotEvery?: number;
}

const READ_PAGE = 10_000;

export class EventPipeline {
  private readonly listeners = new Set<AppliedListener>();
  private inFlight = 0;
  private lastDurableSeq = 0;
  private appliedSinceSnapshot = 0;
  private failure: Error | null = null;
  private snapshotting: Promise<void> | null = null;

  private constructor(
    readonly engine: Engine,
    private readonly store: EventStore,
    private readonly snapshotEvery: number,
  ) {}

  static async open(options: PipelineOptions): Promise<EventPipeline> {
    const engine = new Engine({ analyzer: options.analyzer });
    const pipeline = new EventPipeline(engine, options.store, options.snapshotEvery ?? 100_000);
    await pipeline.restore();
    return pipeline;
  }

  /** Restores the latest snapshot, then applies the events logged after it. */
  private async restore(): Promise<void> {
    const snapshot = await this.store.latestSnapshot();
    let seq = 0;
    if (snapshot) {
      importSnapshot(this.engine, snapshot.state as EngineSnapshot);
      seq = snapshot.seq;
    }
    for (;;) {
      const page = await this.store.readFrom(seq, READ_PAGE);
      if (page.length === 0) break;
      for (const stored of page) {
        const parsed = parseEvent(stored.event);
        // The log holds only events the engine accepted; one that no longer parses is a bug.
        if (!parsed.ok) throw new Error(`event log seq ${stored.seq}: ${parsed.message}`);
        this.engine.applyChecked(parsed.event);
        seq = stored.seq;
      }
      this.appliedSinceSnapshot += page.length;
    }
    this.lastDurableSeq = seq;
  }

  onApplied(listener: AppliedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get durableSeq(): number {
    return this.lastDurableSeq;
  }

  /**
   * Checks and applies raw events in order, then makes them durable. Resolves after the
   * commit with per-event outcomes (SPEC §9 ingest answer).
   */
  async submit(raws: readonly unknown[]): Promise<SubmitResult> {
    if (this.failure) throw this.failure;
    const result: SubmitResult = { accepted: 0, duplicates: 0, rejected: [], applied: [] };
    raws.forEach((raw, index) => {
      const checked = this.engine.check(raw);
      if ('ok' in checked) {
        this.engine.applyChecked(checked.event);
        result.applied.push(checked.event);
      } else if (checked.status === 'duplicate') {
        result.duplicates += 1;
      } else {
        const { code, message, field, currentStatus } = checked;
        result.rejected.push({ index, error: { code, message, field, status: currentStatus } });
      }
    });
    result.accepted = result.applied.length;
    if (result.applied.length === 0) return result;
    await this.persist(result.applied);
    for (const listener of this.listeners) listener(result.applied);
    return result;
  }

  private async persist(events: DomainEvent[]): Promise<void> {
    this.inFlight += 1;
    try {
      const outcomes = await this.store.append(events.map((event) => ({ event: event as LoggedEvent })));
      for (const outcome of outcomes) {
        if (outcome.status !== 'appended') {
          // The engine already refused duplicates; the log disagreeing means two writers.
          throw new Error(`event log refused an event the engine accepted: ${JSON.stringify(outcome)}`);
        }
        this.lastDurableSeq = Math.max(this.lastDurableSeq, outcome.seq);
      }
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
      throw this.failure;
    } finally {
      this.inFlight -= 1;
    }
    this.appliedSinceSnapshot += events.length;
    if (this.appliedSinceSnapshot >= this.snapshotEvery && this.inFlight === 0 && !this.snapshotting) {
      this.snapshotting = this.snapshot().finally(() => (this.snapshotting = null));
    }
  }

  /** Saves the engine's state as of the last durable event (only when nothing is in flight). */
  async snapshot(): Promise<void> {
    if (this.inFlight > 0) return;
    const seq = this.lastDurableSeq;
    const state = exportSnapshot(this.engine);
    this.appliedSinceSnapshot = 0;
    await this.store.saveSnapshot(seq, state);
  }

  /** Waits for what is in flight, snapshots, and closes the store: nothing is lost. */
  async close(): Promise<void> {
    await this.snapshotting;
    if (!this.failure && this.appliedSinceSnapshot > 0) await this.snapshot();
    await this.store.close();
  }
}
