/**
 * The whole view of the console — tab, filters, sort, search, columns — as the query string
 * of `/`, so a view can be bookmarked and shared (issue #10 item 1). Defaults are left out
 * of the URL; unknown or malformed values fall back to the default.
 */
import { CHANNELS, PRESENCES, type Presence } from '../../src/domain/events.ts';
import { VIEWPORT_SORT_COLUMNS, type ViewportSort, type ViewportSortColumn } from '../../src/server/live/viewport.ts';
import { COLUMN_IDS, DEFAULT_COLUMNS, type ColumnId } from './tabs/ongoing-columns.ts';

export const TABS = ['summary', 'ongoing', 'agents', 'voice', 'queues'] as const;
export type Tab = (typeof TABS)[number];

export const STATUS_FILTERS = ['open', 'active', 'waiting', 'wrap-up'] as const;

export interface Filters {
  window: 'last24h' | 'today';
  tz: string | null;
  includeOpen: boolean;
  queue: string | null;
  channel: string | null;
  agent: string | null;
  status: string | null;
  direction: 'inbound' | 'outbound' | null;
  /** The agents board's presence (set from the Summary's presence chart); the reports have no such filter. */
  presence: Presence | null;
}

export interface ViewState {
  tab: Tab;
  filters: Filters;
  sort: ViewportSort;
  search: string;
  /** Visible columns of the ongoing table, in order. */
  columns: ColumnId[];
}

export const DEFAULT_SORT: ViewportSort = { column: 'createdAt', direction: 'asc' };

export const DEFAULT_VIEW: ViewState = {
  tab: 'summary',
  filters: { window: 'last24h', tz: null, includeOpen: false, queue: null, channel: null, agent: null, status: null, direction: null, presence: null },
  sort: DEFAULT_SORT,
  search: '',
  columns: DEFAULT_COLUMNS,
};

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | null =>
  value !== null && (values as readonly string[]).includes(value) ? (value as T) : null;

export function parseView(query: string): ViewState {
  const params = new URLSearchParams(query);
  const text = (name: string) => {
    const value = params.get(name)?.trim();
    return value ? value : null;
  };
  const [sortColumn, sortDirection] = (params.get('sort') ?? '').split('.');
  const column = oneOf<ViewportSortColumn>(VIEWPORT_SORT_COLUMNS, sortColumn ?? null);
  const columns = (params.get('cols') ?? '')
    .split(',')
    .map((id) => oneOf<ColumnId>(COLUMN_IDS, id))
    .filter((id): id is ColumnId => id !== null);
  return {
    tab: oneOf(TABS, params.get('tab')) ?? DEFAULT_VIEW.tab,
    filters: {
      window: params.get('window') === 'today' ? 'today' : 'last24h',
      tz: text('tz'),
      includeOpen: params.get('includeOpen') === 'true',
      queue: text('queue'),
      channel: oneOf(CHANNELS, params.get('channel')),
      agent: text('agent'),
      status: oneOf(STATUS_FILTERS, params.get('status')),
      direction: oneOf(['inbound', 'outbound'] as const, params.get('direction')),
      presence: oneOf(PRESENCES, params.get('presence')),
    },
    sort: column ? { column, direction: sortDirection === 'desc' ? 'desc' : 'asc' } : DEFAULT_SORT,
    search: params.get('q') ?? '',
    columns: columns.length > 0 ? [...new Set(columns)] : DEFAULT_COLUMNS,
  };
}

export function formatView(view: ViewState): string {
  const params = new URLSearchParams();
  if (view.tab !== DEFAULT_VIEW.tab) params.set('tab', view.tab);
  const { filters } = view;
  if (filters.window !== 'last24h') params.set('window', filters.window);
  if (filters.tz) params.set('tz', filters.tz);
  if (filters.includeOpen) params.set('includeOpen', 'true');
  for (const name of ['queue', 'channel', 'agent', 'status', 'direction', 'presence'] as const) {
    const value = filters[name];
    if (value) params.set(name, value);
  }
  if (view.sort.column !== DEFAULT_SORT.column || view.sort.direction !== DEFAULT_SORT.direction) {
    params.set('sort', `${view.sort.column}.${view.sort.direction}`);
  }
  if (view.search) params.set('q', view.search);
  if (view.columns.join(',') !== DEFAULT_COLUMNS.join(',')) params.set('cols', view.columns.join(','));
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** The filters as the live feed takes them (docs/live-feed.md): only the ones set. */
export function feedFilters(filters: Filters): Record<string, string | boolean> {
  const result: Record<string, string | boolean> = { window: filters.window };
  if (filters.tz) result.tz = filters.tz;
  if (filters.includeOpen) result.includeOpen = true;
  for (const name of ['queue', 'channel', 'agent', 'status', 'direction'] as const) {
    const value = filters[name];
    if (value) result[name] = value;
  }
  return result;
}
