/**
 * The console's calls to the HTTP API (docs/api.md), with the session cookie of the page.
 * An error answer becomes an ApiError carrying the server's code, message and, for a
 * 409, the conversation's current status.
 */

import type { SentimentLevel } from '../../src/domain/sentiment-scale.ts';

export interface User {
  id: string;
  username: string;
  role: 'admin' | 'supervisor' | 'agent';
  queueIds: string[];
}

export class ApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: string,
    message: string,
    /** The conversation's current status on a 409 (e.g. "active (awaiting acceptance)"). */
    readonly conversationStatus?: string,
  ) {
    super(message);
  }
}

async function request<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: object): Promise<T> {
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : {};
  if (!response.ok) {
    const error = json.error ?? {};
    throw new ApiError(response.status, error.code ?? 'error', error.message ?? response.statusText, error.status);
  }
  return json as T;
}

export const api = {
  me: () => request<{ user: User }>('GET', '/me').then((answer) => answer.user),
  login: (username: string, password: string) =>
    request<{ user: User }>('POST', '/auth/login', { username, password }).then((answer) => answer.user),
  logout: () => request<{ ok: boolean }>('POST', '/auth/logout', {}),
  assignOptions: (id: string) => request<AssignOptions>('GET', `/conversations/${encodeURIComponent(id)}/assign-options`),
  queues: () => request<{ queues: QueueConfig[] }>('GET', '/queues').then((answer) => answer.queues),
  updateQueue: (id: string, body: object) => request<{ ok: true; queue: QueueConfig }>('PUT', `/queues/${encodeURIComponent(id)}`, body),
  act: (id: string, route: string, body: object) =>
    request<{ ok: true; status: string; statusText: string }>('POST', `/conversations/${encodeURIComponent(id)}/${route}`, body),
};

/** A queue of the caller's scope as `GET /queues` lists it (docs/api.md): its configuration and member agents. */
export interface QueueConfig {
  id: string;
  name: string;
  priority: number;
  serviceLevelSeconds: number;
  serviceLevelTarget: number;
  sentimentAlert: string | null;
  thresholds: Record<string, { warn?: number; alert?: number }>;
  agents: { id: string; name: string }[];
  /** The rest of the configuration (assignment, channels, channel units …), sent back unchanged. */
  [field: string]: unknown;
}

export interface ConversationDetail {
  id: string;
  subject: string;
  channel: string;
  direction: string;
  queueId: string;
  queueName: string | null;
  customer: { id?: string; name?: string } | null;
  status: 'open' | 'active' | 'waiting' | 'wrap-up' | 'closed';
  statusText: string;
  accepted: boolean;
  activeAgentName: string | null;
  createdAt: string;
  sentiment: string;
  monitoredBy: string[];
  /** `sentiment`: the level of a public customer message alone. */
  transcript: { id: string; at: string; from: string; text: string; visibility: 'public' | 'internal'; sentiment?: SentimentLevel }[];
  timeline: { id: string; type: string; at: string }[];
}

export interface AssignOptions {
  conversationId: string;
  queueId: string;
  units: number;
  agents: {
    agentId: string;
    name: string;
    presence: string;
    capacityUnits: number;
    usedUnits: number;
    freeUnits: number;
    skills: { skill: string; level: number; requiredLevel: number | null }[];
    isEligible: boolean;
    ineligibleBecause: string[];
    overByUnits: number;
    routingRank: number | null;
  }[];
  otherQueues: { queueId: string; name: string; openConversations: number; routableAgents: number }[];
}
