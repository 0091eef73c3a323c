/**
 * Queues (issue #10 item 1, the queues report of SPEC §6): per queue in scope its figures,
 * each coloured by its alert level, the row's state (ok / warning / alert), the staffing
 * advice (agents needed against logged in, docs/staffing.md) and, for an admin, the editor
 * of its service level and thresholds. Live: rows come from the feed's `queues` report and
 * the longest wait ticks in the browser.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertFigure, QueueAlert } from '../../../src/domain/queue-alerts.ts';
import type { LiveQueueRow, LiveQueuesReport } from '../../../src/server/live/live-report.ts';
import { formatDuration, formatNumber, formatShare } from '../format.ts';
import { longestWaitAt } from '../live/clock.ts';
import { useLiveReport, useNow } from '../live/hooks.ts';
import { QueueEditor } from '../queues/QueueEditor.tsx';
import { figureAlert, orderQueueRows, rowState } from '../queues/queue-rows.ts';
import { useDirectory } from '../queues/use-directory.ts';
import { feedFilters, type ViewState } from '../view-state.ts';

/** A figure's cell: its value, and when it crossed a threshold, the level in colour, mark and words. */
function FigureCell({ alerts, figure, text, sub, threshold }: { alerts: readonly QueueAlert[]; figure: AlertFigure; text: string; sub?: string; threshold: (value: number) => string }) {
  const { t } = useTranslation();
  const alert = figureAlert(alerts, figure);
  if (!alert) {
    return (
      <td className="num" data-figure={figure}>
        {text}
        {sub && <small className="sub">{sub}</small>}
      </td>
    );
  }
  const level = t(`queues.${alert.level}`);
  return (
    <td className="num level" data-figure={figure} data-level={alert.level} title={t('queues.crossed', { level, threshold: threshold(alert.threshold) })}>
      <span aria-hidden="true">{alert.level === 'alert' ? '▲ ' : '△ '}</span>
      {text}
      <span className="visually-hidden"> ({level})</span>
      {sub && <small className="sub">{sub}</small>}
    </td>
  );
}

export function QueuesTab({ view, canEdit }: { view: ViewState; canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const report = useLiveReport<LiveQueuesReport & { at: string }>('queues', feedFilters(view.filters));
  const now = useNow();
  const directory = useDirectory();
  const [editing, setEditing] = useState<string | null>(null);
  if (!report) return <p role="status">{t('summary.waitingForData')}</p>;
  const lang = i18n.language;
  const n = (value: number | null) => formatNumber(value, lang);
  const share = (value: number | null) => formatShare(value, lang);
  const rows = orderQueueRows(report.queues as LiveQueueRow[]);
  const editedQueue = directory.queues.find((queue) => queue.id === editing) ?? null;

  return (
    <>
      <table className="queues-table" aria-label={t('queues.tableLabel')} data-testid="queues-table">
        <thead>
          <tr>
            <th scope="col">{t('queues.queue')}</th>
            <th scope="col">{t('queues.state')}</th>
            <th scope="col" className="num">{t('queues.incoming')}</th>
            <th scope="col" className="num">{t('queues.ongoing')}</th>
            <th scope="col" className="num">{t('queues.figure.inQueue')}</th>
            <th scope="col" className="num">{t('queues.figure.longestWaitSeconds')}</th>
            <th scope="col" className="num">
              <abbr title={t('queues.figure.averageSpeedToAnswerSeconds')}>{t('queues.asa')}</abbr>
            </th>
            <th scope="col" className="num">{t('queues.figure.serviceLevel')}</th>
            <th scope="col" className="num">{t('queues.figure.abandonedRate')}</th>
            <th scope="col" className="num">
              <abbr title={t('summary.aht')}>{t('agents.aht')}</abbr>
            </th>
            <th scope="col" className="num">{t('queues.transferRate')}</th>
            <th scope="col">{t('queues.agents')}</th>
            <th scope="col">{t('queues.staffing')}</th>
            {canEdit && (
              <th scope="col">
                <span className="visually-hidden">{t('queues.edit')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={canEdit ? 14 : 13}>{t('queues.none')}</td>
            </tr>
          )}
          {rows.map((row) => {
            const state = rowState(row.alerts);
            const { staffing } = row;
            const isShort = (staffing.short ?? 0) > 0;
            return (
              <tr key={row.id} data-queue-id={row.id} data-state={state}>
                <th scope="row">{row.name}</th>
                <td>
                  <span className="queue-state" data-state={state}>
                    {t(`queues.stateOf.${state}`)}
                  </span>
                </td>
                <td className="num">{n(row.incoming)}</td>
                <td className="num">{n(row.ongoing)}</td>
                <FigureCell alerts={row.alerts} figure="inQueue" text={n(row.inQueue)} threshold={n} />
                <FigureCell alerts={row.alerts} figure="longestWaitSeconds" text={formatDuration(longestWaitAt(row, now))} threshold={formatDuration} />
                <FigureCell alerts={row.alerts} figure="averageSpeedToAnswerSeconds" text={formatDuration(row.averageSpeedToAnswerSeconds)} threshold={formatDuration} />
                <FigureCell
                  alerts={row.alerts}
                  figure="serviceLevel"
                  text={share(row.serviceLevel)}
                  sub={t('queues.serviceLevelSub', { seconds: n(row.serviceLevelSeconds), target: share(row.serviceLevelTarget) })}
                  threshold={share}
                />
                <FigureCell alerts={row.alerts} figure="abandonedRate" text={`${share(row.abandonedRate)} (${n(row.abandoned)})`} threshold={share} />
                <td className="num">{formatDuration(row.averageHandleTimeSeconds)}</td>
                <td className="num">{share(row.transferRate)}</td>
                <td>{t('queues.agentsText', { loggedIn: n(row.agents.loggedIn), members: n(row.agents.members), available: n(row.agents.available) })}</td>
                <td data-testid="staffing" title={t('queues.staffingTitle', { erlangs: formatNumber(staffing.offeredErlangs, lang, 3), arrivals: n(staffing.arrivalsPerHour) })}>
                  {staffing.agentsNeeded === null ? (
                    t('queues.noAdvice')
                  ) : (
                    <>
                      {t('queues.staffingText', { needed: n(staffing.agentsNeeded), loggedIn: n(staffing.agentsLoggedIn) })}{' '}
                      <span className="badge" data-short={isShort ? 'short' : 'enough'}>
                        {isShort ? t('queues.short', { count: staffing.short ?? 0 }) : t('queues.enough')}
                      </span>
                    </>
                  )}
                </td>
                {canEdit && (
                  <td>
                    <button onClick={() => setEditing(row.id)} disabled={!directory.queues.some((queue) => queue.id === row.id)} aria-label={t('queues.editQueue', { queue: row.name })}>
                      {t('queues.edit')}
                    </button>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {canEdit && editedQueue && (
        <QueueEditor
          queue={editedQueue}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            directory.reload();
          }}
        />
      )}
    </>
  );
}
