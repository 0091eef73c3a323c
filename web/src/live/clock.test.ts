import { describe, expect, it } from 'vitest';
import { handleSecondsAt, longestWaitAt, presenceSecondsAt, ServerClock, waitSecondsAt } from './clock.ts';

const T = Date.parse('2026-12-02T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('browser clocks (docs/live-feed.md "What the browser ticks")', () => {
  it('a running wait grows with the clock from waitStartedAt; a fixed one keeps the row value', () => {
    const row = { waitSeconds: 3, handleSeconds: 0, waitStartedAt: iso(T - 3_000), handleBaseMs: 0, handleRunningSince: null };
    expect(waitSecondsAt(row, T)).toBe(3);
    expect(waitSecondsAt(row, T + 62_999)).toBe(65);
    expect(waitSecondsAt({ ...row, waitStartedAt: null, waitSeconds: 12 }, T + 999_000)).toBe(12);
  });

  it('handle time adds the ended sessions to the running one, rounded down to whole seconds', () => {
    const row = { waitSeconds: 0, handleSeconds: 40, waitStartedAt: null, handleBaseMs: 30_500, handleRunningSince: iso(T - 10_000) };
    expect(handleSecondsAt(row, T)).toBe(40);
    expect(handleSecondsAt(row, T + 499)).toBe(40);
    expect(handleSecondsAt(row, T + 500)).toBe(41);
    expect(handleSecondsAt({ ...row, handleRunningSince: null, handleSeconds: 30 }, T + 60_000)).toBe(30);
  });

  it('presence and the longest wait tick from their since; no waiting conversation is 0', () => {
    expect(presenceSecondsAt({ presenceSince: iso(T - 3_723_000) }, T)).toBe(3_723);
    expect(longestWaitAt({ longestWaitSince: iso(T - 90_000) }, T)).toBe(90);
    expect(longestWaitAt({ longestWaitSince: null }, T)).toBe(0);
  });

  it('never shows a negative duration when the browser is behind the server', () => {
    expect(presenceSecondsAt({ presenceSince: iso(T + 5_000) }, T)).toBe(0);
  });

  it('the server clock corrects a browser clock that is off by the offset of the last message', () => {
    const clock = new ServerClock();
    expect(clock.now(T)).toBe(T);
    clock.observe(iso(T + 7_000), T);
    expect(clock.now(T + 1_000)).toBe(T + 8_000);
  });
});
