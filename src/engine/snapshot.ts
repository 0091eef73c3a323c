/**
 * Snapshots of the engine (DESIGN.md: restore the latest snapshot, replay what follows).
 * The domain state is plain data; projections are rebuilt from the state on import, so they
 * never need a format of their own. Event ids are not kept: older duplicates are found in
 * the store's unique index (pipeline.ts).
 */
import { type Agent, type Conversation, indexQueued, type Queue } from '../domain/model.js';
import type { Engine } from './engine.js';

/** Bumped whenever the shape of the state changes: a snapshot of another format is ignored. */
export const SNAPSHOT_FORMAT = 3;

export interface EngineSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  queues: Queue[];
  agents: Agent[];
  conversations: Conversation[];
  archivedStreams: [string, number][];
}

export function exportSnapshot(engine: Engine): EngineSnapshot {
  const { state } = engine;
  return {
    format: SNAPSHOT_FORMAT,
    queues: [...state.queues.values()],
    agents: [...state.agents.values()],
    conversations: [...state.conversations.values()],
    archivedStreams: [...engine.archivedStreamVersions()],
  };
}

/** Loads a snapshot into a fresh engine; throws for a snapshot of another format. */
export function importSnapshot(engine: Engine, snapshot: EngineSnapshot): void {
  const format = (snapshot as { format?: unknown } | null)?.format;
  if (format !== SNAPSHOT_FORMAT) throw new Error(`snapshot format ${String(format)}, this version reads ${SNAPSHOT_FORMAT}`);
  const { state } = engine;
  if (state.conversations.size > 0 || state.agents.size > 0) throw new Error('importSnapshot needs a fresh engine');
  for (const queue of snapshot.queues) state.queues.set(queue.id, queue);
  for (const agent of snapshot.agents) state.agents.set(agent.id, agent);
  for (const conversation of snapshot.conversations) {
    state.conversations.set(conversation.id, conversation);
    indexQueued(state, conversation);
  }
  engine.restoreArchived(snapshot.archivedStreams);
  engine.projections.rebuild();
}
