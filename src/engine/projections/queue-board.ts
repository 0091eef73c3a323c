/**
 * SPEC §8 "queues" (SPEC §6 "Queues report", "Thresholds and alerts", "Staffing advice")
 * from the other projections: each queue's window figures from the summary buckets' queue
 * sums in one pass (a second, without the conversation filters, for staffing's handle time
 * when the query has such filters), the last half hour's arrivals from the same sums, and
 * the member agents read at report time. The rows themselves are built by the domain.
 */
import type { DomainState, Queue } from '../../domain/model.js';
import { type AlertLevel, canAlert } from '../../domain/queue-alerts.js';
import {
  countQueueAlerts,
  hasConversationFilters,
  queueAgents,
  type QueueRow,
  queueRow,
  type QueuesReport,
  queuesInView,
} from '../../domain/queues-report.js';
import { windowJson } from '../../domain/reports.js';
import { type ReportQuery, windowBounds } from '../../domain/window.js';
import type { SummaryBuckets } from './summary-buckets.js';

export class QueueBoard {
  constructor(
    private readonly state: DomainState,
    private readonly summaryBuckets: SummaryBuckets,
  ) {}

  report(query: ReportQuery): QueuesReport {
    const queues = this.rows(query, queuesInView(this.state, query));
    return { at: query.atIso, window: windowJson(windowBounds(query)), queues };
  }

  /** The summary's counts of queues in warn and in alert: only queues with thresholds can be. */
  alertCounts(query: ReportQuery): Record<AlertLevel, number> {
    const queues = queuesInView(this.state, query).filter((queue) => canAlert(queue.thresholds));
    return countQueueAlerts(this.rows(query, queues));
  }

  private rows(query: ReportQuery, queues: readonly Queue[]): QueueRow[] {
    if (queues.length === 0) return [];
    const ids = new Set(queues.map((queue) => queue.id));
    const figures = this.summaryBuckets.totalsByQueue(query, query.filters, ids);
    const unfiltered = hasConversationFilters(query) ? this.summaryBuckets.totalsByQueue(query, {}, ids) : figures;
    const arrivals = this.summaryBuckets.arrivals(query.at);
    const agents = queueAgents(this.state.agents.values());
    return queues.map((queue) => {
      const { totals, longestWaitMs } = figures.get(queue.id)!;
      return queueRow(queue, {
        totals,
        longestWaitMs,
        unfilteredTotals: unfiltered.get(queue.id)!.totals,
        arrivals: arrivals.arrivalsOf(queue),
        agents: agents.get(queue.id),
      });
    });
  }
}
