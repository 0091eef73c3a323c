/**
 * The live routing loop (SPEC §4 "Routing runs when a conversation enters a queue, an
 * agent's presence or load changes, and on a steady tick (at most 1 s)"). It turns the
 * pure decisions of `src/domain/routing.ts` into events: `conversation.rejected` (reason
 * `timeout`) for offers not accepted in time, then `conversation.assigned` (by `routing`).
 *
 * Decide and submit happen in one tick (no await between them): the pipeline applies the
 * events synchronously inside `submit`, so nothing can change the state in between, and an
 * offer that lost a race to a supervisor's command is simply refused by the engine.
 */
import type { DomainEvent } from '../domain/events.js';
import { DEFAULT_OFFER_TIMEOUT_MS, expiredOffers, routeOnce } from '../domain/routing.js';
import type { EventPipeline } from './pipeline.js';
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
  }

  get isRunning(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.runOnce(), this.intervalMs);
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

  /** A pass soon (coalesced), e.g. after a conversation entered a queue. */
  schedule(): void {
    if (this.isPassScheduled) return;
    this.isPassScheduled = true;
    setImmediate(() => {
      this.isPassScheduled = false;
      if (this.timer) this.runOnce();
    });
  }

  /**
   * One pass: time-outs first (they put conversations back in front of their queue), then
   * routing. Returns the events submitted; they are applied when this returns and durable
   * when the returned promise resolves.
   */
  runOnce(): { events: DomainEvent[]; durable: Promise<void> } {
    const now = this.now();
    const at = new Date(now).toISOString();
    const state = this.pipeline.engine.state;
    const timeouts: DomainEvent[] = expiredOffers(state, now, this.offerTimeoutMs).map((offer) => ({
      id: this.newId(),
      type: 'conversation.rejected',
      at,
      conversationId: offer.conversationId,
      agentId: offer.agentId,
      reason: 'timeout',
    }));
    // `submit` applies synchronously before it awaits the store: routing below already sees
    // the timed-out conversations back in front of their queues.
    const pending: Promise<void>[] = [];
    if (timeouts.length > 0) pending.push(this.track(this.pipeline.submit(timeouts)));
    const assignments: DomainEvent[] = routeOnce(state, now).map((decision) => ({
      id: this.newId(),
      type: 'conversation.assigned',
      at,
      conversationId: decision.conversationId,
      agentId: decision.agentId,
      by: 'routing',
    }));
    if (assignments.length > 0) pending.push(this.track(this.pipeline.submit(assignments)));
    return { events: [...timeouts, ...assignments], durable: Promise.all(pending).then(() => {}) };
  }

  private track(submitted: Promise<unknown>): Promise<void> {
    const tracked = submitted.then(
      () => {},
      (error: unknown) => this.onError(error),
    );
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
    return tracked;
  }
}
