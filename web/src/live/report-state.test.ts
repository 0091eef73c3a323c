import { describe, expect, it } from 'vitest';
import { applyPatch, applyRowsPatch, movesRow, POINTER_HOLD_MS, waitsForPointer } from './report-state.ts';

describe('applying live patches (docs/live-feed.md "patch")', () => {
  it('replaces upserted rows in place, drops removed ids, adds new rows last', () => {
    const rows = [
      { id: 'a', v: 1 },
      { id: 'b', v: 1 },
      { id: 'c', v: 1 },
    ];
    const next = applyRowsPatch(rows, [{ id: 'b', v: 2 }, { id: 'd', v: 1 }], ['a']);
    expect(next).toEqual([
      { id: 'b', v: 2 },
      { id: 'c', v: 1 },
      { id: 'd', v: 1 },
    ]);
    expect(rows[1]).toEqual({ id: 'b', v: 1 });
  });

  it('assigns changed KPI fields and keeps the others; nested blocks come whole', () => {
    const report = { at: 'a1', window: { from: 'f1', to: 't1' }, kpis: { incoming: 3, ongoing: 2, agents: { total: 4, loggedIn: 2 } } };
    const next = applyPatch(report, { at: 'a2', window: { from: 'f2', to: 't2' }, kpis: { incoming: 4, agents: { total: 4, loggedIn: 3 } } }, null);
    expect(next).toEqual({ at: 'a2', window: { from: 'f2', to: 't2' }, kpis: { incoming: 4, ongoing: 2, agents: { total: 4, loggedIn: 3 } } });
    expect(report.kpis.incoming).toBe(3);
  });

  it('patches the row list a report names (agents)', () => {
    const report = { at: 'a1', agents: [{ id: 'x', presence: 'available' }] };
    const next = applyPatch(report, { at: 'a2', upsert: [{ id: 'x', presence: 'away' } as { id: string }], remove: [] }, 'agents');
    expect(next.agents).toEqual([{ id: 'x', presence: 'away' }]);
    expect(next.at).toBe('a2');
  });

  it('tells when an update would move a row to another place; a row that leaves the list is not held', () => {
    const current = { from: 10, rows: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] };
    expect(movesRow(current, { from: 10, rows: [{ id: 'a' }, { id: 'b' }, { id: 'x' }] }, 'b')).toBe(false);
    expect(movesRow(current, { from: 10, rows: [{ id: 'x' }, { id: 'a' }, { id: 'b' }] }, 'b')).toBe(true);
    expect(movesRow(current, { from: 11, rows: [{ id: 'b' }, { id: 'c' }] }, 'b')).toBe(false);
    expect(movesRow(current, { from: 10, rows: [{ id: 'a' }, { id: 'c' }] }, 'b')).toBe(false);
    expect(movesRow(current, { from: 10, rows: [] }, 'zz')).toBe(false);
    expect(movesRow(null, { from: 0, rows: [{ id: 'b' }] }, 'b')).toBe(false);
  });

  it('the pointer holds an update that moves its row for at most POINTER_HOLD_MS, then lets it show', () => {
    const current = { from: 0, rows: [{ id: 'closed-soon' }, { id: 'b' }, { id: 'c' }] };
    // The first row closed: the row under the pointer would move up one place.
    const next = { from: 0, rows: [{ id: 'b' }, { id: 'c' }] };
    const t = 1_000_000;
    expect(waitsForPointer(current, next, 'b', null, t)).toBe(true);
    expect(waitsForPointer(current, next, 'b', t, t + POINTER_HOLD_MS - 1)).toBe(true);
    expect(waitsForPointer(current, next, 'b', t, t + POINTER_HOLD_MS)).toBe(false);
    // Nothing to hold: no pointer, or a row the update leaves in place.
    expect(waitsForPointer(current, next, null, null, t)).toBe(false);
    expect(waitsForPointer(current, { from: 0, rows: [{ id: 'closed-soon' }, { id: 'b' }] }, 'b', null, t)).toBe(false);
    expect(POINTER_HOLD_MS).toBeGreaterThanOrEqual(2_000);
  });
});
