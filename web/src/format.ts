/**
 * How figures read in the console (issue #10 item 7): durations as h:mm:ss, numbers,
 * shares and times per the language, times in the chosen time zone.
 */

/** Whole seconds as h:mm:ss (hours grow past 24: 25:00:00). */
export function formatDuration(totalSeconds: number | null): string {
  if (totalSeconds === null) return '–';
  const whole = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const seconds = whole % 60;
  return `${hours}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}

export function formatNumber(value: number | null, language: string, digits = 0): string {
  if (value === null) return '–';
  return new Intl.NumberFormat(language, { maximumFractionDigits: digits }).format(value);
}

/** A ratio 0–1 as a percentage with one decimal. */
export function formatShare(value: number | null, language: string): string {
  if (value === null) return '–';
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(value);
}

/** Date and time of an ISO moment, in `timeZone` (the browser's when null). */
export function formatDateTime(iso: string | null, language: string, timeZone: string | null): string {
  if (iso === null) return '–';
  return new Intl.DateTimeFormat(language, {
    dateStyle: 'short',
    timeStyle: 'medium',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(iso));
}

export function formatTime(epochMs: number, language: string, timeZone: string | null): string {
  return new Intl.DateTimeFormat(language, { timeStyle: 'medium', ...(timeZone ? { timeZone } : {}) }).format(new Date(epochMs));
}

/** A 24-hour clock time (hh:mm:ss), short enough for a table column. */
export function formatClock(epochMs: number, language: string, timeZone: string | null): string {
  return new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', ...(timeZone ? { timeZone } : {}) }).format(
    new Date(epochMs),
  );
}
