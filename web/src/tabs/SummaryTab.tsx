/**
 * Summary (issue #10 item 4): a tile for every SPEC §6 figure of the summary report, from
 * the live feed (the longest wait ticks in the browser); the conversations of the window per
 * quarter hour and channel (the live series) and the agents by presence, whose segments set
 * the filters; the queues of the view and the tiles coloured by the queues' thresholds, the
 * queue's own service-level threshold emphasised; and the alert list, newest first.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Channel, Presence } from '../../../src/domain/events.ts';
import type { LiveQueuesReport, LiveSummaryReport } from '../../../src/server/live/live-report.ts';
import { Tile } from '../components/Tile.tsx';
import { formatDuration, formatNumber, formatShare } from '../format.ts';
import { longestWaitAt } from '../live/clock.ts';
import { useLiveReport, useNow } from '../live/hooks.ts';
import { AlertList } from '../summary/AlertList.tsx';
import { levelsByFigure, type LoggedAlert, nextAlertLog, worse } from '../summary/alert-log.ts';
import { ConversationsChart } from '../summary/ConversationsChart.tsx';
import { PresenceChart } from '../summary/PresenceChart.tsx';
import { QueueRows } from '../summary/QueueRows.tsx';
import { useLiveSeries } from '../summary/use-series.ts';
import { feedFilters, type Filters, type ViewState } from '../view-state.ts';

const SERVICE_LEVELS = ['10', '20', '30', '40', '60', '120'] as const;
const PRESENCE_COUNTS = [
  ['available', 'available'],
  ['busy', 'busy'],
  ['busyDnd', 'busy-dnd'],
  ['away', 'away'],
  ['offline', 'offline'],
] as const;

export function SummaryTab({ view, setView }: { view: ViewState; setView: (change: (view: ViewState) => ViewState) => void }) {
  const { t, i18n } = useTranslation();
  const filters = feedFilters(view.filters);
  const report = useLiveReport<LiveSummaryReport & { at: string }>('summary', filters);
  const queuesReport = useLiveReport<LiveQueuesReport & { at: string }>('queues', filters);
  const series = useLiveSeries(filters);
  const now = useNow();
  const [alerts, setAlerts] = useState<LoggedAlert[]>([]);
  useEffect(() => setAlerts([]), [JSON.stringify(filters)]);
  useEffect(() => {
    if (queuesReport) setAlerts((previous) => nextAlertLog(previous, queuesReport.queues, queuesReport.at));
  }, [queuesReport]);
  // Patches add new rows last; the report's order is priority, then id.
  const queues = useMemo(
    () => [...(queuesReport?.queues ?? [])].sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    [queuesReport],
  );

  if (!report) return <p role="status">{t('summary.waitingForData')}</p>;
  const { kpis } = report;
  const lang = i18n.language;
  const n = (value: number | null) => formatNumber(value, lang);
  const setFilter = <K extends keyof Filters>(name: K, value: Filters[K], tab = view.tab) =>
    setView((current) => ({ ...current, tab, filters: { ...current.filters, [name]: value } }));

  const levels = levelsByFigure(queues);
  // The queues' own service-level thresholds: their tiles are emphasised and coloured by those queues' alerts.
  const ownLevels = new Map<number, 'warn' | 'alert' | null>();
  for (const queue of queues) {
    const alert = queue.alerts.find((each) => each.figure === 'serviceLevel');
    ownLevels.set(queue.serviceLevelSeconds, worse(ownLevels.get(queue.serviceLevelSeconds) ?? null, alert?.level ?? null));
  }
  // One queue in view whose threshold is none of the six: its own figure gets a tile of its own.
  const single = queues.length === 1 ? queues[0]! : null;
  const ownExtra = single && !(SERVICE_LEVELS as readonly string[]).includes(String(single.serviceLevelSeconds)) ? single : null;

  return (
    <div className="summary">
      <h2>{t('summary.traffic')}</h2>
      <div className="tiles">
        <Tile name="incoming" label={t('summary.incoming')} value={n(kpis.incoming)} />
        <Tile name="ongoing" label={t('summary.ongoing')} value={n(kpis.ongoing)} />
        <Tile name="open" label={t('summary.open')} value={n(kpis.open)} />
        <Tile name="active" label={t('summary.active')} value={n(kpis.active)} />
        <Tile name="waiting" label={t('summary.waiting')} value={n(kpis.waiting)} />
        <Tile name="wrapUp" label={t('summary.wrapUp')} value={n(kpis.wrapUp)} />
        <Tile name="closed" label={t('summary.closed')} value={n(kpis.closed)} />
        <Tile name="inQueue" label={t('summary.inQueue')} value={n(kpis.inQueue)} level={levels.inQueue} />
        <Tile name="longestWait" label={t('summary.longestWait')} value={formatDuration(longestWaitAt(kpis, now))} level={levels.longestWaitSeconds} />
        <Tile name="sentimentAlerts" label={t('summary.sentimentAlerts')} value={n(kpis.sentimentAlerts)} />
      </div>
      <h2>{t('summary.service')}</h2>
      <div className="tiles">
        <Tile name="asa" label={t('summary.asa')} value={formatDuration(kpis.averageSpeedToAnswerSeconds)} level={levels.averageSpeedToAnswerSeconds} />
        {SERVICE_LEVELS.map((seconds) => {
          const isOwn = ownLevels.has(Number(seconds));
          return (
            <Tile
              key={seconds}
              name={`serviceLevel${seconds}`}
              label={t('summary.serviceLevel', { seconds })}
              value={formatShare(kpis.serviceLevel[seconds] ?? null, lang)}
              isEmphasis={isOwn}
              sub={isOwn ? t('summary.ownThreshold') : undefined}
              level={ownLevels.get(Number(seconds))}
            />
          );
        })}
        {ownExtra && (
          <Tile
            name="serviceLevelOwn"
            label={t('summary.serviceLevel', { seconds: formatNumber(ownExtra.serviceLevelSeconds, lang, 2) })}
            value={formatShare(ownExtra.serviceLevel, lang)}
            isEmphasis
            sub={t('summary.ownThreshold')}
            level={ownLevels.get(ownExtra.serviceLevelSeconds)}
          />
        )}
        <Tile name="abandoned" label={t('summary.abandoned')} value={n(kpis.abandoned)} />
        <Tile name="abandonedRate" label={t('summary.abandonedRate')} value={formatShare(kpis.abandonedRate, lang)} level={levels.abandonedRate} />
        <Tile name="timeToAbandon" label={t('summary.timeToAbandon')} value={formatDuration(kpis.averageTimeToAbandonSeconds)} />
        <Tile name="aht" label={t('summary.aht')} value={formatDuration(kpis.averageHandleTimeSeconds)} />
        <Tile name="transferRate" label={t('summary.transferRate')} value={formatShare(kpis.transferRate, lang)} />
      </div>
      <div className="summary-charts">
        {series ? (
          <ConversationsChart series={series} timeZone={view.filters.tz} selected={view.filters.channel} onChannel={(channel: Channel) => setFilter('channel', channel)} />
        ) : (
          <p role="status">{t('summary.waitingForData')}</p>
        )}
        <PresenceChart agents={kpis.agents} onPresence={(presence: Presence) => setFilter('presence', presence, 'agents')} />
      </div>
      <div className="summary-queues">
        <section aria-labelledby="summary-queues-title">
          <h2 id="summary-queues-title">{t('summary.queues.title')}</h2>
          <QueueRows rows={queues} now={now} onQueue={(queueId) => setFilter('queue', queueId)} />
        </section>
        <AlertList alerts={alerts} timeZone={view.filters.tz} />
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
