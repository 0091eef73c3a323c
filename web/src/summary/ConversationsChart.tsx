/**
 * The Summary's chart of conversations over the window (issue #10 item 4), drawn with uPlot:
 * per quarter hour, the conversations created stacked by channel (bars), and those answered
 * and abandoned (lines). A click on a channel's bar segment, on its legend entry or on its
 * part of the window's channel bar sets the channel filter.
 */
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Channel } from '../../../src/domain/events.ts';
import type { ConversationSeries } from '../../../src/domain/series.ts';
import { formatNumber } from '../format.ts';
import { channelAt, chartShape, type ChartShape } from './series-chart.ts';

/** One colour per channel: dark enough for white text (WCAG AA), visible on both themes. */
export const CHANNEL_COLOURS: Record<Channel, string> = {
  chat: '#1d4ed8',
  voice: '#b45309',
  sms: '#047857',
  whatsapp: '#15803d',
  facebook: '#4338ca',
  teams: '#7e22ce',
  email: '#be185d',
  custom: '#475569',
};
const ANSWERED_COLOUR = '#0f766e';
const ABANDONED_COLOUR = '#dc2626';
const AXIS_COLOUR = '#8a94a3';
const GRID_COLOUR = 'rgba(138, 148, 163, 0.25)';
const HEIGHT = 210;

/**
 * uPlot's data: x, then the stacked channels top first (drawn first, so lower ones cover
 * them), answered, abandoned. x is the middle of each quarter hour: a bar centred there
 * covers its quarter, and the index nearest the pointer is the bar under it.
 */
function plotData(shape: ChartShape, bucketSeconds: number): uPlot.AlignedData {
  return [shape.times.map((start) => start + bucketSeconds / 2), ...[...shape.stacked].reverse(), shape.answered, shape.abandoned];
}

export function ConversationsChart({
  series,
  timeZone,
  selected,
  onChannel,
}: {
  series: ConversationSeries;
  timeZone: string | null;
  selected: string | null;
  onChannel: (channel: Channel) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const shape = useMemo(() => chartShape(series), [series]);
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  // The click handler reads the shape and callback of the latest render.
  const latest = useRef({ shape, onChannel });
  latest.current = { shape, onChannel };
  const channelsKey = shape.channels.join(',');
  const labels = { answered: t('summary.chart.answered'), abandoned: t('summary.chart.abandoned') };

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const bars = uPlot.paths.bars!({ size: [0.85, 40] });
    const channels = [...latest.current.shape.channels].reverse();
    const clock = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(timeZone ? { timeZone } : {}) });
    const options: uPlot.Options = {
      width: Math.max(200, element.clientWidth),
      height: HEIGHT,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      scales: { x: { time: true } },
      ...(timeZone ? { tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1000), timeZone) } : {}),
      axes: [
        // Ticks as times of day in the language and zone of the console (issue #10 item 7).
        { stroke: AXIS_COLOUR, grid: { stroke: GRID_COLOUR }, values: (_chart, splits) => splits.map((seconds) => clock.format(new Date(seconds * 1000))) },
        { stroke: AXIS_COLOUR, grid: { stroke: GRID_COLOUR }, size: 44 },
      ],
      series: [
        {},
        ...channels.map((channel) => ({ label: channel, fill: CHANNEL_COLOURS[channel], stroke: CHANNEL_COLOURS[channel], paths: bars, points: { show: false } })),
        { label: labels.answered, stroke: ANSWERED_COLOUR, width: 2, points: { show: false } },
        { label: labels.abandoned, stroke: ABANDONED_COLOUR, width: 2, dash: [6, 4], points: { show: false } },
      ],
    };
    const chart = new uPlot(options, plotData(latest.current.shape, series.bucketSeconds), element);
    plot.current = chart;
    const onClick = () => {
      const index = chart.cursor.idx;
      const top = chart.cursor.top;
      if (index === null || index === undefined || top === undefined || top < 0) return;
      const channel = channelAt(latest.current.shape, index, chart.posToVal(top, 'y'));
      if (channel) latest.current.onChannel(channel);
    };
    chart.over.addEventListener('click', onClick);
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(200, element.clientWidth), height: HEIGHT }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // A new set of channels or another zone draws a new chart; new figures only new data.
  }, [channelsKey, timeZone, lang, labels.answered, labels.abandoned]);

  useEffect(() => {
    plot.current?.setData(plotData(shape, series.bucketSeconds));
  }, [shape, series.bucketSeconds]);

  const total = shape.totals.reduce((sum, each) => sum + each.created, 0);
  return (
    <figure className="chart" data-testid="conversations-chart">
      <figcaption>{t('summary.chart.title')}</figcaption>
      <div className="chart-legend">
        {shape.totals.map(({ channel }) => (
          <button key={channel} type="button" className="legend-item" aria-pressed={selected === channel} onClick={() => onChannel(channel)}>
            <span className="swatch" style={{ background: CHANNEL_COLOURS[channel] }} />
            {t(`channel.${channel}`)}
          </button>
        ))}
        <span className="legend-item">
          <span className="swatch line" style={{ background: ANSWERED_COLOUR }} />
          {labels.answered}
        </span>
        <span className="legend-item">
          <span className="swatch line dashed" style={{ borderColor: ABANDONED_COLOUR }} />
          {labels.abandoned}
        </span>
      </div>
      <div ref={box} className="chart-plot" role="img" aria-label={t('summary.chart.label')} data-buckets={series.buckets.length} />
      {total === 0 ? (
        <p className="muted">{t('summary.chart.empty')}</p>
      ) : (
        <div className="segments" role="group" aria-label={t('summary.chart.byChannel')}>
          {shape.totals.map((each) => (
            <button
              key={each.channel}
              type="button"
              className="segment"
              data-testid={`channel-segment-${each.channel}`}
              style={{ flexGrow: each.created, background: CHANNEL_COLOURS[each.channel] }}
              aria-pressed={selected === each.channel}
              title={t('summary.chart.segment', {
                channel: t(`channel.${each.channel}`),
                created: formatNumber(each.created, lang),
                answered: formatNumber(each.answered, lang),
                abandoned: formatNumber(each.abandoned, lang),
              })}
              onClick={() => onChannel(each.channel)}
            >
              {t(`channel.${each.channel}`)} {formatNumber(each.created, lang)}
            </button>
          ))}
        </div>
      )}
    </figure>
  );
}
