/**
 * Applying the live feed's messages to what the console shows (docs/live-feed.md
 * "Server → client"): a snapshot replaces, a patch upserts and removes rows by id or
 * assigns the changed KPI fields. Pure: each call returns a new value for React.
 */

export interface Patch {
  at: string;
  window?: { from: string; to: string };
  upsert?: { id: string }[];
  remove?: string[];
  kpis?: Record<string, unknown>;
}

/** A report as the feed sends it: rows under `rowsKey`, or `kpis`. */
export type LiveReportValue = { at: string; window?: { from: string; to: string } } & Record<string, unknown>;

/** Replaces or adds each upserted row by id, drops the removed ids; kept rows keep their place, new rows go last. */
export function applyRowsPatch<Row extends { id: string }>(rows: readonly Row[], upsert: readonly Row[], remove: readonly string[]): Row[] {
  const removed = new Set(remove);
  const changed = new Map(upsert.map((row) => [row.id, row]));
  const next: Row[] = [];
  for (const row of rows) {
    if (removed.has(row.id)) continue;
    const replacement = changed.get(row.id);
    next.push(replacement ?? row);
    changed.delete(row.id);
  }
  for (const row of changed.values()) next.push(row);
  return next;
}

/** The report after one patch. `rowsKey` names its row list (`agents`, `conversations`), or is null for a KPI report. */
export function applyPatch<Report extends LiveReportValue>(report: Report, patch: Patch, rowsKey: string | null): Report {
  const next: Record<string, unknown> = { ...report, at: patch.at };
  if (patch.window) next.window = patch.window;
  if (rowsKey !== null) {
    next[rowsKey] = applyRowsPatch((report[rowsKey] as { id: string }[]) ?? [], patch.upsert ?? [], patch.remove ?? []);
  } else if (patch.kpis) {
    next.kpis = { ...(report.kpis as Record<string, unknown>), ...patch.kpis };
  }
  return next as Report;
}

/** A window of rows starting at `from` (a viewport answer). */
export interface RowWindow {
  from: number;
  rows: readonly { id: string }[];
}

/**
 * Whether showing `next` instead of `current` would move the row `id` to another place in
 * the list: the console holds such an update while that row is under the pointer. A row
 * that leaves the list (closed, filtered out) is not held: it could not be acted on anyway.
 */
export function movesRow(current: RowWindow | null, next: RowWindow, id: string): boolean {
  const before = current ? current.rows.findIndex((row) => row.id === id) : -1;
  const after = next.rows.findIndex((row) => row.id === id);
  if (before < 0 || after < 0) return false;
  return next.from + after !== current!.from + before;
}

/**
 * How long an update may wait for the pointer to leave its row (docs/decisions.md "Pointer
 * hold"): long enough to aim and click, short enough that a pointer left resting on a wall
 * screen does not freeze the list, closed rows and all.
 */
export const POINTER_HOLD_MS = 5_000;

/**
 * Whether `next` waits for the pointer: it would move the row `heldRowId`, and the update
 * waiting longest has waited less than `POINTER_HOLD_MS` (`waitingSince` null: none waits yet).
 */
export function waitsForPointer(current: RowWindow | null, next: RowWindow, heldRowId: string | null, waitingSince: number | null, now: number): boolean {
  if (heldRowId === null || !movesRow(current, next, heldRowId)) return false;
  return waitingSince === null || now - waitingSince < POINTER_HOLD_MS;
}
