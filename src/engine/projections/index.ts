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
 * `retract` must be followed by the `add` of the same conversation. After the state is
 * replaced wholesale (a snapshot restored), call `rebuild()`.
 */
import type { Conversation, DomainState } from '../../domain/model.js';
import type { Report, ReportKind } from '../../domain/reports.js';
import type { ReportQuery } from '../../domain/window.js';
import { AgentBoard } from './agent-board.js';
import { OngoingIndex, type OngoingPage, type OngoingPageOptions } from './ongoing-index.js';
import { QueueBoard } from './queue-board.js';
import { SummaryBuckets } from './summary-buckets.js';

export type { OngoingPage, OngoingPageOptions, OngoingSort } from './ongoing-index.js';

export class Projections {
  private readonly index = new OngoingIndex();
  private readonly summaryBuckets: SummaryBuckets;
  private readonly agentBoard: AgentBoard;
  private readonly queueBoard: QueueBoard;

  constructor(private readonly state: DomainState) {
    this.summaryBuckets = new SummaryBuckets(state, this.index);
    this.agentBoard = new AgentBoard(state, this.index);
    this.queueBoard = new QueueBoard(state, this.summaryBuckets);
    this.rebuild();
  }

  /** Builds every projection again from the state (after a snapshot is restored). */
  rebuild(): void {
    this.index.clear();
    this.summaryBuckets.clear();
    this.agentBoard.clear();
    for (const conversation of this.state.conversations.values()) this.add(conversation);
  }

  retract(conversation: Conversation): void {
    this.summaryBuckets.retract(conversation);
    this.agentBoard.retract(conversation);
  }

  add(conversation: Conversation): void {
    this.index.update(conversation);
    this.summaryBuckets.add(conversation);
    this.agentBoard.add(conversation);
  }

  /** Takes a closed conversation out of every projection (engine retention). */
  forget(conversation: Conversation): void {
    this.summaryBuckets.retract(conversation);
    this.summaryBuckets.settle();
    this.agentBoard.retract(conversation);
    this.agentBoard.settle();
    this.index.forget(conversation);
  }

  queueChanged(queueId: string): void {
    this.summaryBuckets.queueChanged(queueId);
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

  /**
   * One page of the ongoing report for the live console: filtered like `report('ongoing')`,
   * sorted by `createdAt` (default), `waitSeconds`, `handleSeconds` or `sentiment` (ties
   * in the default order), with `total` the number of rows over all pages. Only the page's
   * rows are built, so it stays fast with 100,000 ongoing conversations.
   */
  ongoingPage(query: ReportQuery, options?: OngoingPageOptions): OngoingPage {
    return this.index.page(this.state, query, options);
  }
}
