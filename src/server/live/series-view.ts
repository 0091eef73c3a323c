/**
 * The live feed's `series` subscription (docs/live-feed.md "Series"; issue #10 item 4): the
 * conversations series of src/domain/series.ts, a snapshot and then patches of the quarter
 * hours that changed. Views are shared by every subscription to the same filters and scope,
 * like the report views of hub.ts.
 *
 * A patch recomputes only the quarter hours that can have changed: those of the conversations
 * the applied events touched (a conversation counts in the quarter hour of its creation),
 * the first and the last one of the window (the window slides), and those that came in;
 * those that left the window are removed. Recomputed within the coalescing window after
 * events, and every `refreshMs` without them.
 */
import type { DomainEvent } from '../../domain/events.js';
import { type ConversationSeries, SERIES_BUCKET_MS, type SeriesBucket, seriesBucketStarts, seriesJson } from '../../domain/series.js';
import { type ReportQuery, windowBounds } from '../../domain/window.js';
import type { Engine } from '../../engine/engine.js';
import type { LiveClient, LiveLimits, LiveUser } from './hub.js';
import type { LiveError, LiveFilters, SeriesMessage } from './protocol.js';

/** What the series views need of the hub that holds them. */
export interface SeriesHost {
  engine: Pick<Engine, 'projections' | 'state'>;
  limits: LiveLimits;
  now(): number;
  whenDurable(read: () => void): void;
  queryFor(user: LiveUser, filters: LiveFilters): { ok: true; query: ReportQuery } | { ok: false; error: LiveError };
  deliver(client: LiveClient, data: string): boolean;
  /** Every subscription the client holds, of any kind. */
  subscriptionCount(client: LiveClient): number;
  /** The error when `id` names another kind of subscription of the client's, else null. */
  idTakenBy(client: LiveClient, id: string, kind: 'series'): LiveError | null;
}

interface SentBucket {
  bucket: SeriesBucket;
  json: string;
}

interface SeriesView {
  key: string;
  query: ReportQuery;
  at: string;
  window: { from: string; to: string };
  /** The window's quarter hours by start (epoch ms), oldest first, as last sent. */
  buckets: Map<number, SentBucket>;
  version: number;
  subscriptions: Set<SeriesSubscription>;
}

interface SeriesSubscription {
  id: string;
  client: LiveClient;
  view: SeriesView;
  /** seq = view version + offset; the snapshot has seq 1. */
  offset: number;
}

function seriesKey(query: ReportQuery): string {
  const scope = query.scope === undefined ? '*' : [...query.scope].sort().join(',');
  const { window, tz, filters } = query;
  return JSON.stringify([window, tz ?? null, filters.queue, filters.channel, filters.agent, filters.status, filters.direction, scope]);
}

export class SeriesViews {
  private readonly views = new Map<string, SeriesView>();
  private readonly byClient = new Map<LiveClient, Map<string, SeriesSubscription>>();
  /** Quarter-hour starts of the conversations changed since the last recomputation. */
  private readonly changedStarts = new Set<number>();
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(private readonly host: SeriesHost) {}

  /**
   * Events were applied: the quarter hours of their conversations are recomputed within the
   * coalescing window. The hub also calls this without events every `refreshMs` (the window slides).
   */
  markDirty(events: readonly DomainEvent[]): void {
    if (this.views.size === 0) return;
    const { conversations } = this.host.engine.state;
    for (const event of events) {
      const conversationId = (event as { conversationId?: string }).conversationId;
      const conversation = conversationId === undefined ? undefined : conversations.get(conversationId);
      if (conversation) this.changedStarts.add(Math.floor(conversation.createdAt / SERIES_BUCKET_MS) * SERIES_BUCKET_MS);
    }
    this.schedule();
  }

  /** Opens (or, with an id in use, replaces) a series subscription and sends its snapshot. */
  open(client: LiveClient, message: SeriesMessage): LiveError | null {
    const parsed = this.host.queryFor(client.user, message.filters ?? {});
    if (!parsed.ok) return parsed.error;
    const taken = this.host.idTakenBy(client, message.id, 'series');
    if (taken) return taken;
    this.drop(client, message.id);
    if (this.host.subscriptionCount(client) >= this.host.limits.maxSubscriptionsPerClient) {
      return { code: 'too-many-subscriptions', field: 'id', message: `id: at most ${this.host.limits.maxSubscriptionsPerClient} subscriptions per connection` };
    }
    const key = seriesKey(parsed.query);
    let view = this.views.get(key);
    if (view) this.refresh(view);
    else {
      if (this.views.size >= this.host.limits.maxViews) {
        return { code: 'too-many-views', message: `the server computes at most ${this.host.limits.maxViews} different series: use filters others use, or try again later` };
      }
      view = this.create(key, parsed.query);
    }
    const subscription: SeriesSubscription = { id: message.id, client, view, offset: 1 - view.version };
    view.subscriptions.add(subscription);
    let held = this.byClient.get(client);
    if (!held) this.byClient.set(client, (held = new Map()));
    held.set(message.id, subscription);
    const data: ConversationSeries = { ...seriesJson(view.query, []), at: view.at, window: view.window, buckets: [...view.buckets.values()].map((sent) => sent.bucket) };
    this.host.deliver(client, JSON.stringify({ type: 'snapshot', id: message.id, seq: 1, data }));
    return null;
  }

  has(client: LiveClient, id: string): boolean {
    return this.byClient.get(client)?.has(id) ?? false;
  }

  count(client: LiveClient): number {
    return this.byClient.get(client)?.size ?? 0;
  }

  /** Ends a series subscription; false when the client holds none with this id. */
  drop(client: LiveClient, id: string): boolean {
    const held = this.byClient.get(client);
    const subscription = held?.get(id);
    if (!held || !subscription) return false;
    held.delete(id);
    if (held.size === 0) this.byClient.delete(client);
    subscription.view.subscriptions.delete(subscription);
    if (subscription.view.subscriptions.size === 0) this.views.delete(subscription.view.key);
    return true;
  }

  /** The connection closed: a reconnecting client asks for its series again (and gets a snapshot). */
  disconnect(client: LiveClient): void {
    for (const id of [...(this.byClient.get(client)?.keys() ?? [])]) this.drop(client, id);
  }

  close(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.views.clear();
    this.byClient.clear();
    this.changedStarts.clear();
  }

  private schedule(): void {
    if (this.flushTimer !== null || this.views.size === 0) return;
    this.flushTimer = setTimeout(() => {
      this.host.whenDurable(() => {
        this.flushTimer = null;
        for (const view of this.views.values()) this.refresh(view);
        this.changedStarts.clear();
      });
    }, this.host.limits.coalesceMs);
  }

  private queryNow(template: ReportQuery): ReportQuery {
    const at = this.host.now();
    return { ...template, at, atIso: new Date(at).toISOString() };
  }

  private create(key: string, template: ReportQuery): SeriesView {
    const query = this.queryNow(template);
    const series = this.host.engine.projections.series(query);
    const buckets = new Map<number, SentBucket>();
    for (const bucket of series.buckets) buckets.set(Date.parse(bucket.from), { bucket, json: JSON.stringify(bucket) });
    const view: SeriesView = { key, query: template, at: series.at, window: series.window, buckets, version: 0, subscriptions: new Set() };
    this.views.set(key, view);
    return view;
  }

  /** Recomputes the quarter hours that may have changed; a real change becomes the next patch, sent to every subscription. */
  private refresh(view: SeriesView): void {
    const query = this.queryNow(view.query);
    const starts = seriesBucketStarts(windowBounds(query));
    const first = starts[0];
    const last = starts[starts.length - 1];
    const next = new Map<number, SentBucket>();
    const upsert: SeriesBucket[] = [];
    for (const start of starts) {
      const sent = view.buckets.get(start);
      if (sent && !this.changedStarts.has(start) && start !== first && start !== last) {
        next.set(start, sent);
        continue;
      }
      const bucket = this.host.engine.projections.seriesBucket(query, start);
      const json = JSON.stringify(bucket);
      next.set(start, sent?.json === json ? sent : { bucket, json });
      if (sent?.json !== json) upsert.push(bucket);
    }
    const remove = [...view.buckets.values()].filter((sent) => !next.has(Date.parse(sent.bucket.from))).map((sent) => sent.bucket.from);
    view.buckets = next;
    const series = seriesJson(query, []);
    view.at = series.at;
    view.window = series.window;
    if (upsert.length === 0 && remove.length === 0) return;
    view.version += 1;
    const body = JSON.stringify({ at: view.at, window: view.window, upsert, remove }).slice(1);
    for (const subscription of view.subscriptions) {
      const head = `{"type":"patch","id":${JSON.stringify(subscription.id)},"seq":${view.version + subscription.offset},`;
      this.host.deliver(subscription.client, head + body);
    }
  }
}
