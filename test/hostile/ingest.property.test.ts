/**
 * Issue #14 part 6, ingest: random and adversarial batches at `POST /api/v1/events` of the
 * real app on a real SQLite store. After each run: no 5xx (but a 503 with Retry-After),
 * `/readyz` ready, every acknowledged event in the log, the log grown by exactly the
 * accepted events, and every report equal to a replay of exactly the logged events. At the
 * end a crash-like and a graceful restart give the same reports.
 */
import fs from 'node:fs';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { siteEvents } from '../server/helpers.ts';
import { hostileEvent, mixedBatch, validishEvent } from './arbitraries.ts';
import { expectConsistent, expectReady, ingestChecked, openProbe, postRaw, type Probe, readLog, restartAndCompare } from './harness.ts';

/** No shrinking: the server's state carries over between runs, so a smaller case is not the same case. */
const RUNS = { numRuns: 25, endOnFailure: true } as const;

let probe: Probe | null = null;
afterEach(async () => {
  if (!probe) return;
  await probe.server.close();
  fs.rmSync(probe.server.dir, { recursive: true, force: true });
  probe = null;
});

async function openSite(): Promise<Probe> {
  probe = await openProbe();
  await ingestChecked(probe, siteEvents());
  return probe;
}

describe('hostile ingest (issue #14 part 6)', () => {
  it('mixed batches of plausible and hostile events: per-event outcomes, memory equal to the log', async () => {
    await openSite();
    await fc.assert(
      fc.asyncProperty(fc.array(mixedBatch, { minLength: 1, maxLength: 3 }), async (batches) => {
        for (const batch of batches) await ingestChecked(probe!, batch);
        await expectReady(probe!);
        await expectConsistent(probe!);
      }),
      RUNS,
    );
    probe = await restartAndCompare(probe!, 'crash');
    probe = await restartAndCompare(probe, 'graceful');
  });

  it('every hostile event alone is refused as an event (200 with a rejection) or taken whole', async () => {
    await openSite();
    await fc.assert(
      fc.asyncProperty(hostileEvent, async (event) => {
        const answer = await ingestChecked(probe!, [event]);
        if (answer) {
          for (const { error } of answer.rejected) expect(error.code).toMatch(/^(invalid-event|not-found|conflict|invalid-transition)$/);
        }
        await expectReady(probe!);
      }),
      { ...RUNS, numRuns: 60 },
    );
    await expectConsistent(probe!);
    probe = await restartAndCompare(probe!, 'crash');
  });

  it('a body that is not JSON or carries __proto__ / constructor.prototype keys is a 400 JSON error that writes nothing', async () => {
    await openSite();
    const event = (extra: string) => `{"id":"pp","type":"agent.presence","at":"2026-03-02T09:00:30Z","agentId":"a1","presence":"away"${extra}}`;
    const bodies = [
      '{nope',
      '[' + event('') + ',',
      '{"__proto__":{"isAdmin":true}}',
      `[${event(',"__proto__":{"polluted":1}')}]`,
      `[${event(',"extra":{"__proto__":{"polluted":1}}')}]`,
      `[${event(',"constructor":{"prototype":{"polluted":1}}')}]`,
      '"just a string"',
      'null',
    ];
    for (const body of bodies) {
      const before = await readLog(probe!.server.dir);
      const response = await postRaw(probe!, body);
      expect(response.statusCode, body.slice(0, 80)).toBe(400);
      expect((await readLog(probe!.server.dir)).length).toBe(before.length);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
    await expectReady(probe!);
    await expectConsistent(probe!);
  });

  it('a duplicate id with another payload is a duplicate and changes nothing', async () => {
    await openSite();
    await fc.assert(
      fc.asyncProperty(validishEvent, fc.oneof(validishEvent, hostileEvent), async (first, other) => {
        const answer = await ingestChecked(probe!, [first]);
        const logged = (await readLog(probe!.server.dir)).some((e) => e.event.id === first.id);
        if (answer?.accepted !== 1 && !logged) return;
        const before = await readLog(probe!.server.dir);
        const again = await ingestChecked(probe!, [typeof other === 'object' && other !== null && !Array.isArray(other) ? { ...other, id: first.id } : other]);
        const after = await readLog(probe!.server.dir);
        expect(after.map((e) => e.event.id)).toEqual(before.map((e) => e.event.id));
        if (again && again.rejected.length === 0) expect(again).toMatchObject({ accepted: 0, duplicates: 1 });
      }),
      RUNS,
    );
    await expectConsistent(probe!);
  });
});
