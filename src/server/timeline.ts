/**
 * Per-conversation timelines for `GET /api/v1/conversations/{id}`, kept in memory beside
 * the engine (the event log has no read-by-conversation yet). Bounded: the last
 * `perConversation` events of a conversation (older ones are dropped and the timeline is
 * marked truncated), and at most `total` events overall (the conversations created
 * longest ago are forgotten first). On start it is warmed from the tail of the log.
 */
import type { DomainEvent } from '../domain/events.js';
import type { EventStore, LoggedEvent } from '../store/event-store.js';

export interface TimelineLimits {
  perConversation: number;
  total: number;
}

export const DEFAULT_TIMELINE_LIMITS: TimelineLimits = { perConversation: 1_000, total: 500_000 };

interface Timeline {
  events: LoggedEvent[];
  truncated: boolean;
}

export class Timelines {
  private readonly byConversation = new Map<string, Timeline>();
  private size = 0;

  constructor(readonly limits: TimelineLimits = DEFAULT_TIMELINE_LIMITS) {}

  record(events: readonly (DomainEvent | LoggedEvent)[]): void {
    for (const event of events) {
      const conversationId = (event as { conversationId?: unknown }).conversationId;
      if (typeof conversationId !== 'string') continue;
      let timeline = this.byConversation.get(conversationId);
      if (!timeline) {
        // A timeline that does not start with the creation is missing its beginning.
        timeline = { events: [], truncated: event.type !== 'conversation.created' };
        this.byConversation.set(conversationId, timeline);
      }
      timeline.events.push(event as LoggedEvent);
      this.size += 1;
      if (timeline.events.length > this.limits.perConversation) {
        timeline.events.shift();
        timeline.truncated = true;
        this.size -= 1;
      }
    }
    while (this.size > this.limits.total) {
      const [oldestId, oldest] = this.byConversation.entries().next().value as [string, Timeline];
      this.byConversation.delete(oldestId);
      this.size -= oldest.events.length;
    }
  }

  /** The events kept for a conversation, oldest first; `truncated` when some were dropped. */
  get(conversationId: string): { events: readonly LoggedEvent[]; truncated: boolean } {
    const timeline = this.byConversation.get(conversationId);
    return timeline ? { events: timeline.events, truncated: timeline.truncated } : { events: [], truncated: true };
  }

  /** Loads the last `limits.total` events of the log (call before new events arrive). */
  async warm(store: EventStore): Promise<void> {
    const last = await store.lastSeq();
    let after = Math.max(0, last - this.limits.total);
    for (;;) {
      const page = await store.readFrom(after, 10_000);
      if (page.length === 0) break;
      this.record(page.map((stored) => stored.event));
      after = page[page.length - 1]!.seq;
    }
  }
}
