/** SPEC §3 `queue.upserted` and §6 precise readings: a queue's whole configuration, read at report time. */
import { describe, expect, it } from 'vitest';
import { applyAll, ev, reach, site } from './fixtures.js';

describe('queue configuration (SPEC §3, §6)', () => {
  it('an upsert replaces the whole configuration: a field left out goes back to its default', () => {
    const state = applyAll(site(), [
      ev('queue.upserted', 1, {
        queueId: 'q1',
        name: 'Support',
        serviceLevelSeconds: 45,
        serviceLevelTarget: 0.9,
        channelUnits: { chat: 50 },
        sentimentAlert: 'negative',
        thresholds: { inQueue: { warn: 3, alert: 8, note: 'kept by the schema, not by the queue' } },
      }),
    ]);
    expect(state.queues.get('q1')).toMatchObject({
      serviceLevelSeconds: 45,
      serviceLevelTarget: 0.9,
      channelUnits: { chat: 50 },
      sentimentAlert: 'negative',
      thresholds: { inQueue: { warn: 3, alert: 8 } },
    });
    applyAll(state, [ev('queue.upserted', 2, { queueId: 'q1', name: 'Support' })]);
    expect(state.queues.get('q1')).toMatchObject({
      serviceLevelSeconds: 20,
      serviceLevelTarget: 0.8,
      channelUnits: {},
      sentimentAlert: null,
      thresholds: {},
    });
  });

  it("new channel units apply to the queue's conversations at once (capacity read at report time)", () => {
    const state = applyAll(site(), reach('in-conversation', 'chat'));
    expect(state.agents.get('a1')!.usedUnits).toBe(35);
    applyAll(state, [ev('queue.upserted', 50, { queueId: 'q1', name: 'Support', channelUnits: { chat: 60 } })]);
    expect(state.agents.get('a1')!.usedUnits).toBe(60);
    applyAll(state, [ev('conversation.closed', 60, { conversationId: 'c1' })]);
    expect(state.agents.get('a1')!.usedUnits).toBe(0);
  });
});
