import { describe, expect, it } from 'vitest';
import type { ConversationSeries } from '../../../src/domain/series.ts';
import { applySeriesPatch, channelAt, chartShape } from './series-chart.ts';

const q = (minutes: number) => new Date(Date.parse('2026-12-02T08:00:00Z') + minutes * 60_000).toISOString();

function series(): ConversationSeries {
  return {
    at: q(40),
    window: { from: q(-1400), to: q(40) },
    bucketSeconds: 900,
    buckets: [
      { from: q(0), channels: { chat: { created: 3, answered: 2, abandoned: 1 }, voice: { created: 1, answered: 1, abandoned: 0 } } },
      { from: q(15), channels: {} },
      { from: q(30), channels: { email: { created: 2, answered: 0, abandoned: 0 }, chat: { created: 1, answered: 0, abandoned: 1 } } },
    ],
  };
}

describe('the Summary chart’s series (docs/live-feed.md "Series")', () => {
  it('a patch replaces changed quarter hours, adds new ones in time order and drops the removed', () => {
    const patched = applySeriesPatch(series(), {
      at: q(46),
      window: { from: q(-1394), to: q(46) },
      upsert: [{ from: q(45), channels: { sms: { created: 1, answered: 0, abandoned: 0 } } }, { from: q(15), channels: { chat: { created: 1, answered: 1, abandoned: 0 } } }],
      remove: [q(0)],
    });
    expect(patched.at).toBe(q(46));
    expect(patched.window.to).toBe(q(46));
    expect(patched.buckets.map((bucket) => bucket.from)).toEqual([q(15), q(30), q(45)]);
    expect(patched.buckets[0]!.channels).toEqual({ chat: { created: 1, answered: 1, abandoned: 0 } });
  });

  it('stacks created per channel in SPEC order, sums answered and abandoned, totals each channel', () => {
    const shape = chartShape(series());
    expect(shape.times).toEqual([q(0), q(15), q(30)].map((iso) => Date.parse(iso) / 1000));
    expect(shape.channels).toEqual(['chat', 'voice', 'email']);
    expect(shape.stacked).toEqual([
      [3, 0, 1],
      [4, 0, 1],
      [4, 0, 3],
    ]);
    expect(shape.answered).toEqual([3, 0, 0]);
    expect(shape.abandoned).toEqual([1, 0, 1]);
    expect(shape.totals).toEqual([
      { channel: 'chat', created: 4, answered: 2, abandoned: 2 },
      { channel: 'voice', created: 1, answered: 1, abandoned: 0 },
      { channel: 'email', created: 2, answered: 0, abandoned: 0 },
    ]);
  });

  it('finds the channel of the segment under a click', () => {
    const shape = chartShape(series());
    expect(channelAt(shape, 0, 1.5)).toBe('chat');
    expect(channelAt(shape, 0, 3.6)).toBe('voice');
    // Quarter 2: chat 0..1, voice none, email 1..3.
    expect(channelAt(shape, 2, 2)).toBe('email');
    expect(channelAt(shape, 2, 0.5)).toBe('chat');
    expect(channelAt(shape, 2, 3.5)).toBeNull();
    expect(channelAt(shape, 1, 0)).toBeNull();
  });
});
