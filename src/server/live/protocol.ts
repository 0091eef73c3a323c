/**
 * The live feed's messages (SPEC §9 WebSocket; docs/live-feed.md): what a client may send,
 * checked with zod so that every refusal names the field at fault, and what the server
 * answers.
 */
import { z } from 'zod';
import { REPORT_KINDS, type ReportKind } from '../../domain/reports.js';
import type { LiveReport, PatchBody } from './live-report.js';
import { MAX_VIEWPORT_ROWS, VIEWPORT_SORT_COLUMNS, type ViewportAnswer } from './viewport.js';

const subscriptionId = z.string().min(1).max(64);

/** Filters as in the reports API (SPEC §9); `at` is absent: a live view is always "now". */
export const liveFiltersSchema = z
  .strictObject({
    window: z.string().optional(),
    tz: z.string().optional(),
    includeOpen: z.union([z.boolean(), z.string()]).optional(),
    queue: z.string().min(1).optional(),
    channel: z.string().optional(),
    agent: z.string().min(1).optional(),
    status: z.string().optional(),
    direction: z.string().optional(),
  })
  .optional();

export type LiveFilters = NonNullable<z.infer<typeof liveFiltersSchema>>;

const subscribeSchema = z.strictObject({
  type: z.literal('subscribe'),
  id: subscriptionId,
  report: z.enum(REPORT_KINDS as [ReportKind, ...ReportKind[]]),
  filters: liveFiltersSchema,
});

const unsubscribeSchema = z.strictObject({ type: z.literal('unsubscribe'), id: subscriptionId });

const resumeSchema = z.strictObject({
  type: z.literal('resume'),
  id: subscriptionId,
  seq: z.number().int().nonnegative(),
  /**
   * What the subscription was: a node that never held it (the client moved to another node
   * behind the load balancer) subscribes afresh and answers with a snapshot.
   */
  report: z.enum(REPORT_KINDS as [ReportKind, ...ReportKind[]]).optional(),
  filters: liveFiltersSchema,
});

/** A viewport on the ongoing report (docs/live-feed.md "Viewport"); a new one with the same id replaces it. */
const viewportSchema = z.strictObject({
  type: z.literal('viewport'),
  id: subscriptionId,
  filters: liveFiltersSchema,
  sort: z
    .strictObject({ column: z.enum(VIEWPORT_SORT_COLUMNS), direction: z.enum(['asc', 'desc']) })
    .optional(),
  search: z.string().max(200).optional(),
  range: z.strictObject({
    from: z.number().int().nonnegative(),
    count: z.number().int().min(1).max(MAX_VIEWPORT_ROWS),
  }),
});

/** One conversation as `GET /conversations/{id}` gives it, re-sent when it changes (docs/live-feed.md "Conversation"). */
const conversationSchema = z.strictObject({
  type: z.literal('conversation'),
  id: subscriptionId,
  conversationId: z.string().min(1).max(200),
});

/** The Summary's conversations series (docs/live-feed.md "Series"); a new one with the same id replaces it. */
const seriesSchema = z.strictObject({ type: z.literal('series'), id: subscriptionId, filters: liveFiltersSchema });

export type SubscribeMessage = z.infer<typeof subscribeSchema>;
export type UnsubscribeMessage = z.infer<typeof unsubscribeSchema>;
export type ResumeMessage = z.infer<typeof resumeSchema>;
export type ViewportMessage = z.infer<typeof viewportSchema>;
export type ConversationMessage = z.infer<typeof conversationSchema>;
export type SeriesMessage = z.infer<typeof seriesSchema>;
export type ClientMessage = SubscribeMessage | UnsubscribeMessage | ResumeMessage | ViewportMessage | ConversationMessage | SeriesMessage;

export interface LiveError {
  code: string;
  message: string;
  field?: string;
}

export type ServerMessage =
  | { type: 'snapshot'; id: string; seq: number; data: LiveReport }
  | ({ type: 'patch'; id: string; seq: number } & PatchBody)
  | ({ type: 'rows'; id: string; seq: number } & ViewportAnswer)
  | { type: 'conversation'; id: string; seq: number; data: object }
  | { type: 'error'; id?: string; error: LiveError };

export type ParsedClientMessage = { ok: true; message: ClientMessage } | { ok: false; id?: string; error: LiveError };

const SCHEMAS = { subscribe: subscribeSchema, unsubscribe: unsubscribeSchema, resume: resumeSchema, viewport: viewportSchema, conversation: conversationSchema, series: seriesSchema } as const;

function fieldOf(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** Parses one text frame; a refusal names the field (`report`, `filters.channel`, `seq`…). */
export function parseClientMessage(text: string): ParsedClientMessage {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: { code: 'invalid-json', message: 'the message is not JSON' } };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, error: { code: 'invalid-message', message: 'the message must be a JSON object' } };
  }
  const record = raw as Record<string, unknown>;
  const id = typeof record.id === 'string' ? record.id : undefined;
  const type = record.type;
  if (typeof type !== 'string' || !Object.hasOwn(SCHEMAS, type)) {
    return {
      ok: false,
      id,
      error: { code: 'invalid-message', field: 'type', message: "type: must be 'subscribe', 'unsubscribe', 'resume', 'viewport', 'conversation' or 'series'" },
    };
  }
  const parsed = SCHEMAS[type as keyof typeof SCHEMAS].safeParse(raw);
  if (parsed.success) return { ok: true, message: parsed.data };
  const issue = parsed.error.issues[0]!;
  // An unknown key is reported on the key itself, not on the object holding it.
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const field = fieldOf(keys.length > 0 ? [...issue.path, keys[0]!] : issue.path);
  const message = keys.length > 0 ? 'unknown field' : issue.message;
  return { ok: false, id, error: { code: 'invalid-message', field, message: `${field}: ${message}` } };
}
