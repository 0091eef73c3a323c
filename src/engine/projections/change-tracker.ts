/**
 * What the projections changed since a reader last asked (issue #15 item 1): the live feed
 * recomputes only the rows and views these touch, instead of every view on every tick.
 *
 * The projections record into every open tracker as they apply: each conversation an event
 * changed (with its queue and agents before and after the event), each agent an agent event
 * changed (and whether one was reconfigured), each queue whose configuration changed, and a rebuild (the state replaced
 * wholesale: everything may have changed). `take` hands over what was recorded and starts
 * afresh.
 */
import type { Conversation } from '../../domain/model.js';

export interface Changes {
  /** Conversations changed, created or forgotten, by id. */
  conversations: Set<string>;
  /** Queues of those conversations, before and after each change. */
  queues: Set<string>;
  /** Agents changed by an agent event, or holding one of those conversations before or after. */
  agents: Set<string>;
  /** Queues whose configuration changed (`queue.upserted`): names, thresholds. */
  queueConfigs: Set<string>;
  /** An agent's configuration changed (`agent.upserted`): its name, queues or capacity. */
  isAgentConfigChanged: boolean;
  /** The projections were rebuilt: anything may have changed. */
  isRebuilt: boolean;
}

export function noChanges(): Changes {
  return { conversations: new Set(), queues: new Set(), agents: new Set(), queueConfigs: new Set(), isAgentConfigChanged: false, isRebuilt: false };
}

export class ChangeTracker {
  private changes = noChanges();

  constructor(private readonly onStop: (tracker: ChangeTracker) => void) {}

  conversation(conversation: Conversation): void {
    const changes = this.changes;
    changes.conversations.add(conversation.id);
    changes.queues.add(conversation.queueId);
    if (conversation.activeAgentId !== null) changes.agents.add(conversation.activeAgentId);
    const last = conversation.sessions[conversation.sessions.length - 1];
    if (last !== undefined) changes.agents.add(last.agentId);
  }

  /** An agent event: `isConfig` for `agent.upserted` (which may change its queues), not for presence. */
  agent(agentId: string, isConfig: boolean): void {
    this.changes.agents.add(agentId);
    if (isConfig) this.changes.isAgentConfigChanged = true;
  }

  queueConfig(queueId: string): void {
    this.changes.queueConfigs.add(queueId);
  }

  rebuilt(): void {
    this.changes.isRebuilt = true;
  }

  /** What changed since the last `take`. */
  take(): Changes {
    const taken = this.changes;
    this.changes = noChanges();
    return taken;
  }

  /** No more recording (the reader is gone). */
  stop(): void {
    this.onStop(this);
  }
}
