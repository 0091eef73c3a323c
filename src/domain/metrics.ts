/**
 * SPEC §6: every per-conversation figure as an obviously-correct pure function of the
 * conversation's timeline and the report moment `at` (epoch ms). The reports and the
 * incremental projections both stand on these.
 */
import { type Conversation, isInQueue, type Session } from './model.js';

const HOUR_MS = 3_600_000;

export { isInQueue };

/** Current wait: `at` minus the start of the current unbroken stretch without an accepting agent. */
export function currentWaitMs(conversation: Conversation, at: number): number {
  return at - conversation.queueSince;
}

/** First wait: first acceptance minus creation; null until accepted once. */
export function firstWaitMs(conversation: Conversation): number | null {
  return conversation.firstAcceptedAt === null ? null : conversation.firstAcceptedAt - conversation.createdAt;
}

export const wasAccepted = (conversation: Conversation): boolean => conversation.firstAcceptedAt !== null;

/** `waitSeconds` of an ongoing row: the current wait while in a queue, otherwise the first wait. */
export function waitSeconds(conversation: Conversation, at: number): number {
  const first = firstWaitMs(conversation);
  const ms = isInQueue(conversation) || first === null ? currentWaitMs(conversation, at) : first;
  return Math.floor(ms / 1000);
}

/** Handle time of one session: acceptance to its end, or to `at` while it runs. */
export function sessionHandleMs(session: Session, at: number): number {
  return session.acceptedAt === null ? 0 : (session.endedAt ?? at) - session.acceptedAt;
}

/** Handle time: the sum over primary sessions of acceptance to end (hold and wrap-up count). */
export function handleMs(conversation: Conversation, at: number): number {
  let total = 0;
  const sessions = conversation.sessions; // indexed: on the apply path (see writeContribution)
  for (let i = 0; i < sessions.length; i++) total += sessionHandleMs(sessions[i], at);
  return total;
}

export function holdMs(conversation: Conversation, at: number): number {
  return conversation.holdMs + (conversation.holdSince === null ? 0 : at - conversation.holdSince);
}

export function wrapUpMs(conversation: Conversation, at: number): number {
  return conversation.wrapUpSince === null ? 0 : (conversation.closedAt ?? at) - conversation.wrapUpSince;
}

/** Voice talk time: handle − hold − wrap-up (SPEC §6 precise readings). */
export function talkMs(conversation: Conversation, at: number): number {
  return handleMs(conversation, at) - holdMs(conversation, at) - wrapUpMs(conversation, at);
}

/** Abandoned: inbound, closed, never accepted, whatever the close reason. */
export function isAbandoned(conversation: Conversation): boolean {
  return conversation.direction === 'inbound' && conversation.status === 'closed' && !wasAccepted(conversation);
}

export function timeToAbandonMs(conversation: Conversation): number {
  return conversation.closedAt! - conversation.createdAt;
}

export const isAcceptedSession = (session: Session): boolean => session.acceptedAt !== null;
export const isTransferredSession = (session: Session): boolean => session.endReason === 'transferred';
export const isRejectedSession = (session: Session): boolean =>
  session.endReason === 'rejected' || session.endReason === 'timeout';

/** The service-level thresholds of SPEC §6, in seconds. */
export const SERVICE_LEVEL_SECONDS = [10, 20, 30, 40, 60, 120] as const;

/** A mean in seconds from a millisecond sum, rounded half-up to 3 decimals; null when empty. */
export function meanSeconds(sumMs: number, count: number): number | null {
  return count === 0 ? null : Math.round(sumMs / count) / 1000;
}

export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

export const INCLUDE_OPEN_HORIZON_MS = 72 * HOUR_MS;
export const LAST24H_MS = 24 * HOUR_MS;
