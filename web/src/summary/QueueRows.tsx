/**
 * The queues of the view on the Summary (issue #10 item 4): each row's figures coloured by
 * its queue's thresholds (SPEC §6 "Thresholds and alerts"), the row by its worse alert; the
 * queue's name sets the queue filter.
 */
import { useTranslation } from 'react-i18next';
import { worstLevel, type AlertFigure } from '../../../src/domain/queue-alerts.ts';
import type { LiveQueueRow } from '../../../src/server/live/live-report.ts';
import { formatDuration, formatNumber, formatShare } from '../format.ts';
import { longestWaitAt } from '../live/clock.ts';

export function QueueRows({ rows, now, onQueue }: { rows: readonly LiveQueueRow[]; now: number; onQueue: (queueId: string) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <table className="queue-rows" aria-label={t('summary.queues.title')} data-testid="summary-queues">
      <thead>
        <tr>
          <th>{t('summary.queues.queue')}</th>
          <th>{t('summary.inQueue')}</th>
          <th>{t('summary.longestWait')}</th>
          <th>{t('summary.asa')}</th>
          <th>{t('summary.queues.serviceLevel')}</th>
          <th>{t('summary.abandonedRate')}</th>
          <th>{t('summary.queues.agents')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const level = (figure: AlertFigure) => row.alerts.find((alert) => alert.figure === figure)?.level;
          return (
            <tr key={row.id} data-queue-id={row.id} data-level={worstLevel(row.alerts) ?? undefined}>
              <td>
                <button type="button" className="link" onClick={() => onQueue(row.id)} aria-label={t('summary.queues.show', { queue: row.name })}>
                  {row.name}
                </button>
              </td>
              <td className="num" data-level={level('inQueue')}>{formatNumber(row.inQueue, lang)}</td>
              <td className="num" data-level={level('longestWaitSeconds')}>{formatDuration(longestWaitAt(row, now))}</td>
              <td className="num" data-level={level('averageSpeedToAnswerSeconds')}>{formatDuration(row.averageSpeedToAnswerSeconds)}</td>
              <td className="num" data-level={level('serviceLevel')}>
                {formatShare(row.serviceLevel, lang)} <small>≤ {formatNumber(row.serviceLevelSeconds, lang, 2)} s</small>
              </td>
              <td className="num" data-level={level('abandonedRate')}>{formatShare(row.abandonedRate, lang)}</td>
              <td className="num">{t('summary.queues.agentsValue', { available: formatNumber(row.agents.available, lang), loggedIn: formatNumber(row.agents.loggedIn, lang) })}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
