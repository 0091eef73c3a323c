/**
 * The live feed's subscriptions (SPEC §9 WebSocket, DESIGN.md live feed), independent of
 * the transport. Applied events start a coalescing window (~16 ms); at its end the engine's
 * change tracker says which conversations, agents and queues changed, and each view is
 * brought up to date once: an ongoing view row by row for the conversations that changed
 * (ongoing-view.ts), a KPI, agents or queues view recomputed from the projections when a
 * change reaches its queues or agents (and every `refreshMs`, as the window slides), then
 * diffed. What changed becomes one numbered patch, shared by every subscription to the
 * same report, filters and scope.
 *
 * Memory is bounded: each view keeps its last patches (count and bytes) for `resume`;
 * a client whose socket buffer exceeds the limit is skipped until it drains, then catches
 * up from those patches or with a fresh snapshot; detached subscriptions expire.
 */
import type { DomainEvent } from '../../domain/events.js';
import type { ReportKind } from '../../domain/reports.js';
import type { ReportQuery } from '../../domain/window.js';
import type { Changes, ChangeTracker } from '../../engine/projections/index.js';
import { toIso } from '../../domain/window.js';
import { parseReportOptions } from '../../cli/report-args.js';
import { diffLiveStates, type LiveEngine, liveReport, type LiveState, type PatchBody, toLiveState } from './live-report.js';
import { OngoingView } from './ongoing-view.js';
import { type ClientMessage, type ConversationMessage, type LiveError, type LiveFilters, parseClientMessage, type ResumeMessage, type ViewportMessage } from './protocol.js';
import { SeriesViews } from './series-view.js';
import { type ViewportSort, viewportKey } from './viewport.js';

/** The caller as the live feed needs it (structurally the server's `User`). */
export interface LiveUser {
  id: string;
  role: 'admin' | 'supervisor' | 'agent';
  queueIds: readonly string[];
}

/**
 * One conversation's view for this user (`GET /conversations/{id}`), or why they may not
 * have it. Asynchronous: the timeline is read from the event log.
 */
export type ConversationView = (conversationId: string, user: LiveUser) => Promise<{ ok: true; data: object } | { ok: false; error: LiveError }>;

/** What the hub needs of a WebSocket. */
export interface LiveSocket {
  /** A text frame; a Buffer holds UTF-8 JSON and goes with `{ binary: false }`. */
  send(data: string | Buffer, options?: { binary?: boolean }): void;
  /** Bytes queued but not yet written to the network (`ws.bufferedAmount`). */
  readonly bufferedAmount: number;
  close(code: number, reason: string): void;
  /** Drops the connection at once (a client that reads nothing never answers a close). */
  terminate(): void;
}

/** Close code for a client that fell too far behind: reconnect and resume (RFC 6455 "try again later"). */
export const CLOSE_TOO_SLOW = 1013;

export interface LiveLimits {
  /** Coalescing window: applied events are folded into one recomputation per view. */
  coalesceMs: number;
  /** Every view is brought to the clock this often even without events (the window slides). */
  refreshMs: number;
  /** Patches kept per view for `resume`. */
  maxBufferedPatches: number;
  maxBufferedPatchBytes: number;
  /** A client whose socket holds more than this stops receiving patches until it drains. */
  maxSocketBufferBytes: number;
  /** How long the subscriptions of a closed connection can be resumed. */
  resumeGraceMs: number;
  maxSubscriptionsPerClient: number;
  /** A viewport's rows are re-sent at most this often while its view changes. */
  viewportMs: number;
  /** Messages a client may send a second; more are answered `too-many-messages` and dropped. */
  maxMessagesPerSecond: number;
  /** Distinct views (report, filters, scope) the server computes at once. */
  maxViews: number;
}

export const DEFAULT_LIVE_LIMITS: LiveLimits = {
  coalesceMs: 16,
  refreshMs: 5_000,
  maxBufferedPatches: 256,
  maxBufferedPatchBytes: 4 * 1024 * 1024,
  maxSocketBufferBytes: 4 * 1024 * 1024,
  resumeGraceMs: 60_000,
  maxSubscriptionsPerClient: 32,
  viewportMs: 100,
  maxMessagesPerSecond: 50,
  maxViews: 2_000,
};

const DEFAULT_VIEWPORT_SORT: ViewportSort = { column: 'createdAt', direction: 'asc' };

const DRAIN_POLL_MS = 25;

/** The kinds of subscription a connection holds, under ids of one namespace. */
type SubscriptionKind = 'report' | 'viewport' | 'conversation' | 'series';

interface BufferedPatch {
  version: number;
  /** The patch body as UTF-8 JSON without its opening brace, encoded once for every subscriber. */
  json: Buffer;
}

interface View {
  key: string;
  kind: ReportKind;
  query: ReportQuery;
  /** The ongoing report: its rows kept one by one (and the viewports' orders of them). */
  ongoing: OngoingView | null;
  /** The other reports: the last computed state. */
  state: LiveState | null;
  /** Patches made so far; a subscription's seq is `version + offset`. */
  version: number;
  patches: BufferedPatch[];
  patchBytes: number;
  subscriptions: Set<Subscription>;
  viewports: Set<Viewport>;
}

/** A client watching one conversation (the monitor panel): its view is re-sent when it changes. */
interface ConversationWatch {
  id: string;
  conversationId: string;
  client: LiveClient;
  seq: number;
  lastJson: string;
  /** A read of the view is in flight; `isStale`: the conversation changed meanwhile, read again after it. */
  isReading: boolean;
  isStale: boolean;
}

/** A viewport on the ongoing report: one client's sort, search and row range (docs/live-feed.md). */
interface Viewport {
  id: string;
  client: LiveClient;
  view: View;
  sort: ViewportSort;
  search: string;
  from: number;
  count: number;
  /** Number of the last `rows` message sent. */
  seq: number;
  /** What was last sent, without the clocks. */
  lastKey: string;
}

interface Subscription {
  id: string;
  userId: string;
  view: View;
  offset: number;
  /** The view version of the snapshot this subscription started from. */
  startVersion: number;
  /** The last seq the client has (sent to it, or claimed in a resume). */
  sentSeq: number;
  needsSnapshot: boolean;
  client: LiveClient | null;
  expiry: NodeJS.Timeout | null;
}

export interface LiveClient {
  readonly user: LiveUser;
  readonly socket: LiveSocket;
  readonly subscriptions: Map<string, Subscription>;
  readonly viewports: Map<string, Viewport>;
  readonly watches: Map<string, ConversationWatch>;
  isStalled: boolean;
  /** The client's messages in the current second (rate limit). */
  messageWindow: { startedAt: number; count: number };
}

export interface LiveStats {
  clients: number;
  views: number;
  subscriptions: number;
  viewports: number;
  detachedSubscriptions: number;
  stalledClients: number;
  bufferedPatches: number;
  bufferedPatchBytes: number;
}

function seqOf(subscription: Subscription): number {
  return subscription.view.version + subscription.offset;
}

function viewKey(kind: ReportKind, query: ReportQuery): string {
  const scope = query.scope === undefined ? '*' : [...query.scope].sort().join(',');
  const { window, tz, includeOpen, filters } = query;
  return JSON.stringify([kind, window, tz ?? null, includeOpen, filters.queue, filters.channel, filters.agent, filters.status, filters.direction, scope]);
}

export class LiveHub {
  readonly limits: LiveLimits;
  private readonly clients = new Set<LiveClient>();
  private readonly views = new Map<string, View>();
  private readonly detached = new Map<string, Subscription>();
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly changedViewports = new Set<Viewport>();
  private viewportTimer: NodeJS.Timeout | null = null;
  /** Conversation watches by conversation id, and the conversations changed since the last flush. */
  private readonly watchers = new Map<string, Set<ConversationWatch>>();
  private readonly changedConversations = new Set<string>();
  private drainTimer: NodeJS.Timeout | null = null;
  private readonly refreshTimer: NodeJS.Timeout;
  /** What the engine changed since the last tick. */
  private readonly tracker: ChangeTracker;
  /** The refresh is due: the clock moved the windows, every view is brought to it. */
  private isClockDue = false;
  private isClosed = false;
  /** Since when (epoch ms) the store has failed to write, null while it writes. */
  private staleSince: number | null = null;
  /** The Summary's conversations series (series-view.ts), beside the report views. */
  private readonly series: SeriesViews;

  constructor(
    private readonly engine: LiveEngine,
    limits: Partial<LiveLimits> = {},
    private readonly now: () => number = Date.now,
    /**
     * Runs a read of the engine when it holds exactly the durable log (`EventPipeline.read`):
     * snapshots and patches never show an event that is not committed.
     */
    private readonly whenDurable: (read: () => void) => void = (read) => read(),
    private readonly conversationView?: ConversationView,
  ) {
    this.limits = { ...DEFAULT_LIVE_LIMITS, ...limits };
    this.tracker = engine.projections.trackChanges();
    this.refreshTimer = setInterval(() => {
      this.isClockDue = true;
      this.markDirty();
    }, this.limits.refreshMs);
    this.refreshTimer.unref();
    this.series = new SeriesViews({
      engine,
      limits: this.limits,
      now,
      whenDurable,
      queryFor: (user, filters) => this.queryFor(user, filters),
      deliver: (client, data) => this.deliver(client, data),
      subscriptionCount: (client) => this.subscriptionCount(client),
      idTakenBy: (client, id, kind) => this.idTakenBy(client, id, kind),
    });
  }

  /** Events were applied (and are durable): bring the views, and the watched conversations they touch, up to date within the coalescing window. */
  markDirty(events: readonly DomainEvent[] = []): void {
    if (this.isClosed) return;
    this.series.markDirty(events);
    // Nobody watches a view: what changed needs no remembering (a new view starts from the state).
    if (this.views.size === 0) this.tracker.take();
    for (const event of events) {
      const conversationId = 'conversationId' in event ? String(event.conversationId) : null;
      if (conversationId !== null && this.watchers.has(conversationId)) this.changedConversations.add(conversationId);
    }
    if (this.flushTimer === null && (this.views.size > 0 || this.changedConversations.size > 0)) {
      this.flushTimer = setTimeout(() => this.whenDurable(() => this.flush()), this.limits.coalesceMs);
    }
  }

  /**
   * The store failed to write since `since` (epoch ms): everything shown is as of the last
   * durable write. Every client hears it, and so does each client that connects until the
   * store writes again (null), which every client hears too.
   */
  setStaleSince(since: number | null): void {
    if (since === this.staleSince) return;
    this.staleSince = since;
    for (const client of this.clients) this.sendStoreState(client);
  }

  private sendStoreState(client: LiveClient): void {
    const message = this.staleSince === null ? { type: 'store', state: 'available', at: toIso(this.now()) } : { type: 'store', state: 'unavailable', since: toIso(this.staleSince) };
    this.deliver(client, JSON.stringify(message));
  }

  connect(socket: LiveSocket, user: LiveUser): LiveClient {
    const client: LiveClient = {
      user,
      socket,
      subscriptions: new Map(),
      viewports: new Map(),
      watches: new Map(),
      isStalled: false,
      messageWindow: { startedAt: 0, count: 0 },
    };
    this.clients.add(client);
    if (this.staleSince !== null) this.sendStoreState(client);
    return client;
  }

  /** The connection closed: its subscriptions stay resumable for `resumeGraceMs`. */
  disconnect(client: LiveClient): void {
    if (!this.clients.delete(client)) return;
    // Viewports are cheap to ask for again: a reconnecting client sends them anew.
    for (const viewport of client.viewports.values()) this.dropViewport(viewport);
    for (const watch of client.watches.values()) this.dropWatch(watch);
    this.series.disconnect(client);
    for (const subscription of client.subscriptions.values()) {
      subscription.client = null;
      const key = `${subscription.userId}\n${subscription.id}`;
      const previous = this.detached.get(key);
      if (previous) this.drop(previous);
      subscription.expiry = setTimeout(() => this.drop(subscription), this.limits.resumeGraceMs);
      subscription.expiry.unref();
      this.detached.set(key, subscription);
    }
    client.subscriptions.clear();
  }

  /** One text frame from the client, handled in order once the engine is durable. */
  receive(client: LiveClient, text: string): void {
    // Wall time, not the hub's clock (which tests may freeze): a second is a second.
    const now = Date.now();
    const window = client.messageWindow;
    if (now - window.startedAt >= 1_000) {
      window.startedAt = now;
      window.count = 0;
    }
    window.count += 1;
    if (window.count > this.limits.maxMessagesPerSecond) {
      if (window.count === this.limits.maxMessagesPerSecond + 1) {
        const message = `at most ${this.limits.maxMessagesPerSecond} messages a second: this one and the next ones this second are dropped`;
        this.sendError(client, { code: 'too-many-messages', message });
      }
      return;
    }
    this.whenDurable(() => {
      if (this.clients.has(client)) this.handleText(client, text);
    });
  }

  private handleText(client: LiveClient, text: string): void {
    const parsed = parseClientMessage(text);
    if (!parsed.ok) return this.sendError(client, parsed.error, parsed.id);
    const error = this.handle(client, parsed.message);
    if (error) this.sendError(client, error, parsed.message.id);
  }

  stats(): LiveStats {
    let subscriptions = 0;
    let viewports = 0;
    let bufferedPatches = 0;
    let bufferedPatchBytes = 0;
    for (const view of this.views.values()) {
      subscriptions += view.subscriptions.size;
      viewports += view.viewports.size;
      bufferedPatches += view.patches.length;
      bufferedPatchBytes += view.patchBytes;
    }
    let stalledClients = 0;
    for (const client of this.clients) if (client.isStalled) stalledClients += 1;
    return {
      clients: this.clients.size,
      views: this.views.size,
      subscriptions,
      viewports,
      detachedSubscriptions: this.detached.size,
      stalledClients,
      bufferedPatches,
      bufferedPatchBytes,
    };
  }

  close(): void {
    this.isClosed = true;
    this.series.close();
    this.tracker.stop();
    clearInterval(this.refreshTimer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.drainTimer) clearInterval(this.drainTimer);
    if (this.viewportTimer) clearTimeout(this.viewportTimer);
    this.changedViewports.clear();
    this.watchers.clear();
    this.changedConversations.clear();
    for (const subscription of this.detached.values()) if (subscription.expiry) clearTimeout(subscription.expiry);
    this.detached.clear();
    this.views.clear();
    this.clients.clear();
  }

  private handle(client: LiveClient, message: ClientMessage): LiveError | null {
    switch (message.type) {
      case 'subscribe':
        return this.subscribe(client, message.id, message.report, message.filters ?? {});
      case 'unsubscribe': {
        const viewport = client.viewports.get(message.id);
        if (viewport) {
          this.dropViewport(viewport);
          return null;
        }
        const watch = client.watches.get(message.id);
        if (watch) {
          this.dropWatch(watch);
          return null;
        }
        if (this.series.drop(client, message.id)) return null;
        const subscription = client.subscriptions.get(message.id);
        if (!subscription) return { code: 'unknown-subscription', field: 'id', message: `id: no subscription '${message.id}'` };
        this.drop(subscription);
        return null;
      }
      case 'resume':
        return this.resume(client, message);
      case 'viewport':
        return this.openViewport(client, message);
      case 'conversation':
        return this.watchConversation(client, message);
      case 'series':
        return this.series.open(client, message);
    }
  }

  private watchConversation(client: LiveClient, message: ConversationMessage): LiveError | null {
    if (!this.conversationView) return { code: 'invalid-message', field: 'type', message: 'type: conversations are not served here' };
    const taken = this.idTakenBy(client, message.id, 'conversation');
    if (taken) return taken;
    const existing = client.watches.get(message.id);
    if (existing) this.dropWatch(existing);
    if (this.subscriptionCount(client) >= this.limits.maxSubscriptionsPerClient) {
      return { code: 'too-many-subscriptions', field: 'id', message: `id: at most ${this.limits.maxSubscriptionsPerClient} subscriptions per connection` };
    }
    const watch: ConversationWatch = { id: message.id, conversationId: message.conversationId, client, seq: 0, lastJson: '', isReading: false, isStale: false };
    client.watches.set(watch.id, watch);
    let set = this.watchers.get(watch.conversationId);
    if (!set) this.watchers.set(watch.conversationId, (set = new Set()));
    set.add(watch);
    this.sendConversation(watch);
    return null;
  }

  /**
   * Reads the conversation's view and sends it when it differs from what the watch last got;
   * when it may not be seen (unknown, moved out of the user's queues), says so once and
   * drops the watch. One read per watch at a time, so views arrive in order.
   */
  private sendConversation(watch: ConversationWatch): void {
    if (watch.isReading) {
      watch.isStale = true;
      return;
    }
    watch.isReading = true;
    const isWatched = () => !this.isClosed && this.clients.has(watch.client) && watch.client.watches.get(watch.id) === watch;
    this.conversationView!(watch.conversationId, watch.client.user)
      .catch((): { ok: false; error: LiveError } => ({ ok: false, error: { code: 'unavailable', message: 'the conversation could not be read: subscribe again shortly' } }))
      .then((view) => {
        watch.isReading = false;
        if (!isWatched()) return;
        if (!view.ok) {
          this.sendError(watch.client, view.error, watch.id);
          this.dropWatch(watch);
          return;
        }
        const json = JSON.stringify(view.data);
        if (json !== watch.lastJson) {
          watch.lastJson = json;
          watch.seq += 1;
          this.deliver(watch.client, `{"type":"conversation","id":${JSON.stringify(watch.id)},"seq":${watch.seq},"data":${json}}`);
        }
        if (watch.isStale) {
          watch.isStale = false;
          this.sendConversation(watch);
        }
      });
  }

  private dropWatch(watch: ConversationWatch): void {
    watch.client.watches.delete(watch.id);
    const set = this.watchers.get(watch.conversationId);
    set?.delete(watch);
    if (set?.size === 0) this.watchers.delete(watch.conversationId);
  }

  /** The query of a report for this user, or the error naming the filter at fault. */
  private queryFor(user: LiveUser, filters: LiveFilters): { ok: true; query: ReportQuery } | { ok: false; error: LiveError } {
    if (user.role === 'agent') return { ok: false, error: { code: 'forbidden', field: 'report', message: 'report: agents may not subscribe to reports' } };
    const parsed = parseReportOptions(filters, this.now());
    if (!parsed.ok) return { ok: false, error: { code: 'invalid-message', field: `filters.${parsed.field}`, message: `filters.${parsed.message}` } };
    const query: ReportQuery = parsed.query;
    // SPEC §9: a supervisor sees their queues only; an admin sees everything.
    if (user.role === 'supervisor') query.scope = new Set(user.queueIds);
    return { ok: true, query };
  }

  /** The shared view of a report, filters and scope; made (and computed) when nobody holds it yet. */
  private viewFor(kind: ReportKind, query: ReportQuery): { view: View; isNew: boolean } | LiveError {
    const key = viewKey(kind, query);
    const existing = this.views.get(key);
    if (existing) return { view: existing, isNew: false };
    if (this.views.size >= this.limits.maxViews) {
      return { code: 'too-many-views', message: `the server computes at most ${this.limits.maxViews} different views: use filters others use, or try again later` };
    }
    const isOngoing = kind === 'ongoing';
    const view: View = {
      key,
      kind,
      query,
      ongoing: isOngoing ? new OngoingView(query, this.engine, this.now()) : null,
      state: isOngoing ? null : this.compute(kind, query),
      version: 0,
      patches: [],
      patchBytes: 0,
      subscriptions: new Set(),
      viewports: new Set(),
    };
    this.views.set(key, view);
    return { view, isNew: true };
  }

  private subscriptionCount(client: LiveClient): number {
    return client.subscriptions.size + client.viewports.size + client.watches.size + this.series.count(client);
  }

  private openViewport(client: LiveClient, message: ViewportMessage): LiveError | null {
    const parsed = this.queryFor(client.user, message.filters ?? {});
    if (!parsed.ok) return parsed.error;
    const taken = this.idTakenBy(client, message.id, 'viewport');
    if (taken) return taken;
    const existing = client.viewports.get(message.id);
    if (!existing && this.subscriptionCount(client) >= this.limits.maxSubscriptionsPerClient) {
      return { code: 'too-many-subscriptions', field: 'id', message: `id: at most ${this.limits.maxSubscriptionsPerClient} subscriptions per connection` };
    }
    // Scrolling sends a new range for the same view: the view's current state serves it as is.
    const found = this.viewFor('ongoing', parsed.query);
    if ('code' in found) return found;
    const { view } = found;
    const viewport: Viewport = existing ?? { id: message.id, client, view, sort: DEFAULT_VIEWPORT_SORT, search: '', from: 0, count: 0, seq: 0, lastKey: '' };
    const previousView = viewport.view;
    viewport.view = view;
    viewport.sort = message.sort ?? DEFAULT_VIEWPORT_SORT;
    viewport.search = message.search ?? '';
    viewport.from = message.range.from;
    viewport.count = message.range.count;
    view.viewports.add(viewport);
    client.viewports.set(message.id, viewport);
    if (previousView !== view) {
      previousView.viewports.delete(viewport);
      this.forgetIfUnused(previousView);
    }
    this.keepUsedOrders(previousView);
    this.sendViewport(viewport, true);
    return null;
  }

  /** The view keeps the sorted orders its viewports use, no others. */
  private keepUsedOrders(view: View): void {
    view.ongoing?.keepOrders([...view.viewports].map((viewport) => viewport.sort));
  }

  /** Sends the viewport's rows when they changed (beyond the clocks), or always when `isAsked`. */
  private sendViewport(viewport: Viewport, isAsked: boolean): void {
    const { view, client } = viewport;
    if (client.socket.bufferedAmount > this.limits.maxSocketBufferBytes) {
      this.scheduleViewport(viewport);
      return;
    }
    const answer = view.ongoing!.range(viewport.sort, viewport.search, viewport.from, viewport.count, this.now());
    const key = viewportKey(answer);
    if (!isAsked && key === viewport.lastKey) return;
    viewport.lastKey = key;
    viewport.seq += 1;
    this.deliver(client, JSON.stringify({ type: 'rows', id: viewport.id, seq: viewport.seq, ...answer }));
  }

  /** The view of these viewports changed: their rows go out within `viewportMs`, once. */
  private scheduleViewport(viewport: Viewport): void {
    this.changedViewports.add(viewport);
    if (this.viewportTimer !== null) return;
    this.viewportTimer = setTimeout(() => {
      this.viewportTimer = null;
      const due = [...this.changedViewports];
      this.changedViewports.clear();
      for (const each of due) if (each.client.viewports.get(each.id) === each) this.sendViewport(each, false);
    }, this.limits.viewportMs);
  }

  private dropViewport(viewport: Viewport): void {
    viewport.client.viewports.delete(viewport.id);
    viewport.view.viewports.delete(viewport);
    this.changedViewports.delete(viewport);
    this.keepUsedOrders(viewport.view);
    this.forgetIfUnused(viewport.view);
  }

  private forgetIfUnused(view: View): void {
    if (view.subscriptions.size === 0 && view.viewports.size === 0) this.views.delete(view.key);
  }

  /** Which kind of subscription of the client's `id` names, if any: ids are one namespace per connection. */
  private idKind(client: LiveClient, id: string): SubscriptionKind | null {
    if (client.subscriptions.has(id)) return 'report';
    if (client.viewports.has(id)) return 'viewport';
    if (client.watches.has(id)) return 'conversation';
    if (this.series.has(client, id)) return 'series';
    return null;
  }

  /** The error for opening a `kind` under an id that names another kind (same kind: the caller replaces it). */
  private idTakenBy(client: LiveClient, id: string, kind: SubscriptionKind): LiveError | null {
    const holder = this.idKind(client, id);
    if (holder === null || holder === kind) return null;
    return { code: 'invalid-message', field: 'id', message: `id: '${id}' names a ${holder} subscription` };
  }

  private subscribe(client: LiveClient, id: string, kind: ReportKind, filters: LiveFilters): LiveError | null {
    const { user } = client;
    const parsed = this.queryFor(user, filters);
    if (!parsed.ok) return parsed.error;
    const taken = this.idTakenBy(client, id, 'report');
    if (taken) return taken;

    // A subscribe with an id in use replaces that subscription (a client changing its filters).
    const existing = client.subscriptions.get(id);
    if (existing) this.drop(existing);
    if (this.subscriptionCount(client) >= this.limits.maxSubscriptionsPerClient) {
      return { code: 'too-many-subscriptions', field: 'id', message: `id: at most ${this.limits.maxSubscriptionsPerClient} subscriptions per connection` };
    }

    const found = this.viewFor(kind, parsed.query);
    if ('code' in found) return found;
    const { view, isNew } = found;
    if (!isNew) this.tick();
    // The first snapshot has seq 1.
    const subscription: Subscription = {
      id,
      userId: user.id,
      view,
      offset: 1 - view.version,
      startVersion: view.version,
      sentSeq: 1,
      needsSnapshot: false,
      client,
      expiry: null,
    };
    view.subscriptions.add(subscription);
    client.subscriptions.set(id, subscription);
    this.sendSnapshot(subscription);
    return null;
  }

  private resume(client: LiveClient, message: ResumeMessage): LiveError | null {
    const { id, seq } = message;
    let subscription = client.subscriptions.get(id);
    if (!subscription) {
      const key = `${client.user.id}\n${id}`;
      subscription = this.detached.get(key);
      // Unknown here (another node, or expired): with its report, it starts again from a snapshot.
      if (!subscription && message.report) return this.subscribe(client, id, message.report, message.filters ?? {});
      if (!subscription) return { code: 'unknown-subscription', field: 'id', message: `id: no subscription '${id}' to resume` };
      this.detached.delete(key);
      if (subscription.expiry) clearTimeout(subscription.expiry);
      subscription.expiry = null;
      subscription.client = client;
      client.subscriptions.set(id, subscription);
    }
    const current = seqOf(subscription);
    if (seq > current) return { code: 'invalid-message', field: 'seq', message: `seq: ahead of the last seq sent (${current})` };
    subscription.sentSeq = seq;
    // A seq from before this subscription's first snapshot cannot be patched forward.
    subscription.needsSnapshot = seq - subscription.offset < subscription.startVersion;
    this.tick();
    this.catchUp(subscription);
    return null;
  }

  private compute(kind: ReportKind, template: ReportQuery, at = this.now()): LiveState {
    const query: ReportQuery = { ...template, at, atIso: toIso(at) };
    return toLiveState(this.engine, kind, this.engine.report(kind, query), query);
  }

  /**
   * Brings every view up to date with what the engine changed since the last tick (and,
   * when the refresh is due, with the clock); each real change becomes the view's next patch.
   */
  private tick(): void {
    const changes = this.tracker.take();
    const isClockDue = this.isClockDue;
    this.isClockDue = false;
    const at = this.now();
    for (const view of this.views.values()) {
      if (view.ongoing) {
        const rows = view.ongoing.update(this.engine, changes, at);
        if (rows) this.publish(view, { at: toIso(at), window: view.ongoing.window(), ...rows });
      } else if (isClockDue || this.isReached(view.query, changes)) {
        const next = this.compute(view.kind, view.query, at);
        const body = diffLiveStates(view.state!, next);
        view.state = next;
        if (body) this.publish(view, body);
      }
    }
  }

  /**
   * Whether changes can reach a KPI, agents or queues view: a rebuild or a reconfigured
   * queue or agent reaches all; otherwise a changed conversation of the view's queues, or a
   * changed agent of the caller's scope (the agents and capacity blocks ignore the filters).
   */
  private isReached(query: ReportQuery, changes: Changes): boolean {
    if (changes.isRebuilt || changes.queueConfigs.size > 0 || changes.isAgentConfigChanged) return true;
    const { scope, filters } = query;
    const queues = filters.queue !== undefined ? new Set([filters.queue]) : scope;
    if (queues === undefined ? changes.conversations.size > 0 : [...changes.queues].some((id) => queues.has(id))) return true;
    if (scope === undefined) return changes.agents.size > 0;
    for (const agentId of changes.agents) {
      if (this.engine.state.agents.get(agentId)?.queueIds.some((id) => scope.has(id))) return true;
    }
    return false;
  }

  /** A real change becomes the view's next patch, sent to whoever can take it. */
  private publish(view: View, body: PatchBody): void {
    view.version += 1;
    const json = Buffer.from(JSON.stringify(body).slice(1));
    view.patches.push({ version: view.version, json });
    view.patchBytes += json.length;
    while (
      view.patches.length > this.limits.maxBufferedPatches ||
      (view.patchBytes > this.limits.maxBufferedPatchBytes && view.patches.length > 1)
    ) {
      view.patchBytes -= view.patches.shift()!.json.length;
    }
    for (const subscription of view.subscriptions) this.catchUp(subscription);
    for (const viewport of view.viewports) this.scheduleViewport(viewport);
  }

  private flush(): void {
    this.flushTimer = null;
    this.tick();
    for (const conversationId of this.changedConversations) {
      for (const watch of this.watchers.get(conversationId) ?? []) this.sendConversation(watch);
    }
    this.changedConversations.clear();
  }

  /** Sends a subscription what it misses: buffered patches, or a fresh snapshot when they are gone. */
  private catchUp(subscription: Subscription): void {
    const { client, view } = subscription;
    if (!client || client.isStalled) return;
    const current = seqOf(subscription);
    if (subscription.sentSeq >= current && !subscription.needsSnapshot) return;
    if (client.socket.bufferedAmount > this.limits.maxSocketBufferBytes) return this.stall(client);
    const firstVersion = subscription.sentSeq - subscription.offset + 1;
    const oldest = view.patches[0]?.version ?? view.version + 1;
    if (subscription.needsSnapshot || firstVersion < oldest) return this.sendSnapshot(subscription);
    const prefix = `{"type":"patch","id":${JSON.stringify(subscription.id)},"seq":`;
    for (const patch of view.patches) {
      if (patch.version < firstVersion) continue;
      const head = Buffer.from(`${prefix}${patch.version + subscription.offset},`);
      if (!this.deliver(client, Buffer.concat([head, patch.json], head.length + patch.json.length))) return;
    }
    subscription.sentSeq = current;
  }

  private sendSnapshot(subscription: Subscription): void {
    const { client, view } = subscription;
    if (!client) return;
    const seq = seqOf(subscription);
    const data = view.ongoing ? view.ongoing.snapshot() : liveReport(view.state!);
    if (!this.deliver(client, JSON.stringify({ type: 'snapshot', id: subscription.id, seq, data }))) return;
    subscription.sentSeq = seq;
    subscription.needsSnapshot = false;
  }

  private stall(client: LiveClient): void {
    client.isStalled = true;
    if (this.drainTimer === null) {
      this.drainTimer = setInterval(() => this.checkDrained(), DRAIN_POLL_MS);
      this.drainTimer.unref();
    }
  }

  /** A stalled client whose buffer went down to half the limit catches up. */
  private checkDrained(): void {
    let stalled = 0;
    for (const client of this.clients) {
      if (!client.isStalled) continue;
      if (client.socket.bufferedAmount > this.limits.maxSocketBufferBytes / 2) {
        stalled += 1;
        continue;
      }
      client.isStalled = false;
      this.tick();
      for (const subscription of client.subscriptions.values()) this.catchUp(subscription);
      if (client.isStalled) stalled += 1;
    }
    if (stalled === 0 && this.drainTimer) {
      clearInterval(this.drainTimer);
      this.drainTimer = null;
    }
  }

  private drop(subscription: Subscription): void {
    if (subscription.expiry) clearTimeout(subscription.expiry);
    subscription.expiry = null;
    if (subscription.client) subscription.client.subscriptions.delete(subscription.id);
    else {
      const key = `${subscription.userId}\n${subscription.id}`;
      if (this.detached.get(key) === subscription) this.detached.delete(key);
    }
    subscription.client = null;
    const { view } = subscription;
    view.subscriptions.delete(subscription);
    this.forgetIfUnused(view);
  }

  private sendError(client: LiveClient, error: LiveError, id?: string): void {
    this.deliver(client, JSON.stringify(id === undefined ? { type: 'error', error } : { type: 'error', id, error }));
  }

  /**
   * Every frame to a client goes through here, snapshots included. Patches pause before it
   * (`stall`) while the client's unsent bytes exceed `maxSocketBufferBytes`; any other frame
   * (a snapshot, rows, an error) asked for meanwhile closes the client (1013) instead, and its
   * report subscriptions wait to be resumed. So a client holds at most the limit plus one frame.
   */
  private deliver(client: LiveClient, data: string | Buffer): boolean {
    if (!this.clients.has(client)) return false;
    if (client.socket.bufferedAmount > this.limits.maxSocketBufferBytes) {
      this.disconnect(client);
      client.socket.close(CLOSE_TOO_SLOW, 'too far behind: reconnect and resume');
      setTimeout(() => client.socket.terminate(), 1_000).unref();
      return false;
    }
    client.socket.send(data, typeof data === 'string' ? undefined : { binary: false });
    return true;
  }
}
