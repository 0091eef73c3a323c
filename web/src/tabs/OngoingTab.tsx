/**
 * Ongoing conversations (issue #10 item 2): search, pause with the count of waiting
 * updates (also shown while updates wait for the pointer to leave the row they would
 * move), the column chooser, and the live table. Search, sort and columns go into the URL.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../format.ts';
import { feedFilters, type ViewState } from '../view-state.ts';
import { ColumnChooser } from './ColumnChooser.tsx';
import { OngoingTable } from './OngoingTable.tsx';

const SEARCH_DELAY_MS = 300;

export function OngoingTab({
  view,
  setView,
  onOpen,
  viewportId = 'ongoing',
  forcedFilters = {},
}: {
  view: ViewState;
  setView: (change: (view: ViewState) => ViewState) => void;
  onOpen: (conversationId: string) => void;
  viewportId?: string;
  /** Filters a tab imposes over the shared ones (Voice: the voice channel). */
  forcedFilters?: Record<string, string>;
}) {
  const { t, i18n } = useTranslation();
  const [search, setSearch] = useState(view.search);
  const [isPaused, setPaused] = useState(false);
  const [counts, setCounts] = useState<{ total: number | null; waiting: number }>({ total: null, waiting: 0 });
  useEffect(() => setSearch(view.search), [view.search]);
  useEffect(() => {
    if (search === view.search) return;
    const timer = setTimeout(() => setView((current) => ({ ...current, search })), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, view.search, setView]);
  const onCounts = useCallback((total: number | null, waiting: number) => setCounts({ total, waiting }), []);

  return (
    <>
      <div className="toolbar">
        <input
          type="search"
          aria-label={t('ongoing.search')}
          placeholder={t('ongoing.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <label>
          <input type="checkbox" role="switch" checked={isPaused} onChange={(e) => setPaused(e.target.checked)} /> {t('ongoing.pause')}
        </label>
        {(isPaused || counts.waiting > 0) && (
          <span className="pending" role="status" data-testid="waiting-updates">
            {t('ongoing.waitingChanges', { count: counts.waiting })}
          </span>
        )}
        <ColumnChooser columns={view.columns} onChange={(columns) => setView((current) => ({ ...current, columns }))} />
        <span className="count" data-testid="ongoing-count">
          {counts.total === null ? '' : t('ongoing.count', { count: counts.total, formatted: formatNumber(counts.total, i18n.language) })}
        </span>
      </div>
      <OngoingTable
        viewportId={viewportId}
        filters={{ ...feedFilters(view.filters), ...forcedFilters }}
        sort={view.sort}
        search={view.search}
        columns={view.columns}
        isPaused={isPaused}
        timeZone={view.filters.tz}
        onSort={(sort) => setView((current) => ({ ...current, sort }))}
        onOpen={onOpen}
        onCounts={onCounts}
      />
    </>
  );
}
