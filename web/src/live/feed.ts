/**
 * The browser's end of the live feed (docs/live-feed.md): one WebSocket per console, the
 * subscriptions and viewports it holds (sent again after a reconnect, which answers with
 * fresh snapshots and rows), and the connection state the header shows: live, stale (connected,
 * but the server's store cannot write, so nothing new is known since then), reconnecting,
 * offline.
 */
import { ServerClock } from './clock.ts';

export type FeedState = 'connecting' | 'live' | 'stale' | 'reconnecting' | 'offline';

export interface FeedStatus {
  state: FeedState;
  /** Local time of the last message, null before the first. */
  lastUpdate: number | null;
  /** While `stale`: since when (epoch ms, the server's `since`) the server's store cannot write. */
  staleSince: number | null;
}

export type FeedMessage = { type: string; id?: string; at?: string; data?: { at?: string } } & Record<string, unknown>;

type Listener = (message: FeedMessage) => void;

/** Past this many failed attempts in a row the feed calls itself offline (it keeps trying). */
const ATTEMPTS_BEFORE_OFFLINE = 4;
const CLOSE_UNAUTHORIZED = 4401;

export class LiveFeed {
  readonly clock = new ServerClock();
  private socket: WebSocket | null = null;
  private status: FeedStatus = { state: 'connecting', lastUpdate: null, staleSince: null };
  private readonly statusListeners = new Set<(status: FeedStatus) => void>();
  private readonly requests = new Map<string, { message: object; listener: Listener }>();
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private isClosed = false;

  constructor(
    private readonly url: string,
    private readonly onUnauthorized: () => void,
  ) {
    this.connect();
  }

  getStatus(): FeedStatus {
    return this.status;
  }

  onStatus(listener: (status: FeedStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Sends a subscribe or viewport message (again after each reconnect); `send` with the same id replaces it. */
  send(id: string, message: object, listener: Listener): void {
    this.requests.set(id, { message, listener });
    this.write(message);
  }

  /** Ends a subscription or viewport. */
  stop(id: string): void {
    if (!this.requests.delete(id)) return;
    this.write({ type: 'unsubscribe', id });
  }

  close(): void {
    this.isClosed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket?.close();
  }

  private write(message: object): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private setStatus(status: Partial<FeedStatus>): void {
    this.status = { ...this.status, ...status };
    for (const listener of this.statusListeners) listener(this.status);
  }

  /** The server's `store` message (docs/live-feed.md): stale from `since` until `available`. */
  private setStoreState(message: FeedMessage): void {
    const since = typeof message.since === 'string' ? Date.parse(message.since) : NaN;
    if (message.state === 'unavailable' && !Number.isNaN(since)) this.setStatus({ state: 'stale', staleSince: since });
    else if (message.state === 'available') this.setStatus({ state: 'live', staleSince: null });
  }

  private connect(): void {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.failures = 0;
      this.setStatus({ state: 'live', staleSince: null });
      for (const { message } of this.requests.values()) socket.send(JSON.stringify(message));
    };
    socket.onmessage = (event) => {
      const receivedAt = Date.now();
      const message = JSON.parse(String(event.data)) as FeedMessage;
      const at = message.at ?? message.data?.at;
      if (typeof at === 'string') this.clock.observe(at, receivedAt);
      this.setStatus({ lastUpdate: receivedAt });
      if (message.type === 'store') this.setStoreState(message);
      if (message.id !== undefined) this.requests.get(message.id)?.listener(message);
    };
    socket.onclose = (event) => {
      if (this.isClosed) return;
      if (event.code === CLOSE_UNAUTHORIZED) {
        this.setStatus({ state: 'offline' });
        this.onUnauthorized();
        return;
      }
      this.failures += 1;
      this.setStatus({ state: this.failures > ATTEMPTS_BEFORE_OFFLINE ? 'offline' : 'reconnecting', staleSince: null });
      const delay = Math.min(10_000, 500 * 2 ** (this.failures - 1));
      this.retryTimer = setTimeout(() => this.connect(), delay);
    };
  }
}

/** The feed's address on the page's own server. */
export function feedUrl(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/live`;
}
