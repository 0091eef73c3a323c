/**
 * The ongoing-conversations table (issue #10 item 2): a viewport subscription holds only the
 * rows near the screen, TanStack Virtual lays out all `total` rows (no cap), TanStack Table
 * orders and shows the chosen columns. Wait and handle times tick every second in the
 * browser. Keyboard: arrows move the active row, Enter opens its actions, Escape closes them.
 */
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ViewportRow, ViewportSort } from '../../../src/server/live/viewport.ts';
import { type ActionName } from '../../../src/domain/actions.ts';
import { useActions } from '../actions/ActionsHost.tsx';
import { Sentiment } from '../components/Sentiment.tsx';
import { statusKey } from '../components/Status.tsx';
import { formatClock, formatDateTime, formatDuration } from '../format.ts';
import { handleSecondsAt, waitSecondsAt } from '../live/clock.ts';
import { useNow, useViewport } from '../live/hooks.ts';
import { type ColumnId, COLUMN_IDS, nextSort, rangeToRequest, SORT_OF } from './ongoing-columns.ts';
import { RowMenu } from './RowMenu.tsx';

const ROW_HEIGHT = 36;
/**
 * Column widths in em of the table's font: every column fits a 1280-pixel screen, in both
 * languages (Dutch headers break at the soft hyphens of their compounds, on two lines).
 */
const WIDTHS: Record<ColumnId, string> = {
  subject: 'minmax(8em, 1.6fr)',
  customerName: 'minmax(6em, 1fr)',
  status: '7.6em',
  activeAgentName: 'minmax(7em, 1fr)',
  queueName: '6.5em',
  channel: '6em',
  direction: '6.3em',
  waitSeconds: '5em',
  handleSeconds: '5.5em',
  sentiment: '14.4em',
  sentimentAlert: '5em',
  onHold: '4em',
  monitored: '6em',
  createdAt: '6em',
};

export interface OngoingTableProps {
  /** Names the viewport on the feed. */
  viewportId: string;
  filters: Record<string, string | boolean>;
  sort: ViewportSort;
  search: string;
  columns: ColumnId[];
  isPaused: boolean;
  timeZone: string | null;
  onSort: (sort: ViewportSort) => void;
  onOpen: (conversationId: string) => void;
  /** Told the total and the updates waiting while paused. */
  onCounts?: (total: number | null, waiting: number) => void;
}

const column = createColumnHelper<ViewportRow>();

export function OngoingTable(props: OngoingTableProps) {
  const { t, i18n } = useTranslation();
  const actions = useActions();
  const now = useNow();
  const scroller = useRef<HTMLDivElement>(null);
  const [range, setRange] = useState({ from: 0, count: 60 });
  const [activeIndex, setActiveIndex] = useState(0);
  /** The row whose menu is open, and where the menu shows (it is fixed: the table scrolls sideways). */
  const [menu, setMenu] = useState<{ index: number; top: number; right: number } | null>(null);
  const menuIndex = menu?.index ?? null;
  const openMenu = (index: number, anchor: Element | null) => {
    const box = anchor?.getBoundingClientRect();
    const edge = scroller.current?.getBoundingClientRect().right ?? window.innerWidth;
    setMenu({ index, top: box?.bottom ?? 0, right: window.innerWidth - Math.min(box?.right ?? edge, edge) });
  };
  /** The row under the pointer: live updates never move it (they wait until the pointer leaves it). */
  const [hoveredId, setHoveredId] = useState<string | null>(null);
  const { answer, waiting } = useViewport(
    props.viewportId,
    { filters: props.filters, sort: props.sort, search: props.search, range },
    props.isPaused,
    hoveredId,
  );
  const total = answer?.total ?? 0;
  const { onCounts } = props;
  useEffect(() => onCounts?.(answer ? answer.total : null, waiting), [answer, waiting, onCounts]);

  // A new order or a new set of rows starts at the top.
  const orderKey = JSON.stringify([props.filters, props.sort, props.search]);
  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
    setActiveIndex(0);
  }, [orderKey]);

  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const items = virtualizer.getVirtualItems();
  const firstVisible = items[0]?.index ?? 0;
  const lastVisible = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    const next = rangeToRequest(firstVisible, lastVisible, 40);
    setRange((current) => (current.from === next.from && current.count === next.count ? current : next));
  }, [firstVisible, lastVisible]);

  const lang = i18n.language;
  const yesNo = (value: boolean) => (value ? t('ongoing.yes') : t('ongoing.no'));
  const definitions = useMemo(
    () => [
      column.accessor('subject', { cell: (c) => c.getValue() }),
      column.accessor('customerName', { cell: (c) => c.getValue() ?? '–' }),
      column.accessor('status', { cell: (c) => t(statusKey(c.getValue(), c.row.original.accepted)) }),
      column.accessor('activeAgentName', { cell: (c) => c.getValue() ?? '–' }),
      column.accessor('queueName', { cell: (c) => c.getValue() ?? c.row.original.queueId }),
      column.accessor('channel', { cell: (c) => t(`channel.${c.getValue()}`) }),
      column.accessor('direction', { cell: (c) => t(`direction.${c.getValue()}`) }),
      column.accessor('waitSeconds', { cell: (c) => formatDuration(waitSecondsAt(c.row.original, now)) }),
      column.accessor('handleSeconds', { cell: (c) => formatDuration(handleSecondsAt(c.row.original, now)) }),
      column.accessor('sentiment', { cell: (c) => <Sentiment level={c.getValue()} /> }),
      column.accessor('sentimentAlert', { cell: (c) => (c.getValue() ? <span className="badge alert">{t('ongoing.alert')}</span> : '') }),
      column.accessor('onHold', { cell: (c) => yesNo(c.getValue()) }),
      column.accessor('monitored', { cell: (c) => yesNo(c.getValue()) }),
      column.accessor('createdAt', {
        cell: (c) => <span title={formatDateTime(c.getValue(), lang, props.timeZone)}>{formatClock(Date.parse(c.getValue()), lang, props.timeZone)}</span>,
      }),
    ],
    [t, lang, now, props.timeZone],
  );
  const columnVisibility = Object.fromEntries(COLUMN_IDS.map((id) => [id, props.columns.includes(id)]));
  const table = useReactTable({
    data: answer?.rows ?? [],
    columns: definitions,
    getRowId: (row) => row.id,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    state: { columnOrder: props.columns, columnVisibility },
  });
  const tableRows = table.getRowModel().rows;
  const rowAt = (index: number) => (answer && index >= answer.from ? tableRows[index - answer.from] : undefined);
  const template = `${props.columns.map((id) => WIDTHS[id]).join(' ')} 3rem`;

  const moveActive = (index: number) => {
    const next = Math.max(0, Math.min(total - 1, index));
    setActiveIndex(next);
    virtualizer.scrollToIndex(next);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (menuIndex !== null) return;
    const page = Math.max(1, items.length - 2);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (event.key in moves) {
      event.preventDefault();
      moveActive(activeIndex + moves[event.key]!);
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      moveActive(event.key === 'Home' ? 0 : total - 1);
    } else if (event.key === 'Enter' && rowAt(activeIndex)) {
      event.preventDefault();
      openMenu(activeIndex, document.getElementById(`row-${rowAt(activeIndex)!.id}`));
    }
  };
  const runAction = (row: ViewportRow, name: ActionName) => {
    setMenu(null);
    actions.start(name, { id: row.id, subject: row.subject });
  };
  const closeMenu = () => {
    setMenu(null);
    scroller.current?.focus();
  };
  const menuRow = menuIndex === null ? undefined : rowAt(menuIndex)?.original;

  return (
    <div
      className="table-wrap"
      ref={scroller}
      role="grid"
      tabIndex={0}
      aria-label={t('ongoing.tableLabel', { count: total })}
      aria-rowcount={total + 1}
      aria-activedescendant={rowAt(activeIndex) ? `row-${rowAt(activeIndex)!.id}` : undefined}
      onKeyDown={onKeyDown}
      onMouseLeave={() => setHoveredId(null)}
      data-testid="ongoing-table"
    >
      <div className="grid" style={{ height: virtualizer.getTotalSize() + ROW_HEIGHT, position: 'relative' }}>
        {table.getHeaderGroups().map((group) => (
          <div key={group.id} className="grid-row header-row" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
            {group.headers.map((header) => {
              const id = header.column.id as ColumnId;
              const sortColumn = SORT_OF[id];
              const isSorted = sortColumn !== null && props.sort.column === sortColumn;
              const label = t(`ongoing.column.${id}`);
              return (
                <div
                  key={header.id}
                  className="cell"
                  title={label}
                  role="columnheader"
                  aria-sort={isSorted ? (props.sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}
                >
                  {sortColumn === null ? (
                    label
                  ) : (
                    <button onClick={() => props.onSort(nextSort(props.sort, sortColumn))} data-testid={`sort-${id}`}>
                      {label} {isSorted ? (props.sort.direction === 'asc' ? '▲' : '▼') : ''}
                    </button>
                  )}
                </div>
              );
            })}
            <div className="cell" role="columnheader">
              <span className="visually-hidden">{t('actions.menu')}</span>
            </div>
          </div>
        ))}
        {items.map((item) => {
          const row = rowAt(item.index);
          const style = { gridTemplateColumns: template, position: 'absolute' as const, top: 0, left: 0, right: 0, transform: `translateY(${item.start + ROW_HEIGHT}px)` };
          if (!row) {
            return (
              <div key={item.key} className="grid-row" role="row" aria-rowindex={item.index + 2} style={style}>
                <div className="cell" role="gridcell">
                  {t('ongoing.loadingRow')}
                </div>
              </div>
            );
          }
          const conversation = row.original;
          return (
            <div
              key={item.key}
              id={`row-${conversation.id}`}
              className={conversation.sentimentAlert ? 'grid-row row-alert' : 'grid-row'}
              role="row"
              aria-rowindex={item.index + 2}
              aria-selected={item.index === activeIndex}
              data-conversation-id={conversation.id}
              style={style}
              onClick={() => setActiveIndex(item.index)}
              onMouseEnter={() => setHoveredId(conversation.id)}
              onDoubleClick={() => props.onOpen(conversation.id)}
            >
              {row.getVisibleCells().map((cell) => (
                <div key={cell.id} className={cell.column.id.endsWith('Seconds') ? 'cell num' : 'cell'} role="gridcell" data-column={cell.column.id}>
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </div>
              ))}
              <div className="cell" role="gridcell">
                <button
                  aria-label={t('ongoing.rowActions', { subject: conversation.subject })}
                  aria-haspopup="menu"
                  aria-expanded={menuIndex === item.index}
                  tabIndex={-1}
                  onClick={(event) => {
                    event.stopPropagation();
                    setActiveIndex(item.index);
                    openMenu(item.index, event.currentTarget);
                  }}
                >
                  ⋯
                </button>
              </div>
            </div>
          );
        })}
        {menuRow && menu && (
          <div className="menu-anchor" style={{ top: menu.top, right: menu.right }}>
            <RowMenu
              status={menuRow.status}
              accepted={menuRow.accepted}
              onAction={(name) => runAction(menuRow, name)}
              onDetails={() => {
                setMenu(null);
                props.onOpen(menuRow.id);
              }}
              onClose={closeMenu}
            />
          </div>
        )}
      </div>
      {answer && total === 0 && <p className="notice">{t('ongoing.empty')}</p>}
    </div>
  );
}
