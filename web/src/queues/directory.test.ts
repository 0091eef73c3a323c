import { describe, expect, it } from 'vitest';
import type { QueueConfig } from '../api.ts';
import { agentsInScope, pickerOptions, queuesOfAgent } from './directory.ts';

const queue = (id: string, agents: [string, string][]): QueueConfig =>
  ({ id, name: `Queue ${id}`, priority: 10, serviceLevelSeconds: 20, serviceLevelTarget: 0.8, sentimentAlert: null, thresholds: {}, agents: agents.map(([agentId, name]) => ({ id: agentId, name })) }) as QueueConfig;

const queues = [queue('vip', [['a2', 'Bram'], ['a1', 'Anna']]), queue('complaints', [['a1', 'Anna'], ['a3', 'Anna']])];

describe('the queue directory (pickers and agent detail)', () => {
  it('lists every member agent once, by name then id', () => {
    expect(agentsInScope(queues)).toEqual([
      { id: 'a1', name: 'Anna' },
      { id: 'a3', name: 'Anna' },
      { id: 'a2', name: 'Bram' },
    ]);
    expect(agentsInScope([])).toEqual([]);
  });

  it("gives an agent's queues among those listed, in the list's order", () => {
    expect(queuesOfAgent(queues, 'a1')).toEqual([
      { id: 'vip', name: 'Queue vip' },
      { id: 'complaints', name: 'Queue complaints' },
    ]);
    expect(queuesOfAgent(queues, 'a3')).toEqual([{ id: 'complaints', name: 'Queue complaints' }]);
    expect(queuesOfAgent(queues, 'nobody')).toEqual([]);
  });

  it('keeps a chosen value that is not among the choices, first and marked', () => {
    const choices = [{ id: 'vip', name: 'VIP' }];
    expect(pickerOptions(choices, 'vip')).toEqual([{ id: 'vip', name: 'VIP', isOutside: false }]);
    expect(pickerOptions(choices, null)).toEqual([{ id: 'vip', name: 'VIP', isOutside: false }]);
    expect(pickerOptions(choices, 'billing')).toEqual([
      { id: 'billing', name: 'billing', isOutside: true },
      { id: 'vip', name: 'VIP', isOutside: false },
    ]);
  });
});
