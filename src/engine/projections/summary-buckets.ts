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
 */
import type { Channel } from '../../domain/events.js';
import { type Conversation, type DomainState } from '../../domain/model.js';
import { isSentimentAlert, summaryReport, type SummaryReport, voiceReport, type VoiceReport } from '../../domain/reports.js';
import type { AlertLevel } from '../../domain/queue-alerts.js';
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
  type PayloadOps,
  sameDims,
} from './creation-buckets.js';
import type { OngoingIndex } from './ongoing-index.js';

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
    this.alerted.clear();
    this.serviceLevelMs.clear();
    this.hasPending = false;
  }

  retract(conversation: Conversation): void {
    this.settle();
    const alerted = this.alerted.has(conversation.id);
    this.pending.take(conversation, alerted);
    writeContribution(conversation, alerted, this.serviceLevelMsFor(conversation.queueId), this.before);
    this.hasPending = true;
  }

  add(conversation: Conversation): void {
    const alerted = isSentimentAlert(this.state, conversation);
    const wasAlerted = this.alerted.has(conversation.id);
    if (alerted !== wasAlerted) {
      if (alerted) this.alerted.add(conversation.id);
      else this.alerted.delete(conversation.id);
    }
    const pending = this.hasPending ? this.pending : null;
    this.hasPending = false;
    const staysInCell = pending !== null && pending.conversation === conversation && sameDims(pending, conversation);
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
      if (changed) this.buckets.adjust(pending, before);
      return;
    }
    if (pending) this.buckets.apply(pending, this.before, -1);
    this.buckets.apply(this.dimsNow(conversation), vector, 1);
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
    if (this.hasPending) this.buckets.apply(this.pending, this.before, -1);
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
      this.buckets.apply(this.dimsNow(conversation), this.before, -1);
      changed.push(conversation);
    }
    this.serviceLevelMs.set(queueId, after);
    for (const conversation of changed) {
      const alerted = isSentimentAlert(this.state, conversation);
      if (alerted) this.alerted.add(conversation.id);
      else this.alerted.delete(conversation.id);
      writeContribution(conversation, alerted, after, this.after);
      this.buckets.apply(this.dimsNow(conversation), this.after, 1);
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
    this.sumWindow(query, filters, cellSelection(filters, query.scope), () => sum);
    const bounds = windowBounds(query);
    const accept = (conversation: Conversation) => matchesFilters(conversation, filters, query.scope);
    return { totals: toTotals(sum), longestWaitMs: this.index.longestWaitMs(query, bounds, accept) };
  }

  /**
   * `totals` for each of `queueIds` (queues the caller may see) as if the queue filter named
   * it, in one pass over the window (the queues report).
   */
  totalsByQueue(query: ReportQuery, filters: ReportFilters, queueIds: ReadonlySet<string>): Map<string, WindowFigures> {
    const sums = new Map<string, Float64Array>([...queueIds].map((queueId) => [queueId, new Float64Array(FIELD_COUNT)]));
    const selection = { ...cellSelection(filters, query.scope), queues: queueIds };
    this.sumWindow(query, filters, selection, (queueId) => (queueId === undefined ? undefined : sums.get(queueId)));
    const bounds = windowBounds(query);
    const accept = (conversation: Conversation) => matchesFilters(conversation, filters, query.scope);
    const longest = this.index.longestWaitByQueue(query, bounds, accept, queueIds);
    const figures = new Map<string, WindowFigures>();
    for (const [queueId, sum] of sums) figures.set(queueId, { totals: toTotals(sum), longestWaitMs: longest.get(queueId) ?? 0 });
    return figures;
  }

  /**
   * Adds the contributions of the window's conversations that pass the filters into the
   * vector `sumFor` names for their queue (none: not counted): the buckets the selection
   * reads, the conversations of the partial minutes at the edges, and with `includeOpen` the
   * older non-closed ones.
   */
  private sumWindow(
    query: ReportQuery,
    filters: ReportFilters,
    selection: CellSelection,
    sumFor: (queueId: string | undefined) => Float64Array | undefined,
  ): void {
    const bounds = windowBounds(query);
    const from = bounds.fromInclusive ? bounds.from : bounds.from + 1;
    this.sumCreated(from, bounds.to, filters, query.scope, selection, sumFor);
    for (const conversation of this.index.openBeforeWindow(query, bounds)) this.addConversation(conversation, filters, query.scope, sumFor);
  }

  /**
   * Per channel, the summed contribution of the conversations created in [from, to] (ms,
   * inclusive) that pass the query's filters and scope: a quarter hour of the conversations
   * series (src/domain/series.ts).
   */
  createdByChannel(query: ReportQuery, from: number, to: number, fields: readonly number[]): Map<Channel, Float64Array> {
    const sums = new Map<Channel, Float64Array>();
    const sumFor = (_queueId: string | undefined, channel: Channel | undefined) => {
      let sum = sums.get(channel!);
      if (!sum) sums.set(channel!, (sum = new Float64Array(FIELD_COUNT)));
      return sum;
    };
    this.sumCreated(from, to, query.filters, query.scope, { ...cellSelection(query.filters, query.scope), byChannel: true }, sumFor, fields);
    return sums;
  }

  /**
   * `sumWindow` for the creation moments [from, to]: the buckets the selection reads (with
   * `byChannel`, each cell's with its channel) and the edge conversations one by one.
   */
  private sumCreated(
    from: number,
    to: number,
    filters: ReportFilters,
    scope: ReadonlySet<string> | undefined,
    selection: CellSelection,
    sumFor: (queueId: string | undefined, channel: Channel | undefined) => Float64Array | undefined,
    /** The fields the caller reads (all when absent); the edge conversations add them all. */
    fields?: readonly number[],
  ): void {
    this.settle();
    const slab = this.slab;
    const edges = this.buckets.collect(from, to, selection, (slot, queueId, channel) => {
      const sum = sumFor(queueId, channel);
      if (!sum) return;
      if (fields) slab.addFieldsTo(sum, slot, fields);
      else slab.addTo(sum, slot);
    });
    for (const [edgeFrom, edgeTo] of edges) {
      for (const conversation of this.index.createdIn(edgeFrom, edgeTo)) this.addConversation(conversation, filters, scope, sumFor);
    }
  }

  private readonly one = new Float64Array(FIELD_COUNT);

  private addConversation(
    conversation: Conversation,
    filters: ReportFilters,
    scope: ReadonlySet<string> | undefined,
    sumFor: (queueId: string | undefined, channel: Channel | undefined) => Float64Array | undefined,
  ): void {
    if (!matchesFilters(conversation, filters, scope)) return;
    const sum = sumFor(conversation.queueId, conversation.channel);
    if (!sum) return;
    const one = this.one;
    writeContribution(conversation, this.alerted.has(conversation.id), this.serviceLevelMsFor(conversation.queueId), one);
    for (let i = 0; i < FIELD_COUNT; i++) sum[i] += one[i];
  }
}
