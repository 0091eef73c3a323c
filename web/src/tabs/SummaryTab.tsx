/**
 * Summary (issue #10 item 4): a tile for every SPEC §6 figure of the summary report, from
 * the live feed; the longest wait ticks in the browser.
 */
import { useTranslation } from 'react-i18next';
import type { LiveSummaryReport } from '../../../src/server/live/live-report.ts';
import { Tile } from '../components/Tile.tsx';
import { formatDuration, formatNumber, formatShare } from '../format.ts';
import { longestWaitAt } from '../live/clock.ts';
import { useLiveReport, useNow } from '../live/hooks.ts';
import { feedFilters, type ViewState } from '../view-state.ts';

const SERVICE_LEVELS = ['10', '20', '30', '40', '60', '120'] as const;
const PRESENCE_COUNTS = [
  ['available', 'available'],
  ['busy', 'busy'],
  ['busyDnd', 'busy-dnd'],
  ['away', 'away'],
  ['offline', 'offline'],
] as const;

export function SummaryTab({ view }: { view: ViewState }) {
  const { t, i18n } = useTranslation();
  const report = useLiveReport<LiveSummaryReport & { at: string }>('summary', feedFilters(view.filters));
  const now = useNow();
  if (!report) return <p role="status">{t('summary.waitingForData')}</p>;
  const { kpis } = report;
  const lang = i18n.language;
  const n = (value: number | null) => formatNumber(value, lang);
  return (
    <div>
      <h2>{t('summary.traffic')}</h2>
      <div className="tiles">
        <Tile name="incoming" label={t('summary.incoming')} value={n(kpis.incoming)} />
        <Tile name="ongoing" label={t('summary.ongoing')} value={n(kpis.ongoing)} />
        <Tile name="open" label={t('summary.open')} value={n(kpis.open)} />
        <Tile name="active" label={t('summary.active')} value={n(kpis.active)} />
        <Tile name="waiting" label={t('summary.waiting')} value={n(kpis.waiting)} />
        <Tile name="wrapUp" label={t('summary.wrapUp')} value={n(kpis.wrapUp)} />
        <Tile name="closed" label={t('summary.closed')} value={n(kpis.closed)} />
        <Tile name="inQueue" label={t('summary.inQueue')} value={n(kpis.inQueue)} />
        <Tile name="longestWait" label={t('summary.longestWait')} value={formatDuration(longestWaitAt(kpis, now))} />
        <Tile name="sentimentAlerts" label={t('summary.sentimentAlerts')} value={n(kpis.sentimentAlerts)} />
      </div>
      <h2>{t('summary.service')}</h2>
      <div className="tiles">
        <Tile name="asa" label={t('summary.asa')} value={formatDuration(kpis.averageSpeedToAnswerSeconds)} />
        {SERVICE_LEVELS.map((seconds) => (
          <Tile key={seconds} name={`serviceLevel${seconds}`} label={t('summary.serviceLevel', { seconds })} value={formatShare(kpis.serviceLevel[seconds] ?? null, lang)} />
        ))}
        <Tile name="abandoned" label={t('summary.abandoned')} value={n(kpis.abandoned)} />
        <Tile name="abandonedRate" label={t('summary.abandonedRate')} value={formatShare(kpis.abandonedRate, lang)} />
        <Tile name="timeToAbandon" label={t('summary.timeToAbandon')} value={formatDuration(kpis.averageTimeToAbandonSeconds)} />
        <Tile name="aht" label={t('summary.aht')} value={formatDuration(kpis.averageHandleTimeSeconds)} />
        <Tile name="transferRate" label={t('summary.transferRate')} value={formatShare(kpis.transferRate, lang)} />
      </div>
      <h2>{t('summary.agentsBlock')}</h2>
      <div className="tiles">
        <Tile name="agentsTotal" label={t('summary.agentsTotal')} value={n(kpis.agents.total)} />
        <Tile name="loggedIn" label={t('summary.loggedIn')} value={n(kpis.agents.loggedIn)} />
        {PRESENCE_COUNTS.map(([field, presence]) => (
          <Tile key={field} name={`presence-${presence}`} label={t(`presence.${presence}`)} value={n(kpis.agents[field])} />
        ))}
        <Tile
          name="capacity"
          label={t('summary.capacity')}
          value={formatShare(kpis.capacity.load, lang)}
          sub={t('summary.capacityUnits', { used: n(kpis.capacity.usedUnits), total: n(kpis.capacity.totalUnits) })}
        />
        <Tile name="freeUnits" label={t('summary.freeUnits')} value={n(kpis.capacity.freeUnits)} />
      </div>
    </div>
  );
}
