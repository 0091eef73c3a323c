import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW, feedFilters, formatView, parseView } from './view-state.ts';

describe('the view in the URL', () => {
  it('the default view is the bare address', () => {
    expect(formatView(DEFAULT_VIEW)).toBe('');
    expect(parseView('')).toEqual(DEFAULT_VIEW);
  });

  it('round-trips tab, filters, sort, search and columns', () => {
    const view = {
      tab: 'ongoing' as const,
      filters: { ...DEFAULT_VIEW.filters, window: 'today' as const, tz: 'Europe/Amsterdam', includeOpen: true, queue: 'vip', channel: 'voice', status: 'open', direction: 'inbound' as const, presence: 'away' as const },
      sort: { column: 'waitSeconds' as const, direction: 'desc' as const },
      search: 'refund & co',
      columns: ['status' as const, 'subject' as const],
    };
    const query = formatView(view);
    expect(query).toContain('tab=ongoing');
    expect(query).toContain('sort=waitSeconds.desc');
    expect(parseView(query)).toEqual(view);
  });

  it('ignores unknown values instead of failing', () => {
    const view = parseView('?tab=nope&channel=fax&sort=password.desc&cols=nope,subject,subject&status=closedish');
    expect(view.tab).toBe('summary');
    expect(view.filters.channel).toBeNull();
    expect(view.filters.status).toBeNull();
    expect(parseView('?presence=sleeping').filters.presence).toBeNull();
    expect(view.sort).toEqual(DEFAULT_VIEW.sort);
    expect(view.columns).toEqual(['subject']);
  });

  it('gives the feed only the filters that are set', () => {
    expect(feedFilters({ ...DEFAULT_VIEW.filters, queue: 'vip', presence: 'busy' })).toEqual({ window: 'last24h', queue: 'vip' });
  });
});
