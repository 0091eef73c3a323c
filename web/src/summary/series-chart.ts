/**
 * The Summary's conversations series (docs/live-feed.md "Series") as the browser keeps and
 * draws it: a patch applied to the series, and the series shaped for the chart — created per
 * channel stacked, answered and abandoned over all channels, and each channel's totals.
 */
import { CHANNELS, type Channel } from '../../../src/domain/events.ts';
import type { ConversationSeries, SeriesBucket } from '../../../src/domain/series.ts';

export interface SeriesPatch {
  at: string;
  window: { from: string; to: string };
  upsert: SeriesBucket[];
  remove: string[];
}

/** Replaces or adds each upserted quarter hour by `from`, drops the removed ones, keeps them oldest first. */
export function applySeriesPatch(series: ConversationSeries, patch: SeriesPatch): ConversationSeries {
  const removed = new Set(patch.remove);
  const byFrom = new Map<string, SeriesBucket>();
  for (const bucket of series.buckets) if (!removed.has(bucket.from)) byFrom.set(bucket.from, bucket);
  for (const bucket of patch.upsert) byFrom.set(bucket.from, bucket);
  const buckets = [...byFrom.values()].sort((a, b) => Date.parse(a.from) - Date.parse(b.from));
  return { ...series, at: patch.at, window: patch.window, buckets };
}

export interface ChannelTotals {
  channel: Channel;
  created: number;
  answered: number;
  abandoned: number;
}

export interface ChartShape {
  /** Quarter-hour starts in seconds (uPlot's x values). */
  times: number[];
  /** Channels with a conversation in the window, in the order of SPEC §1. */
  channels: Channel[];
  /** `stacked[i][k]`: created in quarter hour k by channels 0..i together (the top of channel i's bar). */
  stacked: number[][];
  answered: number[];
  abandoned: number[];
  totals: ChannelTotals[];
}

export function chartShape(series: ConversationSeries): ChartShape {
  const totals = new Map<Channel, ChannelTotals>();
  for (const bucket of series.buckets) {
    for (const [channel, figures] of Object.entries(bucket.channels) as [Channel, ChannelTotals][]) {
      const sum = totals.get(channel) ?? { channel, created: 0, answered: 0, abandoned: 0 };
      sum.created += figures.created;
      sum.answered += figures.answered;
      sum.abandoned += figures.abandoned;
      totals.set(channel, sum);
    }
  }
  const channels = CHANNELS.filter((channel) => totals.has(channel));
  const stacked = channels.map(() => new Array<number>(series.buckets.length).fill(0));
  const answered = new Array<number>(series.buckets.length).fill(0);
  const abandoned = new Array<number>(series.buckets.length).fill(0);
  series.buckets.forEach((bucket, k) => {
    let below = 0;
    channels.forEach((channel, i) => {
      const figures = bucket.channels[channel];
      below += figures?.created ?? 0;
      stacked[i]![k] = below;
      answered[k]! += figures?.answered ?? 0;
      abandoned[k]! += figures?.abandoned ?? 0;
    });
  });
  return {
    times: series.buckets.map((bucket) => Date.parse(bucket.from) / 1000),
    channels,
    stacked,
    answered,
    abandoned,
    totals: channels.map((channel) => totals.get(channel)!),
  };
}

/** The channel whose bar segment holds `value` in quarter hour `index` (a click on the chart), or null. */
export function channelAt(shape: ChartShape, index: number, value: number): Channel | null {
  if (value < 0) return null;
  for (let i = 0; i < shape.channels.length; i++) {
    const top = shape.stacked[i]![index] ?? 0;
    const bottom = i === 0 ? 0 : shape.stacked[i - 1]![index]!;
    if (top > bottom && value >= bottom && value <= top) return shape.channels[i]!;
  }
  return null;
}
