import { describe, expect, it } from 'vitest';
import { timeOrderedId } from '../../src/engine/event-ids.js';

describe('ids of server-written events', () => {
  it('sort by time first, so the store appends them at the end of its id index', () => {
    const ids = [3, 1_000, 1_700_000_000_000, 1_700_000_000_001].map((now) => timeOrderedId('routing', now));
    expect([...ids].sort()).toEqual(ids);
  });

  it('are unique at the same moment', () => {
    const ids = new Set(Array.from({ length: 1_000 }, () => timeOrderedId('action', 42)));
    expect(ids.size).toBe(1_000);
  });
});
