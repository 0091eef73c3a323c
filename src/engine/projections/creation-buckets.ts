/**
 * SPEC §6 "Report window" and filters, made incremental: a figure kept per conversation
 * lands in the hour and the minute of the conversation's creation, inside a cell named by
 * the dimensions the reports filter on (current queue, channel, direction, status, active
 * agent). A window (a range of creation times) is then the sum of at most ~24 hour buckets
 * and ~118 minute buckets; the caller handles the conversations of the two partial minutes
 * at the window's edges one by one (`collect` returns those millisecond ranges).
 */
import { CHANNELS, type Channel } from '../../domain/events.js';
import type { Conversation, Direction, Status } from '../../domain/model.js';
import type { ReportFilters } from '../../domain/window.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
const MINUTES_PER_HOUR = 60;

/** How a payload of kind P is built and how one conversation's delta D moves it. */
export interface PayloadOps<P, D> {
  create(): P;
  apply(target: P, delta: D, sign: 1 | -1): void;
  /**
   * `apply(target, after, 1)` then `apply(target, before, -1)` in one go, where that is
   * cheaper: `before` and `after` are one conversation's deltas before and after an event
   * (`CreationBuckets.move`).
   */
  move?(target: P, before: D, after: D): void;
  /** Takes back a payload whose part emptied (all figures zero), for a later `create`. */
  release?(payload: P): void;
  /** Trims what a payload holds for nothing (entries whose figures are all zero). */
  compact?(payload: P): void;
  /** Adds the figures of `source` to `target` (`load` sums the cells up). */
  merge(target: P, source: P): void;
}

interface Cell<P> {
  channel: Channel;
  direction: Direction;
  status: Status;
  agentId: string | null;
  count: number;
  payload: P;
}

interface QueueNode<P> {
  count: number;
  payload: P;
  /** By `agentNumber * CELL_CODES + cellCode`: one flat map, no per-agent arrays. */
  cells: Map<number, Cell<P>>;
}

/** Where a conversation's figures are kept: its creation and its filter dimensions now. */
export interface CellDims {
  createdAt: number;
  queueId: string;
  channel: Channel;
  direction: Direction;
  status: Status;
  agentId: string | null;
}

export function dimsOf(conversation: Conversation): CellDims {
  return {
    createdAt: conversation.createdAt,
    queueId: conversation.queueId,
    channel: conversation.channel,
    direction: conversation.direction,
    status: conversation.status,
    agentId: conversation.activeAgentId,
  };
}

export function sameDims(dims: CellDims, conversation: Conversation): boolean {
  return (
    dims.queueId === conversation.queueId &&
    dims.status === conversation.status &&
    dims.agentId === conversation.activeAgentId &&
    dims.createdAt === conversation.createdAt &&
    dims.channel === conversation.channel &&
    dims.direction === conversation.direction
  );
}

const STATUS_CODE: Record<Status, number> = { open: 0, active: 1, waiting: 2, 'wrap-up': 3, closed: 4 };
const CHANNEL_CODE = new Map<Channel, number>(CHANNELS.map((channel, i) => [channel, i]));

/** Codes of channel × direction × status. */
const CELL_CODES = CHANNELS.length * 2 * 5;

function cellCode(dims: CellDims): number {
  return (CHANNEL_CODE.get(dims.channel)! * 2 + (dims.direction === 'inbound' ? 0 : 1)) * 5 + STATUS_CODE[dims.status];
}

interface Bucket<P> {
  count: number;
  payload: P;
  queues: Map<string, QueueNode<P>>;
}

/**
 * Calls back with a payload and, when the payload belongs to one queue, that queue's id
 * (undefined for a whole bucket, read when the selection names no queue and no cell filter),
 * and, when it is one cell's, that cell's channel.
 */
export type PayloadVisitor<P> = (payload: P, queueId: string | undefined, channel?: Channel) => void;

/** Which cells a report reads: the filters, and the queues (`filters.queue` and scope). */
export interface CellSelection {
  /** undefined: every queue. */
  queues?: ReadonlySet<string>;
  channel?: Channel;
  direction?: Direction;
  status?: Status;
  agent?: string;
  /** Visit cell by cell, so that every payload comes with its channel (the conversations series). */
  byChannel?: boolean;
}

export function cellSelection(filters: ReportFilters, scope?: ReadonlySet<string>): CellSelection {
  let queues: ReadonlySet<string> | undefined;
  if (filters.queue !== undefined) queues = new Set(scope === undefined || scope.has(filters.queue) ? [filters.queue] : []);
  else if (scope !== undefined) queues = scope;
  return { queues, channel: filters.channel, direction: filters.direction, status: filters.status, agent: filters.agent };
}

/** An inclusive range of integer milliseconds [from, to]. */
export type MsRange = readonly [number, number];

/**
 * Splits the creation times [from, to] into whole hours, whole minutes and the partial
 * minutes at its edges: calls `minutes` and `hours` with key ranges [start, end) of minute
 * and hour numbers, and returns the edge ranges (at most two) for the caller to take one
 * conversation at a time.
 */
export function splitByMinutes(
  from: number,
  to: number,
  minutes: (start: number, end: number) => void,
  hours: (start: number, end: number) => void,
): MsRange[] {
  if (from > to) return [];
  const firstMinute = Math.ceil(from / MINUTE_MS);
  const endMinute = Math.floor((to + 1) / MINUTE_MS); // exclusive
  if (firstMinute >= endMinute) return [[from, to]];
  const edges: MsRange[] = [];
  if (firstMinute * MINUTE_MS > from) edges.push([from, firstMinute * MINUTE_MS - 1]);
  if (endMinute * MINUTE_MS <= to) edges.push([endMinute * MINUTE_MS, to]);
  const firstHour = Math.ceil(firstMinute / MINUTES_PER_HOUR);
  const endHour = Math.floor(endMinute / MINUTES_PER_HOUR); // exclusive
  if (firstHour >= endHour) {
    minutes(firstMinute, endMinute);
  } else {
    minutes(firstMinute, firstHour * MINUTES_PER_HOUR);
    hours(firstHour, endHour);
    minutes(endHour * MINUTES_PER_HOUR, endMinute);
  }
  return edges;
}

/** Calls `visit` on the buckets of `level` keyed in [start, end). */
export function forEachInRange<B>(level: ReadonlyMap<number, B>, start: number, end: number, visit: (bucket: B) => void): void {
  // A sparse level (few buckets in a long range) is walked by its keys instead.
  if (end - start > level.size) {
    for (const [key, bucket] of level) if (key >= start && key < end) visit(bucket);
    return;
  }
  for (let key = start; key < end; key++) {
    const bucket = level.get(key);
    if (bucket) visit(bucket);
  }
}

export class CreationBuckets<P, D> {
  private readonly hours = new Map<number, Bucket<P>>();
  private readonly minutes = new Map<number, Bucket<P>>();
  /** A small number per active agent (0 for none): cells are keyed by it and the cell code. */
  private readonly agentNumbers = new Map<string, number>();

  /**
   * `keepEmptyCells`: a cell whose conversations all left stays (with its zero payload)
   * until its queue node or bucket empties, so a payload that is dear to rebuild (a map)
   * is not dropped and built again on every status change.
   */
  constructor(
    private readonly ops: PayloadOps<P, D>,
    private readonly keepEmptyCells = false,
    /**
     * false: hour buckets only, and `collect` returns the partial hours at the window's
     * edges (each < 1 h) for the caller to take one by one; half the upkeep per change and
     * no per-minute cells, for a report that can afford a few thousand conversations.
     */
    private readonly minuteLevel = true,
    /**
     * false: minute cells leave the active agent out (most minutes hold a conversation or
     * two per agent, so the split costs a cell per conversation); a selection by agent then
     * reads hour buckets only and gets the partial hours as edges.
     */
    private readonly minuteAgents = true,
  ) {}

  /**
   * The first minute (epoch minutes) that has minute buckets: older minutes were dropped
   * (`dropMinutesBefore`), and a window starting before it reads hours only.
   */
  private minuteHorizon = Number.NEGATIVE_INFINITY;

  clear(): void {
    this.hours.clear();
    this.minutes.clear();
    this.minuteHorizon = Number.NEGATIVE_INFINITY;
  }

  /** Adds (sign 1) or removes (sign -1) a conversation's delta in the cell its dimensions name. */
  apply(dims: CellDims, delta: D, sign: 1 | -1): void {
    const minute = Math.floor(dims.createdAt / MINUTE_MS);
    const code = this.cellKey(dims);
    this.applyAt(this.hours, Math.floor(minute / MINUTES_PER_HOUR), dims, code, delta, sign);
    if (this.minuteLevel && minute >= this.minuteHorizon) {
      this.applyAt(this.minutes, minute, dims, this.minuteAgents ? code : cellCode(dims), delta, sign);
    }
  }

  /**
   * Fills the buckets afresh (a rebuild): `each` calls `add` with every conversation's
   * dimensions and delta, best in creation order (consecutive ones share their buckets).
   * A delta goes into its cells only; each queue node and bucket is then the sum of its
   * cells, where `apply` adds every delta to all three. Minute buckets are kept from
   * `minuteCutoff` (epoch ms) on, as after `dropMinutesBefore(minuteCutoff)`.
   */
  load(each: (add: (dims: CellDims, delta: D) => void) => void, minuteCutoff = Number.NEGATIVE_INFINITY): void {
    this.clear();
    this.minuteHorizon = Math.floor(minuteCutoff / MINUTE_MS);
    let hour = Number.NaN;
    let hourBucket: Bucket<P> | undefined;
    let minute = Number.NaN;
    let minuteBucket: Bucket<P> | undefined;
    each((dims, delta) => {
      const minuteNow = Math.floor(dims.createdAt / MINUTE_MS);
      const hourNow = Math.floor(minuteNow / MINUTES_PER_HOUR);
      if (hourNow !== hour) {
        hour = hourNow;
        hourBucket = this.bucketToLoad(this.hours, hour);
      }
      const code = this.cellKey(dims);
      this.loadCell(hourBucket!, dims, code, delta);
      if (!this.minuteLevel || minuteNow < this.minuteHorizon) return;
      if (minuteNow !== minute) {
        minute = minuteNow;
        minuteBucket = this.bucketToLoad(this.minutes, minute);
      }
      this.loadCell(minuteBucket!, dims, this.minuteAgents ? code : cellCode(dims), delta);
    });
    const { ops } = this;
    for (const level of [this.hours, this.minutes]) {
      for (const bucket of level.values()) {
        for (const queue of bucket.queues.values()) {
          for (const cell of queue.cells.values()) ops.merge(queue.payload, cell.payload);
          ops.merge(bucket.payload, queue.payload);
        }
      }
    }
  }

  private bucketToLoad(level: Map<number, Bucket<P>>, key: number): Bucket<P> {
    let bucket = level.get(key);
    if (!bucket) level.set(key, (bucket = { count: 0, payload: this.ops.create(), queues: new Map() }));
    return bucket;
  }

  /** `load`'s step: the delta into its cell only, and one more conversation counted on the way. */
  private loadCell(bucket: Bucket<P>, dims: CellDims, cellKey: number, delta: D): void {
    let queue = bucket.queues.get(dims.queueId);
    if (!queue) bucket.queues.set(dims.queueId, (queue = { count: 0, payload: this.ops.create(), cells: new Map() }));
    let cell = queue.cells.get(cellKey);
    if (!cell) {
      const agentId = cellKey < CELL_CODES ? null : dims.agentId;
      cell = { channel: dims.channel, direction: dims.direction, status: dims.status, agentId, count: 0, payload: this.ops.create() };
      queue.cells.set(cellKey, cell);
    }
    this.ops.apply(cell.payload, delta, 1);
    bucket.count += 1;
    queue.count += 1;
    cell.count += 1;
  }

  /**
   * Moves a conversation from the cell `from` names (where it counted `before`) to the one
   * `to` names (where it counts `after`): one look-up of the bucket and queue they share,
   * and the new place filled before the old one is emptied, so that a part the conversation
   * leaves and comes back to is not dropped and built again (most minute buckets hold one
   * conversation).
   */
  move(from: CellDims, to: CellDims, before: D, after: D): void {
    if (from.createdAt !== to.createdAt) {
      this.apply(to, after, 1);
      this.apply(from, before, -1);
      return;
    }
    const minute = Math.floor(to.createdAt / MINUTE_MS);
    const fromKey = this.cellKey(from);
    const toKey = this.cellKey(to);
    this.moveAt(this.hours, Math.floor(minute / MINUTES_PER_HOUR), from, fromKey, to, toKey, before, after);
    if (this.minuteLevel && minute >= this.minuteHorizon) {
      const minuteFromKey = this.minuteAgents ? fromKey : cellCode(from);
      const minuteToKey = this.minuteAgents ? toKey : cellCode(to);
      this.moveAt(this.minutes, minute, from, minuteFromKey, to, minuteToKey, before, after);
    }
  }

  /** Adds a delta to a conversation that stays in the same cell (its count unchanged). */
  adjust(dims: CellDims, delta: D): void {
    const minute = Math.floor(dims.createdAt / MINUTE_MS);
    const code = this.cellKey(dims);
    this.adjustAt(this.hours.get(Math.floor(minute / MINUTES_PER_HOUR))!, dims, code, delta);
    if (this.minuteLevel && minute >= this.minuteHorizon) {
      this.adjustAt(this.minutes.get(minute)!, dims, this.minuteAgents ? code : cellCode(dims), delta);
    }
  }

  /**
   * Drops the emptied cells (kept for reuse under `keepEmptyCells`) of the hours before
   * `cutoff` and compacts the payloads left there. Those hours no longer change but for a few
   * open conversations; without this, every hour that keeps one open conversation would keep
   * the cells of all the conversations that left it, for good.
   */
  pruneHoursBefore(cutoff: number): void {
    const horizon = Math.floor(cutoff / HOUR_MS);
    const { ops } = this;
    for (const [hour, bucket] of this.hours) {
      if (hour >= horizon) continue;
      for (const queue of bucket.queues.values()) {
        for (const [key, cell] of queue.cells) {
          if (cell.count > 0) {
            ops.compact?.(cell.payload);
            continue;
          }
          queue.cells.delete(key);
          ops.release?.(cell.payload);
        }
        ops.compact?.(queue.payload);
      }
      ops.compact?.(bucket.payload);
    }
  }

  /**
   * Drops the minute buckets of conversations created before `cutoff` (epoch ms) and keeps
   * none there from now on: on a busy site nearly every conversation has a minute cell of
   * its own, and only a window starting before the cutoff would read them. Such a window
   * reads hour buckets and takes its partial hours one by one instead (same figures, more
   * work), so this is a trade of memory for the speed of reports far in the past.
   */
  dropMinutesBefore(cutoff: number): void {
    const horizon = Math.floor(cutoff / MINUTE_MS);
    if (!this.minuteLevel || horizon <= this.minuteHorizon) return;
    this.minuteHorizon = horizon;
    const { ops } = this;
    for (const [minute, bucket] of this.minutes) {
      if (minute >= horizon) continue;
      for (const queue of bucket.queues.values()) {
        for (const cell of queue.cells.values()) ops.release?.(cell.payload);
        ops.release?.(queue.payload);
      }
      ops.release?.(bucket.payload);
      this.minutes.delete(minute);
    }
  }

  private cellKey(dims: CellDims): number {
    return this.agentNumber(dims.agentId) * CELL_CODES + cellCode(dims);
  }

  private agentNumber(agentId: string | null | undefined): number {
    if (agentId === null || agentId === undefined) return 0;
    let number = this.agentNumbers.get(agentId);
    if (number === undefined) this.agentNumbers.set(agentId, (number = this.agentNumbers.size + 1));
    return number;
  }

  private adjustAt(bucket: Bucket<P>, dims: CellDims, key: number, delta: D): void {
    const queue = bucket.queues.get(dims.queueId)!;
    const cell = queue.cells.get(key)!;
    this.ops.apply(bucket.payload, delta, 1);
    this.ops.apply(queue.payload, delta, 1);
    this.ops.apply(cell.payload, delta, 1);
  }

  /**
   * Calls `visit` with the payload of every full bucket part in [from, to] that matches the
   * selection, and returns the ranges (at most two) whose conversations the caller must
   * take one by one.
   */
  collect(from: number, to: number, selection: CellSelection, visit: PayloadVisitor<P>): MsRange[] {
    if (from > to) return [];
    if (!this.minuteLevel || (!this.minuteAgents && selection.agent !== undefined) || from < this.minuteHorizon * MINUTE_MS) {
      return this.collectHours(from, to, selection, visit);
    }
    return splitByMinutes(
      from,
      to,
      (start, end) => this.visitRange(this.minutes, start, end, selection, visit),
      (start, end) => this.visitRange(this.hours, start, end, selection, visit),
    );
  }

  private collectHours(from: number, to: number, selection: CellSelection, visit: PayloadVisitor<P>): MsRange[] {
    const firstHour = Math.ceil(from / HOUR_MS);
    const endHour = Math.floor((to + 1) / HOUR_MS); // exclusive
    if (firstHour >= endHour) return [[from, to]];
    const edges: MsRange[] = [];
    if (firstHour * HOUR_MS > from) edges.push([from, firstHour * HOUR_MS - 1]);
    if (endHour * HOUR_MS <= to) edges.push([endHour * HOUR_MS, to]);
    this.visitRange(this.hours, firstHour, endHour, selection, visit);
    return edges;
  }

  /** Buckets held, for the operators' figures and the tests. */
  get bucketCount(): number {
    return this.hours.size + this.minutes.size;
  }

  /** Cells held in all buckets, for the tests (emptied cells must go, or stay only under `keepEmptyCells`). */
  get cellCount(): number {
    let count = 0;
    for (const level of [this.hours, this.minutes]) {
      for (const bucket of level.values()) for (const queue of bucket.queues.values()) count += queue.cells.size;
    }
    return count;
  }

  private visitRange(
    level: Map<number, Bucket<P>>,
    start: number,
    end: number,
    selection: CellSelection,
    visit: PayloadVisitor<P>,
  ): void {
    forEachInRange(level, start, end, (bucket) => visitBucket(bucket, selection, visit));
  }

  private applyAt(level: Map<number, Bucket<P>>, key: number, dims: CellDims, cellKey: number, delta: D, sign: 1 | -1): void {
    const { ops } = this;
    let bucket = level.get(key);
    if (!bucket) level.set(key, (bucket = { count: 0, payload: ops.create(), queues: new Map() }));
    const queue = this.queueIn(bucket, dims.queueId);
    const cell = this.cellIn(queue, cellKey, dims);
    ops.apply(bucket.payload, delta, sign);
    ops.apply(queue.payload, delta, sign);
    ops.apply(cell.payload, delta, sign);
    bucket.count += sign;
    queue.count += sign;
    cell.count += sign;
    if (cell.count === 0) this.dropEmptied(level, key, bucket, dims.queueId, queue, cellKey, cell);
  }

  /** `move` in one level: the bucket exists (the conversation counts in it) and keeps its count. */
  private moveAt(
    level: Map<number, Bucket<P>>,
    key: number,
    from: CellDims,
    fromKey: number,
    to: CellDims,
    toKey: number,
    before: D,
    after: D,
  ): void {
    const { ops } = this;
    const bucket = level.get(key)!;
    this.shift(bucket.payload, before, after);
    let fromQueue: QueueNode<P>;
    let toQueue: QueueNode<P>;
    if (from.queueId === to.queueId) {
      fromQueue = toQueue = bucket.queues.get(from.queueId)!;
      this.shift(toQueue.payload, before, after);
      if (fromKey === toKey) {
        this.shift(toQueue.cells.get(toKey)!.payload, before, after);
        return;
      }
    } else {
      toQueue = this.queueIn(bucket, to.queueId);
      ops.apply(toQueue.payload, after, 1);
      toQueue.count += 1;
      fromQueue = bucket.queues.get(from.queueId)!;
      ops.apply(fromQueue.payload, before, -1);
      fromQueue.count -= 1;
    }
    const target = this.cellIn(toQueue, toKey, to);
    ops.apply(target.payload, after, 1);
    target.count += 1;
    const source = fromQueue.cells.get(fromKey)!;
    ops.apply(source.payload, before, -1);
    source.count -= 1;
    if (source.count === 0) this.dropEmptied(level, key, bucket, from.queueId, fromQueue, fromKey, source);
  }

  private shift(payload: P, before: D, after: D): void {
    const { ops } = this;
    if (ops.move) {
      ops.move(payload, before, after);
    } else {
      ops.apply(payload, after, 1);
      ops.apply(payload, before, -1);
    }
  }

  private queueIn(bucket: Bucket<P>, queueId: string): QueueNode<P> {
    let queue = bucket.queues.get(queueId);
    if (!queue) bucket.queues.set(queueId, (queue = { count: 0, payload: this.ops.create(), cells: new Map() }));
    return queue;
  }

  private cellIn(queue: QueueNode<P>, cellKey: number, dims: CellDims): Cell<P> {
    let cell = queue.cells.get(cellKey);
    if (!cell) {
      cell = {
        channel: dims.channel,
        direction: dims.direction,
        status: dims.status,
        agentId: cellKey < CELL_CODES ? null : dims.agentId,
        count: 0,
        payload: this.ops.create(),
      };
      queue.cells.set(cellKey, cell);
    }
    return cell;
  }

  /**
   * A cell's count reached zero. Empty parts are dropped so that status changes do not leave
   * a trail of zero cells; their payloads go back to the ops for reuse.
   */
  private dropEmptied(
    level: Map<number, Bucket<P>>,
    key: number,
    bucket: Bucket<P>,
    queueId: string,
    queue: QueueNode<P>,
    cellKey: number,
    cell: Cell<P>,
  ): void {
    const { ops } = this;
    if (!this.keepEmptyCells) {
      queue.cells.delete(cellKey);
      ops.release?.(cell.payload);
    }
    if (queue.count === 0) {
      bucket.queues.delete(queueId);
      if (this.keepEmptyCells) for (const kept of queue.cells.values()) ops.release?.(kept.payload);
      ops.release?.(queue.payload);
      if (bucket.count === 0) {
        level.delete(key);
        ops.release?.(bucket.payload);
      }
    }
  }
}

export function hasCellFilter(selection: CellSelection): boolean {
  return (
    selection.byChannel === true ||
    selection.channel !== undefined ||
    selection.direction !== undefined ||
    selection.status !== undefined ||
    selection.agent !== undefined
  );
}

function cellMatches<P>(cell: Cell<P>, selection: CellSelection): boolean {
  return (
    (selection.channel === undefined || cell.channel === selection.channel) &&
    (selection.direction === undefined || cell.direction === selection.direction) &&
    (selection.status === undefined || cell.status === selection.status) &&
    (selection.agent === undefined || cell.agentId === selection.agent)
  );
}

function visitBucket<P>(bucket: Bucket<P>, selection: CellSelection, visit: PayloadVisitor<P>): void {
  const cellFilter = hasCellFilter(selection);
  if (selection.queues === undefined && !cellFilter) {
    visit(bucket.payload, undefined);
    return;
  }
  const visitQueue = (queue: QueueNode<P>, queueId: string) => {
    if (!cellFilter) {
      visit(queue.payload, queueId);
      return;
    }
    for (const cell of queue.cells.values()) if (cellMatches(cell, selection)) visit(cell.payload, queueId, cell.channel);
  };
  const selected = selection.queues;
  if (selected === undefined) {
    for (const [queueId, queue] of bucket.queues) visitQueue(queue, queueId);
  } else if (selected.size < bucket.queues.size) {
    for (const queueId of selected) {
      const queue = bucket.queues.get(queueId);
      if (queue) visitQueue(queue, queueId);
    }
  } else {
    // More queues selected than the bucket holds (a report over many queues): walk the bucket's.
    for (const [queueId, queue] of bucket.queues) if (selected.has(queueId)) visitQueue(queue, queueId);
  }
}
