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
import type { Conversation } from './model.js';

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

export function emptyTotals(): Totals {
  const totals = {} as Totals;
  for (const field of TOTAL_FIELDS) totals[field] = 0;
  return totals;
}

export function addTotals(target: Totals, source: Totals, sign: 1 | -1 = 1): void {
  for (const field of TOTAL_FIELDS) target[field] += sign * source[field];
}

const STATUS_FIELD = { open: 'open', active: 'active', waiting: 'waiting', 'wrap-up': 'wrapUp', closed: 'closed' } as const;

/**
 * One conversation's contribution. `isAlerted` says whether its sentiment is at or below
 * its queue's alert threshold (SPEC §7); the caller knows the queues.
 */
export function contributionOf(conversation: Conversation, isAlerted: boolean): Totals {
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
