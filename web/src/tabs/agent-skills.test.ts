import { describe, expect, it } from 'vitest';
import { skillsByLevel } from './agent-skills.ts';

describe("an agent's skills in the detail", () => {
  it('lists the strongest first, equal levels by name', () => {
    expect(skillsByLevel({ english: 8, vip: 9, dutch: 8, orders: 3 })).toEqual([
      { skill: 'vip', level: 9 },
      { skill: 'dutch', level: 8 },
      { skill: 'english', level: 8 },
      { skill: 'orders', level: 3 },
    ]);
    expect(skillsByLevel({})).toEqual([]);
  });
});
