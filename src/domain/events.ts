/**
 * The event format of SPEC §3: what platforms POST to the ingest API, what the store logs
 * and the line format of scenario files. One zod schema per type; unknown fields are kept.
 */
import { z } from 'zod';
import { MAX_ID_LENGTH, measureEvent } from './event-limits.js';
import { SENTIMENT_LEVELS } from './sentiment-scale.js';

export const CHANNELS = ['chat', 'voice', 'sms', 'whatsapp', 'facebook', 'teams', 'email', 'custom'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Channels on which a conversation may be parked (SPEC §2). */
export const ASYNC_CHANNELS: ReadonlySet<Channel> = new Set(['sms', 'whatsapp', 'facebook', 'teams', 'email']);

export const PRESENCES = ['available', 'busy', 'busy-dnd', 'away', 'offline'] as const;
export type Presence = (typeof PRESENCES)[number];

export const ASSIGNMENT_METHODS = ['highest-capacity', 'round-robin', 'least-active'] as const;
export type AssignmentMethod = (typeof ASSIGNMENT_METHODS)[number];

export const SKILL_MATCH_MODES = ['exact', 'closest', 'none'] as const;
export type SkillMatchMode = (typeof SKILL_MATCH_MODES)[number];

export const MESSAGE_SENDERS = ['customer', 'agent', 'bot', 'supervisor', 'system'] as const;
export const CLOSE_REASONS = ['resolved', 'customer-left', 'force-closed', 'auto-closed'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

/** The years an event may carry: no contact centre served customers before 1970 or after 2999. */
export const EARLIEST_YEAR = 1970;
export const LATEST_YEAR = 2999;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const isLeap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && isLeap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/** The number written by `count` ASCII digits at `start`, or -1 if any is not a digit. */
function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i += 1) {
    const digit = text.charCodeAt(i) - 48;
    if (!(digit >= 0 && digit <= 9)) return -1; // also NaN, past the end of the text
    value = value * 10 + digit;
  }
  return value;
}

/** The upper case of an ASCII letter's code (the format allows `t` and `z` too). */
function upper(code: number): number {
  return code >= 97 && code <= 122 ? code - 32 : code;
}

const DASH = 45;
const COLON = 58;
const DOT = 46;
const PLUS = 43;

/**
 * True for a timestamp that names a real moment: ISO-8601 with a zone (`Z` or ±hh:mm; a
 * timestamp without a zone is invalid, SPEC §3), `yyyy-mm-ddThh:mm[:ss[.f{1,9}]]`, a date
 * that exists (no February 30th, which `Date.parse` would quietly turn into March 2nd),
 * hours 0–23, minutes and seconds 0–59, a zone offset below 24 h, a year in the supported
 * range. Read character by character: every event's times pass here, and a regular
 * expression with its match arrays was a tenth of a replay's time.
 */
export function isValidTimestamp(text: string): boolean {
  if (text.length < 17) return false;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0) return false;
  if (text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH || upper(text.charCodeAt(10)) !== 84) return false;
  if (text.charCodeAt(13) !== COLON) return false;
  let at = 16;
  let second = 0;
  if (text.charCodeAt(at) === COLON) {
    second = digitsAt(text, at + 1, 2);
    if (second < 0) return false;
    at += 3;
    if (text.charCodeAt(at) === DOT) {
      let fraction = 0;
      while (fraction < 9 && digitsAt(text, at + 1 + fraction, 1) >= 0) fraction += 1;
      if (fraction === 0) return false;
      at += 1 + fraction;
    }
  }
  let offsetHours = 0;
  let offsetMinutes = 0;
  const zone = text.charCodeAt(at);
  if (upper(zone) === 90) {
    at += 1;
  } else if (zone === PLUS || zone === DASH) {
    offsetHours = digitsAt(text, at + 1, 2);
    at += 3;
    if (text.charCodeAt(at) === COLON) at += 1;
    offsetMinutes = digitsAt(text, at, 2);
    at += 2;
    if (offsetHours < 0 || offsetMinutes < 0) return false;
  } else {
    return false;
  }
  return (
    at === text.length &&
    year >= EARLIEST_YEAR &&
    year <= LATEST_YEAR &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMinutes <= 59
  );
}

/**
 * The epoch milliseconds of a timestamp `isValidTimestamp` accepts, as `Date.parse` gives
 * them. The form every producer writes (`yyyy-mm-ddThh:mm:ss[.mmm]Z`, `toISOString`) is read
 * by hand: `Date.parse` of every event was a twentieth of the engine's apply time.
 */
export function timestampMs(text: string): number {
  // The same event's time is read three times in a row (replay's moment check, the state
  // check, evolve): the last answer is kept.
  if (text === lastTimestamp) return lastTimestampMs;
  lastTimestampMs = readTimestampMs(text);
  lastTimestamp = text;
  return lastTimestampMs;
}

let lastTimestamp = '';
let lastTimestampMs = Number.NaN;

function readTimestampMs(text: string): number {
  const length = text.length;
  if (
    (length === 20 || length === 24) &&
    text.charCodeAt(4) === DASH &&
    text.charCodeAt(7) === DASH &&
    text.charCodeAt(10) === 84 &&
    text.charCodeAt(13) === COLON &&
    text.charCodeAt(16) === COLON &&
    text.charCodeAt(19) === (length === 24 ? DOT : 90) &&
    text.charCodeAt(length - 1) === 90
  ) {
    const ms = length === 24 ? digitsAt(text, 20, 3) : 0;
    const year = digitsAt(text, 0, 4);
    const month = digitsAt(text, 5, 2);
    const day = digitsAt(text, 8, 2);
    const hour = digitsAt(text, 11, 2);
    const minute = digitsAt(text, 14, 2);
    const second = digitsAt(text, 17, 2);
    // Out of range (and years below 100, which Date.UTC reads as 19xx): left to Date.parse.
    const inRange =
      ms >= 0 &&
      year >= 100 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= 31 &&
      hour >= 0 &&
      hour <= 23 &&
      minute >= 0 &&
      minute <= 59 &&
      second >= 0 &&
      second <= 59;
    if (inRange) {
      return Date.UTC(year, month - 1, day, hour, minute, second, ms);
    }
  }
  return Date.parse(text);
}

export const timestamp = z.string().refine(isValidTimestamp, {
  message: `must be an ISO-8601 timestamp with a zone (Z or ±hh:mm), a date that exists and a year in ${EARLIEST_YEAR}–${LATEST_YEAR}`,
});

const id = z.string().min(1);
const skillLevels = z.record(z.string(), z.number().int().min(1).max(10));

const base = { id, at: timestamp };

export const eventSchemas = {
  'queue.upserted': z.looseObject({
    ...base,
    type: z.literal('queue.upserted'),
    queueId: id,
    name: z.string(),
    priority: z.number().optional(),
    assignment: z.enum(ASSIGNMENT_METHODS).optional(),
    skillMatch: z.enum(SKILL_MATCH_MODES).optional(),
    serviceLevelSeconds: z.number().positive().optional(),
    /** Share of answers wanted within `serviceLevelSeconds`: the staffing target (SPEC §6). */
    serviceLevelTarget: z.number().min(0).max(1).optional(),
    channels: z.array(z.enum(CHANNELS)).optional(),
    keepSameAgent: z.boolean().optional(),
    /** Capacity units per channel for this queue's conversations (SPEC §1 "configurable per queue"). */
    channelUnits: z.partialRecord(z.enum(CHANNELS), z.number().nonnegative()).optional(),
    /** SPEC §7 alert threshold: conversations at or below this level are flagged. */
    sentimentAlert: z.enum(SENTIMENT_LEVELS).optional(),
    /** SPEC §6 "Thresholds and alerts": figure → { warn, alert }; unknown figures are kept. */
    thresholds: z.record(z.string(), z.object({ warn: z.number().optional(), alert: z.number().optional() })).optional(),
  }),
  'agent.upserted': z.looseObject({
    ...base,
    type: z.literal('agent.upserted'),
    agentId: id,
    name: z.string(),
    queueIds: z.array(id),
    skills: skillLevels.optional(),
    capacityUnits: z.number().nonnegative().optional(),
  }),
  'agent.presence': z.looseObject({
    ...base,
    type: z.literal('agent.presence'),
    agentId: id,
    presence: z.enum(PRESENCES),
  }),
  'conversation.created': z.looseObject({
    ...base,
    type: z.literal('conversation.created'),
    conversationId: id,
    channel: z.enum(CHANNELS),
    queueId: id,
    direction: z.enum(['inbound', 'outbound']).optional(),
    subject: z.string().optional(),
    customer: z.looseObject({ id: z.string().optional(), name: z.string().optional() }).optional(),
    skills: z.record(z.string(), z.number().int().min(1).max(10)).optional(),
  }),
  'conversation.assigned': z.looseObject({
    ...base,
    type: z.literal('conversation.assigned'),
    conversationId: id,
    agentId: id,
    by: z.enum(['routing', 'supervisor', 'agent']),
  }),
  'conversation.accepted': z.looseObject({
    ...base,
    type: z.literal('conversation.accepted'),
    conversationId: id,
    agentId: id,
  }),
  'conversation.rejected': z.looseObject({
    ...base,
    type: z.literal('conversation.rejected'),
    conversationId: id,
    agentId: id,
    reason: z.enum(['rejected', 'timeout']).optional(),
  }),
  'conversation.transferred': z
    .looseObject({
      ...base,
      type: z.literal('conversation.transferred'),
      conversationId: id,
      toAgentId: id.optional(),
      toQueueId: id.optional(),
      by: z.string().optional(),
    })
    .refine((e) => (e.toAgentId === undefined) !== (e.toQueueId === undefined), {
      message: 'exactly one of toAgentId and toQueueId is required',
      path: ['toAgentId'],
    }),
  'conversation.held': z.looseObject({ ...base, type: z.literal('conversation.held'), conversationId: id }),
  'conversation.unheld': z.looseObject({ ...base, type: z.literal('conversation.unheld'), conversationId: id }),
  'conversation.parked': z.looseObject({ ...base, type: z.literal('conversation.parked'), conversationId: id }),
  'conversation.resumed': z.looseObject({
    ...base,
    type: z.literal('conversation.resumed'),
    conversationId: id,
    agentId: id.optional(),
  }),
  'conversation.wrapup': z.looseObject({ ...base, type: z.literal('conversation.wrapup'), conversationId: id }),
  'conversation.closed': z.looseObject({
    ...base,
    type: z.literal('conversation.closed'),
    conversationId: id,
    reason: z.enum(CLOSE_REASONS).optional(),
  }),
  'conversation.message': z.looseObject({
    ...base,
    type: z.literal('conversation.message'),
    conversationId: id,
    from: z.enum(MESSAGE_SENDERS),
    text: z.string(),
    visibility: z.enum(['public', 'internal']).optional(),
  }),
  'supervisor.monitor': z.looseObject({
    ...base,
    type: z.literal('supervisor.monitor'),
    conversationId: id,
    supervisorId: id,
    mode: z.enum(['start', 'stop']),
  }),
} as const;

export type EventType = keyof typeof eventSchemas;
export const EVENT_TYPES = Object.keys(eventSchemas) as EventType[];

type EventOf<T extends EventType> = z.infer<(typeof eventSchemas)[T]>;
export type DomainEvent = { [T in EventType]: EventOf<T> }[EventType];
export type EventByType<T extends EventType> = Extract<DomainEvent, { type: T }>;
/** Events that act on an existing conversation (all but its creation). */
export type ConversationEvent = Exclude<Extract<DomainEvent, { conversationId: string }>, { type: 'conversation.created' }>;

export type ParseResult =
  | { ok: true; event: DomainEvent }
  | { ok: false; code: 'invalid-event'; field: string; message: string; eventId?: string };

/** Validates one raw event, limits first (event-limits.ts); a refusal names the field at fault (SPEC §3). */
export function parseEvent(raw: unknown): ParseResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, code: 'invalid-event', field: '', message: 'an event must be a JSON object' };
  }
  const record = raw as Record<string, unknown>;
  const rawId = record.id;
  const eventId = typeof rawId === 'string' && rawId.length <= MAX_ID_LENGTH ? rawId : undefined;
  const measured = measureEvent(raw);
  if (!measured.ok) return { ok: false, code: 'invalid-event', field: measured.field, message: measured.message, eventId };
  const type = record.type;
  // Own keys only: `toString` or `__proto__` are names of Object.prototype, not event types.
  if (typeof type !== 'string' || !Object.hasOwn(eventSchemas, type)) {
    const message =
      typeof type === 'string' ? `type: unknown event type '${type}'` : 'type: required string is missing';
    return { ok: false, code: 'invalid-event', field: 'type', message, eventId };
  }
  const result = eventSchemas[type as EventType].safeParse(raw);
  if (result.success) return { ok: true, event: result.data as DomainEvent };
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.');
  const value = issue.path.reduce<unknown>(
    (node, key) => (typeof node === 'object' && node !== null && Object.hasOwn(node, key) ? (node as Record<PropertyKey, unknown>)[key] : undefined),
    raw,
  );
  const missing = issue.code === 'invalid_type' && value === undefined;
  const message = `${field}: ${missing ? 'required field is missing' : issue.message}`;
  return { ok: false, code: 'invalid-event', field, message, eventId };
}

/** The conversation an event belongs to (its stream in the store), if any. */
export function streamOf(event: DomainEvent): string | undefined {
  const stream = (event as { conversationId?: unknown }).conversationId;
  return typeof stream === 'string' ? stream : undefined;
}
