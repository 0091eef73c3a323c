/**
 * The live routing loop (SPEC §4 "Routing runs when a conversation enters a queue, an
 * agent's presence or load changes, and on a steady tick (at most 1 s)"). It turns the
 * pure decisions of `src/domain/routing.ts` into events: `conversation.rejected` (reason
 * `timeout`) for offers not accepted in time, then `conversation.assigned` (by `routing`).
 *
 * Decisions are made when the pipeline applies them (decided submissions), so nothing can
 * change the state in between, and an offer that lost a race to a supervisor's command is
 * simply refused by the engine.
 */
import type { DomainEvent } from '../domain/events.js';
import { DEFAULT_OFFER_TIMEOUT_MS, expiredOffers, routeOnce } from '../domain/routing.js';
import { eventTime } from '../domain/model.js';
import type { EventPipeline, SubmitResult } from './pipeline.js';
import { timeOrderedId } from './event-ids.js';

export interface RoutingLoopOptions {
  pipeline: EventPipeline;
  /** Injectable clock (epoch ms). */
  now?: () => number;
  /** Steady tick; at most 1 s (SPEC §4). */
  intervalMs?: number;
  offerTimeoutMs?: number;
  newId?: () => string;
  /** Told of a failed pass (the pipeline refused to write); the loop keeps ticking. */
  onError?: (error: unknown) => void;
  /** Whether this node routes now (one node of many does: PostgresLeadership); default always. */
  isLeader?: () => boolean;
}

/** Event types after which routing may have something new to do. */
const ROUTING_TRIGGERS: ReadonlySet<string> = new Set([
  'conversation.created',
  'conversation.rejected',
  'conversation.transferred',
  'conversation.resumed',
  'conversation.wrapup',
  'conversation.closed',
  'conversation.parked',
  'agent.presence',
  'agent.upserted',
  'queue.upserted',
]);

export class RoutingLoop {
  private readonly pipeline: EventPipeline;
  private readonly now: () => number;
  private readonly intervalMs: number;
  private readonly offerTimeoutMs: number;
  private readonly newId: () => string;
  private readonly onError: (error: unknown) => void;
  private readonly isLeader: () => boolean;
  private timer: NodeJS.Timeout | null = null;
  private isPassScheduled = false;
  private unsubscribe: (() => void) | null = null;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(options: RoutingLoopOptions) {
    this.pipeline = options.pipeline;
    this.now = options.now ?? Date.now;
    this.intervalMs = Math.min(options.intervalMs ?? 1_000, 1_000);
    this.offerTimeoutMs = options.offerTimeoutMs ?? DEFAULT_OFFER_TIMEOUT_MS;
    this.newId = options.newId ?? (() => timeOrderedId('routing', this.now()));
    this.onError = options.onError ?? (() => {});
    this.isLeader = options.isLeader ?? (() => true);
  }

  get isRunning(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
    this.unsubscribe = this.pipeline.onApplied((events) => {
      if (events.some((event) => ROUTING_TRIGGERS.has(event.type))) this.schedule();
    });
    this.schedule();
  }

  /** Stops ticking and waits for the submits in flight. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
    await Promise.allSettled([...this.inFlight]);
  }

  /** A pass, when this node is the one that routes. */
  private tick(): void {
    if (this.isLeader()) void this.runOnce();
  }

  /** A pass soon (coalesced), e.g. after a conversation entered a queue. */
  schedule(): void {
    if (this.isPassScheduled) return;
    this.isPassScheduled = true;
    setImmediate(() => {
      this.isPassScheduled = false;
      if (this.timer) this.tick();
    });
  }

  /**
   * One pass: time-outs first (they put conversations back in front of their queue), then
   * routing, each decided against the state it is applied to. Resolves when both are
   * durable, with the events applied. `at`: the moment the pass is for (the demo's back-fill
   * routes its past); by default the clock when the pass is applied.
   */
  async runOnce(at?: number): Promise<DomainEvent[]> {
    const timeouts = this.track(this.pipeline.submit(() => this.decideTimeouts(at ?? this.now())));
    const assignments = this.track(this.pipeline.submit(() => this.decideAssignments(at ?? this.now())));
    return [...(await timeouts), ...(await assignments)];
  }

  private decideTimeouts(now: number): DomainEvent[] {
    const state = this.pipeline.engine.state;
    return expiredOffers(state, now, this.offerTimeoutMs).map((offer) => ({
      id: this.newId(),
      type: 'conversation.rejected',
      at: eventTime(state.conversations.get(offer.conversationId)!, now),
      conversationId: offer.conversationId,
      agentId: offer.agentId,
      reason: 'timeout',
    }));
  }

  private decideAssignments(now: number): DomainEvent[] {
    const state = this.pipeline.engine.state;
    return routeOnce(state, now).map((decision) => ({
      id: this.newId(),
      type: 'conversation.assigned',
      at: eventTime(state.conversations.get(decision.conversationId)!, now),
      conversationId: decision.conversationId,
      agentId: decision.agentId,
      by: 'routing',
    }));
  }

  private track(submitted: Promise<SubmitResult>): Promise<DomainEvent[]> {
    const tracked = submitted.then(
      (result) => result.applied,
      (error: unknown) => {
        this.onError(error);
        return [];
      },
    );
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
    return tracked;
  }
}
