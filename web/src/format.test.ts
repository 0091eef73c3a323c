import { describe, expect, it } from 'vitest';
import { formatClock, formatDuration, formatNumber, formatShare } from './format.ts';

describe('formatting', () => {
  it('durations are h:mm:ss, hours past a day included', () => {
    expect(formatDuration(0)).toBe('0:00:00');
    expect(formatDuration(59.9)).toBe('0:00:59');
    expect(formatDuration(3_723)).toBe('1:02:03');
    expect(formatDuration(90_000)).toBe('25:00:00');
    expect(formatDuration(null)).toBe('–');
  });

  it('numbers and shares follow the language', () => {
    expect(formatNumber(12345, 'en')).toBe('12,345');
    expect(formatNumber(12345, 'nl')).toBe('12.345');
    expect(formatShare(0.125, 'en')).toBe('12.5%');
    expect(formatShare(0.125, 'nl')).toBe('12,5%');
    expect(formatShare(null, 'nl')).toBe('–');
  });

  it('table times are 24-hour clock times in the chosen zone', () => {
    const at = Date.parse('2026-07-01T13:05:09Z');
    expect(formatClock(at, 'en', 'UTC')).toBe('13:05:09');
    expect(formatClock(at, 'nl', 'Europe/Amsterdam')).toBe('15:05:09');
  });
});
