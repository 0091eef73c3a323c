/** The Summary's alert list (issue #10 item 4): what crossed a queue threshold, newest first (alert-log.ts). */
import { useTranslation } from 'react-i18next';
import type { AlertFigure } from '../../../src/domain/queue-alerts.ts';
import { formatClock, formatDuration, formatNumber, formatShare } from '../format.ts';
import type { LoggedAlert } from './alert-log.ts';

/** A figure's value as its tile shows it. */
function formatFigure(figure: AlertFigure, value: number, lang: string): string {
  if (figure === 'longestWaitSeconds' || figure === 'averageSpeedToAnswerSeconds') return formatDuration(value);
  if (figure === 'abandonedRate' || figure === 'serviceLevel') return formatShare(value, lang);
  return formatNumber(value, lang);
}

export function AlertList({ alerts, timeZone }: { alerts: readonly LoggedAlert[]; timeZone: string | null }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <section className="alert-list" aria-labelledby="alert-list-title" data-testid="alert-list">
      <h2 id="alert-list-title">{t('summary.alerts.title')}</h2>
      {alerts.length === 0 ? (
        <p className="muted">{t('summary.alerts.none')}</p>
      ) : (
        <ol>
          {alerts.map((alert) => (
            <li key={`${alert.queueId} ${alert.figure}`} data-level={alert.level}>
              <time dateTime={alert.since}>{formatClock(Date.parse(alert.since), lang, timeZone)}</time>
              <span className="level">{t(`summary.alerts.level.${alert.level}`)}</span>
              <span>
                {t('summary.alerts.item', {
                  queue: alert.queueName,
                  figure: t(`summary.alerts.figure.${alert.figure}`),
                  value: formatFigure(alert.figure, alert.value, lang),
                  threshold: formatFigure(alert.figure, alert.threshold, lang),
                })}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
