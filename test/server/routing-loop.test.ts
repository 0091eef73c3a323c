import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { EventPipeline } from '../../src/engine/pipeline.ts';
import { RoutingLoop } from '../../src/engine/routing-loop.ts';
import { SqliteEventStore } from '../../src/store/sqlite-store.ts';
import { T0, at, created, neutralAnalyzer, siteEvents, tempDir } from './helpers.ts';

describe('routing loop (SPEC §4)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  async function open() {
    const dir = tempDir();
    const pipeline = await EventPipeline.open({ store: await SqliteEventStore.open(dir), analyzer: neutralAnalyzer });
    cleanups.push(async () => {
      await pipeline.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    await pipeline.submit(siteEvents());
    return pipeline;
  }

  it('assigns waiting conversations by routing and times out offers not accepted in 60 s (injectable clock)', async () => {
    const pipeline = await open();
    const clock = { now: T0 + 5_000 };
    const loop = new RoutingLoop({ pipeline, now: () => clock.now, newId: (() => { let n = 0; return () => `r${++n}`; })() });
    await pipeline.submit([created('c1', 'q-a', 2)]);
    const first = await loop.runOnce();
    expect(first).toMatchObject([{ type: 'conversation.assigned', conversationId: 'c1', by: 'routing', at: at(5) }]);
    const firstAgent = (first[0] as { agentId: string }).agentId;
    expect(pipeline.engine.state.conversations.get('c1')!.status).toBe('active');

    clock.now = T0 + 5_000 + 59_999;
    expect(await loop.runOnce()).toEqual([]);
    clock.now = T0 + 65_000;
    const second = await loop.runOnce();
    expect(second.map((e) => e.type)).toEqual(['conversation.rejected', 'conversation.assigned']);
    expect(second[0]).toMatchObject({ conversationId: 'c1', agentId: firstAgent, reason: 'timeout' });
    // Offered again at once, to the other agent of the queue.
    expect((second[1] as { agentId: string }).agentId).not.toBe(firstAgent);
  });

  it('routes as soon as a conversation enters a queue, without waiting for the tick', async () => {
    const pipeline = await open();
    const loop = new RoutingLoop({ pipeline, now: () => T0 + 10_000, intervalMs: 1_000 });
    loop.start();
    cleanups.unshift(() => loop.stop());
    await pipeline.submit([created('c2', 'q-b', 3)]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pipeline.engine.state.conversations.get('c2')).toMatchObject({ status: 'active', activeAgentId: 'b1' });
    await loop.stop();
    expect(loop.isRunning).toBe(false);
  });
});
