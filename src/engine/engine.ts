/**
 * The engine: validates events against the current state, applies them to the domain
 * state and keeps the report projections current. It is synchronous and does no I/O; the
 * live pipeline (src/engine/pipeline.ts) puts the durable store in front of it.
 */
import { type DomainEvent, parseEvent } from '../domain/events.js';
import { changesOnlyContent, checkEvent, type EvolveContext, evolve, type Refusal } from '../domain/lifecycle.js';
import { type Conversation, type DomainState, emptyState } from '../domain/model.js';
import type { Report, ReportKind } from '../domain/reports.js';
import type { SentimentLevel } from '../domain/sentiment-scale.js';
import { LONGEST_BASE_WINDOW_MS, REPORT_HORIZON_MS, type ReportQuery } from '../domain/window.js';
import type { SentimentAnalyzer } from '../sentiment/analyzer.js';
import { Projections } from './projections.js';

export type ApplyOutcome =
  | { status: 'applied'; event: DomainEvent; conversation: Conversation | null }
  | { status: 'duplicate'; eventId: string }
  | { status: 'rejected'; code: string; message: string; field?: string; currentStatus?: string; eventId?: string };

export interface EngineOptions {
  analyzer: SentimentAnalyzer;
  /**
   * How many of the latest event ids the engine remembers for duplicate checks (default:
   * all; with a limit, between half of it and all of it). The live pipeline keeps fewer and
   * asks the store's unique index for the others.
   */
  recentIds?: number;
}

export type CheckOutcome = { ok: true; event: DomainEvent } | Exclude<ApplyOutcome, { status: 'applied' }>;

const EMPTY_IDS: ReadonlySet<string> = new Set();

export interface CheckOptions {
  /** Epoch ms: an event dated after this is refused naming `at` (live ingest; replay has none). */
  latestAt?: number;
  /** Ids the log already holds beyond the recent ones (the store's answer for this batch). */
  knownIds?: ReadonlySet<string>;
}

/**
 * The latest event ids: at least the last `capacity / 2`, at most `capacity`. Two
 * generations of sets: ids go into the current one; when it holds half the capacity it
 * becomes the previous one and the one before is dropped whole. No id is ever deleted from a
 * set: a set of 100,000 strings with one deletion per addition spent about a tenth of the
 * apply time re-hashing its holes (docs/benchmarks.md).
 */
class RecentIds {
  private current = new Set<string>();
  private previous = new Set<string>();
  private readonly generationSize: number;

  constructor(capacity: number) {
    this.generationSize = Math.max(1, Math.floor(capacity / 2));
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }

  has(id: string): boolean {
    return this.current.has(id) || this.previous.has(id);
  }

  /**
   * Adds an id that is not among the recent ones (the engine checked it). No look-up first:
   * an id added again lands in the current generation a second time at worst, harmless.
   */
  add(id: string): void {
    if (this.current.size >= this.generationSize) {
      this.previous = this.current;
      this.current = new Set();
    }
    this.current.add(id);
  }

  clear(): void {
    this.current = new Set();
    this.previous = new Set();
  }
}

export class Engine {
  readonly state: DomainState = emptyState();
  readonly projections: Projections;
  /** Ids of the latest applied events: a later event with one of them is a duplicate (SPEC §3). */
  private readonly seenIds: RecentIds;
  /**
   * Streams the log holds but the state no longer does (closed conversations past retention,
   * or events skipped when an old log was restored), with their stream version: their ids
   * cannot be created again, and the store's version check stays in step with the log.
   */
  private readonly archivedStreams = new Map<string, number>();
  private readonly context: EvolveContext;
  /** Events applied since start, for the operators' figures. */
  appliedCount = 0;
  /** Bumped by `reset`: a snapshot being written of the state before it is abandoned. */
  generation = 0;
  /** Told before an event changes state in place (see `watchChanges`). */
  private readonly changeWatchers = new Set<(conversation: Conversation | null) => void>();

  constructor(options: EngineOptions) {
    const { analyzer } = options;
    this.seenIds = new RecentIds(options.recentIds ?? Number.POSITIVE_INFINITY);
    this.context = {
      analyzeMessage: (text) => analyzer.analyze(text),
      combineSentiment: (recent) => analyzer.combine(recent),
    };
    this.projections = new Projections(this.state);
  }

  /** The SPEC §7 level of one customer message alone: the conversation view shows it beside the message. */
  messageLevel(text: string): SentimentLevel {
    return this.context.analyzeMessage(text).level;
  }

  /** Whether the event id is among the recent ones (all of them unless `recentIds` is set). */
  hasSeen(eventId: string): boolean {
    return this.seenIds.has(eventId);
  }

  get recentIdCount(): number {
    return this.seenIds.size;
  }

  archivedStreamVersions(): Iterable<[string, number]> {
    return this.archivedStreams;
  }

  get archivedStreamCount(): number {
    return this.archivedStreams.size;
  }

  /**
   * Calls `watcher` before an event changes a conversation in place, with that conversation,
   * or with null when the event may change any of them (a queue's new units recharge its
   * conversations, lifecycle.ts). A snapshot being written copies what it has not written
   * yet (snapshot.ts). Returns the function that stops the watching.
   */
  watchChanges(watcher: (conversation: Conversation | null) => void): () => void {
    this.changeWatchers.add(watcher);
    return () => this.changeWatchers.delete(watcher);
  }

  /** Restores archived streams (snapshot import). */
  restoreArchived(streams: Iterable<[string, number]>): void {
    for (const [id, version] of streams) this.archivedStreams.set(id, version);
  }

  /**
   * The number of logged events of a conversation's stream as the engine knows it: the
   * `expectedVersion` of the next append to it (0: the stream does not exist).
   */
  streamVersion(conversationId: string): number {
    return this.state.conversations.get(conversationId)?.version ?? this.archivedStreams.get(conversationId) ?? 0;
  }

  /**
   * Counts a logged event that could not be applied (restore of an old log, see
   * pipeline.ts) in its stream's version, so the next append's version check agrees with
   * the log.
   */
  countSkipped(conversationId: string): void {
    const conversation = this.state.conversations.get(conversationId);
    if (conversation) conversation.version += 1;
    else this.archivedStreams.set(conversationId, this.streamVersion(conversationId) + 1);
  }

  /** Forgets everything: the state of a fresh engine, before a rebuild from the log. */
  reset(): void {
    this.state.queues.clear();
    this.state.agents.clear();
    this.state.conversations.clear();
    this.state.queued.clear();
    this.seenIds.clear();
    this.archivedStreams.clear();
    this.appliedCount = 0;
    this.generation += 1;
    this.projections.rebuild();
  }

  /** Validates a raw event (limits, shape, time, duplicate, current state) without applying it. */
  check(raw: unknown, options: CheckOptions = {}): CheckOutcome {
    return this.checkIn(this.state, raw, options, EMPTY_IDS);
  }

  /**
   * Checks a whole batch as if each event were applied after the ones before it, on a
   * scratch copy of what the batch touches: the engine is not changed. One outcome per
   * raw event; a batch with no rejection applies without a refusal, in the same order.
   */
  checkBatch(raws: readonly unknown[], options: CheckOptions = {}): CheckOutcome[] {
    const scratch = this.scratchFor(raws);
    const batchIds = new Set<string>();
    return raws.map((raw) => {
      const outcome = this.checkIn(scratch, raw, options, batchIds);
      if ('ok' in outcome) {
        evolve(scratch, outcome.event, this.context);
        batchIds.add(outcome.event.id);
      }
      return outcome;
    });
  }

  /** Copies of the agents and of the conversations the raw events name; queues are replaced, never changed. */
  private scratchFor(raws: readonly unknown[]): DomainState {
    const scratch: DomainState = {
      queues: new Map(this.state.queues),
      agents: new Map([...this.state.agents].map(([id, agent]) => [id, structuredClone(agent)])),
      conversations: new Map(),
      queued: new Map(),
    };
    for (const raw of raws) {
      const id = typeof raw === 'object' && raw !== null ? (raw as { conversationId?: unknown }).conversationId : undefined;
      const conversation = typeof id === 'string' ? this.state.conversations.get(id) : undefined;
      if (conversation && !scratch.conversations.has(conversation.id)) scratch.conversations.set(conversation.id, structuredClone(conversation));
    }
    return scratch;
  }

  private checkIn(state: DomainState, raw: unknown, options: CheckOptions, batchIds: ReadonlySet<string>): CheckOutcome {
    const parsed = parseEvent(raw);
    if (!parsed.ok) {
      return { status: 'rejected', code: parsed.code, message: parsed.message, field: parsed.field, eventId: parsed.eventId };
    }
    const { event } = parsed;
    if (this.seenIds.has(event.id) || batchIds.has(event.id) || options.knownIds?.has(event.id)) return { status: 'duplicate', eventId: event.id };
    if (options.latestAt !== undefined && Date.parse(event.at) > options.latestAt) {
      const message = `at: ${event.at} is in the future (the server's clock says ${new Date(options.latestAt).toISOString()} at the latest)`;
      return { status: 'rejected', code: 'invalid-event', message, field: 'at', eventId: event.id };
    }
    const refusal = this.checkStateIn(state, event);
    if (refusal) return fromRefusal(refusal, event.id);
    return { ok: true, event };
  }

  /** The SPEC §2/§3 checks against the current state, archived streams included. */
  checkState(event: DomainEvent): Refusal | null {
    return this.checkStateIn(this.state, event);
  }

  private checkStateIn(state: DomainState, event: DomainEvent): Refusal | null {
    if (event.type === 'conversation.created' && this.archivedStreams.has(event.conversationId)) {
      const message = `conversationId: conversation '${event.conversationId}' already exists (closed and archived)`;
      return { ok: false, code: 'conflict', message, field: 'conversationId' };
    }
    return checkEvent(state, event);
  }

  /** Checks and applies one raw event. */
  apply(raw: unknown): ApplyOutcome {
    const checked = this.check(raw);
    if (!('ok' in checked)) return checked;
    return { status: 'applied', event: checked.event, conversation: this.applyChecked(checked.event) };
  }

  /** Applies an event that `check` accepted (or one read back from the durable log). */
  applyChecked(event: DomainEvent): Conversation | null {
    // Read the field (no `in` on the event): undefined for events without a conversation.
    const conversationId = (event as { conversationId?: string }).conversationId;
    const before = conversationId === undefined ? undefined : this.state.conversations.get(conversationId);
    if (this.changeWatchers.size > 0 && (before || event.type === 'queue.upserted')) {
      for (const watcher of this.changeWatchers) watcher(before ?? null);
    }
    // Half the events are messages: they move no figure but the sentiment alert.
    const isContentOnly = before !== undefined && changesOnlyContent(event);
    if (before && !isContentOnly) this.projections.retract(before);
    const conversation = evolve(this.state, event, this.context);
    if (conversation) {
      if (isContentOnly) this.projections.contentChanged(conversation);
      else this.projections.add(conversation);
    }
    if (event.type === 'queue.upserted') this.projections.queueChanged(event.queueId);
    else if (event.type === 'agent.upserted' || event.type === 'agent.presence') this.projections.agentChanged(event.agentId, event.type === 'agent.upserted');
    this.seenIds.add(event.id);
    this.appliedCount += 1;
    return conversation;
  }

  /**
   * Retention: drops the closed conversations created before `cutoff` (epoch ms) from the
   * state and the projections, and returns how many. No report window reaches back more
   * than 72 h (SPEC §6 `includeOpen`), so a cutoff further back changes no report; it keeps
   * a long-running server's memory and snapshots bounded. Their event ids stay known, so a
   * re-sent old event is still a duplicate; an event for a forgotten conversation is refused
   * as one for an unknown conversation, its creation as one that exists (the log keeps its
   * full history).
   */
  forgetClosedBefore(cutoff: number): number {
    let forgotten = 0;
    for (const conversation of this.state.conversations.values()) {
      if (conversation.status !== 'closed' || conversation.createdAt >= cutoff) continue;
      this.projections.forget(conversation);
      this.state.conversations.delete(conversation.id);
      this.archivedStreams.set(conversation.id, conversation.version);
      forgotten += 1;
    }
    return forgotten;
  }

  /**
   * Retention at `now` (the server's clock, epoch ms), run every `intervalMs`: closed
   * conversations created before the reports' horizon leave memory (`forgetClosedBefore`),
   * and per-minute figures are kept only as far back as the longest base window reaches
   * until the next run, so reports at `now` and later read minute buckets; a report at an
   * earlier `at` stays exact, read by the hour. Cells the departed conversations emptied in
   * those older hours are freed. Returns how many conversations left.
   */
  retain(now: number, intervalMs: number): number {
    const forgotten = this.forgetClosedBefore(now - REPORT_HORIZON_MS);
    this.projections.compactBefore(now - LONGEST_BASE_WINDOW_MS - intervalMs);
    return forgotten;
  }

  report(kind: ReportKind, query: ReportQuery): Report {
    return this.projections.report(kind, query);
  }
}

function fromRefusal(refusal: Refusal, eventId: string): Extract<ApplyOutcome, { status: 'rejected' }> {
  return {
    status: 'rejected',
    code: refusal.code,
    message: refusal.message,
    field: refusal.field,
    currentStatus: refusal.status,
    eventId,
  };
}
