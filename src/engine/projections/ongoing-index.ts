/**
 * SPEC §8 "ongoing" (rows of SPEC §6 "Per conversation"): the index of conversations by
 * creation — all of them, and the non-closed ones (no row caps) — plus, per queue, the
 * inbound conversations in it ordered by the start of their current wait (SPEC §6
 * `longestWaitSeconds`: the first one the query selects is the longest wait, no scan), the
 * non-closed conversations by their `waitSeconds` (running waits by their start, finished
 * ones by their value) and each agent's non-closed conversations (SPEC §6 agents report).
 *
 * `ongoingPage` is the live server's entry: the ongoing list filtered, sorted and cut to
 * one page without building the rows of the other pages (SPEC §8 rows, plus `total`).
 */
import { firstWaitMs, isInQueue, waitSeconds, handleMs } from '../../domain/metrics.js';
import type { Conversation, DomainState } from '../../domain/model.js';
import { compareOngoing, ongoingRow, type OngoingReport, type OngoingRow, windowJson } from '../../domain/reports.js';
import { sentimentRank } from '../../domain/sentiment-scale.js';
import {
  INCLUDE_OPEN_HORIZON_MS,
} from '../../domain/metrics.js';
import { isInWindow, matchesFilters, type ReportQuery, type WindowBounds, windowBounds } from '../../domain/window.js';
import { mergeByKey } from './merge-by-key.js';
import { SortedList } from './sorted-list.js';

/**
 * A conversation keyed by the start of its current wait: in the per-queue lists an inbound
 * conversation in a queue, in `runningWaits` any non-closed one whose wait runs (in a queue,
 * or never accepted).
 */
export interface InQueueItem {
  since: number;
  queueId: string;
  conversation: Conversation;
}

/** A non-closed conversation whose wait is over (its first wait, SPEC §6 `waitSeconds`), keyed by it. */
interface FixedWaitItem {
  waitMs: number;
  conversation: Conversation;
}

interface Memo {
  isOngoing: boolean;
  agentId: string | null;
  inQueue: InQueueItem | null;
  runningWait: InQueueItem | null;
  fixedWait: FixedWaitItem | null;
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
const CLOSED_MEMO: Memo = Object.freeze({ isOngoing: false, agentId: null, inQueue: null, runningWait: null, fixedWait: null });

const compareInQueue = (a: InQueueItem, b: InQueueItem): number =>
  a.since - b.since || compareOngoing(a.conversation, b.conversation);

/** Longest first wait first. */
const compareFixedWait = (a: FixedWaitItem, b: FixedWaitItem): number =>
  b.waitMs - a.waitMs || compareOngoing(a.conversation, b.conversation);

function* conversationsOf(items: Iterable<{ conversation: Conversation }>): Generator<Conversation> {
  for (const item of items) yield item.conversation;
}

export class OngoingIndex {
  /** Every conversation by creation: the window edges are read from it one by one. */
  readonly all = new SortedList<Conversation>(compareOngoing);
  readonly ongoing = new SortedList<Conversation>(compareOngoing);
  /** Inbound conversations in a queue, per queue, oldest wait first. */
  readonly inQueueByQueue = new Map<string, SortedList<InQueueItem>>();
  private readonly runningWaits = new SortedList<InQueueItem>(compareInQueue);
  private readonly fixedWaits = new SortedList<FixedWaitItem>(compareFixedWait);
  readonly byAgent = new Map<string, Set<Conversation>>();
  private readonly memos = new Map<string, Memo>();

  clear(): void {
    this.all.clear();
    this.ongoing.clear();
    this.inQueueByQueue.clear();
    this.runningWaits.clear();
    this.fixedWaits.clear();
    this.byAgent.clear();
    this.memos.clear();
  }

  /**
   * Builds the index afresh from `sorted` (every conversation, in `compareOngoing` order):
   * a closed conversation only sits in `all` with the shared closed memo, as `update` leaves
   * it, so those are loaded in one go and only the non-closed ones go through `update`.
   */
  rebuild(sorted: readonly Conversation[]): void {
    this.clear();
    const closed = sorted.filter((conversation) => conversation.status === 'closed');
    this.all.load(closed);
    for (const conversation of closed) this.memos.set(conversation.id, CLOSED_MEMO);
    for (const conversation of sorted) if (conversation.status !== 'closed') this.update(conversation);
  }

  /** Brings the index in line with the conversation as it is now (after an event). */
  update(conversation: Conversation): void {
    let memo = this.memos.get(conversation.id);
    if (!memo) {
      memo = { isOngoing: false, agentId: null, inQueue: null, runningWait: null, fixedWait: null };
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
    const queueId = conversation.queueId;
    const isQueued = isOngoing && isInQueue(conversation);
    const since = isQueued && conversation.direction === 'inbound' ? conversation.queueSince : null;
    if (since !== (memo.inQueue?.since ?? null) || (memo.inQueue !== null && memo.inQueue.queueId !== queueId)) {
      if (memo.inQueue) this.inQueueOf(memo.inQueue.queueId).remove(memo.inQueue);
      memo.inQueue = since === null ? null : { since, queueId, conversation };
      if (memo.inQueue) this.inQueueOf(queueId).insert(memo.inQueue);
    }
    // SPEC §6 `waitSeconds`: the current wait while in a queue or never accepted, else the first wait.
    const first = firstWaitMs(conversation);
    const runningSince = isOngoing && (isQueued || first === null) ? conversation.queueSince : null;
    if (runningSince !== (memo.runningWait?.since ?? null)) {
      if (memo.runningWait) this.runningWaits.remove(memo.runningWait);
      memo.runningWait = runningSince === null ? null : { since: runningSince, queueId, conversation };
      if (memo.runningWait) this.runningWaits.insert(memo.runningWait);
    }
    const fixedWaitMs = isOngoing && runningSince === null ? first : null;
    if (fixedWaitMs !== (memo.fixedWait?.waitMs ?? null)) {
      if (memo.fixedWait) this.fixedWaits.remove(memo.fixedWait);
      memo.fixedWait = fixedWaitMs === null ? null : { waitMs: fixedWaitMs, conversation };
      if (memo.fixedWait) this.fixedWaits.insert(memo.fixedWait);
    }
    // Closed for good (SPEC §2): every closed conversation's memo reads the same, share one.
    if (!isOngoing && memo !== CLOSED_MEMO) this.memos.set(conversation.id, CLOSED_MEMO);
  }

  private inQueueOf(queueId: string): SortedList<InQueueItem> {
    let list = this.inQueueByQueue.get(queueId);
    if (!list) this.inQueueByQueue.set(queueId, (list = new SortedList(compareInQueue)));
    return list;
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
    const since = this.longestWaitSince(query, bounds, accept);
    return since === null ? 0 : Math.max(0, query.at - since);
  }

  /**
   * The start of that longest wait (null: nobody waits): the first selected item of each
   * queue the query can see, the oldest of those. A queue's list is read only up to the
   * oldest start found so far.
   */
  longestWaitSince(query: ReportQuery, bounds: WindowBounds, accept: (conversation: Conversation) => boolean): number | null {
    const { filters, scope } = query;
    const queueIds = filters.queue !== undefined ? [filters.queue] : (scope ?? this.inQueueByQueue.keys());
    let best: InQueueItem | null = null;
    for (const queueId of queueIds) {
      const first = this.firstWaiting(queueId, query, bounds, accept, best);
      if (first !== null) best = first;
    }
    return best === null ? null : best.since;
  }

  /** The first selected item of a queue's in-queue list that comes before `before`. */
  private firstWaiting(
    queueId: string,
    query: ReportQuery,
    bounds: WindowBounds,
    accept: (conversation: Conversation) => boolean,
    before: InQueueItem | null,
  ): InQueueItem | null {
    let found: InQueueItem | null = null;
    this.inQueueByQueue.get(queueId)?.scanFrom(
      () => false,
      (item) => {
        if (before !== null && compareInQueue(item, before) >= 0) return false;
        if (!isInWindow(item.conversation, bounds, query) || !accept(item.conversation)) return true;
        found = item;
        return false;
      },
    );
    return found;
  }

  /** `longestWaitMs` for each of `queueIds` at once (queues without a wait are left out). */
  longestWaitByQueue(
    query: ReportQuery,
    bounds: WindowBounds,
    accept: (conversation: Conversation) => boolean,
    queueIds: ReadonlySet<string>,
  ): Map<string, number> {
    const longest = new Map<string, number>();
    for (const [queueId, since] of this.longestWaitSinceByQueue(query, bounds, accept, queueIds)) {
      longest.set(queueId, Math.max(0, query.at - since));
    }
    return longest;
  }

  /** `longestWaitSince` for each of `queueIds` (queues without a wait are left out). */
  longestWaitSinceByQueue(
    query: ReportQuery,
    bounds: WindowBounds,
    accept: (conversation: Conversation) => boolean,
    queueIds: Iterable<string>,
  ): Map<string, number> {
    const longest = new Map<string, number>();
    for (const queueId of queueIds) {
      const first = this.firstWaiting(queueId, query, bounds, accept, null);
      if (first !== null) longest.set(queueId, first.since);
    }
    return longest;
  }

  /**
   * Calls `visit` on the non-closed conversations the query selects, in the default order
   * (one pass over the ongoing list, no generator), until `visit` returns false.
   */
  private scanSelected(query: ReportQuery, bounds: WindowBounds, visit: (conversation: Conversation) => boolean): void {
    const lowest = lowestCreatedAt(query, bounds);
    const { filters, scope, at } = query;
    this.ongoing.scanFrom(
      (c) => c.createdAt < lowest,
      (conversation) => {
        if (conversation.createdAt > at) return false;
        if (isInWindow(conversation, bounds, query) && matchesFilters(conversation, filters, scope)) return visit(conversation);
        return true;
      },
    );
  }

  /** The non-closed conversations the query selects, in the default order. */
  selected(query: ReportQuery, bounds: WindowBounds): Conversation[] {
    const selected: Conversation[] = [];
    this.scanSelected(query, bounds, (conversation) => selected.push(conversation) > 0);
    return selected;
  }

  /** The selected conversations from the last of the default order, while `visit` returns true. */
  private scanSelectedBackwards(query: ReportQuery, bounds: WindowBounds, visit: (conversation: Conversation) => boolean): void {
    const lowest = lowestCreatedAt(query, bounds);
    const { filters, scope, at } = query;
    for (const conversation of this.ongoing.reversed()) {
      if (conversation.createdAt > at) continue;
      if (conversation.createdAt < lowest) return;
      if (isInWindow(conversation, bounds, query) && matchesFilters(conversation, filters, scope) && !visit(conversation)) return;
    }
  }

  /**
   * Every non-closed conversation by `waitSeconds` at `at` (longest first when
   * `descending`), ties in the default order: running waits merged with finished ones.
   */
  byWait(at: number, descending: boolean): Generator<Conversation> {
    const running = conversationsOf(descending ? this.runningWaits : this.runningWaits.reversed());
    const fixed = conversationsOf(descending ? this.fixedWaits : this.fixedWaits.reversed());
    return mergeByKey([running, fixed], (conversation) => waitSeconds(conversation, at), descending, compareOngoing);
  }

  report(state: DomainState, query: ReportQuery): OngoingReport {
    const bounds = windowBounds(query);
    const conversations = this.selected(query, bounds).map((conversation) => ongoingRow(state, conversation, query.at));
    return { at: query.atIso, window: windowJson(bounds), conversations };
  }

  /**
   * One page of the ongoing list: only its rows are built. `selectedCount` gives the number
   * of rows over all pages without a pass over them (the summary's figures count the
   * non-closed conversations of the window after filters). The default order and the wait
   * orders are kept sorted, so their pages are read from the start of an order, the
   * rows before the page skipped; a sort by another clock figure or by sentiment is one pass
   * that keeps the `offset + limit` smallest keys, each computed once (ties keep the default
   * order, which is the order of the pass).
   */
  page(state: DomainState, query: ReportQuery, selectedCount: () => number, options: OngoingPageOptions = {}): OngoingPage {
    const bounds = windowBounds(query);
    const limit = Math.max(0, options.limit ?? 50);
    const offset = Math.max(0, options.offset ?? 0);
    const sort = options.sort ?? 'createdAt';
    const descending = options.descending ?? false;
    let total = 0;
    let pageConversations: Conversation[] = [];
    const takePage = (conversation: Conversation) => {
      if (total++ >= offset) pageConversations.push(conversation);
      return pageConversations.length < limit;
    };
    if (sort === 'createdAt' || sort === 'waitSeconds') {
      if (limit > 0) {
        if (sort === 'waitSeconds') {
          // Read from the wait orders (running waits by their start, merged with finished ones), not computed for every row.
          for (const conversation of this.byWait(query.at, descending)) {
            if (isInWindow(conversation, bounds, query) && matchesFilters(conversation, query.filters, query.scope) && !takePage(conversation)) break;
          }
        } else if (descending) {
          this.scanSelectedBackwards(query, bounds, takePage);
        } else {
          this.scanSelected(query, bounds, takePage);
        }
      }
      total = selectedCount();
    } else {
      const key = sortKey(sort as Exclude<OngoingSort, 'createdAt' | 'waitSeconds'>, query.at);
      const sign = descending ? -1 : 1;
      const k = offset + limit;
      const best: Conversation[] = [];
      const bestKeys: number[] = [];
      this.scanSelected(query, bounds, (conversation) => {
        total += 1;
        if (k === 0) return true;
        const itemKey = sign * key(conversation);
        // Later in the pass = later in the default order: an equal key goes after.
        if (best.length === k && itemKey >= bestKeys[k - 1]) return true;
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
        return true;
      });
      pageConversations = best.slice(offset);
    }
    const conversations: OngoingRow[] = pageConversations.map((conversation) => ongoingRow(state, conversation, query.at));
    return { at: query.atIso, window: windowJson(bounds), conversations, total, offset, limit };
  }
}

/** The earliest creation a selected non-closed conversation can have: the window's start, or the `includeOpen` horizon. */
function lowestCreatedAt(query: ReportQuery, bounds: WindowBounds): number {
  return query.includeOpen ? Math.min(query.at - INCLUDE_OPEN_HORIZON_MS, bounds.from) : bounds.from;
}

/** The figure a page is sorted by, as the row shows it (`waitSeconds` pages are read from the wait orders). */
function sortKey(sort: Exclude<OngoingSort, 'createdAt' | 'waitSeconds'>, at: number): (conversation: Conversation) => number {
  return sort === 'handleSeconds' ? (c) => Math.floor(handleMs(c, at) / 1000) : (c) => sentimentRank(c.sentiment);
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
