/**
 * SPEC §6 summary figures and the voice report, shaped by SPEC §8 "summary" and "voice".
 * Each conversation's additive contribution (src/domain/totals.ts) is kept in creation
 * buckets; a report adds the buckets of its window, the conversations at the window's
 * edges and, with `includeOpen`, the older non-closed ones. `longestWaitSeconds`, the one
 * figure that depends on the report moment, comes from the in-queue index.
 *
 * Nothing is stored per conversation but whether it counted as alerted: its contribution is
 * a pure function of the conversation (and that flag), so `retract` computes what it added
 * before the event changes it, into a reused scratch vector. The buckets' vectors live in
 * chunks of doubles (`VectorSlab`), not one Float64Array each.
 *
 * Every contribution also goes, by queue only, to `QueueTotalsStore` (queue-totals.ts):
 * the queues report reads its per-queue figures and staffing's arrivals from there.
 */
import type { Channel } from '../../domain/events.js';
import { type Conversation, type DomainState } from '../../domain/model.js';
import { isSentimentAlert, summaryReport, type SummaryReport, voiceReport, type VoiceReport } from '../../domain/reports.js';
import type { AlertLevel } from '../../domain/queue-alerts.js';
import type { QueueTotals } from '../../domain/queues-report.js';
import { ARRIVALS_LOOKBACK_MS } from '../../domain/staffing.js';
import { emptyTotals, serviceLevelMsOf, TOTAL_FIELDS, type Totals, writeContribution } from '../../domain/totals.js';
import {
  isAgentInScope,
  matchesFilters,
  type ReportFilters,
  type ReportQuery,
  windowBounds,
} from '../../domain/window.js';
import {
  type CellDims,
  type CellSelection,
  cellSelection,
  CreationBuckets,
  hasCellFilter,
  type MsRange,
  type PayloadOps,
  sameDims,
} from './creation-buckets.js';
import type { OngoingIndex } from './ongoing-index.js';
import { type QueueSums, QueueTotalsStore } from './queue-totals.js';

const FIELD_COUNT = TOTAL_FIELDS.length;

/**
 * Totals vectors (in `TOTAL_FIELDS` order) packed in Float64Array chunks of 4,096 vectors
 * (no copying on growth, little slack); a vector is named by its slot number. Freed
 * vectors are zero and reused first.
 */
const CHUNK_BITS = 12;
const CHUNK_SLOTS = 1 << CHUNK_BITS;

export class VectorSlab implements PayloadOps<number, Float64Array> {
  private chunks: Float64Array[] = [];
  private next = 0;
  private readonly free: number[] = [];

  create(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    const slot = this.next++;
    if (slot >>> CHUNK_BITS >= this.chunks.length) this.chunks.push(new Float64Array(CHUNK_SLOTS * FIELD_COUNT));
    return slot;
  }

  apply(slot: number, delta: Float64Array, sign: 1 | -1): void {
    const data = this.chunks[slot >>> CHUNK_BITS];
    const base = (slot & (CHUNK_SLOTS - 1)) * FIELD_COUNT;
    for (let i = 0; i < FIELD_COUNT; i++) data[base + i] += sign * delta[i];
  }

  move(slot: number, before: Float64Array, after: Float64Array): void {
    const data = this.chunks[slot >>> CHUNK_BITS];
    const base = (slot & (CHUNK_SLOTS - 1)) * FIELD_COUNT;
    for (let i = 0; i < FIELD_COUNT; i++) data[base + i] += after[i] - before[i];
  }

  release(slot: number): void {
    const base = (slot & (CHUNK_SLOTS - 1)) * FIELD_COUNT;
    this.chunks[slot >>> CHUNK_BITS].fill(0, base, base + FIELD_COUNT);
    this.free.push(slot);
  }

  /** Adds only the fields at `indexes` (the series reads three of them). */
  addFieldsTo(sum: Float64Array, slot: number, indexes: readonly number[]): void {
    const data = this.chunks[slot >>> CHUNK_BITS];
    const base = (slot & (CHUNK_SLOTS - 1)) * FIELD_COUNT;
    for (const i of indexes) sum[i] += data[base + i];
  }

  merge(target: number, source: number): void {
    const to = this.chunks[target >>> CHUNK_BITS];
    const toBase = (target & (CHUNK_SLOTS - 1)) * FIELD_COUNT;
    const from = this.chunks[source >>> CHUNK_BITS];
    const fromBase = (source & (CHUNK_SLOTS - 1)) * FIELD_COUNT;
    for (let i = 0; i < FIELD_COUNT; i++) to[toBase + i] += from[fromBase + i];
  }

  addTo(sum: Float64Array, slot: number): void {
    const data = this.chunks[slot >>> CHUNK_BITS];
    const base = (slot & (CHUNK_SLOTS - 1)) * FIELD_COUNT;
    for (let i = 0; i < FIELD_COUNT; i++) sum[i] += data[base + i];
  }

  clear(): void {
    this.chunks = [];
    this.next = 0;
    this.free.length = 0;
  }
}

/** A window's summed figures and its longest current wait. */
export interface WindowFigures {
  totals: Totals;
  longestWaitMs: number;
}

/** The same for one queue of the queues report, with only the figures its row reads. */
export interface QueueWindowFigures {
  totals: QueueTotals;
  longestWaitMs: number;
}

function toTotals(vector: Float64Array): Totals {
  const totals = emptyTotals();
  for (let i = 0; i < FIELD_COUNT; i++) totals[TOTAL_FIELDS[i]] = vector[i];
  return totals;
}

/**
 * The conversation fields `contributionOf` (src/domain/totals.ts) reads besides the cell
 * dimensions; when none changed, the vector is the same and is not recomputed. Keep this
 * list in step with totals.ts and metrics.ts (the property test checks the outcome).
 */
class Snapshot implements CellDims {
  conversation: Conversation | null = null;
  createdAt = 0;
  queueId = '';
  channel: Conversation['channel'] = 'voice';
  direction: Conversation['direction'] = 'inbound';
  status: Conversation['status'] = 'open';
  agentId: string | null = null;
  alerted = false;
  firstAcceptedAt: number | null = null;
  closedAt: number | null = null;
  holdSince: number | null = null;
  holdMs = 0;
  wrapUpSince: number | null = null;
  sessionCount = 0;
  lastAcceptedAt: number | null = null;
  lastEndedAt: number | null = null;
  lastEndReason: string | null = null;

  take(conversation: Conversation, alerted: boolean): void {
    this.conversation = conversation;
    this.createdAt = conversation.createdAt;
    this.queueId = conversation.queueId;
    this.channel = conversation.channel;
    this.direction = conversation.direction;
    this.status = conversation.status;
    this.agentId = conversation.activeAgentId;
    this.alerted = alerted;
    this.firstAcceptedAt = conversation.firstAcceptedAt;
    this.closedAt = conversation.closedAt;
    this.holdSince = conversation.holdSince;
    this.holdMs = conversation.holdMs;
    this.wrapUpSince = conversation.wrapUpSince;
    const sessions = conversation.sessions;
    this.sessionCount = sessions.length;
    const last = sessions.length > 0 ? sessions[sessions.length - 1] : undefined;
    this.lastAcceptedAt = last === undefined ? null : last.acceptedAt;
    this.lastEndedAt = last === undefined ? null : last.endedAt;
    this.lastEndReason = last === undefined ? null : last.endReason;
  }

  /** Same contribution inputs besides the cell dimensions. */
  sameInputs(conversation: Conversation, alerted: boolean): boolean {
    const sessions = conversation.sessions;
    const last = sessions.length > 0 ? sessions[sessions.length - 1] : undefined;
    return (
      this.alerted === alerted &&
      this.firstAcceptedAt === conversation.firstAcceptedAt &&
      this.closedAt === conversation.closedAt &&
      this.holdSince === conversation.holdSince &&
      this.holdMs === conversation.holdMs &&
      this.wrapUpSince === conversation.wrapUpSince &&
      this.sessionCount === sessions.length &&
      this.lastAcceptedAt === (last === undefined ? null : last.acceptedAt) &&
      this.lastEndedAt === (last === undefined ? null : last.endedAt) &&
      this.lastEndReason === (last === undefined ? null : last.endReason)
    );
  }
}

export class SummaryBuckets {
  private readonly slab = new VectorSlab();
  /** Minute cells without the agent split: a summary filtered by agent reads hours and edges. */
  private readonly buckets = new CreationBuckets(this.slab, false, true, false);
  /** The same contributions by queue only, in contiguous arrays (the queues report's reads). */
  private readonly queueTotals = new QueueTotalsStore();
  /** Conversations counted as at or below their queue's alert threshold when last added (SPEC §7). */
  private readonly alerted = new Set<string>();
  /** The service-level threshold (ms) each queue's conversations were counted with (queues report). */
  private readonly serviceLevelMs = new Map<string, number>();
  /**
   * The retraction `add` settles (`hasPending`): a conversation that stays in its cell gets
   * only the difference (most events change a figure or two, or none), one that moves is
   * taken out of the old cell and put in the new one. `before` holds its old contribution.
   */
  private hasPending = false;
  private readonly pending = new Snapshot();
  private readonly before = new Float64Array(FIELD_COUNT);
  private readonly after = new Float64Array(FIELD_COUNT);

  constructor(
    private readonly state: DomainState,
    private readonly index: OngoingIndex,
  ) {}

  clear(): void {
    this.buckets.clear();
    this.slab.clear();
    this.queueTotals.clear();
    this.alerted.clear();
    this.serviceLevelMs.clear();
    this.hasPending = false;
  }

  /**
   * Counts every conversation afresh (a rebuild), `sorted` in creation order, with minute
   * figures from `minuteCutoff` on (`dropMinutesBefore`).
   */
  rebuild(sorted: readonly Conversation[], minuteCutoff: number): void {
    this.clear();
    const vector = this.after;
    this.buckets.load((add) => {
      for (const conversation of sorted) {
        const alerted = isSentimentAlert(this.state, conversation);
        if (alerted) this.alerted.add(conversation.id);
        writeContribution(conversation, alerted, this.serviceLevelMsFor(conversation.queueId), vector);
        const dims = this.dimsNow(conversation);
        add(dims, vector);
        this.queueTotals.apply(dims, vector, 1);
      }
    }, minuteCutoff);
  }

  retract(conversation: Conversation): void {
    this.settle();
    const alerted = this.alerted.has(conversation.id);
    this.pending.take(conversation, alerted);
    writeContribution(conversation, alerted, this.serviceLevelMsFor(conversation.queueId), this.before);
    this.hasPending = true;
  }

  add(conversation: Conversation): void {
    const pending = this.hasPending ? this.pending : null;
    this.hasPending = false;
    const isSame = pending !== null && pending.conversation === conversation;
    const alerted = isSentimentAlert(this.state, conversation);
    // The retraction read the flag already: one set look-up per event, not two.
    const wasAlerted = isSame ? pending.alerted : this.alerted.has(conversation.id);
    if (alerted !== wasAlerted) {
      if (alerted) this.alerted.add(conversation.id);
      else this.alerted.delete(conversation.id);
    }
    const staysInCell = isSame && sameDims(pending, conversation);
    if (staysInCell && pending.sameInputs(conversation, alerted)) return;
    const vector = this.after;
    writeContribution(conversation, alerted, this.serviceLevelMsFor(conversation.queueId), vector);
    if (staysInCell) {
      const before = this.before;
      let changed = false;
      for (let i = 0; i < FIELD_COUNT; i++) {
        const difference = vector[i] - before[i];
        before[i] = difference;
        if (difference !== 0) changed = true;
      }
      if (changed) this.adjust(pending, before);
      return;
    }
    if (pending) this.move(pending, this.dimsNow(conversation), this.before, vector);
    else this.place(this.dimsNow(conversation), vector, 1);
  }

  /**
   * Only the conversation's sentiment changed (a message): when its alert flag flips, the
   * difference goes in place; nothing else of its contribution moved.
   */
  sentimentChanged(conversation: Conversation): void {
    this.settle();
    const alerted = isSentimentAlert(this.state, conversation);
    if (alerted === this.alerted.has(conversation.id)) return;
    if (alerted) this.alerted.add(conversation.id);
    else this.alerted.delete(conversation.id);
    const serviceLevelMs = this.serviceLevelMsFor(conversation.queueId);
    const difference = this.before;
    writeContribution(conversation, !alerted, serviceLevelMs, difference);
    writeContribution(conversation, alerted, serviceLevelMs, this.after);
    for (let i = 0; i < FIELD_COUNT; i++) difference[i] = this.after[i] - difference[i];
    this.adjust(this.dimsNow(conversation), difference);
  }

  /** Moves a conversation's contribution from where it counted (`before`) to its new cell. */
  private move(from: CellDims, to: CellDims, before: Float64Array, after: Float64Array): void {
    this.buckets.move(from, to, before, after);
    this.queueTotals.move(from, to, before, after);
  }

  /** Adds or takes out a conversation's contribution in the buckets and the queues' sums. */
  private place(dims: CellDims, vector: Float64Array, sign: 1 | -1): void {
    this.buckets.apply(dims, vector, sign);
    this.queueTotals.apply(dims, vector, sign);
  }

  /** Adds a difference to a conversation that stays in its cell. */
  private adjust(dims: CellDims, difference: Float64Array): void {
    this.buckets.adjust(dims, difference);
    this.queueTotals.adjust(dims, difference);
  }

  /** The conversation's cell dimensions now, in a reused object. */
  private readonly nowDims: CellDims = { createdAt: 0, queueId: '', channel: 'voice', direction: 'inbound', status: 'open', agentId: null };
  private dimsNow(conversation: Conversation): CellDims {
    const dims = this.nowDims;
    dims.createdAt = conversation.createdAt;
    dims.queueId = conversation.queueId;
    dims.channel = conversation.channel;
    dims.direction = conversation.direction;
    dims.status = conversation.status;
    dims.agentId = conversation.activeAgentId;
    return dims;
  }

  /** Drops the minute buckets of conversations created before `cutoff` (see CreationBuckets). */
  dropMinutesBefore(cutoff: number): void {
    this.settle();
    this.buckets.dropMinutesBefore(cutoff);
  }

  /** Applies a retraction that no `add` will follow (a conversation forgotten). */
  settle(): void {
    if (this.hasPending) this.place(this.pending, this.before, -1);
    this.hasPending = false;
  }

  /**
   * A queue's configuration changed: its non-closed conversations may flip their sentiment
   * alert (SPEC §7), and when its service-level threshold moved every conversation of the
   * queue counts its first wait against the new one (queues report). Each one concerned is
   * taken out with the figures it was counted with and put back with the new ones.
   */
  queueChanged(queueId: string): void {
    this.settle();
    const before = this.serviceLevelMsFor(queueId);
    const after = serviceLevelMsOf(this.state.queues.get(queueId));
    const isThresholdMoved = before !== after;
    const changed: Conversation[] = [];
    for (const conversation of isThresholdMoved ? this.index.all : this.index.ongoing) {
      if (conversation.queueId !== queueId) continue;
      const wasAlerted = this.alerted.has(conversation.id);
      if (!isThresholdMoved && isSentimentAlert(this.state, conversation) === wasAlerted) continue;
      writeContribution(conversation, wasAlerted, before, this.before);
      this.place(this.dimsNow(conversation), this.before, -1);
      changed.push(conversation);
    }
    this.serviceLevelMs.set(queueId, after);
    for (const conversation of changed) {
      const alerted = isSentimentAlert(this.state, conversation);
      if (alerted) this.alerted.add(conversation.id);
      else this.alerted.delete(conversation.id);
      writeContribution(conversation, alerted, after, this.after);
      this.place(this.dimsNow(conversation), this.after, 1);
    }
  }

  /** The service-level threshold (ms) a queue's conversations are counted with. */
  private serviceLevelMsFor(queueId: string): number {
    let ms = this.serviceLevelMs.get(queueId);
    if (ms === undefined) this.serviceLevelMs.set(queueId, (ms = serviceLevelMsOf(this.state.queues.get(queueId))));
    return ms;
  }

  summary(query: ReportQuery, queueAlerts: Record<AlertLevel, number>): SummaryReport {
    const { totals, longestWaitMs } = this.totals(query, query.filters);
    const agents = [...this.state.agents.values()].filter((agent) => isAgentInScope(agent, query.scope));
    return summaryReport(query, windowBounds(query), totals, longestWaitMs, agents, queueAlerts);
  }

  voice(query: ReportQuery): VoiceReport {
    const { channel } = query.filters;
    if (channel !== undefined && channel !== 'voice') return voiceReport(query, windowBounds(query), emptyTotals(), 0);
    const { totals, longestWaitMs } = this.totals(query, { ...query.filters, channel: 'voice' });
    return voiceReport(query, windowBounds(query), totals, longestWaitMs);
  }

  /** The summed contribution and the longest wait of the window's conversations after filters. */
  totals(query: ReportQuery, filters: ReportFilters): WindowFigures {
    const sum = new Float64Array(FIELD_COUNT);
    const selection = cellSelection(filters, query.scope);
    const slab = this.slab;
    this.sumWindow(
      query,
      filters,
      (from, to) => this.buckets.collect(from, to, selection, (slot) => slab.addTo(sum, slot)),
      (_conversation, vector) => addVector(sum, vector),
    );
    const bounds = windowBounds(query);
    const accept = (conversation: Conversation) => matchesFilters(conversation, filters, query.scope);
    return { totals: toTotals(sum), longestWaitMs: this.index.longestWaitMs(query, bounds, accept) };
  }

  /** How many non-closed conversations the query selects (the ongoing list's rows), from the window's figures. */
  ongoingCount(query: ReportQuery): number {
    const { totals } = this.totals(query, query.filters);
    return totals.open + totals.active + totals.waiting + totals.wrapUp;
  }

  /**
   * The queues report's figures for each of `queueIds` (queues the caller may see) as if the
   * queue filter named it, in one pass over the window: from the queues' own sums when no
   * cell filter applies, else from the buckets' cells.
   */
  totalsByQueue(query: ReportQuery, filters: ReportFilters, queueIds: ReadonlySet<string>): Map<string, QueueWindowFigures> {
    const selection = { ...cellSelection(filters, query.scope), queues: queueIds };
    const totalsOf = hasCellFilter(selection)
      ? this.cellTotalsByQueue(query, filters, selection, queueIds)
      : this.queueSums(query, filters);
    const bounds = windowBounds(query);
    const accept = (conversation: Conversation) => matchesFilters(conversation, filters, query.scope);
    const longest = this.index.longestWaitByQueue(query, bounds, accept, queueIds);
    const figures = new Map<string, QueueWindowFigures>();
    for (const queueId of queueIds) figures.set(queueId, { totals: totalsOf(queueId), longestWaitMs: longest.get(queueId) ?? 0 });
    return figures;
  }

  /**
   * Staffing's arrivals (SPEC §6): the inbound conversations created in (at − 30 min, at]
   * by current queue, whatever the report's window, filters and scope.
   */
  arrivals(at: number): QueueSums {
    this.settle();
    const sums = this.queueTotals.emptySums();
    for (const [from, to] of this.queueTotals.addWindow(sums, at - ARRIVALS_LOOKBACK_MS + 1, at)) {
      for (const conversation of this.index.createdIn(from, to)) {
        if (conversation.direction === 'inbound') sums.addArrival(conversation);
      }
    }
    return sums;
  }

  private queueSums(query: ReportQuery, filters: ReportFilters): (queueId: string) => QueueTotals {
    const sums = this.queueTotals.emptySums();
    this.sumWindow(
      query,
      filters,
      (from, to) => this.queueTotals.addWindow(sums, from, to),
      (conversation, vector) => sums.add(conversation, vector),
    );
    return (queueId) => sums.totalsOf(queueId);
  }

  private cellTotalsByQueue(
    query: ReportQuery,
    filters: ReportFilters,
    selection: CellSelection,
    queueIds: ReadonlySet<string>,
  ): (queueId: string) => Totals {
    const sums = new Map<string, Float64Array>([...queueIds].map((queueId) => [queueId, new Float64Array(FIELD_COUNT)]));
    const slab = this.slab;
    this.sumWindow(
      query,
      filters,
      (from, to) =>
        this.buckets.collect(from, to, selection, (slot, queueId) => {
          const sum = queueId === undefined ? undefined : sums.get(queueId);
          if (sum) slab.addTo(sum, slot);
        }),
      (conversation, vector) => {
        const sum = sums.get(conversation.queueId);
        if (sum) addVector(sum, vector);
      },
    );
    return (queueId) => toTotals(sums.get(queueId)!);
  }

  /**
   * Sums the window's conversations that pass the filters: `collect` adds the buckets of
   * creation times [from, to] and returns the partial ranges at the edges, whose
   * conversations, and with `includeOpen` the older non-closed ones, go to `add` one by one
   * with their contribution vector.
   */
  private sumWindow(query: ReportQuery, filters: ReportFilters, collect: Collect, add: AddConversation): void {
    const bounds = windowBounds(query);
    const from = bounds.fromInclusive ? bounds.from : bounds.from + 1;
    this.sumCreated(from, bounds.to, filters, query.scope, collect, add);
    for (const conversation of this.index.openBeforeWindow(query, bounds)) this.addConversation(conversation, filters, query.scope, add);
  }

  /**
   * Per channel, the summed contribution of the conversations created in [from, to] (ms,
   * inclusive) that pass the query's filters and scope: a quarter hour of the conversations
   * series (src/domain/series.ts). Only `fields` are summed from the buckets.
   */
  createdByChannel(query: ReportQuery, from: number, to: number, fields: readonly number[]): Map<Channel, Float64Array> {
    const sums = new Map<Channel, Float64Array>();
    const sumOf = (channel: Channel) => {
      let sum = sums.get(channel);
      if (!sum) sums.set(channel, (sum = new Float64Array(FIELD_COUNT)));
      return sum;
    };
    const selection = { ...cellSelection(query.filters, query.scope), byChannel: true };
    const slab = this.slab;
    this.sumCreated(
      from,
      to,
      query.filters,
      query.scope,
      (start, end) => this.buckets.collect(start, end, selection, (slot, _queueId, channel) => slab.addFieldsTo(sumOf(channel!), slot, fields)),
      (conversation, vector) => addVector(sumOf(conversation.channel), vector),
    );
    return sums;
  }

  /** `sumWindow` for the creation moments [from, to]: `collect`'s buckets and the edge conversations one by one. */
  private sumCreated(from: number, to: number, filters: ReportFilters, scope: ReadonlySet<string> | undefined, collect: Collect, add: AddConversation): void {
    this.settle();
    for (const [edgeFrom, edgeTo] of collect(from, to)) {
      for (const conversation of this.index.createdIn(edgeFrom, edgeTo)) this.addConversation(conversation, filters, scope, add);
    }
  }

  private readonly one = new Float64Array(FIELD_COUNT);

  private addConversation(conversation: Conversation, filters: ReportFilters, scope: ReadonlySet<string> | undefined, add: AddConversation): void {
    if (!matchesFilters(conversation, filters, scope)) return;
    writeContribution(conversation, this.alerted.has(conversation.id), this.serviceLevelMsFor(conversation.queueId), this.one);
    add(conversation, this.one);
  }
}

/** Adds the buckets of creation times [from, to] and returns the partial ranges at the edges. */
type Collect = (from: number, to: number) => MsRange[];
type AddConversation = (conversation: Conversation, vector: Float64Array) => void;

function addVector(sum: Float64Array, vector: Float64Array): void {
  for (let i = 0; i < FIELD_COUNT; i++) sum[i] += vector[i];
}
