/**
 * The report projections of SPEC §8, kept incrementally (DESIGN.md "Two ways to one
 * number"): the ongoing index (ongoing-index.ts), the summary and voice buckets
 * (summary-buckets.ts), the agent board (agent-board.ts) and the queue board
 * (queue-board.ts, built on the summary buckets). They must give exactly what
 * `recompute` (src/domain/recompute.ts) gives; test/engine/projections.property.test.ts
 * checks that on random legal event sequences.
 *
 * Protocol: the engine calls `retract(conversation)` before an event changes that
 * conversation in place, `add(conversation)` after (a new conversation is only added), and
 * `queueChanged(queueId)` after a `queue.upserted` (a new alert threshold, SPEC §7, or
 * service-level threshold, SPEC §6), and
 * `forget(conversation)` when a closed conversation leaves the engine's retention. A
 * `retract` must be followed by the `add` of the same conversation; an event that changes
 * only content (a message) comes as `contentChanged(conversation)` alone. After the state is
 * replaced wholesale (a snapshot restored), call `rebuild()`. The engine also calls
 * `agentChanged(agentId, isConfig)` after an agent event. Open change trackers (`trackChanges`) are
 * told of each of these (change-tracker.ts): the live feed recomputes only what changed.
 */
import type { Conversation, DomainState } from '../../domain/model.js';
import { compareOngoing, type Report, type ReportKind } from '../../domain/reports.js';
import type { ConversationSeries, SeriesBucket } from '../../domain/series.js';
import { LONGEST_BASE_WINDOW_MS, matchesFilters, type ReportQuery, windowBounds } from '../../domain/window.js';
import { AgentBoard } from './agent-board.js';
import { ChangeTracker } from './change-tracker.js';
import { conversationSeries, seriesBucket } from './conversation-series.js';
import { OngoingIndex, type OngoingPage, type OngoingPageOptions } from './ongoing-index.js';
import { QueueBoard } from './queue-board.js';
import { SummaryBuckets } from './summary-buckets.js';

export type { OngoingPage, OngoingPageOptions, OngoingSort } from './ongoing-index.js';
export type { Changes, ChangeTracker } from './change-tracker.js';

export class Projections {
  private readonly index = new OngoingIndex();
  private readonly summaryBuckets: SummaryBuckets;
  private readonly agentBoard: AgentBoard;
  private readonly queueBoard: QueueBoard;
  private trackers: ChangeTracker[] = [];

  constructor(private readonly state: DomainState) {
    this.summaryBuckets = new SummaryBuckets(state, this.index);
    this.agentBoard = new AgentBoard(state, this.index);
    this.queueBoard = new QueueBoard(state, this.summaryBuckets);
    this.rebuild();
  }

  /**
   * Builds every projection again from the state (after a snapshot is restored): in bulk,
   * from the conversations sorted once by creation, not one `add` at a time
   * (test/engine/projections-rebuild.property.test.ts: the same reports). Per-minute
   * figures are kept only as far back as a report at the newest creation or later reaches,
   * as the engine's retention would keep them (`compactBefore`).
   */
  rebuild(): void {
    const sorted = [...this.state.conversations.values()].sort(compareOngoing);
    const newest = sorted.at(-1)?.createdAt ?? Number.NEGATIVE_INFINITY;
    this.index.rebuild(sorted);
    this.summaryBuckets.rebuild(sorted, newest - LONGEST_BASE_WINDOW_MS);
    this.agentBoard.rebuild(sorted);
    for (const tracker of this.trackers) tracker.rebuilt();
  }

  /** Records what the projections change from now on, until the tracker is stopped. */
  trackChanges(): ChangeTracker {
    const tracker = new ChangeTracker((stopped) => (this.trackers = this.trackers.filter((each) => each !== stopped)));
    this.trackers.push(tracker);
    return tracker;
  }

  retract(conversation: Conversation): void {
    this.summaryBuckets.retract(conversation);
    this.agentBoard.retract(conversation);
    for (const tracker of this.trackers) tracker.conversation(conversation);
  }

  add(conversation: Conversation): void {
    this.index.update(conversation);
    this.summaryBuckets.add(conversation);
    this.agentBoard.add(conversation);
    for (const tracker of this.trackers) tracker.conversation(conversation);
  }

  /**
   * An event changed only the conversation's content (lifecycle.ts `changesOnlyContent`): no
   * `retract` came before. Of the figures kept, only the sentiment alert can change.
   */
  contentChanged(conversation: Conversation): void {
    this.summaryBuckets.sentimentChanged(conversation);
    for (const tracker of this.trackers) tracker.conversation(conversation);
  }

  /** An agent event was applied (`isConfig`: `agent.upserted`, else presence). */
  agentChanged(agentId: string, isConfig: boolean): void {
    for (const tracker of this.trackers) tracker.agent(agentId, isConfig);
  }

  /** Takes a closed conversation out of every projection (engine retention). */
  forget(conversation: Conversation): void {
    this.summaryBuckets.retract(conversation);
    this.summaryBuckets.settle();
    this.agentBoard.retract(conversation);
    this.agentBoard.settle();
    this.index.forget(conversation);
    for (const tracker of this.trackers) tracker.conversation(conversation);
  }

  /**
   * Engine retention: keeps per-minute figures only for conversations created from `cutoff`
   * on (reports whose window starts earlier stay exact, read by the hour), and frees the
   * agent board's cells emptied before it.
   */
  compactBefore(cutoff: number): void {
    this.summaryBuckets.dropMinutesBefore(cutoff);
    this.agentBoard.pruneHoursBefore(cutoff);
  }

  queueChanged(queueId: string): void {
    this.summaryBuckets.queueChanged(queueId);
    for (const tracker of this.trackers) tracker.queueConfig(queueId);
  }

  report(kind: ReportKind, query: ReportQuery): Report {
    switch (kind) {
      case 'ongoing':
        return this.index.report(this.state, query);
      case 'summary':
        return this.summaryBuckets.summary(query, this.queueBoard.alertCounts(query));
      case 'voice':
        return this.summaryBuckets.voice(query);
      case 'agents':
        return this.agentBoard.report(query);
      case 'queues':
        return this.queueBoard.report(query);
    }
  }

  /** The conversations series of the query's window (src/domain/series.ts). */
  series(query: ReportQuery): ConversationSeries {
    return conversationSeries(this.summaryBuckets, query);
  }

  /** One quarter hour of that series (a live patch recomputes only the quarters that changed). */
  seriesBucket(query: ReportQuery, start: number): SeriesBucket {
    return seriesBucket(this.summaryBuckets, query, start);
  }

  /**
   * One page of the ongoing report for the live console: filtered like `report('ongoing')`,
   * sorted by `createdAt` (default), `waitSeconds`, `handleSeconds` or `sentiment` (ties
   * in the default order), with `total` the number of rows over all pages. Only the page's
   * rows are built, so it stays fast with 100,000 ongoing conversations.
   */
  ongoingPage(query: ReportQuery, options?: OngoingPageOptions): OngoingPage {
    return this.index.page(this.state, query, () => this.summaryBuckets.ongoingCount(query), options);
  }

  /**
   * The start of the longest current wait the summary (or, `isVoice`, the voice report)
   * of `query` shows as `longestWaitSeconds`; null when nobody waits. Read from the
   * in-queue index, as the reports read it.
   */
  longestWaitSince(query: ReportQuery, isVoice: boolean): number | null {
    const { filters, scope } = query;
    if (isVoice && filters.channel !== undefined && filters.channel !== 'voice') return null;
    const voiceFilters = isVoice ? { ...filters, channel: 'voice' as const } : filters;
    return this.index.longestWaitSince(query, windowBounds(query), (conversation) => matchesFilters(conversation, voiceFilters, scope));
  }

  /** `longestWaitSince` of each of `queueIds` as the queues report counts them (queues without a wait left out). */
  longestWaitSinceByQueue(query: ReportQuery, queueIds: Iterable<string>): Map<string, number> {
    const accept = (conversation: Conversation) => matchesFilters(conversation, query.filters, query.scope);
    return this.index.longestWaitSinceByQueue(query, windowBounds(query), accept, queueIds);
  }

  /** The ongoing index, read by the live feed to fill a view and to read its rows by agent. */
  get ongoing(): OngoingIndex {
    return this.index;
  }
}
