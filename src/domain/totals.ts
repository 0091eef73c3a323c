/**
 * The additive part of the summary and voice reports (SPEC §6). Every figure but the
 * longest wait is fixed by a conversation's events alone, not by the report moment, so a
 * conversation contributes a vector of counts and millisecond sums that can be added and
 * retracted: the recompute sums it over the window, the projection keeps it in buckets.
 */
import {
  firstWaitMs,
  handleMs,
  holdMs,
  isAbandoned,
  isAcceptedSession,
  isInQueue,
  isTransferredSession,
  SERVICE_LEVEL_SECONDS,
  talkMs,
  timeToAbandonMs,
  wasAccepted,
} from './metrics.js';
import type { Conversation, Queue } from './model.js';

/** Field names of the additive vector; all are counts or millisecond sums. */
export const TOTAL_FIELDS = [
  'conversations',
  'incoming',
  'outbound',
  'open',
  'active',
  'waiting',
  'wrapUp',
  'closed',
  'inQueue',
  'answered',
  'firstWaitMs',
  'sl10',
  'sl20',
  'sl30',
  'sl40',
  'sl60',
  'sl120',
  /** First wait within the conversation's queue's own `serviceLevelSeconds` (queues report). */
  'slQueue',
  'abandoned',
  'abandonMs',
  'handled',
  'handleMs',
  'holdMs',
  'talkMs',
  'sessionsAccepted',
  'sessionsTransferred',
  'onHold',
  'sentimentAlerts',
] as const;

export type TotalField = (typeof TOTAL_FIELDS)[number];
export type Totals = Record<TotalField, number>;

/** A fresh all-zero totals object (an object literal, so V8 gives it a fast fixed shape). */
export function emptyTotals(): Totals {
  return {
    conversations: 0,
    incoming: 0,
    outbound: 0,
    open: 0,
    active: 0,
    waiting: 0,
    wrapUp: 0,
    closed: 0,
    inQueue: 0,
    answered: 0,
    firstWaitMs: 0,
    sl10: 0,
    sl20: 0,
    sl30: 0,
    sl40: 0,
    sl60: 0,
    sl120: 0,
    slQueue: 0,
    abandoned: 0,
    abandonMs: 0,
    handled: 0,
    handleMs: 0,
    holdMs: 0,
    talkMs: 0,
    sessionsAccepted: 0,
    sessionsTransferred: 0,
    onHold: 0,
    sentimentAlerts: 0,
  };
}

export function addTotals(target: Totals, source: Totals, sign: 1 | -1 = 1): void {
  for (const field of TOTAL_FIELDS) target[field] += sign * source[field];
}

const STATUS_FIELD = { open: 'open', active: 'active', waiting: 'waiting', 'wrap-up': 'wrapUp', closed: 'closed' } as const;

/** A queue's service-level threshold in ms (SPEC §3 default 20 s); compared in exact ms. */
export function serviceLevelMsOf(queue: Queue | undefined): number {
  return (queue?.serviceLevelSeconds ?? 20) * 1000;
}

/**
 * One conversation's contribution. `isAlerted` says whether its sentiment is at or below
 * its queue's alert threshold (SPEC §7), `serviceLevelMs` is its queue's service-level
 * threshold; the caller knows the queues.
 */
export function contributionOf(conversation: Conversation, isAlerted: boolean, serviceLevelMs: number): Totals {
  const totals = emptyTotals();
  const inbound = conversation.direction === 'inbound';
  totals.conversations = 1;
  totals.incoming = inbound ? 1 : 0;
  totals.outbound = inbound ? 0 : 1;
  totals[STATUS_FIELD[conversation.status]] = 1;
  totals.inQueue = inbound && isInQueue(conversation) ? 1 : 0;
  const firstWait = firstWaitMs(conversation);
  if (inbound && firstWait !== null) {
    totals.answered = 1;
    totals.firstWaitMs = firstWait;
    for (const seconds of SERVICE_LEVEL_SECONDS) {
      if (firstWait <= seconds * 1000) totals[`sl${seconds}`] = 1;
    }
    if (firstWait <= serviceLevelMs) totals.slQueue = 1;
  }
  if (isAbandoned(conversation)) {
    totals.abandoned = 1;
    totals.abandonMs = timeToAbandonMs(conversation);
  }
  if (conversation.status === 'closed' && wasAccepted(conversation)) {
    const closedAt = conversation.closedAt!;
    totals.handled = 1;
    totals.handleMs = handleMs(conversation, closedAt);
    totals.holdMs = holdMs(conversation, closedAt);
    totals.talkMs = talkMs(conversation, closedAt);
  }
  for (const session of conversation.sessions) {
    if (isAcceptedSession(session)) totals.sessionsAccepted += 1;
    if (isTransferredSession(session)) totals.sessionsTransferred += 1;
  }
  totals.onHold = conversation.holdSince !== null ? 1 : 0;
  totals.sentimentAlerts = isAlerted && conversation.status !== 'closed' ? 1 : 0;
  return totals;
}

/** Index of each field in `TOTAL_FIELDS` order (the layout of a totals vector). */
export const TOTAL_INDEX: Readonly<Record<TotalField, number>> = Object.fromEntries(
  TOTAL_FIELDS.map((field, i) => [field, i]),
) as Record<TotalField, number>;

const I = TOTAL_INDEX;
const STATUS_INDEX = { open: I.open, active: I.active, waiting: I.waiting, 'wrap-up': I.wrapUp, closed: I.closed } as const;
const SL_INDEX = SERVICE_LEVEL_SECONDS.map((seconds) => I[`sl${seconds}`]);

/**
 * `contributionOf` written straight into `out` (length ≥ TOTAL_FIELDS.length, in
 * `TOTAL_FIELDS` order) at `offset`, without allocating: the projections' hot path. Must
 * give exactly the figures of `contributionOf` (test/engine checks both against recompute).
 */
export function writeContribution(
  conversation: Conversation,
  isAlerted: boolean,
  serviceLevelMs: number,
  out: Float64Array,
  offset = 0,
): void {
  out.fill(0, offset, offset + TOTAL_FIELDS.length);
  const inbound = conversation.direction === 'inbound';
  out[offset + I.conversations] = 1;
  out[offset + (inbound ? I.incoming : I.outbound)] = 1;
  out[offset + STATUS_INDEX[conversation.status]] = 1;
  if (inbound && isInQueue(conversation)) out[offset + I.inQueue] = 1;
  const firstWait = firstWaitMs(conversation);
  if (inbound && firstWait !== null) {
    out[offset + I.answered] = 1;
    out[offset + I.firstWaitMs] = firstWait;
    for (let i = 0; i < SERVICE_LEVEL_SECONDS.length; i++) {
      if (firstWait <= SERVICE_LEVEL_SECONDS[i] * 1000) out[offset + SL_INDEX[i]] = 1;
    }
    if (firstWait <= serviceLevelMs) out[offset + I.slQueue] = 1;
  }
  if (isAbandoned(conversation)) {
    out[offset + I.abandoned] = 1;
    out[offset + I.abandonMs] = timeToAbandonMs(conversation);
  }
  if (conversation.status === 'closed' && wasAccepted(conversation)) {
    const closedAt = conversation.closedAt!;
    out[offset + I.handled] = 1;
    out[offset + I.handleMs] = handleMs(conversation, closedAt);
    out[offset + I.holdMs] = holdMs(conversation, closedAt);
    out[offset + I.talkMs] = talkMs(conversation, closedAt);
  }
  let accepted = 0;
  let transferred = 0;
  // Indexed, not for-of: on the apply path the array iterator was not optimised away (a
  // sixth of the engine's garbage, docs/benchmarks.md).
  const sessions = conversation.sessions;
  for (let i = 0; i < sessions.length; i++) {
    if (isAcceptedSession(sessions[i])) accepted += 1;
    if (isTransferredSession(sessions[i])) transferred += 1;
  }
  out[offset + I.sessionsAccepted] = accepted;
  out[offset + I.sessionsTransferred] = transferred;
  if (conversation.holdSince !== null) out[offset + I.onHold] = 1;
  if (isAlerted && conversation.status !== 'closed') out[offset + I.sentimentAlerts] = 1;
}
