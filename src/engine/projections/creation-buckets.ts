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
  /** By active agent ('' for none), then by `cellCode` of channel, direction and status. */
  cells: Map<string, (Cell<P> | undefined)[]>;
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

function cellCode(dims: CellDims): number {
  return (CHANNEL_CODE.get(dims.channel)! * 2 + (dims.direction === 'inbound' ? 0 : 1)) * 5 + STATUS_CODE[dims.status];
}

interface Bucket<P> {
  count: number;
  payload: P;
  queues: Map<string, QueueNode<P>>;
}

/** Which cells a report reads: the filters, and the queues (`filters.queue` and scope). */
export interface CellSelection {
  /** undefined: every queue. */
  queues?: readonly string[];
  channel?: Channel;
  direction?: Direction;
  status?: Status;
  agent?: string;
}

export function cellSelection(filters: ReportFilters, scope?: ReadonlySet<string>): CellSelection {
  let queues: string[] | undefined;
  if (filters.queue !== undefined) queues = scope === undefined || scope.has(filters.queue) ? [filters.queue] : [];
  else if (scope !== undefined) queues = [...scope];
  return { queues, channel: filters.channel, direction: filters.direction, status: filters.status, agent: filters.agent };
}

/** An inclusive range of integer milliseconds [from, to]. */
export type MsRange = readonly [number, number];

export class CreationBuckets<P, D> {
  private readonly hours = new Map<number, Bucket<P>>();
  private readonly minutes = new Map<number, Bucket<P>>();

  constructor(private readonly ops: PayloadOps<P, D>) {}

  clear(): void {
    this.hours.clear();
    this.minutes.clear();
  }

  /** Adds (sign 1) or removes (sign -1) a conversation's delta in the cell its dimensions name. */
  apply(dims: CellDims, delta: D, sign: 1 | -1): void {
    const minute = Math.floor(dims.createdAt / MINUTE_MS);
    const code = cellCode(dims);
    this.applyAt(this.hours, Math.floor(minute / MINUTES_PER_HOUR), dims, code, delta, sign);
    this.applyAt(this.minutes, minute, dims, code, delta, sign);
  }

  /** Adds a delta to a conversation that stays in the same cell (its count unchanged). */
  adjust(dims: CellDims, delta: D): void {
    const minute = Math.floor(dims.createdAt / MINUTE_MS);
    const code = cellCode(dims);
    this.adjustAt(this.hours.get(Math.floor(minute / MINUTES_PER_HOUR))!, dims, code, delta);
    this.adjustAt(this.minutes.get(minute)!, dims, code, delta);
  }

  private adjustAt(bucket: Bucket<P>, dims: CellDims, code: number, delta: D): void {
    const queue = bucket.queues.get(dims.queueId)!;
    const cell = queue.cells.get(dims.agentId ?? '')![code]!;
    this.ops.apply(bucket.payload, delta, 1);
    this.ops.apply(queue.payload, delta, 1);
    this.ops.apply(cell.payload, delta, 1);
  }

  /**
   * Calls `visit` with the payload of every full bucket part in [from, to] that matches the
   * selection, and returns the ranges (at most two) whose conversations the caller must
   * take one by one.
   */
  collect(from: number, to: number, selection: CellSelection, visit: (payload: P) => void): MsRange[] {
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
      this.visitRange(this.minutes, firstMinute, endMinute, selection, visit);
    } else {
      this.visitRange(this.minutes, firstMinute, firstHour * MINUTES_PER_HOUR, selection, visit);
      this.visitRange(this.hours, firstHour, endHour, selection, visit);
      this.visitRange(this.minutes, endHour * MINUTES_PER_HOUR, endMinute, selection, visit);
    }
    return edges;
  }

  /** Buckets held, for the operators' figures and the tests. */
  get bucketCount(): number {
    return this.hours.size + this.minutes.size;
  }

  private visitRange(
    level: Map<number, Bucket<P>>,
    start: number,
    end: number,
    selection: CellSelection,
    visit: (payload: P) => void,
  ): void {
    // A sparse level (few buckets in a long range) is walked by its keys instead.
    if (end - start > level.size) {
      for (const [key, bucket] of level) if (key >= start && key < end) visitBucket(bucket, selection, visit);
      return;
    }
    for (let key = start; key < end; key++) {
      const bucket = level.get(key);
      if (bucket) visitBucket(bucket, selection, visit);
    }
  }

  private applyAt(level: Map<number, Bucket<P>>, key: number, dims: CellDims, code: number, delta: D, sign: 1 | -1): void {
    const { ops } = this;
    let bucket = level.get(key);
    if (!bucket) level.set(key, (bucket = { count: 0, payload: ops.create(), queues: new Map() }));
    let queue = bucket.queues.get(dims.queueId);
    if (!queue) bucket.queues.set(dims.queueId, (queue = { count: 0, payload: ops.create(), cells: new Map() }));
    const agentKey = dims.agentId ?? '';
    let byCode = queue.cells.get(agentKey);
    if (!byCode) queue.cells.set(agentKey, (byCode = []));
    let cell = byCode[code];
    if (!cell) {
      cell = { channel: dims.channel, direction: dims.direction, status: dims.status, agentId: dims.agentId, count: 0, payload: ops.create() };
      byCode[code] = cell;
    }
    ops.apply(bucket.payload, delta, sign);
    ops.apply(queue.payload, delta, sign);
    ops.apply(cell.payload, delta, sign);
    bucket.count += sign;
    queue.count += sign;
    cell.count += sign;
    // Empty parts are dropped so that status changes do not leave a trail of zero cells.
    if (cell.count === 0) {
      byCode[code] = undefined;
      if (byCode.every((c) => c === undefined)) queue.cells.delete(agentKey);
    }
    if (queue.count === 0) bucket.queues.delete(dims.queueId);
    if (bucket.count === 0) level.delete(key);
  }
}

function hasCellFilter(selection: CellSelection): boolean {
  return (
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

function visitBucket<P>(bucket: Bucket<P>, selection: CellSelection, visit: (payload: P) => void): void {
  const cellFilter = hasCellFilter(selection);
  if (selection.queues === undefined && !cellFilter) {
    visit(bucket.payload);
    return;
  }
  const visitQueue = (queue: QueueNode<P>) => {
    if (!cellFilter) {
      visit(queue.payload);
      return;
    }
    const byCode = selection.agent === undefined ? queue.cells.values() : [queue.cells.get(selection.agent) ?? []];
    for (const cells of byCode) {
      for (const cell of cells) if (cell !== undefined && cellMatches(cell, selection)) visit(cell.payload);
    }
  };
  if (selection.queues === undefined) {
    for (const queue of bucket.queues.values()) visitQueue(queue);
  } else {
    for (const queueId of selection.queues) {
      const queue = bucket.queues.get(queueId);
      if (queue) visitQueue(queue);
    }
  }
}
