/**
 * The caller's queues and their member agents (`GET /queues`, docs/api.md) as the console
 * uses them: the choices of the filter bar's queue and agent pickers, and an agent's queues
 * in the agent detail. Only what the caller's scope shows: a supervisor's agents are the
 * members of their queues (SPEC §9), and an agent's queues are those of the scope.
 */
import type { QueueConfig } from '../api.ts';

export interface Choice {
  id: string;
  name: string;
}

/** Every member agent of the queues, once, by name then id. */
export function agentsInScope(queues: readonly QueueConfig[]): Choice[] {
  const byId = new Map<string, Choice>();
  for (const queue of queues) for (const agent of queue.agents) byId.set(agent.id, agent);
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The queues (of those listed) an agent is a member of, in the list's order (priority, then id). */
export function queuesOfAgent(queues: readonly QueueConfig[], agentId: string): Choice[] {
  return queues.filter((queue) => queue.agents.some((agent) => agent.id === agentId)).map(({ id, name }) => ({ id, name }));
}

/**
 * A picker's options: the choices, and the current value first when it is not among them
 * (a bookmarked view naming a queue outside the scope still shows what it filters on).
 */
export function pickerOptions(choices: readonly Choice[], value: string | null): { id: string; name: string; isOutside: boolean }[] {
  const options = choices.map((choice) => ({ ...choice, isOutside: false }));
  if (value !== null && !choices.some((choice) => choice.id === value)) options.unshift({ id: value, name: value, isOutside: true });
  return options;
}
