/**
 * Agents by presence (issue #10 item 4), a bar per presence; a click on a bar shows those
 * agents: it sets the presence filter and opens the Agents tab.
 */
import { useTranslation } from 'react-i18next';
import { PRESENCES, type Presence } from '../../../src/domain/events.ts';
import type { SummaryReport } from '../../../src/domain/reports.ts';
import { formatNumber } from '../format.ts';

const COUNT_OF: Record<Presence, keyof SummaryReport['kpis']['agents']> = {
  available: 'available',
  busy: 'busy',
  'busy-dnd': 'busyDnd',
  away: 'away',
  offline: 'offline',
};

export function PresenceChart({ agents, onPresence }: { agents: SummaryReport['kpis']['agents']; onPresence: (presence: Presence) => void }) {
  const { t, i18n } = useTranslation();
  const most = Math.max(1, ...PRESENCES.map((presence) => agents[COUNT_OF[presence]]));
  return (
    <figure className="chart presence-chart" data-testid="presence-chart">
      <figcaption>{t('summary.presenceChart.title')}</figcaption>
      {PRESENCES.map((presence) => {
        const count = agents[COUNT_OF[presence]];
        const label = t(`presence.${presence}`);
        return (
          <button
            key={presence}
            type="button"
            className="presence-bar"
            data-testid={`presence-segment-${presence}`}
            aria-label={t('summary.presenceChart.show', { presence: label, count: formatNumber(count, i18n.language) })}
            onClick={() => onPresence(presence)}
          >
            <span className="name">{label}</span>
            <span className="track">
              <span className="fill" data-presence={presence} style={{ width: `${(count / most) * 100}%` }} />
            </span>
            <span className="count">{formatNumber(count, i18n.language)}</span>
          </button>
        );
      })}
    </figure>
  );
}
