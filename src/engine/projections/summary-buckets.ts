/**
 * SPEC §6 summary figures and the voice report, shaped by SPEC §8 "summary" and "voice".
 * Each conversation's additive contribution (src/domain/totals.ts) is kept in creation
 * buckets; a report adds the buckets of its window, the conversations at the window's
 * edges and, with `includeOpen`, the older non-closed ones. `longestWaitSeconds`, the one
 * figure that depends on the report moment, comes from the in-queue index.
 */
import { type Conversation, type DomainState } from '../../domain/model.js';
import { isSentimentAlert, summaryReport, type SummaryReport, voiceReport, type VoiceReport } from '../../domain/reports.js';
import { contributionOf, emptyTotals, TOTAL_FIELDS, type Totals } from '../../domain/totals.js';
import {
  isAgentInScope,
  matchesFilters,
  type ReportFilters,
  type ReportQuery,
  windowBounds,
} from '../../domain/window.js';
import { type CellDims, cellSelection, CreationBuckets, dimsOf, type PayloadOps, sameDims } from './creation-buckets.js';
import type { OngoingIndex } from './ongoing-index.js';

const FIELD_COUNT = TOTAL_FIELDS.length;

/** Totals as a flat vector in `TOTAL_FIELDS` order: cheap to add and retract. */
type TotalsVector = Float64Array;

const vectorOps: PayloadOps<TotalsVector, TotalsVector> = {
  create: () => new Float64Array(FIELD_COUNT),
  apply(target, delta, sign) {
    for (let i = 0; i < FIELD_COUNT; i++) target[i] += sign * delta[i];
  },
};

function toVector(totals: Totals): TotalsVector {
  const vector = new Float64Array(FIELD_COUNT);
  for (let i = 0; i < FIELD_COUNT; i++) vector[i] = totals[TOTAL_FIELDS[i]];
  return vector;
}

function toTotals(vector: TotalsVector): Totals {
  const totals = emptyTotals();
  for (let i = 0; i < FIELD_COUNT; i++) totals[TOTAL_FIELDS[i]] = vector[i];
  return totals;
}

/** What a conversation contributed before the event now being applied changed it. */
interface Retraction {
  conversation: Conversation;
  dims: CellDims;
  vector: TotalsVector;
  inputs: ContributionInputs;
}

/**
 * The conversation fields `contributionOf` (src/domain/totals.ts) reads besides the cell
 * dimensions; when none changed, the vector is the same and is not recomputed. Keep this
 * list in step with totals.ts and metrics.ts (the property test checks the outcome).
 */
interface ContributionInputs {
  alerted: boolean;
  firstAcceptedAt: number | null;
  closedAt: number | null;
  holdSince: number | null;
  holdMs: number;
  wrapUpSince: number | null;
  sessionCount: number;
  lastAcceptedAt: number | null;
  lastEndedAt: number | null;
  lastEndReason: string | null;
}

function inputsOf(conversation: Conversation, alerted: boolean): ContributionInputs {
  const last = conversation.sessions[conversation.sessions.length - 1];
  return {
    alerted,
    firstAcceptedAt: conversation.firstAcceptedAt,
    closedAt: conversation.closedAt,
    holdSince: conversation.holdSince,
    holdMs: conversation.holdMs,
    wrapUpSince: conversation.wrapUpSince,
    sessionCount: conversation.sessions.length,
    lastAcceptedAt: last?.acceptedAt ?? null,
    lastEndedAt: last?.endedAt ?? null,
    lastEndReason: last?.endReason ?? null,
  };
}

function sameInputs(a: ContributionInputs, b: ContributionInputs): boolean {
  return (
    a.alerted === b.alerted &&
    a.firstAcceptedAt === b.firstAcceptedAt &&
    a.closedAt === b.closedAt &&
    a.holdSince === b.holdSince &&
    a.holdMs === b.holdMs &&
    a.wrapUpSince === b.wrapUpSince &&
    a.sessionCount === b.sessionCount &&
    a.lastAcceptedAt === b.lastAcceptedAt &&
    a.lastEndedAt === b.lastEndedAt &&
    a.lastEndReason === b.lastEndReason
  );
}

export class SummaryBuckets {
  private readonly buckets = new CreationBuckets(vectorOps);
  /** The vector each conversation was last added with: what `retract` takes back. */
  private readonly vectors = new Map<string, TotalsVector>();
  /** Conversations counted as at or below their queue's alert threshold when last added (SPEC §7). */
  private readonly alerted = new Set<string>();
  /**
   * The retraction `add` settles: a conversation that stays in its cell gets only the
   * difference (most events change a figure or two, or none), one that moves is taken out
   * of the old cell and put in the new one.
   */
  private pending: Retraction | null = null;
  private readonly difference = new Float64Array(FIELD_COUNT);

  constructor(
    private readonly state: DomainState,
    private readonly index: OngoingIndex,
  ) {}

  clear(): void {
    this.buckets.clear();
    this.vectors.clear();
    this.alerted.clear();
    this.pending = null;
  }

  retract(conversation: Conversation): void {
    this.settle();
    const vector = this.vectors.get(conversation.id);
    if (vector) {
      const inputs = inputsOf(conversation, this.alerted.has(conversation.id));
      this.pending = { conversation, dims: dimsOf(conversation), vector, inputs };
    }
  }

  add(conversation: Conversation): void {
    const alerted = isSentimentAlert(this.state, conversation);
    if (alerted) this.alerted.add(conversation.id);
    else this.alerted.delete(conversation.id);
    const pending = this.pending;
    this.pending = null;
    const staysInCell = pending !== null && pending.conversation === conversation && sameDims(pending.dims, conversation);
    if (staysInCell && sameInputs(pending.inputs, inputsOf(conversation, alerted))) return;
    const vector = toVector(contributionOf(conversation, alerted));
    this.vectors.set(conversation.id, vector);
    if (staysInCell) {
      const difference = this.difference;
      let changed = false;
      for (let i = 0; i < FIELD_COUNT; i++) {
        difference[i] = vector[i] - pending.vector[i];
        if (difference[i] !== 0) changed = true;
      }
      if (changed) this.buckets.adjust(pending.dims, difference);
      return;
    }
    if (pending) this.buckets.apply(pending.dims, pending.vector, -1);
    this.buckets.apply(dimsOf(conversation), vector, 1);
  }

  /** A retraction not followed by its `add` is applied as it stands. */
  private settle(): void {
    if (this.pending) this.buckets.apply(this.pending.dims, this.pending.vector, -1);
    this.pending = null;
  }

  /** A queue's alert threshold changed: its non-closed conversations may flip (SPEC §7). */
  queueChanged(queueId: string): void {
    this.settle();
    for (const conversation of this.index.ongoing) {
      if (conversation.queueId !== queueId) continue;
      if (isSentimentAlert(this.state, conversation) === this.alerted.has(conversation.id)) continue;
      this.retract(conversation);
      this.add(conversation);
    }
  }

  summary(query: ReportQuery): SummaryReport {
    const { totals, longestWaitMs } = this.totals(query, query.filters);
    const agents = [...this.state.agents.values()].filter((agent) => isAgentInScope(agent, query.scope));
    return summaryReport(query, windowBounds(query), totals, longestWaitMs, agents);
  }

  voice(query: ReportQuery): VoiceReport {
    const { channel } = query.filters;
    if (channel !== undefined && channel !== 'voice') return voiceReport(query, windowBounds(query), emptyTotals(), 0);
    const { totals, longestWaitMs } = this.totals(query, { ...query.filters, channel: 'voice' });
    return voiceReport(query, windowBounds(query), totals, longestWaitMs);
  }

  /** The summed contribution and the longest wait of the window's conversations after filters. */
  totals(query: ReportQuery, filters: ReportFilters): { totals: Totals; longestWaitMs: number } {
    this.settle();
    const bounds = windowBounds(query);
    const sum = new Float64Array(FIELD_COUNT);
    const addVector = (vector: TotalsVector) => vectorOps.apply(sum, vector, 1);
    const from = bounds.fromInclusive ? bounds.from : bounds.from + 1;
    const edges = this.buckets.collect(from, bounds.to, cellSelection(filters, query.scope), addVector);
    const accept = (conversation: Conversation) => matchesFilters(conversation, filters, query.scope);
    for (const [edgeFrom, edgeTo] of edges) {
      for (const conversation of this.index.createdIn(edgeFrom, edgeTo)) {
        if (accept(conversation)) addVector(this.vectorOf(conversation));
      }
    }
    for (const conversation of this.index.openBeforeWindow(query, bounds)) {
      if (accept(conversation)) addVector(this.vectorOf(conversation));
    }
    return { totals: toTotals(sum), longestWaitMs: this.index.longestWaitMs(query, bounds, accept) };
  }

  private vectorOf(conversation: Conversation): TotalsVector {
    return this.vectors.get(conversation.id)!;
  }
}
