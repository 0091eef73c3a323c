/**
 * The clocks the browser ticks (DESIGN.md "The browser ticks the clocks"; docs/live-feed.md
 * "What the browser ticks"): growing durations computed from the feed's tick timestamps
 * and the server's time, never pushed by the server.
 */

/** Tick timestamps of an ongoing row (ISO strings as the feed sends them). */
export interface RowClocks {
  waitSeconds: number;
  handleSeconds: number;
  waitStartedAt: string | null;
  handleBaseMs: number;
  handleRunningSince: string | null;
}

/**
 * The server's clock as seen from the browser: the offset between a message's `at` and the
 * local time it arrived, so a browser whose clock is off still ticks the server's time.
 */
export class ServerClock {
  private offsetMs = 0;

  /** A message computed at `atIso` arrived at local time `receivedAt`. */
  observe(atIso: string, receivedAt: number): void {
    const at = Date.parse(atIso);
    if (!Number.isNaN(at)) this.offsetMs = at - receivedAt;
  }

  now(localNow: number): number {
    return localNow + this.offsetMs;
  }
}

const seconds = (ms: number) => Math.max(0, Math.floor(ms / 1000));

export function waitSecondsAt(row: RowClocks, now: number): number {
  return row.waitStartedAt === null ? row.waitSeconds : seconds(now - Date.parse(row.waitStartedAt));
}

export function handleSecondsAt(row: RowClocks, now: number): number {
  return row.handleRunningSince === null ? row.handleSeconds : seconds(row.handleBaseMs + now - Date.parse(row.handleRunningSince));
}

export function presenceSecondsAt(row: { presenceSince: string }, now: number): number {
  return seconds(now - Date.parse(row.presenceSince));
}

export function longestWaitAt(kpis: { longestWaitSince: string | null }, now: number): number {
  return kpis.longestWaitSince === null ? 0 : seconds(now - Date.parse(kpis.longestWaitSince));
}
