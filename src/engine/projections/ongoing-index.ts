/**
 * SPEC §8 "ongoing" (rows of SPEC §6 "Per conversation"): the index of conversations by
 * creation — all of them, and the non-closed ones (no row caps) — plus the inbound
 * conversations in a queue ordered by the start of their current wait (SPEC §6
 * `longestWaitSeconds`) and each agent's non-closed conversations (SPEC §6 agents report).
 *
 * `ongoingPage` is the live server's entry: the ongoing list filtered, sorted and cut to
 * one page without building the rows of the other pages (SPEC §8 rows, plus `total`).
 */
import { isInQueue, waitSeconds, handleMs } from '../../domain/metrics.js';
import type { Conversation, DomainState } from '../../domain/model.js';
import { compareOngoing, ongoingRow, type OngoingReport, type OngoingRow, windowJson } from '../../domain/reports.js';
import { sentimentRank } from '../../domain/sentiment-scale.js';
import {
  INCLUDE_OPEN_HORIZON_MS,
} from '../../domain/metrics.js';
import { isInWindow, matchesFilters, type ReportQuery, type WindowBounds, windowBounds } from '../../domain/window.js';
import { SortedList } from './sorted-list.js';

/** An inbound conversation in a queue, keyed by the start of its current wait. */
export interface InQueueItem {
  since: number;
  conversation: Conversation;
}

interface Memo {
  isOngoing: boolean;
  agentId: string | null;
  inQueue: InQueueItem | null;
}

export type OngoingSort = 'createdAt' | 'waitSeconds' | 'handleSeconds' | 'sentiment';

export interface OngoingPageOptions {
  /** `createdAt` (default: oldest first, then id, as the full report). */
  sort?: OngoingSort;
  descending?: boolean;
  /** Rows per page (default 50). */
  limit?: number;
  offset?: number;
}

export interface OngoingPage extends OngoingReport {
  /** Rows matching the window and filters, over all pages. */
  total: number;
  offset: number;
  limit: number;
}

/** The memo of every closed conversation (never changed: `update` finds nothing to move). */
const CLOSED_MEMO: Memo = Object.freeze({ isOngoing: false, agentId: null, inQueue: null });

const compareInQueue = (a: InQueueItem, b: InQueueItem): number =>
  a.since - b.since || compareOngoing(a.conversation, b.conversation);

export class OngoingIndex {
  /** Every conversation by creation: the window edges are read from it one by one. */
  readonly all = new SortedList<Conversation>(compareOngoing);
  readonly ongoing = new SortedList<Conversation>(compareOngoing);
  readonly inboundInQueue = new SortedList<InQueueItem>(compareInQueue);
  readonly byAgent = new Map<string, Set<Conversation>>();
  private readonly memos = new Map<string, Memo>();

  clear(): void {
    this.all.clear();
    this.ongoing.clear();
    this.inboundInQueue.clear();
    this.byAgent.clear();
    this.memos.clear();
  }

  /** Brings the index in line with the conversation as it is now (after an event). */
  update(conversation: Conversation): void {
    let memo = this.memos.get(conversation.id);
    if (!memo) {
      memo = { isOngoing: false, agentId: null, inQueue: null };
      this.memos.set(conversation.id, memo);
      this.all.insert(conversation);
    }
    const isOngoing = conversation.status !== 'closed';
    if (isOngoing !== memo.isOngoing) {
      if (isOngoing) this.ongoing.insert(conversation);
      else this.ongoing.remove(conversation);
      memo.isOngoing = isOngoing;
    }
    const agentId = isOngoing ? conversation.activeAgentId : null;
    if (agentId !== memo.agentId) {
      if (memo.agentId !== null) this.byAgent.get(memo.agentId)?.delete(conversation);
      if (agentId !== null) {
        let set = this.byAgent.get(agentId);
        if (!set) this.byAgent.set(agentId, (set = new Set()));
        set.add(conversation);
      }
      memo.agentId = agentId;
    }
    const since = isOngoing && conversation.direction === 'inbound' && isInQueue(conversation) ? conversation.queueSince : null;
    if (since !== (memo.inQueue?.since ?? null)) {
      if (memo.inQueue) this.inboundInQueue.remove(memo.inQueue);
      memo.inQueue = since === null ? null : { since, conversation };
      if (memo.inQueue) this.inboundInQueue.insert(memo.inQueue);
    }
    // Closed for good (SPEC §2): every closed conversation's memo reads the same, share one.
    if (!isOngoing && memo !== CLOSED_MEMO) this.memos.set(conversation.id, CLOSED_MEMO);
  }

  /** Drops a closed conversation from the index (it left the retention horizon). */
  forget(conversation: Conversation): void {
    const memo = this.memos.get(conversation.id);
    if (!memo) return;
    if (memo.isOngoing) throw new Error(`cannot forget ongoing conversation ${conversation.id}`);
    this.all.remove(conversation);
    this.memos.delete(conversation.id);
  }

  /** Conversations created in the inclusive range [from, to], oldest first. */
  *createdIn(from: number, to: number): IterableIterator<Conversation> {
    for (const conversation of this.all.from((c) => c.createdAt < from)) {
      if (conversation.createdAt > to) return;
      yield conversation;
    }
  }

  /**
   * `includeOpen` (SPEC §6): the non-closed conversations created in (at − 72 h, at] but
   * outside the base window, oldest first.
   */
  *openBeforeWindow(query: ReportQuery, bounds: WindowBounds): IterableIterator<Conversation> {
    if (!query.includeOpen) return;
    const horizon = query.at - INCLUDE_OPEN_HORIZON_MS;
    for (const conversation of this.ongoing.from((c) => c.createdAt <= horizon)) {
      if (conversation.createdAt > bounds.from || conversation.createdAt > query.at) return;
      if (bounds.fromInclusive && conversation.createdAt === bounds.from) return;
      yield conversation;
    }
  }

  /** The longest current wait among the inbound in-queue conversations the query selects. */
  longestWaitMs(query: ReportQuery, bounds: WindowBounds, accept: (conversation: Conversation) => boolean): number {
    for (const item of this.inboundInQueue) {
      const conversation = item.conversation;
      if (isInWindow(conversation, bounds, query) && accept(conversation)) return Math.max(0, query.at - item.since);
    }
    return 0;
  }

  /** `longestWaitMs` for each of `queueIds` at once (queues without a wait are left out). */
  longestWaitByQueue(
    query: ReportQuery,
    bounds: WindowBounds,
    accept: (conversation: Conversation) => boolean,
    queueIds: ReadonlySet<string>,
  ): Map<string, number> {
    const longest = new Map<string, number>();
    this.inboundInQueue.scanFrom(
      () => false,
      (item) => {
        const queueId = item.conversation.queueId;
        if (queueIds.has(queueId) && !longest.has(queueId) && isInWindow(item.conversation, bounds, query) && accept(item.conversation)) {
          longest.set(queueId, Math.max(0, query.at - item.since));
        }
        return longest.size < queueIds.size;
      },
    );
    return longest;
  }

  /**
   * Calls `visit` on the non-closed conversations the query selects, in the default order
   * (one pass over the ongoing list, no generator).
   */
  private scanSelected(query: ReportQuery, bounds: WindowBounds, visit: (conversation: Conversation) => void): void {
    const lowest = query.includeOpen ? Math.min(query.at - INCLUDE_OPEN_HORIZON_MS, bounds.from) : bounds.from;
    const { filters, scope, at } = query;
    this.ongoing.scanFrom(
      (c) => c.createdAt < lowest,
      (conversation) => {
        if (conversation.createdAt > at) return false;
        if (isInWindow(conversation, bounds, query) && matchesFilters(conversation, filters, scope)) visit(conversation);
        return true;
      },
    );
  }

  /** The non-closed conversations the query selects, in the default order. */
  selected(query: ReportQuery, bounds: WindowBounds): Conversation[] {
    const selected: Conversation[] = [];
    this.scanSelected(query, bounds, (conversation) => selected.push(conversation));
    return selected;
  }

  report(state: DomainState, query: ReportQuery): OngoingReport {
    const bounds = windowBounds(query);
    const conversations = this.selected(query, bounds).map((conversation) => ongoingRow(state, conversation, query.at));
    return { at: query.atIso, window: windowJson(bounds), conversations };
  }

  /**
   * One page of the ongoing list: only its rows are built. One pass counts the selection
   * and keeps the page: by position for the default order, else the `offset + limit`
   * smallest sort keys, each key computed once (ties keep the default order, which is the
   * order of the pass).
   */
  page(state: DomainState, query: ReportQuery, options: OngoingPageOptions = {}): OngoingPage {
    const bounds = windowBounds(query);
    const limit = Math.max(0, options.limit ?? 50);
    const offset = Math.max(0, options.offset ?? 0);
    const sort = options.sort ?? 'createdAt';
    const descending = options.descending ?? false;
    let total = 0;
    let pageConversations: Conversation[];
    if (sort === 'createdAt' && !descending) {
      const end = offset + limit;
      pageConversations = [];
      this.scanSelected(query, bounds, (conversation) => {
        if (total >= offset && total < end) pageConversations.push(conversation);
        total += 1;
      });
    } else if (sort === 'createdAt') {
      const selected = this.selected(query, bounds);
      total = selected.length;
      pageConversations = selected.slice(Math.max(0, total - offset - limit), Math.max(0, total - offset)).reverse();
    } else {
      const key = sortKey(sort, query.at);
      const sign = descending ? -1 : 1;
      const k = offset + limit;
      const best: Conversation[] = [];
      const bestKeys: number[] = [];
      this.scanSelected(query, bounds, (conversation) => {
        total += 1;
        if (k === 0) return;
        const itemKey = sign * key(conversation);
        // Later in the pass = later in the default order: an equal key goes after.
        if (best.length === k && itemKey >= bestKeys[k - 1]) return;
        let lo = 0;
        let hi = best.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (bestKeys[mid] <= itemKey) lo = mid + 1;
          else hi = mid;
        }
        best.splice(lo, 0, conversation);
        bestKeys.splice(lo, 0, itemKey);
        if (best.length > k) {
          best.pop();
          bestKeys.pop();
        }
      });
      pageConversations = best.slice(offset);
    }
    const conversations: OngoingRow[] = pageConversations.map((conversation) => ongoingRow(state, conversation, query.at));
    return { at: query.atIso, window: windowJson(bounds), conversations, total, offset, limit };
  }
}

/** The figure a page is sorted by, as the row shows it. */
function sortKey(sort: Exclude<OngoingSort, 'createdAt'>, at: number): (conversation: Conversation) => number {
  return sort === 'waitSeconds'
    ? (c) => waitSeconds(c, at)
    : sort === 'handleSeconds'
      ? (c) => Math.floor(handleMs(c, at) / 1000)
      : (c) => sentimentRank(c.sentiment);
}

/** The k smallest items in order, in O(n log k) for the small k of a page. */
export function smallestK<T>(items: readonly T[], compare: (a: T, b: T) => number, k: number): T[] {
  const best: T[] = [];
  if (k <= 0) return best;
  for (const item of items) {
    if (best.length === k && compare(item, best[k - 1]) >= 0) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(best[mid], item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, item);
    if (best.length > k) best.pop();
  }
  return best;
}
