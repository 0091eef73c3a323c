/**
 * The simulator's queueing mode: Erlang C's own world (SPEC §6 "Staffing advice"), played
 * as SPEC §3 events through the product. One queue, one channel (voice: one conversation
 * per agent), N agents always available, Poisson arrivals at rate λ, exponential handle
 * times of mean h, no abandonment, the server's routing (`routeOnce`, oldest waiting first)
 * the moment a customer arrives or an agent frees up, offers accepted at once.
 *
 * Unlike the demo traffic (src/channels/simulator.ts, one tick a second, conversations of
 * messages) it is event-driven: every event carries its exact millisecond, so a measured
 * wait is not rounded to a tick. Deterministic for a seed.
 */
import type { DomainEvent } from '../domain/events.js';
import type { DomainState } from '../domain/model.js';
import { routeOnce } from '../domain/routing.js';
import { Random } from './simulator.js';

export interface QueueingOptions {
  agents: number;
  arrivalsPerSecond: number;
  handleSeconds: number;
  /** The queue's `serviceLevelSeconds` (T), so that its report gives the service level at T. */
  serviceLevelSeconds: number;
  conversations: number;
  seed: number;
  start: number;
}

/** Where the events go: the engine (or anything that applies them to `state`). */
export interface EventSink {
  readonly state: DomainState;
  apply(event: DomainEvent): unknown;
}

export const QUEUEING_QUEUE_ID = 'erlang';

/** A min-heap of agent completion times with their conversation. */
class Completions {
  private readonly items: { at: number; conversationId: string }[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): number {
    return this.items[0]?.at ?? Number.POSITIVE_INFINITY;
  }

  push(at: number, conversationId: string): void {
    const items = this.items;
    items.push({ at, conversationId });
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]!.at <= items[i]!.at) break;
      [items[parent], items[i]] = [items[i]!, items[parent]!];
      i = parent;
    }
  }

  pop(): { at: number; conversationId: string } {
    const items = this.items;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && items[left]!.at < items[smallest]!.at) smallest = left;
        if (right < items.length && items[right]!.at < items[smallest]!.at) smallest = right;
        if (smallest === i) break;
        [items[smallest], items[i]] = [items[i]!, items[smallest]!];
        i = smallest;
      }
    }
    return top;
  }
}

/**
 * Plays `conversations` arrivals and their handling to the end into `sink`, and returns the
 * moment of the last event. Times are whole milliseconds (the event format's resolution).
 */
export function simulateQueueing(options: QueueingOptions, sink: EventSink): number {
  const random = new Random(options.seed);
  let eventNumber = 0;
  const emit = (event: Record<string, unknown>, at: number) =>
    sink.apply({ id: `mmn-${options.seed}-${++eventNumber}`, at: new Date(at).toISOString(), ...event } as DomainEvent);

  emit(
    {
      type: 'queue.upserted',
      queueId: QUEUEING_QUEUE_ID,
      name: 'Erlang C',
      serviceLevelSeconds: options.serviceLevelSeconds,
      channels: ['voice'],
      skillMatch: 'none',
    },
    options.start,
  );
  for (let i = 0; i < options.agents; i++) {
    emit({ type: 'agent.upserted', agentId: `agent-${i}`, name: `Agent ${i}`, queueIds: [QUEUEING_QUEUE_ID] }, options.start);
    emit({ type: 'agent.presence', agentId: `agent-${i}`, presence: 'available' }, options.start);
  }

  const meanArrivalGapMs = 1000 / options.arrivalsPerSecond;
  const meanHandleMs = options.handleSeconds * 1000;
  const completions = new Completions();
  let created = 0;
  let now = options.start;
  let nextArrival = options.start + Math.round(random.exponential(meanArrivalGapMs));
  const route = () => {
    for (const decision of routeOnce(sink.state, now)) {
      const conversationId = decision.conversationId;
      emit({ type: 'conversation.assigned', conversationId, agentId: decision.agentId, by: 'routing' }, now);
      emit({ type: 'conversation.accepted', conversationId, agentId: decision.agentId }, now);
      completions.push(now + Math.round(random.exponential(meanHandleMs)), conversationId);
    }
  };
  while (created < options.conversations || completions.size > 0) {
    const isArrival = created < options.conversations && nextArrival <= completions.peek();
    if (isArrival) {
      now = nextArrival;
      created += 1;
      emit({ type: 'conversation.created', conversationId: `mmn-c${created}`, channel: 'voice', queueId: QUEUEING_QUEUE_ID }, now);
      nextArrival = now + Math.round(random.exponential(meanArrivalGapMs));
    } else {
      const done = completions.pop();
      now = done.at;
      emit({ type: 'conversation.closed', conversationId: done.conversationId, reason: 'resolved' }, now);
    }
    // Routing can only decide something when an agent is free and someone waits.
    if (completions.size < options.agents && sink.state.queued.size > 0) route();
  }
  return now;
}
