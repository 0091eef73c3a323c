/** Voice (issue #10 item 6): the SPEC §6 voice figures with the shared filters, and the ongoing calls. */
import { useTranslation } from 'react-i18next';
import type { LiveVoiceReport } from '../../../src/server/live/live-report.ts';
import { Tile } from '../components/Tile.tsx';
import { formatDuration, formatNumber, formatShare } from '../format.ts';
import { longestWaitAt } from '../live/clock.ts';
import { useLiveReport, useNow } from '../live/hooks.ts';
import { feedFilters, type ViewState } from '../view-state.ts';
import { OngoingTab } from './OngoingTab.tsx';

const VOICE = { channel: 'voice' };

export function VoiceTab({
  view,
  setView,
  onOpen,
}: {
  view: ViewState;
  setView: (change: (view: ViewState) => ViewState) => void;
  onOpen: (conversationId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const report = useLiveReport<LiveVoiceReport & { at: string }>('voice', feedFilters(view.filters));
  const now = useNow();
  const lang = i18n.language;
  const n = (value: number | null) => formatNumber(value, lang);
  return (
    <>
      {!report && <p role="status">{t('summary.waitingForData')}</p>}
      {report && (
        <div className="tiles">
          <Tile name="voice-incoming" label={t('summary.incoming')} value={n(report.kpis.incoming)} />
          <Tile name="voice-inQueue" label={t('summary.inQueue')} value={n(report.kpis.inQueue)} />
          <Tile name="voice-longestWait" label={t('summary.longestWait')} value={formatDuration(longestWaitAt(report.kpis, now))} />
          <Tile name="voice-asa" label={t('summary.asa')} value={formatDuration(report.kpis.averageSpeedToAnswerSeconds)} />
          <Tile name="voice-aht" label={t('summary.aht')} value={formatDuration(report.kpis.averageHandleTimeSeconds)} />
          <Tile name="voice-talk" label={t('voice.talk')} value={formatDuration(report.kpis.averageTalkSeconds)} />
          <Tile name="voice-hold" label={t('voice.hold')} value={formatDuration(report.kpis.averageHoldSeconds)} />
          <Tile name="voice-onHold" label={t('voice.onHold')} value={n(report.kpis.onHold)} />
          <Tile name="voice-inbound" label={t('voice.inbound')} value={n(report.kpis.inbound)} />
          <Tile name="voice-outbound" label={t('voice.outbound')} value={n(report.kpis.outbound)} />
          <Tile name="voice-abandoned" label={t('summary.abandoned')} value={n(report.kpis.abandoned)} />
          <Tile name="voice-abandonedRate" label={t('summary.abandonedRate')} value={formatShare(report.kpis.abandonedRate, lang)} />
        </div>
      )}
      <h2>{t('voice.rows')}</h2>
      <OngoingTab view={view} setView={setView} onOpen={onOpen} viewportId="voice" forcedFilters={VOICE} />
    </>
  );
}
