/**
 * The entities of SPEC §1 as plain data. Times are epoch milliseconds; the domain never
 * reads the clock, every moment comes from an event or a report's `at`.
 */
import type { AssignmentMethod, Channel, CloseReason, Presence, SkillMatchMode } from './events.js';
import type { MessageSentiment, SentimentLevel } from './sentiment-scale.js';

export type Status = 'open' | 'active' | 'waiting' | 'wrap-up' | 'closed';
export type Direction = 'inbound' | 'outbound';
export type SkillLevels = Record<string, number>;

/** Capacity units a conversation costs by channel unless its queue says otherwise (SPEC §1). */
export const DEFAULT_CHANNEL_UNITS: Readonly<Record<Channel, number>> = {
  voice: 100,
  chat: 35,
  sms: 10,
  whatsapp: 10,
  facebook: 10,
  teams: 10,
  email: 10,
  custom: 10,
};

/** A figure's alert levels (SPEC §6 "Thresholds and alerts"); a level left out never fires. */
export interface Threshold {
  warn?: number;
  alert?: number;
}

/** By figure name; unknown names are kept and ignored (SPEC §6 precise readings). */
export type QueueThresholds = Record<string, Threshold>;

export interface Queue {
  id: string;
  name: string;
  priority: number;
  assignment: AssignmentMethod;
  skillMatch: SkillMatchMode;
  serviceLevelSeconds: number;
  /** Share of answers wanted within `serviceLevelSeconds` (SPEC §3, 0..1): the staffing target. */
  serviceLevelTarget: number;
  channels: Channel[];
  keepSameAgent: boolean;
  channelUnits: Partial<Record<Channel, number>>;
  sentimentAlert: SentimentLevel | null;
  thresholds: QueueThresholds;
}

export interface Agent {
  id: string;
  name: string;
  queueIds: string[];
  skills: SkillLevels;
  capacityUnits: number;
  presence: Presence;
  presenceSince: number;
  /** Units held by the conversations where this agent is the active agent (SPEC §1). */
  usedUnits: number;
  /** Non-closed conversations where this agent is the active agent. */
  ongoing: number;
  lastAssignedAt: number | null;
  lastEndedAt: number | null;
}

export type SessionEnd = 'rejected' | 'timeout' | 'transferred' | 'parked' | 'closed';

/** One agent's part of a conversation (SPEC §1, §6). Only primary sessions are modelled. */
export interface Session {
  agentId: string;
  queueId: string;
  assignedAt: number;
  acceptedAt: number | null;
  endedAt: number | null;
  endReason: SessionEnd | null;
  /** A pick or a resume straight to an agent: accepted at once, later `accepted` is a no-op. */
  acceptedOnAssign: boolean;
}

export interface Conversation {
  id: string;
  channel: Channel;
  direction: Direction;
  queueId: string;
  subject: string;
  customer: { id?: string; name?: string } | null;
  requiredSkills: SkillLevels;
  status: Status;
  activeAgentId: string | null;
  createdAt: number;
  closedAt: number | null;
  closeReason: CloseReason | null;
  /** Start of the current unbroken stretch without an accepting agent (SPEC §6 current wait). */
  queueSince: number;
  firstAcceptedAt: number | null;
  sessions: Session[];
  /** Voice hold: the running hold's start, and the finished holds' total. */
  holdSince: number | null;
  holdMs: number;
  wrapUpSince: number | null;
  /**
   * Scores of the customer's last (up to) six public messages, oldest first (SPEC §7); empty
   * once closed (no message can follow, the level stays in `sentiment`).
   */
  recentSentiment: MessageSentiment[];
  sentiment: SentimentLevel;
  monitoredBy: string[];
  /** Events applied to this conversation: the stream version for optimistic concurrency. */
  version: number;
  /** The latest `at` of its events: a later event may not be dated before it (SPEC §3). */
  lastEventAt: number;
  lastMessageAt: number | null;
  /** The units this conversation holds and of which agent (SPEC §1), kept by `evolve`. */
  load: { agentId: string | null; units: number };
}

/*
 * Shared values for what most conversations hold empty. A conversation's fields are replaced,
 * never changed in place, so many conversations may hold the same frozen value: with a
 * week of a large site's conversations in memory, each empty object or array is bytes times
 * hundreds of thousands (docs/decisions.md "Memory").
 */
export const NO_SKILLS: SkillLevels = Object.freeze({}) as SkillLevels;
export const NO_MONITORS: string[] = Object.freeze([]) as unknown as string[];
export const NO_SENTIMENT: MessageSentiment[] = Object.freeze([]) as unknown as MessageSentiment[];
export const NO_SESSIONS: Session[] = Object.freeze([]) as unknown as Session[];
export const NO_LOAD: Conversation['load'] = Object.freeze({ agentId: null, units: 0 });

export interface DomainState {
  queues: Map<string, Queue>;
  agents: Map<string, Agent>;
  conversations: Map<string, Conversation>;
  /**
   * The conversations in a queue now: open, or active awaiting acceptance. Kept by `evolve`
   * so routing and offer time-outs never scan closed history.
   */
  queued: Map<string, Conversation>;
}

export function emptyState(): DomainState {
  return { queues: new Map(), agents: new Map(), conversations: new Map(), queued: new Map() };
}

/** In a queue: open, or active awaiting acceptance (SPEC §6 `inQueue`, without the direction). */
export function isInQueue(conversation: Conversation): boolean {
  if (conversation.status === 'open') return true;
  return conversation.status === 'active' && runningSession(conversation)?.acceptedAt == null;
}

/** Keeps `state.queued` in step with a conversation's status. */
export function indexQueued(state: DomainState, conversation: Conversation): void {
  if (isInQueue(conversation)) state.queued.set(conversation.id, conversation);
  else state.queued.delete(conversation.id);
}

export function runningSession(conversation: Conversation): Session | null {
  const last = conversation.sessions[conversation.sessions.length - 1];
  return last && last.endedAt === null ? last : null;
}

/** True while the conversation's current agent has accepted it (SPEC §8 `accepted`). */
export function isAccepted(conversation: Conversation): boolean {
  const session = runningSession(conversation);
  if (conversation.status === 'active') return session?.acceptedAt != null;
  return conversation.status === 'waiting' || conversation.status === 'wrap-up';
}

export function unitsFor(queue: Queue | undefined, channel: Channel): number {
  return queue?.channelUnits[channel] ?? DEFAULT_CHANNEL_UNITS[channel];
}

/**
 * The `at` of an event the server makes for a conversation (routing, supervisor actions):
 * its clock, but never before the conversation's previous event, which SPEC §3 would refuse
 * (a platform whose clock runs a little ahead must not stall routing or actions).
 */
export function eventTime(conversation: Pick<Conversation, 'lastEventAt'>, now: number): string {
  return new Date(Math.max(now, conversation.lastEventAt)).toISOString();
}
