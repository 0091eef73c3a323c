/**
 * `Engine.checkBatch` (atomic ingest) must judge every event exactly as applying the batch
 * one event after the other would, and change nothing. Checked on the shared scenario with
 * duplicates and invalid lines, cut into random batches.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { defaultAnalyzer } from '../../src/sentiment/index.js';

const raws: unknown[] = readFileSync(new URL('../fixtures/scenarios/public-dupes.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      return line;
    }
  });

/** The engine's whole state as text, to see that a check changed nothing. */
const stateOf = ({ state }: Engine) => JSON.stringify([[...state.queues], [...state.agents], [...state.conversations], [...state.queued.keys()]]);

const statusOf = (outcome: ReturnType<Engine['check']>) => ('ok' in outcome ? 'ok' : `${outcome.status}:${'field' in outcome ? outcome.field : ''}`);

describe('Engine.checkBatch', () => {
  it('judges each event of a batch as sequential application would, without changing the engine', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 40 }), (sizes) => {
        const engine = new Engine({ analyzer: defaultAnalyzer });
        let offset = 0;
        for (const size of sizes) {
          if (offset >= raws.length) break;
          const batch = raws.slice(offset, offset + size);
          offset += size;
          const before = stateOf(engine);
          const predicted = engine.checkBatch(batch).map(statusOf);
          expect(stateOf(engine)).toBe(before);
          const actual = batch.map((raw) => {
            const outcome = engine.apply(raw);
            return outcome.status === 'applied' ? 'ok' : `${outcome.status}:${'field' in outcome ? outcome.field : ''}`;
          });
          expect(predicted).toEqual(actual);
        }
      }),
      { numRuns: 15 },
    );
  });
});
