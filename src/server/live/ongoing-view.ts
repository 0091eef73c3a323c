/**
 * An ongoing view of the live feed kept row by row (issue #15 item 1; docs/live-feed.md):
 * the SPEC §8 ongoing rows one report, filters and scope select, each with its tick
 * timestamps. A coalescing tick looks only at the conversations the engine says changed
 * (change-tracker.ts), the conversations of reconfigured agents and the rows of reconfigured
 * queues, and at the oldest rows when the window slid: its cost follows what changed and
 * the rows shown, not the engine's state. A row is sent again only when it changed beyond
 * its clocks, as `diffLiveStates` (live-report.ts) decides from two full reports; the
 * property test `test/server/live-incremental.property.test.ts` holds the two equal.
 *
 * Viewports (viewport.ts) read ranges from sorted orders of these rows, kept as the rows
 * change: one per sort a viewport uses. A clock column (`waitSeconds`, `handleSeconds`)
 * keeps its running clocks ordered by their start and its finished ones by their value,
 * merged when read at the current moment.
 */
import type { Conversation } from '../../domain/model.js';
import { ongoingRow, type OngoingRow, windowJson } from '../../domain/reports.js';
import { isInWindow, matchesFilters, type ReportQuery, toIso, type WindowBounds, windowBounds } from '../../domain/window.js';
import type { Changes } from '../../engine/projections/index.js';
import { mergeByKey } from '../../engine/projections/merge-by-key.js';
import { SortedList } from '../../engine/projections/sorted-list.js';
import {
  isSameRow,
  isSameTicks,
  type LiveEngine,
  type LiveOngoingReport,
  type LiveOngoingRow,
  liveRow,
  ONGOING_CLOCKS,
  type RowsPatch,
  type RowTicks,
  rowTicks,
} from './live-report.js';
import {
  customerNameOf,
  matchesSearch,
  MAX_VIEWPORT_ROWS,
  sortValue,
  type ViewportAnswer,
  type ViewportRow,
  type ViewportSort,
} from './viewport.js';

/** One row of the view: immutable, replaced whole when its conversation changes. */
interface Entry {
  id: string;
  createdAt: number;
  conversation: Conversation;
  row: OngoingRow;
  ticks: RowTicks;
  customerName: string | null;
}

/** The §8 order: created, then id. */
const compareEntries = (a: Entry, b: Entry): number => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** An entry with its sort key in one viewport order; `isRunning`: the key is the `base` of a running clock. */
interface Keyed {
  entry: Entry;
  key: string | number;
  isRunning: boolean;
}

/**
 * The rows in one viewport sort. `fixed` holds rows whose sort value does not move with
 * the clock, by that value. `running` (clock columns only) holds rows whose clock runs, by
 * `base`, where the shown value at `t` is `floor((base + t) / 1000)`.
 */
class SortedOrder {
  readonly fixed: SortedList<Keyed>;
  readonly running: SortedList<Keyed> | null;
  private readonly keyed = new Map<string, Keyed>();

  constructor(
    readonly sort: ViewportSort,
    entries: Iterable<Entry>,
  ) {
    const sign = sort.direction === 'asc' ? 1 : -1;
    const compare = (a: Keyed, b: Keyed) => (a.key === b.key ? compareEntries(a.entry, b.entry) : (a.key < b.key ? -1 : 1) * sign);
    this.fixed = new SortedList(compare);
    this.running = isClockColumn(sort.column) ? new SortedList(compare) : null;
    for (const entry of entries) this.insert(entry);
  }

  insert(entry: Entry): void {
    const base = this.runningBase(entry);
    const keyed: Keyed = { entry, key: base ?? sortValue(entry.row, this.sort.column), isRunning: base !== null };
    this.keyed.set(entry.id, keyed);
    (keyed.isRunning ? this.running! : this.fixed).insert(keyed);
  }

  remove(entry: Entry): void {
    const keyed = this.keyed.get(entry.id);
    if (!keyed) return;
    this.keyed.delete(entry.id);
    (keyed.isRunning ? this.running! : this.fixed).remove(keyed);
  }

  /** The rows in this order at `at`, from position `from`. */
  *from(from: number, at: number): Generator<Entry> {
    if (this.running === null) {
      for (const keyed of this.fixed.fromIndex(from)) yield keyed.entry;
      return;
    }
    const shown = (keyed: Keyed) => (keyed.isRunning ? Math.floor(((keyed.key as number) + at) / 1000) : (keyed.key as number));
    const merged = mergeByKey([this.running[Symbol.iterator](), this.fixed[Symbol.iterator]()], shown, this.sort.direction === 'desc', (a, b) =>
      compareEntries(a.entry, b.entry),
    );
    let skipped = 0;
    for (const keyed of merged) {
      if (skipped < from) skipped += 1;
      else yield keyed.entry;
    }
  }

  /** For a clock column, `base` of a running clock (see the class); null when the value is fixed. */
  private runningBase(entry: Entry): number | null {
    const { ticks } = entry;
    if (this.sort.column === 'waitSeconds') return ticks.waitStartedAt === null ? null : -ticks.waitStartedAt!;
    if (this.sort.column === 'handleSeconds') return ticks.handleRunningSince === null ? null : ticks.handleBaseMs! - ticks.handleRunningSince!;
    return null;
  }
}

function isClockColumn(column: ViewportSort['column']): boolean {
  return column === 'waitSeconds' || column === 'handleSeconds';
}

function orderKeyOf(sort: ViewportSort): string {
  return `${sort.column} ${sort.direction}`;
}

/** The row with its clocks read at `at` from its tick timestamps (docs/live-feed.md "What the browser ticks"). */
function rowAt(entry: Entry, at: number): OngoingRow {
  const { row, ticks } = entry;
  const waitStartedAt = ticks.waitStartedAt;
  const handleRunningSince = ticks.handleRunningSince;
  if (waitStartedAt === null && handleRunningSince === null) return row;
  return {
    ...row,
    waitSeconds: waitStartedAt === null ? row.waitSeconds : Math.floor((at - waitStartedAt!) / 1000),
    handleSeconds: handleRunningSince === null ? row.handleSeconds : Math.floor((ticks.handleBaseMs! + at - handleRunningSince!) / 1000),
  };
}

export class OngoingView {
  /** The moment of the view's last update, and its window then. */
  at: number;
  private bounds: WindowBounds;
  private readonly entries = new Map<string, Entry>();
  private readonly order = new SortedList<Entry>(compareEntries);
  /** Conversations created after the view's moment (a clock behind the events'): looked at again on each update. */
  private readonly notYetCreated = new Set<string>();
  private readonly orders = new Map<string, SortedOrder>();
  /** Searched orders (order key and search), valid until the rows change or the clock moves on. */
  private readonly searched = new Map<string, Entry[]>();

  constructor(
    private readonly template: ReportQuery,
    engine: LiveEngine,
    at: number,
  ) {
    this.at = at;
    this.bounds = windowBounds(this.queryAt(at));
    this.fill(engine);
  }

  get size(): number {
    return this.entries.size;
  }

  private queryAt(at: number): ReportQuery {
    return { ...this.template, at, atIso: toIso(at) };
  }

  /** The rows the engine's index selects now (a new view, or after a rebuild). */
  private fill(engine: LiveEngine): void {
    const query = this.queryAt(this.at);
    const index = engine.projections.ongoing;
    for (const conversation of index.selected(query, this.bounds)) this.put(this.entryOf(engine, conversation));
    for (const conversation of index.ongoing.from((c) => c.createdAt <= this.at)) this.notYetCreated.add(conversation.id);
  }

  private entryOf(engine: LiveEngine, conversation: Conversation): Entry {
    return {
      id: conversation.id,
      createdAt: conversation.createdAt,
      conversation,
      row: ongoingRow(engine.state, conversation, this.at),
      ticks: rowTicks(conversation, this.at),
      customerName: customerNameOf(conversation),
    };
  }

  private put(entry: Entry): void {
    this.entries.set(entry.id, entry);
    this.order.insert(entry);
    for (const order of this.orders.values()) order.insert(entry);
  }

  private drop(entry: Entry): void {
    this.entries.delete(entry.id);
    this.order.remove(entry);
    for (const order of this.orders.values()) order.remove(entry);
  }

  /**
   * Brings the rows to `at` after `changes`: the rows that left the window, and each
   * changed conversation selected or not. Returns the rows part of the patch, or null.
   */
  update(engine: LiveEngine, changes: Changes, at: number): RowsPatch<LiveOngoingRow> | null {
    this.at = at;
    const query = this.queryAt(at);
    const bounds = windowBounds(query);
    this.bounds = bounds;
    this.searched.clear();
    const upserted: Entry[] = [];
    const removed: string[] = [];
    if (changes.isRebuilt) return this.refill(engine);

    // The window slid: the oldest rows leave it (the rows are non-closed, so in-window is a
    // suffix of the creation order).
    const leaving: Entry[] = [];
    for (const entry of this.order) {
      if (isInWindow(entry.conversation, bounds, query)) break;
      leaving.push(entry);
    }
    for (const entry of leaving) {
      this.drop(entry);
      removed.push(entry.id);
    }

    const recheck = new Set<string>(changes.conversations);
    // A row shows its agent's name: only `agent.upserted` changes it (presence does not).
    if (changes.isAgentConfigChanged) {
      for (const agentId of changes.agents) {
        for (const conversation of engine.projections.ongoing.byAgent.get(agentId) ?? []) recheck.add(conversation.id);
      }
    }
    if (changes.queueConfigs.size > 0) {
      for (const entry of this.entries.values()) if (changes.queueConfigs.has(entry.row.queueId)) recheck.add(entry.id);
    }
    for (const id of this.notYetCreated) recheck.add(id);

    for (const id of recheck) {
      this.notYetCreated.delete(id);
      const conversation = engine.state.conversations.get(id);
      const old = this.entries.get(id);
      const isOngoing = conversation !== undefined && conversation.status !== 'closed';
      if (isOngoing && conversation.createdAt > at) this.notYetCreated.add(id);
      const isSelected = isOngoing && isInWindow(conversation, bounds, query) && matchesFilters(conversation, query.filters, query.scope);
      if (!isSelected) {
        if (old) {
          this.drop(old);
          removed.push(id);
        }
        continue;
      }
      const entry = this.entryOf(engine, conversation);
      if (old) {
        const isSame = isSameRow(old.row, entry.row, ONGOING_CLOCKS) && isSameTicks(old.ticks, entry.ticks);
        if (isSame && old.customerName === entry.customerName) continue;
        this.drop(old);
        this.put(entry);
        if (isSame) continue;
      } else this.put(entry);
      upserted.push(entry);
    }
    if (upserted.length === 0 && removed.length === 0) return null;
    upserted.sort(compareEntries);
    return { upsert: upserted.map((entry) => liveRow<LiveOngoingRow>(entry.row, entry.ticks)), remove: removed };
  }

  /** Everything may have changed (a rebuild): the rows again from the index, and the difference. */
  private refill(engine: LiveEngine): RowsPatch<LiveOngoingRow> | null {
    const before = new Map(this.entries);
    for (const entry of before.values()) this.drop(entry);
    this.notYetCreated.clear();
    this.fill(engine);
    const upsert: LiveOngoingRow[] = [];
    for (const entry of this.order) {
      const old = before.get(entry.id);
      before.delete(entry.id);
      if (!old || !isSameRow(old.row, entry.row, ONGOING_CLOCKS) || !isSameTicks(old.ticks, entry.ticks)) {
        upsert.push(liveRow<LiveOngoingRow>(entry.row, entry.ticks));
      }
    }
    const remove = [...before.keys()];
    return upsert.length === 0 && remove.length === 0 ? null : { upsert, remove };
  }

  window(): { from: string; to: string } {
    return windowJson(this.bounds);
  }

  /** The view as a snapshot sends it: the SPEC §8 report at the view's moment, with tick timestamps. */
  snapshot(): LiveOngoingReport {
    const conversations: LiveOngoingRow[] = [];
    for (const entry of this.order) conversations.push(liveRow<LiveOngoingRow>(rowAt(entry, this.at), entry.ticks));
    return { at: toIso(this.at), window: this.window(), conversations };
  }

  /** Keeps the sorted orders of these sorts only (the ones open viewports use). */
  keepOrders(sorts: Iterable<ViewportSort>): void {
    const used = new Set([...sorts].map(orderKeyOf));
    for (const key of this.orders.keys()) if (!used.has(key)) this.orders.delete(key);
  }

  /**
   * The rows `[from, from + count)` after `search` in `sort` order, clocks read at `now`;
   * ties keep the report's order. Without a search, only the range is read.
   */
  range(sort: ViewportSort, search: string, from: number, count: number, now: number): ViewportAnswer {
    const key = orderKeyOf(sort);
    let order = this.orders.get(key);
    if (!order) this.orders.set(key, (order = new SortedOrder(sort, this.entries.values())));
    const needle = search.trim().toLowerCase();
    const take = Math.min(count, MAX_VIEWPORT_ROWS);
    const rows: ViewportRow[] = [];
    const toRow = (entry: Entry): ViewportRow => ({ ...liveRow<LiveOngoingRow>(rowAt(entry, now), entry.ticks), customerName: entry.customerName });
    let total: number;
    let start: number;
    if (needle === '') {
      total = this.entries.size;
      start = Math.min(from, total);
      for (const entry of order.from(start, now)) {
        if (rows.length === take) break;
        rows.push(toRow(entry));
      }
    } else {
      const searchKey = `${key}\n${needle}`;
      let matches = this.searched.get(searchKey);
      if (!matches) {
        matches = [];
        for (const entry of order.from(0, now)) if (matchesSearch(entry.row, entry.customerName, needle)) matches.push(entry);
        this.searched.set(searchKey, matches);
      }
      total = matches.length;
      start = Math.min(from, total);
      for (const entry of matches.slice(start, start + take)) rows.push(toRow(entry));
    }
    return { at: toIso(this.at), window: this.window(), total, from: start, rows };
  }
}
