/**
 * The queues report's per-queue sums (SPEC §6 "Queues report", "Staffing advice"), kept
 * for reading speed: the figures a row needs (`QUEUE_FIELDS`) and the inbound conversations
 * per channel (staffing's arrivals), by creation hour and minute like the summary's
 * buckets, but each bucket one Float64Array with a row per queue seen in it. A report over
 * 200 queues then adds a few contiguous arrays into one per-queue array instead of visiting
 * some 8,000 vectors scattered through the slab (docs/benchmarks.md, issue 11).
 *
 * It holds no conversation: `SummaryBuckets` feeds it the same contribution vectors it puts
 * in its own buckets, so both agree by construction, and the report reads it only when no
 * cell filter (channel, direction, status, agent) applies.
 */
import { CHANNELS, type Channel } from '../../domain/events.js';
import { type Queue, unitsFor } from '../../domain/model.js';
import { emptyQueueTotals, QUEUE_FIELDS, type QueueTotals } from '../../domain/queues-report.js';
import type { Arrivals } from '../../domain/staffing.js';
import { TOTAL_FIELDS } from '../../domain/totals.js';
import { type CellDims, forEachInRange, HOUR_MS, MINUTE_MS, type MsRange, splitByMinutes } from './creation-buckets.js';

/** A row: the `QUEUE_FIELDS`, then the inbound conversations of each channel (`CHANNELS` order). */
const FIGURES = QUEUE_FIELDS.length;
const WIDTH = FIGURES + CHANNELS.length;
/** Where each kept figure sits in a contribution vector (`TOTAL_FIELDS` order). */
const SOURCE = Int32Array.from(QUEUE_FIELDS, (field) => TOTAL_FIELDS.indexOf(field));
const INCOMING = TOTAL_FIELDS.indexOf('incoming');
const CHANNEL_COLUMN = new Map<Channel, number>(CHANNELS.map((channel, i) => [channel, FIGURES + i]));

/** What places a conversation's figures: its creation, current queue and channel. */
type Place = Pick<CellDims, 'createdAt' | 'queueId' | 'channel'>;

/** Adds a contribution vector, sign times, into the row of `data` that starts at `base`. */
function addRow(data: Float64Array, base: number, channel: Channel, vector: Float64Array, sign: 1 | -1): void {
  for (let i = 0; i < FIGURES; i++) data[base + i] += sign * vector[SOURCE[i]];
  data[base + CHANNEL_COLUMN.get(channel)!] += sign * vector[INCOMING];
}

/** Adds `after − before` into the row of `data` that starts at `base` (one conversation that stays in it). */
function shiftRow(data: Float64Array, base: number, channel: Channel, before: Float64Array, after: Float64Array): void {
  for (let i = 0; i < FIGURES; i++) data[base + i] += after[SOURCE[i]] - before[SOURCE[i]];
  data[base + CHANNEL_COLUMN.get(channel)!] += after[INCOMING] - before[INCOMING];
}

/** One hour or minute: a row of `WIDTH` figures per queue seen in it, by queue number. */
class Block {
  /** Conversations counted in it; at zero the block is dropped. */
  count = 0;
  private rows = 0;
  private queueOfRow = new Int32Array(8);
  private data = new Float64Array(8 * WIDTH);
  private readonly rowOfQueue = new Map<number, number>();

  add(queueNumber: number, channel: Channel, delta: Float64Array, sign: 1 | -1): void {
    const base = this.rowOf(queueNumber) * WIDTH; // first: a new row may replace `data`
    addRow(this.data, base, channel, delta, sign);
  }

  shift(queueNumber: number, channel: Channel, before: Float64Array, after: Float64Array): void {
    shiftRow(this.data, this.rowOf(queueNumber) * WIDTH, channel, before, after);
  }

  /** Adds every row into `sums`, at its queue's place. */
  addInto(sums: Float64Array): void {
    const { data, queueOfRow } = this;
    for (let row = 0; row < this.rows; row++) {
      const from = row * WIDTH;
      const to = queueOfRow[row] * WIDTH;
      for (let i = 0; i < WIDTH; i++) sums[to + i] += data[from + i];
    }
  }

  private rowOf(queueNumber: number): number {
    let row = this.rowOfQueue.get(queueNumber);
    if (row !== undefined) return row;
    row = this.rows++;
    if (row === this.queueOfRow.length) {
      const queueOfRow = new Int32Array(row * 2);
      queueOfRow.set(this.queueOfRow);
      this.queueOfRow = queueOfRow;
      const data = new Float64Array(row * 2 * WIDTH);
      data.set(this.data);
      this.data = data;
    }
    this.queueOfRow[row] = queueNumber;
    this.rowOfQueue.set(queueNumber, row);
    return row;
  }
}

/** A window's sums for every queue, filled by `QueueTotalsStore.addWindow` and `add`. */
export class QueueSums {
  constructor(
    private readonly numbers: ReadonlyMap<string, number>,
    /** `WIDTH` figures per queue number, sized for the queues numbered when it was made. */
    private readonly sums: Float64Array,
  ) {}

  /** Adds one conversation's contribution vector (`TOTAL_FIELDS` order) to its queue. */
  add(conversation: Omit<Place, 'createdAt'>, vector: Float64Array): void {
    addRow(this.sums, this.baseOf(conversation.queueId), conversation.channel, vector, 1);
  }

  /** Counts one inbound conversation in its queue's arrivals only. */
  addArrival(conversation: Omit<Place, 'createdAt'>): void {
    this.sums[this.baseOf(conversation.queueId) + CHANNEL_COLUMN.get(conversation.channel)!] += 1;
  }

  private baseOf(queueId: string): number {
    const number = this.numbers.get(queueId);
    // Every conversation was fed to the store, so its queue has a number.
    if (number === undefined) throw new Error(`queue ${queueId} was never counted`);
    return number * WIDTH;
  }

  addBlock(block: Block): void {
    block.addInto(this.sums);
  }

  /** The queue's figures (all zero for a queue with no conversation). */
  totalsOf(queueId: string): QueueTotals {
    const number = this.numbers.get(queueId);
    const totals = emptyQueueTotals();
    if (number !== undefined) for (let i = 0; i < FIGURES; i++) totals[QUEUE_FIELDS[i]] = this.sums[number * WIDTH + i];
    return totals;
  }

  /** The queue's inbound conversations and their capacity units in the queue's channel mix. */
  arrivalsOf(queue: Queue): Arrivals {
    const number = this.numbers.get(queue.id);
    const arrivals = { count: 0, units: 0 };
    if (number === undefined) return arrivals;
    for (let i = 0; i < CHANNELS.length; i++) {
      const count = this.sums[number * WIDTH + FIGURES + i];
      arrivals.count += count;
      arrivals.units += count * unitsFor(queue, CHANNELS[i]);
    }
    return arrivals;
  }
}

export class QueueTotalsStore {
  /** A small number per queue seen, its row place in `QueueSums`. */
  private readonly numbers = new Map<string, number>();
  private readonly hours = new Map<number, Block>();
  private readonly minutes = new Map<number, Block>();

  clear(): void {
    this.numbers.clear();
    this.hours.clear();
    this.minutes.clear();
  }

  /** Adds (sign 1) or removes (sign −1) a conversation's contribution, created at `createdAt`. */
  apply(place: Place, delta: Float64Array, sign: 1 | -1): void {
    const queueNumber = this.numberOf(place.queueId);
    this.applyAt(this.hours, Math.floor(place.createdAt / HOUR_MS), queueNumber, place.channel, delta, sign);
    this.applyAt(this.minutes, Math.floor(place.createdAt / MINUTE_MS), queueNumber, place.channel, delta, sign);
  }

  /**
   * A conversation's contribution went from `before` at `from` to `after` at `to`. Most moves
   * (a status, an agent) keep its row: the difference goes in place. Otherwise the new place
   * is filled before the old one is emptied, so that a block is not dropped and made again.
   */
  move(from: Place, to: Place, before: Float64Array, after: Float64Array): void {
    if (from.createdAt !== to.createdAt || from.queueId !== to.queueId || from.channel !== to.channel) {
      this.apply(to, after, 1);
      this.apply(from, before, -1);
      return;
    }
    const queueNumber = this.numberOf(to.queueId);
    this.hours.get(Math.floor(to.createdAt / HOUR_MS))!.shift(queueNumber, to.channel, before, after);
    this.minutes.get(Math.floor(to.createdAt / MINUTE_MS))!.shift(queueNumber, to.channel, before, after);
  }

  /** Adds a difference to a conversation that stays where it is. */
  adjust(place: Place, delta: Float64Array): void {
    const queueNumber = this.numberOf(place.queueId);
    this.hours.get(Math.floor(place.createdAt / HOUR_MS))!.add(queueNumber, place.channel, delta, 1);
    this.minutes.get(Math.floor(place.createdAt / MINUTE_MS))!.add(queueNumber, place.channel, delta, 1);
  }

  /** Zero sums for every queue seen so far, for `addWindow` and `QueueSums.add`. */
  emptySums(): QueueSums {
    return new QueueSums(this.numbers, new Float64Array(this.numbers.size * WIDTH));
  }

  /**
   * Adds to `sums` the conversations created in [from, to] but those of the partial
   * minutes at the edges, whose ranges are returned for the caller to add one by one.
   */
  addWindow(sums: QueueSums, from: number, to: number): MsRange[] {
    const addInto = (block: Block) => sums.addBlock(block);
    return splitByMinutes(
      from,
      to,
      (start, end) => forEachInRange(this.minutes, start, end, addInto),
      (start, end) => forEachInRange(this.hours, start, end, addInto),
    );
  }

  private numberOf(queueId: string): number {
    let number = this.numbers.get(queueId);
    if (number === undefined) this.numbers.set(queueId, (number = this.numbers.size));
    return number;
  }

  private applyAt(
    level: Map<number, Block>,
    key: number,
    queueNumber: number,
    channel: Channel,
    delta: Float64Array,
    sign: 1 | -1,
  ): void {
    let block = level.get(key);
    if (!block) level.set(key, (block = new Block()));
    block.add(queueNumber, channel, delta, sign);
    block.count += sign;
    // Figures are integer counts and ms sums, so an emptied block is exactly zero.
    if (block.count === 0) level.delete(key);
  }
}
