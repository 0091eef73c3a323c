/**
 * The traffic simulator of the demo site (SPEC §9 `--demo` and `simulate`): a deterministic
 * step function that plays the customers and the agents. Each `tick(state, now)` looks at the
 * current domain state and returns the SPEC §3 events that happen by `now`: arrivals that
 * rise and fall over the day on every channel, customers who write (angry, neutral or happy,
 * in English or Dutch), wait and sometimes abandon, agents who take breaks, accept or reject
 * offers, reply, hold calls, park asynchronous conversations, transfer, wrap up and close.
 *
 * It never routes: the server's routing loop (src/domain/routing.ts `routeOnce`) assigns
 * and times offers out. Everything it emits is legal against the state it was given, and
 * it emits at most one change of status per conversation and tick, so a batch applied in
 * order is never refused unless something else changed the conversation in between.
 * Randomness comes from a seeded PRNG only: the same seed and the same ticks over the same
 * states give the same events.
 */
import { ASYNC_CHANNELS, CHANNELS, type Channel, type DomainEvent } from '../domain/events.js';
import { type Agent, type Conversation, type DomainState, runningSession, unitsFor } from '../domain/model.js';
import { eligibleAgents, freeUnits, presenceFromLoad, smallestUnitsFor } from '../domain/routing.js';
import { type DemoAgent, type DemoSite, type Language, isOnShift, localHour, siteSetupEvents } from './demo-site.js';

export type Mood = 'angry' | 'neutral' | 'happy';

export interface SimulatorOptions {
  /** Multiplies the site's arrival rates (1 = as the site says). */
  rate?: number;
  /** Prefix of the ids of the events and conversations it creates; make it unique per run. */
  idPrefix?: string;
  /** Agents the simulator plays (default: every agent of the site). */
  simulatedAgentIds?: Iterable<string>;
  /** Share of a channel's peak rate that no hour of the day goes below (default 0: the site's own curve). */
  quietFloor?: number;
}

/** mulberry32: small, fast and good enough for traffic; deterministic for a seed. */
export class Random {
  private seed: number;

  constructor(seed: number) {
    this.seed = seed >>> 0;
  }

  next(): number {
    this.seed = (this.seed + 0x6d2b79f5) >>> 0;
    let t = this.seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  weighted<T>(items: readonly T[], weightOf: (item: T) => number): T {
    const total = items.reduce((sum, item) => sum + weightOf(item), 0);
    let point = this.next() * total;
    for (const item of items) {
      point -= weightOf(item);
      if (point < 0) return item;
    }
    return items[items.length - 1]!;
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Knuth's method; fine for the small means of one tick. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    const limit = Math.exp(-mean);
    let count = 0;
    let product = this.next();
    while (product > limit) {
      count += 1;
      product *= this.next();
    }
    return count;
  }
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Social channels get an evening bump besides the office-hours peaks. */
const EVENING_CHANNELS: ReadonlySet<Channel> = new Set(['whatsapp', 'facebook', 'sms', 'chat']);

/** Share of the channel's peak arrival rate at a local hour of the day (0.04 .. 1). */
export function dailyCurve(hour: number, channel: Channel): number {
  const bump = (centre: number, width: number) => Math.exp(-((hour - centre) ** 2) / (2 * width ** 2));
  const office = Math.max(bump(10.5, 1.6), 0.85 * bump(14.5, 1.8));
  const evening = EVENING_CHANNELS.has(channel) ? 0.55 * bump(20, 1.5) : 0;
  return 0.04 + 0.96 * Math.max(office, evening);
}

/**
 * Arrivals per hour on a channel at a local hour: the site's peak × `rate` × the daily curve,
 * never below `quietFloor` × the peak × `rate`.
 */
export function arrivalsPerHour(site: DemoSite, channel: Channel, hour: number, rate: number, quietFloor = 0): number {
  return (site.peakArrivalsPerHour[channel] ?? 0) * rate * Math.max(dailyCurve(hour, channel), quietFloor);
}

/** How long the next line of a conversation takes, by channel (ms). */
function lineDelay(random: Random, channel: Channel): number {
  if (channel === 'voice') return random.int(5, 20) * SECOND;
  if (channel === 'chat' || channel === 'custom') return random.int(15, 60) * SECOND;
  return random.int(40, 240) * SECOND;
}

function patience(random: Random, channel: Channel): number {
  if (random.chance(0.08)) return random.int(5, 25) * SECOND; // leaves almost at once
  if (channel === 'voice') return 15 * SECOND + random.exponential(100 * SECOND);
  if (channel === 'chat' || channel === 'custom') return 20 * SECOND + random.exponential(180 * SECOND);
  return 10 * MINUTE + random.exponential(90 * MINUTE);
}

/** The simulator's memory of one conversation; everything else is read from the state. */
interface Plan {
  /** False for conversations it did not create (it then plays only their agents). */
  hasSimulatedCustomer: boolean;
  language: Language;
  mood: Mood;
  /** Whether an angry customer calms down once helped. */
  willCalmDown: boolean;
  /** `queueSince` when the customer last started waiting, and when they give up. */
  waitingSince: number;
  giveUpAt: number;
  initialTurns: number;
  turnsLeft: number;
  isCustomersTurn: boolean;
  nextAt: number;
  /** Session count the current in-conversation stretch started at. */
  startedSession: number;
  offer: { session: number; at: number; answer: 'accept' | 'reject' | 'ignore' } | null;
  isHoldPlanned: boolean;
  isParkPlanned: boolean;
  plannedTransfer: 'agent' | 'queue' | null;
  willCustomerLeave: boolean;
  resumeAt: number | null;
  wrapUpUntil: number | null;
}

export class Simulator {
  private readonly random: Random;
  private readonly rate: number;
  private readonly quietFloor: number;
  private readonly idPrefix: string;
  private readonly simulatedAgents: Map<string, DemoAgent>;
  private readonly plans = new Map<string, Plan>();
  /** Agents on a break, and when they come back. */
  private readonly breaks = new Map<string, number>();
  private eventCount = 0;
  private conversationCount = 0;
  private lastTickAt: number | null = null;
  private hasLookedAtAll = false;

  constructor(
    readonly site: DemoSite,
    seed: number,
    options: SimulatorOptions = {},
  ) {
    this.random = new Random(seed);
    this.rate = options.rate ?? 1;
    this.quietFloor = options.quietFloor ?? 0;
    this.idPrefix = options.idPrefix ?? `sim${seed}`;
    const ids = new Set(options.simulatedAgentIds ?? site.agents.map((demoAgent) => demoAgent.agentId));
    this.simulatedAgents = new Map(site.agents.filter((a) => ids.has(a.agentId)).map((a) => [a.agentId, a]));
  }

  /** The site's queues, agents and presence at `now` (SPEC §3 events). */
  setup(now: number): DomainEvent[] {
    return siteSetupEvents(this.site, now, () => this.newId());
  }

  /** The events that happen between the previous tick and `now`, legal against `state`. */
  tick(state: DomainState, now: number): DomainEvent[] {
    const elapsed = this.lastTickAt === null ? 0 : Math.min(Math.max(now - this.lastTickAt, 0), MINUTE);
    this.lastTickAt = now;
    const hour = localHour(now, this.site.timeZone);
    const events: DomainEvent[] = [];
    const at = new Date(now).toISOString();
    this.playPresence(state, now, hour, elapsed, at, events);
    for (const conversation of this.conversationsToPlay(state)) {
      if (conversation.status === 'closed') {
        this.plans.delete(conversation.id);
        continue;
      }
      events.push(...this.playConversation(state, conversation, now, at));
    }
    this.playArrivals(state, now, hour, elapsed, at, events);
    return events;
  }

  /**
   * The conversations it may have something to do in: the ones it plays (plans), the ones in
   * a queue (an offer to a simulated agent makes it play that agent), and on the first tick
   * every conversation (those of an earlier run). Not the whole state each tick: closed
   * history grows all day, and the demo's back-fill ticks through a day in seconds.
   */
  private conversationsToPlay(state: DomainState): Conversation[] {
    if (!this.hasLookedAtAll) {
      this.hasLookedAtAll = true;
      return [...state.conversations.values()];
    }
    const ids = new Set([...this.plans.keys(), ...state.queued.keys()]);
    const conversations: Conversation[] = [];
    for (const id of ids) {
      const conversation = state.conversations.get(id);
      if (conversation) conversations.push(conversation);
      else this.plans.delete(id); // forgotten (retention)
    }
    return conversations;
  }

  private newId(): string {
    this.eventCount += 1;
    return `${this.idPrefix}-e${this.eventCount}`;
  }

  private isSimulated(agentId: string | null | undefined): agentId is string {
    return agentId != null && this.simulatedAgents.has(agentId);
  }

  // ── Agents' presence: shifts, breaks, and presence following load (SPEC §4) ──

  private playPresence(state: DomainState, now: number, hour: number, elapsed: number, at: string, events: DomainEvent[]): void {
    for (const demoAgent of this.simulatedAgents.values()) {
      const agent = state.agents.get(demoAgent.agentId);
      if (!agent) continue;
      const presence = this.nextPresence(state, agent, demoAgent, now, hour, elapsed);
      if (presence !== agent.presence) {
        events.push({ id: this.newId(), type: 'agent.presence', at, agentId: agent.id, presence });
      }
    }
  }

  private nextPresence(state: DomainState, agent: Agent, demoAgent: DemoAgent, now: number, hour: number, elapsed: number): Agent['presence'] {
    const backAt = this.breaks.get(agent.id);
    if (backAt !== undefined) {
      if (now < backAt) return 'away';
      this.breaks.delete(agent.id);
      return 'available';
    }
    if (!isOnShift(demoAgent, hour)) return agent.usedUnits === 0 ? 'offline' : agent.presence;
    if (agent.presence === 'offline') return 'available';
    // About one break every two hours, taken between conversations.
    if (agent.usedUnits === 0 && agent.presence === 'available' && this.random.chance(elapsed / (2 * HOUR))) {
      this.breaks.set(agent.id, now + this.random.int(5, 15) * MINUTE);
      return 'away';
    }
    return presenceFromLoad(agent, smallestUnitsFor(state, agent), false);
  }

  // ── Arrivals ──

  private playArrivals(state: DomainState, now: number, hour: number, elapsed: number, at: string, events: DomainEvent[]): void {
    if (elapsed === 0) return;
    const pickedUnits = new Map<string, number>();
    for (const channel of CHANNELS) {
      const mean = arrivalsPerHour(this.site, channel, hour, this.rate, this.quietFloor) * (elapsed / HOUR);
      const count = this.random.poisson(mean);
      for (let i = 0; i < count; i += 1) events.push(...this.arrive(state, channel, now, at, pickedUnits));
    }
  }

  private arrive(state: DomainState, channel: Channel, now: number, at: string, pickedUnits: Map<string, number>): DomainEvent[] {
    const queues = this.site.queues.filter((queue) => queue.channels.includes(channel) && state.queues.has(queue.queueId));
    if (queues.length === 0) return [];
    const demoQueue = this.random.weighted(queues, (queue) => queue.weight);
    const queue = state.queues.get(demoQueue.queueId)!;
    this.conversationCount += 1;
    const conversationId = `${this.idPrefix}-c${this.conversationCount}`;
    const language: Language = this.random.chance(this.site.dutchShare) ? 'nl' : 'en';
    const skills: Record<string, number> = {};
    if (demoQueue.topicSkill) {
      skills[demoQueue.topicSkill.skill] = this.random.int(...demoQueue.topicSkill.minLevel);
    }
    if (demoQueue.skillMatch === 'closest') skills[language === 'nl' ? 'dutch' : 'english'] = 6;
    const customerName = `${this.random.pick(FIRST_NAMES[language])} ${this.random.pick(LAST_NAMES[language])}`;

    // An outbound call or e-mail is started by an agent with room for it (a pick, SPEC §3).
    const units = unitsFor(queue, channel);
    const outboundAgent =
      (channel === 'voice' || channel === 'email') && this.random.chance(this.site.outboundShare)
        ? [...state.agents.values()].find(
            (agent) =>
              this.isSimulated(agent.id) &&
              agent.queueIds.includes(queue.id) &&
              agent.presence === 'available' &&
              freeUnits(agent) - (pickedUnits.get(agent.id) ?? 0) >= units,
          )
        : undefined;

    const mood: Mood = this.random.weighted(['angry', 'neutral', 'happy'] as const, (m) =>
      m === 'angry' ? (demoQueue.queueId === 'complaints' ? 6 : 2) : m === 'neutral' ? 5 : 3,
    );
    const turns = channel === 'voice' ? this.random.int(3, 7) : this.random.int(2, 6);
    const plan: Plan = {
      hasSimulatedCustomer: true,
      language,
      mood,
      willCalmDown: this.random.chance(0.5),
      waitingSince: now,
      giveUpAt: now + patience(this.random, channel),
      initialTurns: turns,
      turnsLeft: turns,
      isCustomersTurn: outboundAgent === undefined,
      nextAt: now + lineDelay(this.random, channel),
      startedSession: 0,
      offer: null,
      isHoldPlanned: channel === 'voice' && this.random.chance(0.3),
      isParkPlanned: ASYNC_CHANNELS.has(channel) && this.random.chance(0.35),
      plannedTransfer: this.random.chance(0.08) ? (this.random.chance(0.5) ? 'agent' : 'queue') : null,
      willCustomerLeave: channel !== 'voice' && this.random.chance(0.07),
      resumeAt: null,
      wrapUpUntil: null,
    };
    this.plans.set(conversationId, plan);

    const created: DomainEvent = {
      id: this.newId(),
      type: 'conversation.created',
      at,
      conversationId,
      channel,
      queueId: queue.id,
      direction: outboundAgent ? 'outbound' : 'inbound',
      subject: this.random.pick(demoQueue.subjects[language]),
      customer: { id: `${this.idPrefix}-cust${this.conversationCount}`, name: customerName },
      skills,
    };
    if (!outboundAgent) return [created, this.customerMessage(conversationId, plan, at)];
    pickedUnits.set(outboundAgent.id, (pickedUnits.get(outboundAgent.id) ?? 0) + units);
    return [
      created,
      { id: this.newId(), type: 'conversation.assigned', at, conversationId, agentId: outboundAgent.id, by: 'agent' },
      this.agentMessage(conversationId, plan, at, OUTBOUND_OPENINGS),
    ];
  }

  // ── Conversations ──

  private planFor(conversation: Conversation, now: number): Plan {
    let plan = this.plans.get(conversation.id);
    if (!plan) {
      // A conversation it did not create (web chat, ingest): it plays only the agent.
      plan = {
        hasSimulatedCustomer: false,
        language: 'en',
        mood: 'neutral',
        willCalmDown: false,
        waitingSince: conversation.queueSince,
        giveUpAt: Number.POSITIVE_INFINITY,
        initialTurns: 3,
        turnsLeft: 3,
        isCustomersTurn: false,
        nextAt: now + lineDelay(this.random, conversation.channel),
        startedSession: 0,
        offer: null,
        isHoldPlanned: false,
        isParkPlanned: false,
        plannedTransfer: null,
        willCustomerLeave: false,
        resumeAt: null,
        wrapUpUntil: null,
      };
      this.plans.set(conversation.id, plan);
    }
    return plan;
  }

  /** The events of one conversation for this tick: at most one change of status. */
  private playConversation(state: DomainState, conversation: Conversation, now: number, at: string): DomainEvent[] {
    const session = runningSession(conversation);
    const agentId = session?.agentId ?? conversation.activeAgentId;
    const hasPlan = this.plans.has(conversation.id);
    if (!hasPlan && !this.isSimulated(agentId)) return [];
    const plan = this.planFor(conversation, now);
    const { status } = conversation;
    const isAwaiting = status === 'active' && session !== null && session.acceptedAt === null;

    if (status === 'open' || isAwaiting) {
      if (conversation.queueSince !== plan.waitingSince) {
        plan.waitingSince = conversation.queueSince;
        plan.giveUpAt = now + patience(this.random, conversation.channel);
      }
      if (plan.hasSimulatedCustomer && now >= plan.giveUpAt) {
        return [{ id: this.newId(), type: 'conversation.closed', at, conversationId: conversation.id, reason: 'customer-left' }];
      }
      return isAwaiting && this.isSimulated(session!.agentId) ? this.answerOffer(conversation, session!.agentId, plan, now, at) : [];
    }
    if (status === 'active') return this.converse(state, conversation, plan, now, at);
    if (status === 'waiting') return this.comeBack(state, conversation, plan, now, at);
    if (status === 'wrap-up' && this.isSimulated(agentId)) {
      plan.wrapUpUntil ??= now + this.random.int(15, 90) * SECOND;
      if (now < plan.wrapUpUntil) return [];
      return [{ id: this.newId(), type: 'conversation.closed', at, conversationId: conversation.id, reason: 'resolved' }];
    }
    return [];
  }

  private answerOffer(conversation: Conversation, agentId: string, plan: Plan, now: number, at: string): DomainEvent[] {
    const sessionNumber = conversation.sessions.length;
    if (plan.offer?.session !== sessionNumber) {
      const roll = this.random.next();
      const answer = roll < 0.88 ? 'accept' : roll < 0.94 ? 'reject' : 'ignore'; // ignored offers time out
      const delay = conversation.channel === 'voice' ? this.random.int(2, 8) : this.random.int(2, 15);
      plan.offer = { session: sessionNumber, at: now + delay * SECOND, answer };
    }
    if (now < plan.offer.at || plan.offer.answer === 'ignore') return [];
    const conversationId = conversation.id;
    if (plan.offer.answer === 'reject') {
      return [{ id: this.newId(), type: 'conversation.rejected', at, conversationId, agentId, reason: 'rejected' }];
    }
    plan.startedSession = sessionNumber;
    plan.isCustomersTurn = true;
    plan.nextAt = now + lineDelay(this.random, conversation.channel);
    return [
      { id: this.newId(), type: 'conversation.accepted', at, conversationId, agentId },
      this.agentMessage(conversationId, plan, at, GREETINGS),
    ];
  }

  private converse(state: DomainState, conversation: Conversation, plan: Plan, now: number, at: string): DomainEvent[] {
    const conversationId = conversation.id;
    if (plan.startedSession !== conversation.sessions.length) {
      // Accepted by someone else, a pick, or a resume straight to the agent.
      plan.startedSession = conversation.sessions.length;
      plan.nextAt = now + lineDelay(this.random, conversation.channel);
    }
    if (now < plan.nextAt) return [];
    const isAgentSimulated = this.isSimulated(conversation.activeAgentId);
    plan.nextAt = now + lineDelay(this.random, conversation.channel);
    if (!isAgentSimulated) {
      // A person handles it: the customer keeps writing, the person decides the rest.
      if (!plan.hasSimulatedCustomer || plan.turnsLeft <= 0) return [];
      plan.turnsLeft -= 1;
      return [this.customerMessage(conversationId, plan, at)];
    }
    const isHalfway = plan.turnsLeft <= plan.initialTurns / 2;
    if (conversation.holdSince !== null) {
      return [{ id: this.newId(), type: 'conversation.unheld', at, conversationId }];
    }
    if (plan.isHoldPlanned && isHalfway && conversation.channel === 'voice') {
      plan.isHoldPlanned = false;
      plan.nextAt = now + this.random.int(20, 120) * SECOND;
      return [this.agentMessage(conversationId, plan, at, HOLD_LINES), { id: this.newId(), type: 'conversation.held', at, conversationId }];
    }
    if (plan.plannedTransfer && isHalfway) {
      const transfer = this.transfer(state, conversation, plan.plannedTransfer, at);
      plan.plannedTransfer = null;
      if (transfer) return [transfer];
    }
    if (plan.isParkPlanned && isHalfway && plan.hasSimulatedCustomer && ASYNC_CHANNELS.has(conversation.channel)) {
      plan.isParkPlanned = false;
      plan.resumeAt = now + this.random.int(3, 20) * MINUTE;
      return [this.agentMessage(conversationId, plan, at, PARK_LINES), { id: this.newId(), type: 'conversation.parked', at, conversationId }];
    }
    if (plan.turnsLeft > 0) {
      if (plan.isCustomersTurn && plan.hasSimulatedCustomer) {
        plan.isCustomersTurn = false;
        return [this.customerMessage(conversationId, plan, at)];
      }
      plan.isCustomersTurn = true;
      plan.turnsLeft -= 1;
      return [this.agentMessage(conversationId, plan, at, REPLIES)];
    }
    if (plan.willCustomerLeave && plan.hasSimulatedCustomer) {
      return [{ id: this.newId(), type: 'conversation.closed', at, conversationId, reason: 'customer-left' }];
    }
    plan.wrapUpUntil = now + this.random.int(15, 90) * SECOND;
    const closing = plan.hasSimulatedCustomer ? [this.customerMessage(conversationId, plan, at, true)] : [];
    return [...closing, { id: this.newId(), type: 'conversation.wrapup', at, conversationId }];
  }

  private transfer(state: DomainState, conversation: Conversation, to: 'agent' | 'queue', at: string): DomainEvent | null {
    const by = conversation.activeAgentId ?? undefined;
    const base = { id: '', type: 'conversation.transferred' as const, at, conversationId: conversation.id, ...(by ? { by } : {}) };
    if (to === 'agent') {
      const colleague = eligibleAgents(state, conversation).find((agent) => agent.id !== conversation.activeAgentId);
      if (colleague) return { ...base, id: this.newId(), toAgentId: colleague.id };
    }
    const otherQueues = this.site.queues.filter(
      (queue) => queue.queueId !== conversation.queueId && queue.channels.includes(conversation.channel) && state.queues.has(queue.queueId),
    );
    if (otherQueues.length === 0) return null;
    return { ...base, id: this.newId(), toQueueId: this.random.pick(otherQueues).queueId };
  }

  /** A parked conversation: the customer writes again (SPEC §2 waiting → active / open). */
  private comeBack(state: DomainState, conversation: Conversation, plan: Plan, now: number, at: string): DomainEvent[] {
    if (!plan.hasSimulatedCustomer) return [];
    plan.resumeAt ??= now + this.random.int(3, 20) * MINUTE;
    if (now < plan.resumeAt) return [];
    plan.resumeAt = null;
    plan.turnsLeft = Math.max(plan.turnsLeft, 1);
    plan.isCustomersTurn = false;
    const queue = state.queues.get(conversation.queueId);
    const agent = conversation.activeAgentId === null ? undefined : state.agents.get(conversation.activeAgentId);
    const backToAgent = queue?.keepSameAgent === true && agent !== undefined && agent.presence !== 'offline' && agent.presence !== 'away';
    return [
      this.customerMessage(conversation.id, plan, at),
      {
        id: this.newId(),
        type: 'conversation.resumed',
        at,
        conversationId: conversation.id,
        ...(backToAgent ? { agentId: agent.id } : {}),
      },
    ];
  }

  // ── Messages ──

  private customerMessage(conversationId: string, plan: Plan, at: string, isLast = false): DomainEvent {
    const progress = 1 - plan.turnsLeft / Math.max(plan.initialTurns, 1);
    let mood = plan.mood;
    if (mood === 'angry' && plan.willCalmDown && (isLast || progress > 0.6)) mood = 'happy';
    else if (mood === 'neutral' && isLast) mood = this.random.chance(0.6) ? 'happy' : 'neutral';
    else if (mood === 'happy' && !isLast && this.random.chance(0.4)) mood = 'neutral';
    const templates = isLast && mood !== 'angry' ? CLOSINGS[plan.language] : CUSTOMER_LINES[plan.language][mood];
    return {
      id: this.newId(),
      type: 'conversation.message',
      at,
      conversationId,
      from: 'customer',
      text: this.fill(this.random.pick(templates)),
      visibility: 'public',
    };
  }

  private agentMessage(conversationId: string, plan: Plan, at: string, templates: Record<Language, string[]>): DomainEvent {
    return {
      id: this.newId(),
      type: 'conversation.message',
      at,
      conversationId,
      from: 'agent',
      text: this.fill(this.random.pick(templates[plan.language])),
      visibility: 'public',
    };
  }

  private fill(template: string): string {
    return template
      .replace('{order}', String(this.random.int(100_000, 999_999)))
      .replace('{days}', String(this.random.int(2, 14)))
      .replace('{amount}', `${this.random.int(9, 240)},${String(this.random.int(0, 99)).padStart(2, '0')}`);
  }
}

const FIRST_NAMES: Record<Language, string[]> = {
  en: ['James', 'Olivia', 'Liam', 'Amelia', 'Noah', 'Isla', 'Oliver', 'Ava', 'Harry', 'Mia', 'Jack', 'Sophie', 'Ethan', 'Grace'],
  nl: ['Sem', 'Julia', 'Lucas', 'Tess', 'Daan', 'Sophie', 'Levi', 'Nora', 'Finn', 'Saar', 'Milan', 'Zoë', 'Bram', 'Fenna'],
};

const LAST_NAMES: Record<Language, string[]> = {
  en: ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Evans', 'Thomas', 'Roberts', 'Walker', 'Wright', 'Hughes'],
  nl: ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Graaf', 'Mulder', 'Bos', 'Vos'],
};

/** Customer lines by language and mood; `{order}`, `{days}` and `{amount}` are filled in. */
export const CUSTOMER_LINES: Record<Language, Record<Mood, string[]>> = {
  en: {
    angry: [
      'This is the third time I am contacting you about order {order}. Unacceptable!',
      'I have been waiting {days} days for my parcel and nobody tells me anything.',
      'Your service is terrible, I want a refund right now.',
      'Why was I charged twice? This is outrageous.',
      'I am extremely disappointed, the product arrived broken.',
      'Nobody answered my emails. This is a joke.',
      'I want to speak to a manager, this is ridiculous.',
      'Worst customer service I have ever experienced.',
      'You cancelled my order without asking me. I am furious.',
      'The app crashed again and I lost everything. Useless!',
      'I was promised a call back yesterday and nobody called. Awful.',
      'Stop sending me reminders for an invoice I already paid!',
      'The courier just left my parcel in the rain. Completely soaked and ruined.',
      'I am sick of being put on hold for ages.',
      'Your website says in stock, then you cancel. Pathetic.',
      'I will never order from you again.',
      'This is a scam, you took {amount} euro and sent nothing.',
      'The replacement is broken too. How hard can it be?',
      'I have explained this five times already, are you even listening?',
      'Horrible experience from start to finish.',
      'My refund of {amount} euro is still missing after {days} days. Disgraceful.',
      'The delivery driver was rude and threw the box at my door.',
      'I am very angry, you charged me for a subscription I cancelled.',
      'Seriously? Another delay? This is unbelievable.',
      'I am fed up with your excuses.',
      'The wrong item arrived and now you want me to pay for the return? No way.',
    ],
    neutral: [
      'Hello, I have a question about order {order}.',
      'Can you tell me when my parcel will be delivered?',
      'I would like to change my delivery address.',
      'How do I return an item?',
      'My order number is {order}.',
      'Is it possible to pay by invoice?',
      'I received an email about my account, can you check it?',
      'Could you resend the invoice to my email address?',
      'What are your opening hours on Sunday?',
      'I need to update my phone number.',
      'The tracking page has not changed for {days} days.',
      'Which payment methods do you accept?',
      'Can I still add something to my order?',
      'I am calling about the invoice of {amount} euro.',
    ],
    happy: [
      'Thank you so much, that was really helpful!',
      'Great, the parcel arrived today. Thanks!',
      'You are amazing, problem solved in minutes.',
      'Perfect, thanks for the quick answer.',
      'Wonderful service, I will definitely order again.',
      'I love the new app, it works great.',
      'Excellent, the refund is already in my account.',
      'Thanks, you made my day!',
      'Brilliant, that is exactly what I needed.',
      'Really happy with the product, thank you.',
      'Super friendly help, much appreciated.',
      'Fantastic, the replacement arrived in perfect condition.',
      'Thanks for sorting this out so fast, great job.',
      'Lovely, everything is clear now.',
      'Awesome, I got the discount. Thank you!',
      'Very pleased with how you handled this.',
      'You have been very patient with me, thank you.',
      'Nice, the update fixed the problem.',
      'Great news, thanks a lot!',
      'Good to hear, I am happy with that solution.',
      'Thank you, best customer service ever.',
      'The personal shopper was wonderful, thanks!',
      'That works perfectly for me, cheers.',
      'I appreciate your help, have a lovely day.',
    ],
  },
  nl: {
    angry: [
      'Dit is de derde keer dat ik contact opneem over bestelling {order}. Belachelijk!',
      'Ik wacht al {days} dagen op mijn pakket en niemand laat iets weten.',
      'Jullie service is waardeloos, ik wil nu mijn geld terug.',
      'Waarom is er twee keer afgeschreven? Schandalig.',
      'Ik ben enorm teleurgesteld, het product kwam kapot aan.',
      'Niemand reageert op mijn mails. Wat een grap.',
      'Ik wil een leidinggevende spreken, dit is te gek voor woorden.',
      'Slechtste klantenservice die ik ooit heb meegemaakt.',
      'Jullie hebben mijn bestelling zonder overleg geannuleerd. Ik ben woedend.',
      'De app is weer gecrasht en alles is weg. Nutteloos!',
      'Er zou gisteren teruggebeld worden en er belde niemand. Slecht.',
      'Stop met herinneringen sturen voor een factuur die al betaald is!',
      'De bezorger heeft mijn pakket in de regen laten staan. Alles is nat en kapot.',
      'Ik ben het zat om steeds in de wacht te staan.',
      'Op de site staat op voorraad en dan annuleren jullie. Triest.',
      'Ik bestel nooit meer bij jullie.',
      'Dit is oplichting, jullie hebben {amount} euro afgeschreven en niets gestuurd.',
      'Het vervangende product is ook kapot. Hoe moeilijk kan het zijn?',
      'Ik heb dit al vijf keer uitgelegd, luisteren jullie wel?',
      'Vreselijke ervaring van begin tot eind.',
      'Mijn terugbetaling van {amount} euro is na {days} dagen nog steeds niet binnen. Schande.',
      'De bezorger was onbeleefd en gooide de doos tegen mijn deur.',
      'Ik ben boos, jullie rekenen een abonnement af dat ik heb opgezegd.',
      'Serieus? Alweer vertraging? Ongelooflijk.',
      'Ik heb genoeg van jullie smoesjes.',
      'Verkeerd artikel ontvangen en nu moet ik de retour betalen? Echt niet.',
    ],
    neutral: [
      'Hallo, ik heb een vraag over bestelling {order}.',
      'Wanneer wordt mijn pakket bezorgd?',
      'Ik wil graag mijn bezorgadres wijzigen.',
      'Hoe kan ik een artikel retourneren?',
      'Mijn bestelnummer is {order}.',
      'Kan ik ook achteraf betalen?',
      'Ik kreeg een mail over mijn account, kunt u dat nakijken?',
      'Kunt u de factuur nog een keer mailen?',
      'Wat zijn jullie openingstijden op zondag?',
      'Ik moet mijn telefoonnummer aanpassen.',
      'De track-and-trace staat al {days} dagen stil.',
      'Welke betaalmethodes accepteren jullie?',
      'Kan ik nog iets aan mijn bestelling toevoegen?',
      'Ik bel over de factuur van {amount} euro.',
    ],
    happy: [
      'Heel erg bedankt, dat was echt fijn!',
      'Top, het pakket is vandaag aangekomen. Dank je!',
      'Geweldig, probleem in een paar minuten opgelost.',
      'Perfect, bedankt voor het snelle antwoord.',
      'Fantastische service, ik bestel zeker weer.',
      'Ik ben blij met de nieuwe app, werkt prima.',
      'Uitstekend, de terugbetaling staat al op mijn rekening.',
      'Dank je wel, je hebt mijn dag goed gemaakt!',
      'Super, dat is precies wat ik nodig had.',
      'Heel tevreden met het product, bedankt.',
      'Erg vriendelijk geholpen, dank daarvoor.',
      'Fijn, het nieuwe exemplaar kwam in perfecte staat aan.',
      'Bedankt dat jullie dit zo snel hebben opgelost, goed werk.',
      'Mooi, alles is nu duidelijk.',
      'Gaaf, ik heb de korting gekregen. Bedankt!',
      'Zeer tevreden over hoe jullie dit hebben aangepakt.',
      'Bedankt voor uw geduld met mij.',
      'Prima, de update heeft het probleem verholpen.',
      'Goed nieuws, heel erg bedankt!',
      'Fijn om te horen, daar ben ik blij mee.',
      'Dank u, beste klantenservice ooit.',
      'De personal shopper was geweldig, bedankt!',
      'Dat past mij prima, dank je.',
      'Ik waardeer uw hulp, nog een fijne dag.',
    ],
  },
};

const CLOSINGS: Record<Language, string[]> = {
  en: ['Thanks, that is all for now. Have a great day!', 'Perfect, thank you for your help!', 'Great, thanks. Bye!', 'Okay, thanks.'],
  nl: ['Bedankt, dat was alles. Fijne dag nog!', 'Perfect, dank voor de hulp!', 'Top, bedankt. Doei!', 'Oké, dank u.'],
};

const GREETINGS: Record<Language, string[]> = {
  en: [
    'Hello, thank you for contacting us. How can I help you?',
    'Hi there, my name is on the screen, what can I do for you today?',
    'Good day, I am sorry you had to wait. How can I help?',
    'Hi! Thanks for reaching out, let me take a look.',
    'Welcome, I am here to help. What is going on?',
    'Hello, I have your details in front of me now.',
  ],
  nl: [
    'Goedendag, bedankt voor uw bericht. Waarmee kan ik u helpen?',
    'Hoi, wat kan ik vandaag voor je doen?',
    'Goedemiddag, sorry voor het wachten. Hoe kan ik helpen?',
    'Hallo! Bedankt voor je bericht, ik kijk even mee.',
    'Welkom, ik help u graag verder. Wat is er aan de hand?',
    'Hallo, ik heb uw gegevens nu voor me.',
  ],
};

const OUTBOUND_OPENINGS: Record<Language, string[]> = {
  en: ['Hello, I am calling you back about your recent order.', 'Hi, this is customer service following up on your question.'],
  nl: ['Goedendag, ik bel u terug over uw recente bestelling.', 'Hallo, u spreekt met de klantenservice over uw vraag.'],
};

const REPLIES: Record<Language, string[]> = {
  en: [
    'I understand, let me check that for you.',
    'I am sorry about that. I can see order {order} in our system.',
    'Thank you for your patience, I have found the problem.',
    'I have requested a refund, it will be on your account within {days} days.',
    'I have sent you a new return label by email.',
    'Your new delivery date is in {days} days.',
    'I have corrected the invoice, the new amount is {amount} euro.',
    'Could you confirm your postcode for me?',
    'I completely understand your frustration.',
    'A replacement is on its way at no extra cost.',
    'I have added a note to your account so my colleagues know.',
    'Could you try restarting the app and logging in again?',
    'I have escalated this to our logistics team.',
    'Is there anything else I can help you with?',
    'I can offer you a discount of {amount} euro on your next order.',
  ],
  nl: [
    'Ik begrijp het, ik zoek het even voor u uit.',
    'Vervelend, excuses daarvoor. Ik zie bestelling {order} in ons systeem.',
    'Bedankt voor uw geduld, ik heb het probleem gevonden.',
    'Ik heb een terugbetaling aangevraagd, die staat binnen {days} dagen op uw rekening.',
    'Ik heb u een nieuw retourlabel gemaild.',
    'De nieuwe bezorgdatum is over {days} dagen.',
    'Ik heb de factuur gecorrigeerd, het nieuwe bedrag is {amount} euro.',
    'Kunt u uw postcode bevestigen?',
    'Ik begrijp uw frustratie helemaal.',
    'Er is kosteloos een nieuw exemplaar naar u onderweg.',
    'Ik heb een notitie bij uw account gezet zodat mijn collega’s het weten.',
    'Kunt u de app opnieuw opstarten en weer inloggen?',
    'Ik heb dit doorgezet naar ons logistieke team.',
    'Kan ik u verder nog ergens mee helpen?',
    'Ik kan u {amount} euro korting geven op uw volgende bestelling.',
  ],
};

const HOLD_LINES: Record<Language, string[]> = {
  en: ['May I put you on hold for a moment while I check this?', 'One moment please, I will put you on hold briefly.'],
  nl: ['Mag ik u even in de wacht zetten terwijl ik dit nakijk?', 'Een ogenblik, ik zet u heel even in de wacht.'],
};

const PARK_LINES: Record<Language, string[]> = {
  en: ['I need to check this with a colleague, I will get back to you here.', 'Let me look into it; you will hear from me soon.'],
  nl: ['Ik moet dit even navragen bij een collega, ik kom hier bij u terug.', 'Ik zoek het uit; u hoort snel van mij.'],
};
