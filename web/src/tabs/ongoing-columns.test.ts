import { describe, expect, it } from 'vitest';
import { COLUMN_IDS, DEFAULT_COLUMNS, moveColumn, nextSort, rangeToRequest, SORT_OF, toggleColumn } from './ongoing-columns.ts';
import { VIEWPORT_SORT_COLUMNS } from '../../../src/server/live/viewport.ts';

describe('ongoing table model', () => {
  it('every sortable column maps to a sort the server knows', () => {
    for (const id of COLUMN_IDS) {
      const sort = SORT_OF[id];
      if (sort !== null) expect(VIEWPORT_SORT_COLUMNS).toContain(sort);
    }
    expect(DEFAULT_COLUMNS).toEqual([...COLUMN_IDS]);
  });

  it('hides and shows columns; a shown column comes back at the end; the last one stays', () => {
    const hidden = toggleColumn(['subject', 'status', 'channel'], 'status');
    expect(hidden).toEqual(['subject', 'channel']);
    expect(toggleColumn(hidden, 'status')).toEqual(['subject', 'channel', 'status']);
    expect(toggleColumn(['subject'], 'subject')).toEqual(['subject']);
  });

  it('moves a column one place; at an edge nothing moves', () => {
    expect(moveColumn(['subject', 'status', 'channel'], 'channel', -1)).toEqual(['subject', 'channel', 'status']);
    expect(moveColumn(['subject', 'status'], 'subject', -1)).toEqual(['subject', 'status']);
    expect(moveColumn(['subject', 'status'], 'status', 1)).toEqual(['subject', 'status']);
  });

  it('sorting a new column goes ascending, the same column flips', () => {
    expect(nextSort({ column: 'createdAt', direction: 'asc' }, 'waitSeconds')).toEqual({ column: 'waitSeconds', direction: 'asc' });
    expect(nextSort({ column: 'waitSeconds', direction: 'asc' }, 'waitSeconds')).toEqual({ column: 'waitSeconds', direction: 'desc' });
  });

  it('asks for the visible rows with a margin on both sides, never before row 0 nor over 500 rows', () => {
    expect(rangeToRequest(0, 15, 40)).toEqual({ from: 0, count: 56 });
    expect(rangeToRequest(1000, 1015, 40)).toEqual({ from: 960, count: 96 });
    expect(rangeToRequest(0, 2000, 40).count).toBe(500);
  });
});
