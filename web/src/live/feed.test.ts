import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FeedStatus, LiveFeed } from './feed.ts';

/** A WebSocket the test drives: it opens, receives and closes when told. */
class FakeSocket {
  static last: FakeSocket | null = null;
  static readonly OPEN = 1;
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.last = this;
  }
  send(data: string) {
    this.sent.push(data);
  }
  close() {}
  open() {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
  receive(message: object) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

const realWebSocket = globalThis.WebSocket;
beforeEach(() => {
  (globalThis as { WebSocket: unknown }).WebSocket = FakeSocket;
});
afterEach(() => {
  (globalThis as { WebSocket: unknown }).WebSocket = realWebSocket;
});

describe('the live feed state (docs/live-feed.md "store")', () => {
  it('is stale from the server\'s "since" until the store is available again; a reconnect starts live', () => {
    const feed = new LiveFeed('ws://console/api/v1/live', () => {});
    const seen: FeedStatus[] = [];
    feed.onStatus((status) => seen.push(status));
    const socket = FakeSocket.last!;
    socket.open();
    expect(feed.getStatus()).toMatchObject({ state: 'live', staleSince: null });

    socket.receive({ type: 'store', state: 'unavailable', since: '2026-12-02T10:00:05.000Z' });
    expect(feed.getStatus()).toMatchObject({ state: 'stale', staleSince: Date.parse('2026-12-02T10:00:05.000Z') });
    // Patches may still come (other nodes' events); the feed stays stale until told otherwise.
    socket.receive({ type: 'patch', id: 's1', seq: 2, at: '2026-12-02T10:00:06.000Z' });
    expect(feed.getStatus().state).toBe('stale');

    socket.receive({ type: 'store', state: 'available', at: '2026-12-02T10:01:00.000Z' });
    expect(feed.getStatus()).toMatchObject({ state: 'live', staleSince: null });
    expect(seen.map((status) => status.state)).toContain('stale');

    socket.receive({ type: 'store', state: 'unavailable', since: 'not a time' });
    expect(feed.getStatus().state).toBe('live');
    socket.receive({ type: 'store', state: 'unavailable', since: '2026-12-02T10:02:00.000Z' });
    socket.onclose?.({ code: 1006 });
    expect(feed.getStatus()).toMatchObject({ state: 'reconnecting', staleSince: null });
    feed.close();
  });
});
