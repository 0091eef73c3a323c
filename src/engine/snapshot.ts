/**
 * Snapshots of the engine (DESIGN.md: restore the latest snapshot, replay what follows).
 * The domain state and the seen event ids are plain data; projections are rebuilt from
 * the state on import, so they never need a format of their own.
 */
import { type Agent, type Conversation, indexQueued, type Queue } from '../domain/model.js';
import type { Engine } from './engine.js';

/** Snapshots written before the queues report have queues without a target or thresholds. */
type SnapshotQueue = Omit<Queue, 'serviceLevelTarget' | 'thresholds'> & Partial<Pick<Queue, 'serviceLevelTarget' | 'thresholds'>>;

export interface EngineSnapshot {
  format: 1;
  queues: SnapshotQueue[];
  agents: Agent[];
  conversations: Conversation[];
  seenIds: string[];
}

export function exportSnapshot(engine: Engine): EngineSnapshot {
  const { state } = engine;
  return {
    format: 1,
    queues: [...state.queues.values()],
    agents: [...state.agents.values()],
    conversations: [...state.conversations.values()],
    seenIds: [...engine.seenEventIds()],
  };
}

/** Loads a snapshot into a fresh engine. */
export function importSnapshot(engine: Engine, snapshot: EngineSnapshot): void {
  if (snapshot.format !== 1) throw new Error(`unknown snapshot format ${String(snapshot.format)}`);
  const { state } = engine;
  if (state.conversations.size > 0 || state.agents.size > 0) throw new Error('importSnapshot needs a fresh engine');
  for (const queue of snapshot.queues) {
    state.queues.set(queue.id, { ...queue, serviceLevelTarget: queue.serviceLevelTarget ?? 0.8, thresholds: queue.thresholds ?? {} });
  }
  for (const agent of snapshot.agents) state.agents.set(agent.id, agent);
  for (const conversation of snapshot.conversations) {
    state.conversations.set(conversation.id, conversation);
    indexQueued(state, conversation);
  }
  engine.restoreSeen(snapshot.seenIds);
  engine.projections.rebuild();
}
