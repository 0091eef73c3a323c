/**
 * Memory (docs/benchmarks.md): RSS with 100,000 ongoing conversations in the engine
 * (state + projections), target < 300 MB.
 * Run: node --import tsx bench/memory.bench.ts
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseEvent } from '../src/domain/events.js';
import { Engine } from '../src/engine/engine.js';
import type { SentimentAnalyzer } from '../src/sentiment/analyzer.js';
import { generateScenario } from './gen-scenario.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const analyzer: SentimentAnalyzer = { analyze: () => ({ score: 0, level: 'neutral', language: 'en' }), combine: () => 'neutral' };

gc();
const before = process.memoryUsage();
const engine = new Engine({ analyzer });
// Generated in slices so that the event arrays do not count in the figure.
const SLICES = 10;
for (let slice = 0; slice < SLICES; slice++) {
  const events = generateScenario({
    seed: 100 + slice,
    conversations: 10_000,
    startMs: Date.parse('2025-03-10T00:00:00Z') + slice * 7_200_000,
    spanMs: 7_200_000,
    ongoingShare: 1,
  });
  for (const raw of events) {
    const renamed = { ...raw, id: `s${slice}-${raw.id}` } as Record<string, unknown>;
    if (typeof renamed.conversationId === 'string') renamed.conversationId = `s${slice}-${renamed.conversationId}`;
    const parsed = parseEvent(renamed);
    if (parsed.ok) engine.apply(parsed.event);
  }
}
gc();
const after = process.memoryUsage();
console.log(`heapTotal ${mb(after.heapTotal)} MB, external ${mb(after.external)} MB (typed arrays ${mb(after.arrayBuffers)} MB)`);
const ongoing = [...engine.state.conversations.values()].filter((c) => c.status !== 'closed').length;
console.log(`ongoing conversations: ${ongoing.toLocaleString('en')} (events applied: ${engine.appliedCount.toLocaleString('en')})`);
console.log(
  `RSS before ${mb(before.rss)} MB, after ${mb(after.rss)} MB (target < 300 MB, ratio to target ${(after.rss / (300 * 1024 * 1024)).toFixed(2)}) | ` +
    `heap used ${mb(before.heapUsed)} -> ${mb(after.heapUsed)} MB | ` +
    `per conversation ${((after.rss - before.rss) / ongoing / 1024).toFixed(2)} KB RSS, ${((after.heapUsed - before.heapUsed) / ongoing / 1024).toFixed(2)} KB heap`,
);
