/**
 * Engine snapshots (src/engine/snapshot.ts): a restored snapshot plus the rest of the log
 * equals the engine that applied everything; the snapshot is the state at the writer's
 * creation even while events go on being applied during its slices.
 */
import { describe, expect, it } from 'vitest';
import { generateScenario } from '../../bench/gen-scenario.js';
import { parseEvent } from '../../src/domain/events.js';
import { REPORT_KINDS } from '../../src/domain/reports.js';
import type { ReportQuery } from '../../src/domain/window.js';
import { Engine } from '../../src/engine/engine.js';
import { importSnapshot, SnapshotWriter } from '../../src/engine/snapshot.js';
import { defaultAnalyzer } from '../../src/sentiment/index.js';

const START = Date.parse('2025-03-10T00:00:00Z');
const scenario = (conversations: number) => generateScenario({ seed: 5, conversations, startMs: START, spanMs: 2 * 86_400_000 });

function applyAll(engine: Engine, raws: readonly Record<string, unknown>[]): void {
  for (const raw of raws) {
    const parsed = parseEvent(raw);
    if (!parsed.ok) throw new Error(parsed.message);
    engine.applyChecked(parsed.event);
  }
}

async function collect(writer: SnapshotWriter): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of writer) chunks.push(chunk);
  return chunks;
}

function restored(chunks: readonly Uint8Array[]): Engine {
  const engine = new Engine({ analyzer: defaultAnalyzer });
  importSnapshot(engine, chunks);
  return engine;
}

/** Everything of an engine a snapshot must carry, as plain data. */
function stateOf(engine: Engine) {
  const { state } = engine;
  return {
    queues: [...state.queues],
    agents: [...state.agents],
    conversations: [...state.conversations],
    queued: [...state.queued.keys()],
    archived: [...engine.archivedStreamVersions()],
  };
}

function reportsOf(engine: Engine, at: number) {
  const queries: ReportQuery[] = [
    { at, atIso: new Date(at).toISOString(), window: 'last24h', includeOpen: true, filters: {} },
    { at, atIso: new Date(at).toISOString(), window: 'today', includeOpen: false, filters: { queue: 'q1' } },
  ];
  return queries.flatMap((query) => REPORT_KINDS.map((kind) => engine.report(kind, query)));
}

describe('engine snapshots', () => {
  it('a restored snapshot plus the rest of the log equals the engine that applied it all (archived streams included)', async () => {
    const events = scenario(600);
    for (const cut of [0, Math.floor(events.length / 3), events.length - 1, events.length]) {
      const original = new Engine({ analyzer: defaultAnalyzer });
      applyAll(original, events.slice(0, cut));
      // Retention forgets part of the closed history: the snapshot keeps their stream versions.
      original.forgetClosedBefore(START + 86_400_000);
      const copy = restored(await collect(new SnapshotWriter(original)));
      expect(stateOf(copy), `restored at ${cut}`).toEqual(stateOf(original));
      applyAll(original, events.slice(cut));
      applyAll(copy, events.slice(cut));
      expect(stateOf(copy), `cut at ${cut}`).toEqual(stateOf(original));
      const end = Date.parse(String(events.at(-1)!.at));
      expect(reportsOf(copy, end)).toEqual(reportsOf(original, end));
    }
  });

  it('is the state as of the writer, while events, a queue change and retention go on between its slices', async () => {
    const events = scenario(4_000);
    const engine = new Engine({ analyzer: defaultAnalyzer });
    const cut = Math.floor(events.length * 0.6);
    applyAll(engine, events.slice(0, cut));
    expect(engine.state.conversations.size, 'enough conversations for several slices').toBeGreaterThan(2_000);
    const expected = structuredClone(stateOf(engine));
    const writer = new SnapshotWriter(engine);
    const iterator = writer[Symbol.asyncIterator]();
    const chunks: Uint8Array[] = [];
    const rest = events.slice(cut);
    let applied = 0;
    for (let step = 0; ; step += 1) {
      const next = await iterator.next();
      if (next.done) break;
      chunks.push(next.value);
      applyAll(engine, rest.slice(applied, applied + 400));
      applied += 400;
      // Retention before any conversation is written; a queue change after the first slice.
      if (step === 0) expect(engine.forgetClosedBefore(START + 86_400_000)).toBeGreaterThan(0);
      if (step === 1) {
        // A queue's new units recharge its conversations in place.
        applyAll(engine, [{ id: 'q1-again', type: 'queue.upserted', at: rest[applied - 1]!.at, queueId: 'q1', name: 'Q1', channelUnits: { chat: 50 } }]);
      }
    }
    expect(applied, 'events were applied while the snapshot was written').toBeGreaterThanOrEqual(1_200);
    expect(stateOf(restored(chunks))).toEqual(expected);
    expect(stateOf(engine)).not.toEqual(expected);
  });

  it('leaves out the closed conversations created over 72 h before the newest one, as retention would, and keeps their streams', async () => {
    const events = generateScenario({ seed: 5, conversations: 900, startMs: START, spanMs: 4 * 86_400_000 });
    const original = new Engine({ analyzer: defaultAnalyzer });
    applyAll(original, events);
    const copy = restored(await collect(new SnapshotWriter(original)));
    const conversations = [...original.state.conversations.values()];
    const cutoff = Math.max(...conversations.map((conversation) => conversation.createdAt)) - 72 * 3_600_000;
    const past = conversations.filter((conversation) => conversation.status === 'closed' && conversation.createdAt < cutoff);
    expect(past.length, 'a scenario of four days has such conversations').toBeGreaterThan(100);
    for (const conversation of past) {
      expect(copy.state.conversations.has(conversation.id)).toBe(false);
      expect(copy.streamVersion(conversation.id)).toBe(conversation.version);
    }
    // The same as the original after retention at that moment, and the same reports.
    expect(original.forgetClosedBefore(cutoff)).toBe(past.length);
    expect(stateOf(copy)).toEqual(stateOf(original));
    const end = Date.parse(String(events.at(-1)!.at));
    expect(reportsOf(copy, end)).toEqual(reportsOf(original, end));
  });

  it('is abandoned when the engine is reset while it is written (a rebuild from the log)', async () => {
    const engine = new Engine({ analyzer: defaultAnalyzer });
    applyAll(engine, scenario(300));
    const iterator = new SnapshotWriter(engine)[Symbol.asyncIterator]();
    await iterator.next();
    engine.reset();
    await expect(iterator.next()).rejects.toThrow(/reset/);
  });

  it('refuses chunks of another format, and an engine that is not fresh', async () => {
    const engine = new Engine({ analyzer: defaultAnalyzer });
    applyAll(engine, scenario(20));
    const chunks = await collect(new SnapshotWriter(engine));
    expect(() => importSnapshot(engine, chunks)).toThrow(/fresh engine/);
    expect(() => importSnapshot(new Engine({ analyzer: defaultAnalyzer }), [])).toThrow(/format undefined/);
    expect(() => importSnapshot(new Engine({ analyzer: defaultAnalyzer }), [Buffer.from('{"format":4}')])).toThrow();
  });
});
