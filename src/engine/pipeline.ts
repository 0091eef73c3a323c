/**
 * The live pipeline of DESIGN.md: events are checked against the current state and
 * applied to the engine in the same tick (so two conflicting commands cannot both pass),
 * then appended to the durable store; callers and listeners hear of them only once the
 * store says they are durable. On open, the engine is rebuilt from the latest snapshot
 * plus the events logged after it.
 *
 * Guarantees (docs/store.md "What the pipeline guarantees"):
 * - One group of submissions is committed at a time. While it is being committed the
 *   engine is ahead of the log, so `read` holds readers until the commit ends: whatever a
 *   report, a conversation view or a live patch shows is durable.
 * - Every refusal of an event (limits, schema, time, duplicate, lifecycle) is found before
 *   it is applied; a refused event changes nothing and the rest of its batch goes on.
 * - If the store fails to write, or an event throws while it is applied, memory is ahead
 *   of the log: the engine is rebuilt from the log in place, writes answer
 *   `StoreUnavailableError` (HTTP 503 with Retry-After) for a cool-down, and if even the
 *   rebuild fails `onFatal` is told (the server exits so that its supervisor restarts it).
 */
import type { DomainEvent } from '../domain/events.js';
import { parseEvent, streamOf } from '../domain/events.js';
import type { SentimentAnalyzer } from '../sentiment/analyzer.js';
import type { AppendRequest, EventStore, LoggedEvent, StoredEvent } from '../store/event-store.js';
import { MAX_ID_LENGTH } from '../domain/event-limits.js';
import { type CheckOptions, Engine } from './engine.js';
import { importSnapshot, SnapshotWriter } from './snapshot.js';

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

/**
 * What a submission carries: raw events, or a function that decides them against the state
 * at the very moment they are applied (routing, supervisor actions): nothing can run
 * between the decision and the application.
 */
export type Submission = readonly unknown[] | (() => readonly unknown[]);

export type AppliedListener = (events: readonly DomainEvent[]) => void;

/** Where the pipeline reports what an operator must hear of (pino's shape). */
export interface PipelineLog {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** Writes are refused for now: the store failed and the engine is being, or was, rebuilt. */
export class StoreUnavailableError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

/** More events are waiting for the store than `maxWaitingEvents`: the caller should retry later. */
export class PipelineOverloadedError extends StoreUnavailableError {
  constructor(waiting: number) {
    super(`the server is overloaded (${waiting} events waiting to be written): try again shortly`, 1);
    this.name = 'PipelineOverloadedError';
  }
}

export interface PipelineOptions {
  store: EventStore;
  analyzer: SentimentAnalyzer;
  /** Take a snapshot after this many events, at a moment when no append is in flight. */
  snapshotEvery?: number;
  /** The clock (epoch ms), for the future check and the cool-down. */
  now?: () => number;
  /** Events dated more than this after `now` are refused (SPEC §3 live ingest); default 5 minutes. */
  maxFutureMs?: number;
  /** After a failed write, writes answer 503 this long before the store is tried again (default 5 s). */
  retryAfterSeconds?: number;
  /**
   * The queue in front of the store is bounded: a submission that would take the events
   * waiting (not yet applied) beyond this is refused with `PipelineOverloadedError`.
   */
  maxWaitingEvents?: number;
  log?: PipelineLog;
  /**
   * A log shared with other writers (nodes) is read this often besides the store's wake-ups
   * (a missed NOTIFY delays, never loses); 0 (default): the pipeline is the only writer.
   */
  pollMs?: number;
  /** Told when the engine could not be rebuilt from the log: the process should exit. */
  onFatal?: (error: Error) => void;
  /**
   * Event ids the engine remembers (default 100,000); a submitted id it does not remember
   * is looked up in the store, one query per group.
   */
  recentIds?: number;
}

export const DEFAULT_MAX_FUTURE_MS = 5 * 60_000;
const READ_PAGE = 10_000;

export interface SubmitOptions {
  /** All or nothing: when any event is refused, none is applied (duplicates are no refusal). */
  atomic?: boolean;
}

interface Job {
  submission: Submission;
  atomic: boolean;
  /** Indexes answered as refused without being applied (they threw while applied once). */
  poisoned: Map<number, string>;
  resolve(result: SubmitResult): void;
  reject(error: unknown): void;
}

interface Reader {
  run(): void;
  fail(error: Error): void;
}

/** Event ids the engine remembers for its duplicate checks; the store's unique index knows the older ones. */
export const DEFAULT_RECENT_IDS = 100_000;

/** An event threw inside `applyChecked`: the state may be half-changed. */
class ApplyFailure extends Error {
  constructor(
    readonly job: Job,
    readonly index: number,
    readonly causeError: unknown,
  ) {
    super(`an event could not be applied: ${causeError instanceof Error ? causeError.message : String(causeError)}`);
  }
}

/** The store's state: failing since a moment (epoch ms), or writing (null). */
export type StoreStateListener = (failingSince: number | null) => void;

const silentLog: PipelineLog = { warn() {}, error() {} };

export class EventPipeline {
  private readonly listeners = new Set<AppliedListener>();
  private readonly storeListeners = new Set<StoreStateListener>();
  /** Since when (epoch ms) the store has failed every write, null while it writes. */
  private storeFailingSince: number | null = null;
  private waiting: Job[] = [];
  private waitingEvents = 0;
  private readers: Reader[] = [];
  private idleWaiters: (() => void)[] = [];
  /** A group is applied and its append is in flight: the engine is ahead of the log. */
  private isCommitting = false;
  private isRebuilding = false;
  /** Another writer appended while this pipeline was busy: read the tail at the next turn. */
  private isCatchUpDue = false;
  private stopCatchUp: () => void = () => {};
  private writesRefusedUntil = 0;
  private fatal: Error | null = null;
  private lastDurableSeq = 0;
  private appliedSinceSnapshot = 0;
  private snapshotting: Promise<void> | null = null;
  /** Events of the log that could not be applied at the last restore. */
  skippedAtRestore = 0;

  private constructor(
    readonly engine: Engine,
    private readonly store: EventStore,
    private readonly options: Required<Omit<PipelineOptions, 'store' | 'analyzer'>>,
  ) {}

  static async open(options: PipelineOptions): Promise<EventPipeline> {
    const engine = new Engine({ analyzer: options.analyzer, recentIds: options.recentIds ?? DEFAULT_RECENT_IDS });
    const pipeline = new EventPipeline(engine, options.store, {
      snapshotEvery: options.snapshotEvery ?? 100_000,
      now: options.now ?? Date.now,
      maxFutureMs: options.maxFutureMs ?? DEFAULT_MAX_FUTURE_MS,
      retryAfterSeconds: options.retryAfterSeconds ?? 5,
      maxWaitingEvents: options.maxWaitingEvents ?? 50_000,
      log: options.log ?? silentLog,
      pollMs: options.pollMs ?? 0,
      recentIds: options.recentIds ?? DEFAULT_RECENT_IDS,
      onFatal: options.onFatal ?? (() => {}),
    });
    await pipeline.restore();
    pipeline.followOtherWriters();
    return pipeline;
  }

  /**
   * Restores the latest snapshot, then applies the events logged after it. Start always
   * works: a snapshot this version cannot read is ignored (rebuild from the whole log), and
   * an event of the log that no longer parses or no longer applies is skipped with its seq.
   */
  private async restore(): Promise<void> {
    const { log } = this.options;
    const snapshot = await this.store.latestSnapshot();
    let seq = 0;
    if (snapshot) {
      try {
        importSnapshot(this.engine, snapshot.chunks);
        seq = snapshot.seq;
      } catch (error) {
        log.warn({ snapshotSeq: snapshot.seq, reason: messageOf(error) }, 'snapshot ignored: rebuilding from the whole log');
        this.engine.reset();
      }
    }
    this.skippedAtRestore = 0;
    for (;;) {
      const page = await this.store.readFrom(seq, READ_PAGE);
      if (page.length === 0) break;
      for (const stored of page) {
        const outcome = this.restoreOne(stored.event);
        if (typeof outcome === 'string') {
          this.skippedAtRestore += 1;
          log.warn({ seq: stored.seq, eventId: stored.event.id, reason: outcome }, 'event of the log skipped at restore');
        }
        seq = stored.seq;
      }
      this.appliedSinceSnapshot += page.length;
    }
    this.lastDurableSeq = seq;
  }

  /** Applies one logged event: the event applied, or the reason it was skipped. */
  private restoreOne(logged: LoggedEvent): DomainEvent | string {
    const parsed = parseEvent(logged);
    let reason: string;
    if (!parsed.ok) reason = parsed.message;
    else {
      // Rules may have grown stricter since the event was logged (e.g. SPEC §3 time order).
      const refusal = this.engine.checkState(parsed.event);
      if (!refusal) {
        this.engine.applyChecked(parsed.event);
        return parsed.event;
      }
      reason = refusal.message;
    }
    const conversationId = typeof logged.conversationId === 'string' ? logged.conversationId : undefined;
    if (conversationId !== undefined) this.engine.countSkipped(conversationId);
    return reason;
  }

  /** Reads what other writers append: on the store's wake-up, and on a poll when configured. */
  private followOtherWriters(): void {
    const unsubscribe = this.store.onForeignAppend(() => this.catchUp());
    const poll = this.options.pollMs > 0 ? setInterval(() => this.catchUp(), this.options.pollMs) : null;
    poll?.unref();
    this.stopCatchUp = () => {
      unsubscribe();
      if (poll) clearInterval(poll);
    };
  }

  onApplied(listener: AppliedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Told when the store starts failing (with the time of the first failed write) and when it
   * writes again (null). A turn that only reads other writers' events counts as a write.
   */
  onStoreState(listener: StoreStateListener): () => void {
    this.storeListeners.add(listener);
    return () => this.storeListeners.delete(listener);
  }

  private setStoreFailingSince(since: number | null): void {
    if ((since === null) === (this.storeFailingSince === null)) return;
    this.storeFailingSince = since;
    for (const listener of this.storeListeners) listener(since);
  }

  get durableSeq(): number {
    return this.lastDurableSeq;
  }

  /** False while the engine is rebuilt or writes are refused: `/readyz` says 503. */
  get isAvailable(): boolean {
    return this.acceptsWrites && !this.isRebuilding;
  }

  /** Writes are refused after a store failure, for the cool-down (or for good once fatal). */
  private get acceptsWrites(): boolean {
    return this.fatal === null && this.options.now() >= this.writesRefusedUntil;
  }

  /**
   * Runs `read` at a moment when the engine holds exactly the durable log: at once when no
   * commit is in flight, otherwise right after it ends (before the next group is applied).
   */
  read<T>(read: () => T): Promise<T> {
    if (this.fatal) return Promise.reject(this.unavailable());
    return new Promise<T>((resolve, reject) => {
      const reader: Reader = {
        run: () => {
          try {
            resolve(read());
          } catch (error) {
            reject(error);
          }
        },
        fail: reject,
      };
      if (this.isDurable) reader.run();
      else this.readers.push(reader);
    });
  }

  /**
   * `read` with one conversation's events from the log (its timeline, oldest first), at a
   * moment when the engine holds exactly the durable log. The timeline is cut to the
   * events the engine has applied to the conversation (another node may have logged more),
   * and read again when a commit added some meanwhile; an unknown conversation gets none.
   */
  async readWithTimeline<T>(conversationId: string, read: (timeline: readonly LoggedEvent[]) => T): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const stored = await this.store.readStream(conversationId);
      const outcome = await this.read(() => {
        const version = this.engine.streamVersion(conversationId);
        if (stored.length < version && attempt < 3) return null;
        return { value: read(stored.slice(0, version).map((event) => event.event)) };
      });
      if (outcome !== null) return outcome.value;
    }
  }

  private get isDurable(): boolean {
    return !this.isCommitting && !this.isRebuilding;
  }

  /**
   * Checks and applies events in order, then makes them durable. Resolves after the
   * commit with per-event outcomes (SPEC §9 ingest answer); rejects with
   * `StoreUnavailableError` while writes are refused.
   */
  submit(submission: Submission, options: SubmitOptions = {}): Promise<SubmitResult> {
    // While the engine is rebuilt after an apply failure, submissions wait for it.
    if (!this.acceptsWrites) return Promise.reject(this.unavailable());
    const size = sizeOf(submission);
    // Only a group waiting behind a commit counts: an idle pipeline takes any batch at once.
    if (!this.isDurable && this.waitingEvents + size > this.options.maxWaitingEvents) {
      return Promise.reject(new PipelineOverloadedError(this.waitingEvents));
    }
    this.waitingEvents += size;
    return new Promise<SubmitResult>((resolve, reject) => {
      this.waiting.push({ submission, atomic: options.atomic === true, poisoned: new Map(), resolve, reject });
      if (this.isDurable) this.commitWaiting();
    });
  }

  /**
   * Takes the writer's turn (`store.appendAfter`): applies what other writers appended since
   * the last durable seq, then every waiting submission as one group, and appends the
   * group right after, in one transaction. With one writer the tail is empty; with several
   * (nodes on one PostgreSQL) every engine applies the log in the log's order.
   *
   * When other writers are known to have appended (`isCatchUpDue`), what they logged is
   * read and applied first, outside the turn: the turn holds every writer's lock, so the
   * less it applies the more the writers can append. Without waiting submissions there is
   * no turn at all.
   */
  private commitWaiting(): void {
    const jobs = this.waiting;
    const isCatchingUp = this.isCatchUpDue;
    this.waiting = [];
    this.waitingEvents = 0;
    this.isCatchUpDue = false;
    this.isCommitting = true;
    const results = new Map<Job, SubmitResult>();
    const applied: DomainEvent[] = [];
    let requests: AppendRequest[] = [];
    let isApplied = false;
    /** The engine may hold what the log does not (an event threw while applied, or a group is in flight). */
    let isAhead = false;
    let caughtUp = 0;
    let knownIds: ReadonlySet<string> = new Set();
    const build = (tail: readonly StoredEvent[]): AppendRequest[] => {
      // A retried transaction calls build again only if nothing of the first call was applied.
      if (isApplied) throw new Error('appendAfter called build twice');
      isApplied = true;
      isAhead = true;
      applied.push(...this.applyLogged(tail));
      const checks: CheckOptions = { latestAt: this.options.now() + this.options.maxFutureMs, knownIds };
      requests = [];
      for (const job of jobs) {
        const result = this.applyJob(job, checks, requests);
        if (result) {
          results.set(job, result);
          applied.push(...result.applied);
        }
      }
      return requests;
    };
    Promise.all([this.lookUpOlderIds(jobs), isCatchingUp ? this.store.readFrom(this.lastDurableSeq, READ_PAGE) : []])
      .then(([known, logged]) => {
        knownIds = known;
        isAhead = true;
        applied.push(...this.applyLogged(logged));
        isAhead = false;
        caughtUp = logged.length;
        this.lastDurableSeq = logged.at(-1)?.seq ?? this.lastDurableSeq;
        return jobs.length === 0 ? { tail: [], outcomes: [] } : this.store.appendAfter(this.lastDurableSeq, build);
      })
      .then(
        ({ tail, outcomes }) => {
          const refused = outcomes.find((outcome) => outcome.status !== 'appended');
          if (refused) {
            // The engine checked ids and versions on the whole log: the log disagreeing is a bug.
            this.failCommit(jobs, new Error(`event log refused an event the engine accepted: ${JSON.stringify(refused)}`), true);
            return;
          }
          const lastTail = tail.at(-1)?.seq ?? 0;
          const lastOwn = outcomes.reduce((max, outcome) => (outcome.status === 'appended' ? Math.max(max, outcome.seq) : max), 0);
          this.lastDurableSeq = Math.max(this.lastDurableSeq, lastTail, lastOwn);
          this.isCommitting = false;
          this.setStoreFailingSince(null);
          this.appliedSinceSnapshot += caughtUp + tail.length + requests.length;
          if (applied.length > 0) this.tellListeners(applied);
          for (const [job, result] of results) job.resolve(result);
          this.afterGroup();
        },
        (error: unknown) => {
          if (error instanceof ApplyFailure) this.recoverFromApplyFailure(jobs, error);
          else this.failCommit(jobs, error, isAhead);
        },
      );
  }

  /**
   * The submitted ids the engine does not remember that the log holds: one store query for
   * the whole group (the engine keeps only `recentIds`; decided submissions make fresh ids).
   */
  private async lookUpOlderIds(jobs: readonly Job[]): Promise<ReadonlySet<string>> {
    const unknown: string[] = [];
    for (const job of jobs) {
      if (typeof job.submission === 'function') continue;
      for (const raw of job.submission) {
        const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
        if (typeof id === 'string' && id.length <= MAX_ID_LENGTH && !this.engine.hasSeen(id)) unknown.push(id);
      }
    }
    return unknown.length === 0 ? new Set() : this.store.existingIds(unknown);
  }

  /**
   * Applies events other writers logged (the tail of `appendAfter`, or a restore): checked
   * like a restore, so one this version refuses is skipped with its seq, never a crash.
   */
  private applyLogged(tail: readonly StoredEvent[]): DomainEvent[] {
    const applied: DomainEvent[] = [];
    for (const stored of tail) {
      const outcome = this.restoreOne(stored.event);
      if (typeof outcome === 'string') {
        this.options.log.warn({ seq: stored.seq, eventId: stored.event.id, reason: outcome }, 'event of another writer skipped');
      } else {
        applied.push(outcome);
      }
    }
    return applied;
  }

  /** Reads what other writers appended (a NOTIFY, or the poll): at once when idle, else before the next group. */
  private catchUp(): void {
    if (this.fatal || this.isRebuilding) return;
    this.isCatchUpDue = true;
    if (this.isDurable && this.waiting.length === 0) this.commitWaiting();
  }

  /**
   * Checks and applies one submission's events; null when the submission itself failed
   * (its decision threw: nothing was applied, the caller hears the error).
   */
  private applyJob(job: Job, checks: CheckOptions, requests: AppendRequest[]): SubmitResult | null {
    let raws: readonly unknown[];
    try {
      raws = typeof job.submission === 'function' ? job.submission() : job.submission;
    } catch (error) {
      job.reject(error);
      return null;
    }
    const result: SubmitResult = { accepted: 0, duplicates: 0, rejected: [], applied: [] };
    if (job.atomic && this.refuseBatch(raws, checks, result)) return result;
    raws.forEach((raw, index) => {
      const poisoned = job.poisoned.get(index);
      if (poisoned !== undefined) {
        result.rejected.push({ index, error: { code: 'internal', message: poisoned } });
        return;
      }
      let checked: ReturnType<Engine['check']>;
      try {
        checked = this.engine.check(raw, checks);
      } catch (error) {
        // Nothing was applied: the event is refused, its batch goes on.
        this.options.log.error({ err: error, index }, 'event check threw');
        result.rejected.push({ index, error: { code: 'internal', message: 'the event could not be checked' } });
        return;
      }
      if ('ok' in checked) {
        const stream = streamOf(checked.event);
        const expectedVersion = stream === undefined ? undefined : this.engine.streamVersion(stream);
        try {
          this.engine.applyChecked(checked.event);
        } catch (error) {
          throw new ApplyFailure(job, index, error);
        }
        requests.push({ event: checked.event as LoggedEvent, expectedVersion });
        result.applied.push(checked.event);
      } else if (checked.status === 'duplicate') {
        result.duplicates += 1;
      } else {
        const { code, message, field, currentStatus } = checked;
        result.rejected.push({ index, error: { code, message, field, status: currentStatus } });
      }
    });
    result.accepted = result.applied.length;
    return result;
  }

  /** An atomic batch: fills `result` and answers true when any of its events would be refused. */
  private refuseBatch(raws: readonly unknown[], checks: CheckOptions, result: SubmitResult): boolean {
    let outcomes: ReturnType<Engine['checkBatch']>;
    try {
      outcomes = this.engine.checkBatch(raws, checks);
    } catch (error) {
      this.options.log.error({ err: error }, 'batch check threw');
      result.rejected.push({ index: 0, error: { code: 'internal', message: 'the batch could not be checked' } });
      return true;
    }
    outcomes.forEach((outcome, index) => {
      if ('ok' in outcome || outcome.status !== 'rejected') return;
      const { code, message, field, currentStatus } = outcome;
      result.rejected.push({ index, error: { code, message, field, status: currentStatus } });
    });
    return result.rejected.length > 0;
  }

  /**
   * An event threw while applied: the state may be half-changed. Rebuild from the log, then
   * try the group again without that event (refused as `internal`); a decided submission
   * whose event threw fails as a whole.
   */
  private recoverFromApplyFailure(jobs: Job[], failure: ApplyFailure): void {
    this.options.log.error({ err: failure.causeError, index: failure.index }, 'an event threw while applied: rebuilding from the log');
    const message = `the event could not be applied: ${messageOf(failure.causeError)}`;
    let retry = jobs;
    if (typeof failure.job.submission === 'function') {
      failure.job.reject(new Error(message));
      retry = jobs.filter((job) => job !== failure.job);
    } else {
      failure.job.poisoned.set(failure.index, message);
    }
    this.waiting = [...retry, ...this.waiting];
    this.waitingEvents += retry.reduce((sum, job) => sum + sizeOf(job.submission), 0);
    void this.rebuild();
  }

  /**
   * The store did not write the group. If the group was applied (`wasApplied`), memory is
   * ahead of the log and the engine is rebuilt from it; either way writes are refused for
   * the cool-down.
   */
  private failCommit(jobs: Job[], error: unknown, wasApplied: boolean): void {
    this.options.log.error({ err: error }, 'the event store failed to write: writes refused for a while, the engine rebuilt from the log if it was ahead');
    this.writesRefusedUntil = this.options.now() + this.options.retryAfterSeconds * 1000;
    this.setStoreFailingSince(this.options.now());
    const unavailable = this.unavailable();
    for (const job of [...jobs, ...this.waiting]) job.reject(unavailable);
    this.waiting = [];
    this.waitingEvents = 0;
    if (wasApplied) {
      void this.rebuild();
    } else {
      this.isCommitting = false;
      this.afterGroup();
    }
  }

  /** Brings the engine back to exactly the log, in place. */
  private async rebuild(): Promise<void> {
    this.isCommitting = false;
    this.isRebuilding = true;
    try {
      this.engine.reset();
      this.appliedSinceSnapshot = 0;
      await this.restore();
    } catch (error) {
      this.fatal = error instanceof Error ? error : new Error(String(error));
      this.options.log.error({ err: this.fatal }, 'the engine could not be rebuilt from the log: this process must restart');
      for (const reader of this.readers.splice(0)) reader.fail(this.unavailable());
      for (const job of this.waiting.splice(0)) job.reject(this.unavailable());
      this.waitingEvents = 0;
      this.options.onFatal(this.fatal);
      return;
    } finally {
      this.isRebuilding = false;
    }
    this.afterGroup();
  }

  /** The engine equals the log again: readers run, then the next group is applied. */
  private afterGroup(): void {
    for (const reader of this.readers.splice(0)) reader.run();
    this.maybeSnapshot();
    if (this.waiting.length > 0 || this.isCatchUpDue) {
      this.commitWaiting();
      return;
    }
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private tellListeners(events: readonly DomainEvent[]): void {
    for (const listener of this.listeners) {
      try {
        listener(events);
      } catch (error) {
        this.options.log.error({ err: error }, 'a listener of applied events threw');
      }
    }
  }

  private unavailable(): StoreUnavailableError {
    if (this.fatal) return new StoreUnavailableError('the event store failed and the server must restart', this.options.retryAfterSeconds);
    return new StoreUnavailableError('the event store is unavailable: try again shortly', this.options.retryAfterSeconds);
  }

  private maybeSnapshot(): void {
    if (this.appliedSinceSnapshot >= this.options.snapshotEvery && !this.snapshotting) {
      this.snapshotting = this.snapshot()
        .catch((error: unknown) => this.options.log.warn({ err: error }, 'snapshot failed (the log is intact)'))
        .finally(() => (this.snapshotting = null));
    }
  }

  /**
   * Saves the engine's state as of the last durable event (taken only when nothing is in
   * flight). It is written a slice at a time while events go on being applied (snapshot.ts).
   */
  async snapshot(): Promise<void> {
    if (!this.isDurable || this.fatal) return;
    const seq = this.lastDurableSeq;
    const writer = new SnapshotWriter(this.engine);
    this.appliedSinceSnapshot = 0;
    try {
      await this.store.saveSnapshot(seq, writer);
    } finally {
      writer.release();
    }
  }

  /** Resolves when no submission is waiting or being committed. */
  private idle(): Promise<void> {
    if (this.isDurable && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Waits for what is in flight, snapshots, and closes the store: nothing is lost. */
  async close(): Promise<void> {
    this.stopCatchUp();
    if (!this.fatal) await this.idle();
    await this.snapshotting;
    if (!this.fatal && this.appliedSinceSnapshot > 0) await this.snapshot();
    await this.store.close();
  }
}

/** How many events a submission counts for in the bounded queue (a decided one: one). */
function sizeOf(submission: Submission): number {
  return typeof submission === 'function' ? 1 : submission.length;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
