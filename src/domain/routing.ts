/**
 * SPEC §4 routing and the SPEC §5 assign picker, as pure functions over the domain state.
 * No clock and no I/O: every moment comes in as an argument. The engine's routing loop turns
 * the decisions into `conversation.assigned` (by `routing`) and the expired offers into
 * `conversation.rejected` (reason `timeout`) events.
 *
 * Readings of the SPEC where it leaves room (also in docs/decisions.md):
 * - `closest` skill match ranks agents in tiers before the assignment method: first every
 *   agent who meets all required skills (one tier, whatever their levels), then the others by
 *   the number of required skills they meet, then the number they hold at any level, then
 *   the sum of their levels in the required skills. An agent without any required skill is
 *   still eligible under `closest` (the conversation goes to the closest match, it never waits).
 * - An agent who rejected this conversation or let it time out since it last entered the
 *   queue is offered it again only when no other agent is eligible.
 * - Never assigned / never ended counts as longer ago than any moment; the final tie-break
 *   is the agent id, so the outcome never depends on map order.
 */
import { CHANNELS, type AssignmentMethod, type Channel, type Presence, type SkillMatchMode } from './events.js';
import {
  type Agent,
  type Conversation,
  type DomainState,
  type Queue,
  type SkillLevels,
  runningSession,
  unitsFor,
} from './model.js';

/** One routing choice: offer this conversation to this agent (SPEC §4). */
export interface RoutingDecision {
  conversationId: string;
  agentId: string;
  queueId: string;
  /** Capacity units the offer takes from the agent. */
  units: number;
}

/** An offer still awaiting acceptance after the time-out (SPEC §4). */
export interface ExpiredOffer {
  conversationId: string;
  agentId: string;
  assignedAt: number;
}

/** Why an agent may not take a conversation (SPEC §4 eligibility). */
export type Ineligibility = 'queue' | 'presence' | 'capacity' | 'skills';

/** How well an agent's skills meet a conversation's required skills. */
export interface SkillFit {
  /** Every required skill at or above its level (trivially true when none is required). */
  isExact: boolean;
  /** Required skills held at or above the required level. */
  met: number;
  /** Required skills held at any level. */
  held: number;
  /** Sum of the agent's levels in the required skills. */
  levelSum: number;
}

/** Offer time-out default (SPEC §4: "not accepted within 60 s"). */
export const DEFAULT_OFFER_TIMEOUT_MS = 60_000;

const ROUTABLE_PRESENCES: ReadonlySet<Presence> = new Set(['available', 'busy']);

export function freeUnits(agent: Pick<Agent, 'capacityUnits' | 'usedUnits'>): number {
  return agent.capacityUnits - agent.usedUnits;
}

/** A skill's level, if held: own keys only, so a skill named `toString` is just a name. */
function levelOf(skills: SkillLevels, name: string): number | undefined {
  return Object.hasOwn(skills, name) ? skills[name] : undefined;
}

export function skillFit(skills: SkillLevels, required: SkillLevels): SkillFit {
  const names = Object.keys(required);
  let met = 0;
  let held = 0;
  let levelSum = 0;
  for (const name of names) {
    const level = levelOf(skills, name);
    if (level === undefined) continue;
    held += 1;
    levelSum += level;
    if (level >= required[name]!) met += 1;
  }
  return { isExact: met === names.length, met, held, levelSum };
}

/** Orders two fits under a skill match mode: negative when `a` is the better match. */
export function compareSkillFit(mode: SkillMatchMode, a: SkillFit, b: SkillFit): number {
  if (mode === 'none') return 0;
  if (a.isExact !== b.isExact) return a.isExact ? -1 : 1;
  if (a.isExact) return 0; // every exact match is as good as another: the method decides
  return b.met - a.met || b.held - a.held || b.levelSum - a.levelSum;
}

/**
 * Adjustments to the state made by decisions already taken in the same routing pass, so that
 * one pass never offers an agent more than fits.
 */
interface PassLoad {
  extraUnits: Map<string, number>;
  assignedAt: Map<string, number>;
}

const NO_PASS_LOAD: PassLoad = { extraUnits: new Map(), assignedAt: new Map() };

interface Candidate {
  agent: Agent;
  free: number;
  lastAssignedAt: number | null;
  fit: SkillFit;
  hasDeclined: boolean;
}

function isMember(agent: Agent, queue: Queue): boolean {
  return agent.queueIds.includes(queue.id);
}

/** Agents who rejected the conversation or let it time out since it last entered its queue. */
function declinedBy(conversation: Conversation): Set<string> {
  const declined = new Set<string>();
  for (const session of conversation.sessions) {
    const isDecline = session.endReason === 'rejected' || session.endReason === 'timeout';
    if (isDecline && session.assignedAt >= conversation.queueSince) declined.add(session.agentId);
  }
  return declined;
}

function candidateOf(agent: Agent, conversation: Conversation, declined: Set<string>, pass: PassLoad): Candidate {
  return {
    agent,
    free: freeUnits(agent) - (pass.extraUnits.get(agent.id) ?? 0),
    lastAssignedAt: pass.assignedAt.get(agent.id) ?? agent.lastAssignedAt,
    fit: skillFit(agent.skills, conversation.requiredSkills),
    hasDeclined: declined.has(agent.id),
  };
}

function reasonsAgainst(candidate: Candidate, queue: Queue, units: number): Ineligibility[] {
  const reasons: Ineligibility[] = [];
  if (!isMember(candidate.agent, queue)) reasons.push('queue');
  if (!ROUTABLE_PRESENCES.has(candidate.agent.presence)) reasons.push('presence');
  if (candidate.free < units) reasons.push('capacity');
  if (queue.skillMatch === 'exact' && !candidate.fit.isExact) reasons.push('skills');
  return reasons;
}

/** Never (null) sorts before any moment: "least recently" (SPEC §4). */
function earlierFirst(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a - b;
}

function compareByMethod(method: AssignmentMethod, a: Candidate, b: Candidate): number {
  switch (method) {
    case 'highest-capacity':
      return b.free - a.free || earlierFirst(a.lastAssignedAt, b.lastAssignedAt);
    case 'round-robin':
      return earlierFirst(a.lastAssignedAt, b.lastAssignedAt);
    case 'least-active':
      return earlierFirst(a.agent.lastEndedAt, b.agent.lastEndedAt);
  }
}

function compareCandidates(queue: Queue, a: Candidate, b: Candidate): number {
  if (a.hasDeclined !== b.hasDeclined) return a.hasDeclined ? 1 : -1;
  return (
    compareSkillFit(queue.skillMatch, a.fit, b.fit) ||
    compareByMethod(queue.assignment, a, b) ||
    (a.agent.id < b.agent.id ? -1 : a.agent.id > b.agent.id ? 1 : 0)
  );
}

function membersOf(state: DomainState, queue: Queue): Agent[] {
  return [...state.agents.values()].filter((agent) => isMember(agent, queue));
}

function rank(state: DomainState, conversation: Conversation, members: Agent[], pass: PassLoad): Candidate[] {
  const queue = state.queues.get(conversation.queueId);
  if (!queue) return [];
  const units = unitsFor(queue, conversation.channel);
  const declined = declinedBy(conversation);
  return members
    .map((agent) => candidateOf(agent, conversation, declined, pass))
    .filter((candidate) => reasonsAgainst(candidate, queue, units).length === 0)
    .sort((a, b) => compareCandidates(queue, a, b));
}

/**
 * The agents eligible for a conversation, best first (SPEC §4): members of its queue with
 * presence `available` or `busy`, free units for its channel and the skill match; ranked by
 * the skill fit (`closest`), the queue's assignment method, then the agent id.
 */
export function eligibleAgents(state: DomainState, conversation: Conversation): Agent[] {
  const queue = state.queues.get(conversation.queueId);
  if (!queue) return [];
  return rank(state, conversation, membersOf(state, queue), NO_PASS_LOAD).map((candidate) => candidate.agent);
}

function byPriority(a: Queue, b: Queue): number {
  return a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Oldest waiting first (SPEC §4); a rejected offer keeps its `queueSince`, so its place. */
function byWaitingSince(a: Conversation, b: Conversation): number {
  return a.queueSince - b.queueSince || a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * One routing pass (SPEC §4): queues by priority (smaller first), oldest waiting first inside
 * a queue, `open` conversations only. Each decision consumes the agent's units and counts as
 * an assignment at `now` for the decisions after it in the same pass.
 */
export function routeOnce(state: DomainState, now: number): RoutingDecision[] {
  const waiting = new Map<string, Conversation[]>();
  for (const conversation of state.queued.values()) {
    if (conversation.status !== 'open' || conversation.createdAt > now) continue;
    const list = waiting.get(conversation.queueId);
    if (list) list.push(conversation);
    else waiting.set(conversation.queueId, [conversation]);
  }
  const pass: PassLoad = { extraUnits: new Map(), assignedAt: new Map() };
  const decisions: RoutingDecision[] = [];
  for (const queue of [...state.queues.values()].sort(byPriority)) {
    const conversations = waiting.get(queue.id);
    if (!conversations) continue;
    const members = membersOf(state, queue);
    if (members.length === 0) continue;
    for (const conversation of conversations.sort(byWaitingSince)) {
      const best = rank(state, conversation, members, pass)[0];
      if (!best) continue;
      const units = unitsFor(queue, conversation.channel);
      decisions.push({ conversationId: conversation.id, agentId: best.agent.id, queueId: queue.id, units });
      pass.extraUnits.set(best.agent.id, (pass.extraUnits.get(best.agent.id) ?? 0) + units);
      pass.assignedAt.set(best.agent.id, now);
    }
  }
  return decisions;
}

/** Offers awaiting acceptance whose session was assigned `timeoutMs` or more before `now` (SPEC §4). */
export function expiredOffers(state: DomainState, now: number, timeoutMs = DEFAULT_OFFER_TIMEOUT_MS): ExpiredOffer[] {
  const expired: ExpiredOffer[] = [];
  for (const conversation of state.queued.values()) {
    if (conversation.status !== 'active') continue;
    const session = runningSession(conversation);
    if (!session || session.acceptedAt !== null) continue;
    if (now - session.assignedAt >= timeoutMs) {
      expired.push({ conversationId: conversation.id, agentId: session.agentId, assignedAt: session.assignedAt });
    }
  }
  return expired.sort((a, b) => a.assignedAt - b.assignedAt || (a.conversationId < b.conversationId ? -1 : 1));
}

/** The smallest channel cost among the agent's queues (all channels of a queue listing none). */
export function smallestUnitsFor(state: DomainState, agent: Pick<Agent, 'queueIds'>): number {
  let smallest = Number.POSITIVE_INFINITY;
  for (const queueId of agent.queueIds) {
    const queue = state.queues.get(queueId);
    if (!queue) continue;
    const channels: readonly Channel[] = queue.channels.length > 0 ? queue.channels : CHANNELS;
    for (const channel of channels) smallest = Math.min(smallest, unitsFor(queue, channel));
  }
  return Number.isFinite(smallest) ? smallest : Math.min(...CHANNELS.map((channel) => unitsFor(undefined, channel)));
}

/**
 * SPEC §4 "presence follows load" for agents of the built-in workspace: no load →
 * `available`, some → `busy`, full (free units below the smallest channel cost) →
 * `busy-dnd`. `away` and `offline` only ever come by hand and are kept; `busy-dnd` is kept
 * when `isSetByHand` says the agent chose it.
 */
export function presenceFromLoad(
  agent: Pick<Agent, 'presence' | 'capacityUnits' | 'usedUnits'>,
  smallestUnits: number,
  isSetByHand = false,
): Presence {
  if (agent.presence === 'away' || agent.presence === 'offline') return agent.presence;
  if (agent.presence === 'busy-dnd' && isSetByHand) return agent.presence;
  if (agent.usedUnits <= 0) return 'available';
  return freeUnits(agent) < smallestUnits ? 'busy-dnd' : 'busy';
}

/** One skill of an agent as the picker shows it. */
export interface PickerSkill {
  skill: string;
  level: number;
  /** The conversation's minimum level for this skill, null when it is not required. */
  requiredLevel: number | null;
}

/** One row of the SPEC §5 assign picker. */
export interface PickerAgent {
  agentId: string;
  name: string;
  presence: Presence;
  capacityUnits: number;
  usedUnits: number;
  freeUnits: number;
  /** Required skills first (missing ones at level 0), then the others by level. */
  skills: PickerSkill[];
  fit: SkillFit;
  isEligible: boolean;
  ineligibleBecause: Ineligibility[];
  /** Units by which an override would take the agent over capacity (0 when it fits). */
  overByUnits: number;
  /** 1-based place in the routing order among eligible agents, null when not eligible. */
  routingRank: number | null;
}

export interface PickerQueue {
  queueId: string;
  name: string;
  priority: number;
  openConversations: number;
  /** Members with presence `available` or `busy`. */
  routableAgents: number;
}

export interface AssignPicker {
  conversationId: string;
  queueId: string;
  channel: Channel;
  units: number;
  agents: PickerAgent[];
  otherQueues: PickerQueue[];
}

function pickerSkills(skills: SkillLevels, required: SkillLevels): PickerSkill[] {
  const requiredRows = Object.keys(required)
    .sort()
    .map((skill) => ({ skill, level: levelOf(skills, skill) ?? 0, requiredLevel: required[skill]! }));
  const otherRows = Object.keys(skills)
    .filter((skill) => !Object.hasOwn(required, skill))
    .sort((a, b) => skills[b]! - skills[a]! || (a < b ? -1 : 1))
    .map((skill) => ({ skill, level: skills[skill]!, requiredLevel: null }));
  return [...requiredRows, ...otherRows];
}

/**
 * The SPEC §5 assign (and transfer) picker: the queue's agents with presence, free/total
 * units and skills, best matches first (the eligible ones in routing order, then the others
 * by skill fit, fewest obstacles and most free units), and the other queues by priority.
 */
export function assignPicker(state: DomainState, conversation: Conversation): AssignPicker {
  const queue = state.queues.get(conversation.queueId);
  const units = unitsFor(queue, conversation.channel);
  const members = queue ? membersOf(state, queue) : [];
  const declined = declinedBy(conversation);
  const ranked = rank(state, conversation, members, NO_PASS_LOAD);
  const rankOf = new Map(ranked.map((candidate, index) => [candidate.agent.id, index + 1]));
  const rows = members.map((agent): PickerAgent => {
    const candidate = candidateOf(agent, conversation, declined, NO_PASS_LOAD);
    const reasons = queue ? reasonsAgainst(candidate, queue, units) : ['queue' as const];
    return {
      agentId: agent.id,
      name: agent.name,
      presence: agent.presence,
      capacityUnits: agent.capacityUnits,
      usedUnits: agent.usedUnits,
      freeUnits: candidate.free,
      skills: pickerSkills(agent.skills, conversation.requiredSkills),
      fit: candidate.fit,
      isEligible: reasons.length === 0,
      ineligibleBecause: reasons,
      overByUnits: Math.max(0, units - candidate.free),
      routingRank: rankOf.get(agent.id) ?? null,
    };
  });
  const mode = queue?.skillMatch ?? 'closest';
  rows.sort((a, b) => {
    if (a.routingRank !== null || b.routingRank !== null) {
      return (a.routingRank ?? Number.POSITIVE_INFINITY) - (b.routingRank ?? Number.POSITIVE_INFINITY);
    }
    return (
      compareSkillFit(mode === 'none' ? 'closest' : mode, a.fit, b.fit) ||
      a.ineligibleBecause.length - b.ineligibleBecause.length ||
      b.freeUnits - a.freeUnits ||
      (a.agentId < b.agentId ? -1 : 1)
    );
  });
  return {
    conversationId: conversation.id,
    queueId: conversation.queueId,
    channel: conversation.channel,
    units,
    agents: rows,
    otherQueues: otherQueues(state, conversation.queueId),
  };
}

function otherQueues(state: DomainState, exceptQueueId: string): PickerQueue[] {
  const open = new Map<string, number>();
  for (const conversation of state.queued.values()) {
    if (conversation.status === 'open') open.set(conversation.queueId, (open.get(conversation.queueId) ?? 0) + 1);
  }
  return [...state.queues.values()]
    .filter((queue) => queue.id !== exceptQueueId)
    .sort(byPriority)
    .map((queue) => ({
      queueId: queue.id,
      name: queue.name,
      priority: queue.priority,
      openConversations: open.get(queue.id) ?? 0,
      routableAgents: membersOf(state, queue).filter((agent) => ROUTABLE_PRESENCES.has(agent.presence)).length,
    }));
}
