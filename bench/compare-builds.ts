/**
 * This checkout against another one (an earlier commit), in one process, for a machine shared
 * with other work where two runs minutes apart differ by ±30 % (docs/benchmarks.md): both
 * builds take turns on the same chunks of 4,000 events, the order alternating, and each is
 * charged the process CPU time of its own chunks. What other processes do then lands on both
 * alike; what is left is the ratio of the two builds' costs.
 *
 * 1. apply: the 311,019 events of bench/engine.bench.ts through every projection (real
 *    analyzer, the server's 100,000 recent ids);
 * 2. replay: the 30,000-conversation two-day JSONL of bench/startup.bench.ts, line by line
 *    as `replayLines` takes it (JSON.parse, moment check, check, apply), against reading and
 *    JSON.parse-ing the same lines (the baseline of item 4 of issue #15).
 *
 * Run (BASE: a checkout of the other commit with node_modules, e.g.
 *   git archive 58eeb84 src bench | tar -x -C /tmp/base && ln -s $PWD/node_modules /tmp/base/):
 *   BASE=/tmp/base node --import tsx bench/compare-builds.ts
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type DomainEvent, parseEvent } from '../src/domain/events.js';
import { DEFAULT_RECENT_IDS } from '../src/engine/pipeline.js';
import type { SentimentAnalyzer } from '../src/sentiment/analyzer.js';
import { generateScenario, writeScenario } from './gen-scenario.js';

interface AnyEngine {
  check(raw: unknown): { ok: true; event: unknown } | { status: string };
  applyChecked(event: unknown): unknown;
}
interface Build {
  name: string;
  makeEngine(recentIds?: number): AnyEngine;
  /** Whether a raw line is dated after the moment (replay.ts `isAfter`, with that build's timestamp reading). */
  isAfter(raw: { at?: unknown }, at: number): boolean;
}

async function load(root: string, name: string): Promise<Build> {
  const { Engine } = (await import(join(root, 'src/engine/engine.ts'))) as { Engine: new (options: object) => AnyEngine };
  const { defaultAnalyzer } = (await import(join(root, 'src/sentiment/index.ts'))) as { defaultAnalyzer: SentimentAnalyzer };
  const events = (await import(join(root, 'src/domain/events.ts'))) as {
    isValidTimestamp(text: string): boolean;
    timestampMs?: (text: string) => number;
  };
  const ms = events.timestampMs ?? Date.parse;
  return {
    name,
    makeEngine: (recentIds) => new Engine({ analyzer: defaultAnalyzer, recentIds }),
    isAfter: (raw, at) => typeof raw.at === 'string' && events.isValidTimestamp(raw.at) && ms(raw.at) > at,
  };
}

const base = process.env.BASE;
if (!base) throw new Error('BASE: the folder of the build to compare with (see the header)');
const builds = [await load(resolve(import.meta.dirname, '..'), 'this'), await load(resolve(base), 'base')];
const CHUNK = 4_000;
const PASSES = Number(process.env.PASSES ?? 4); // the first one warms up and is not counted

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
function charge(totals: Map<string, number>, key: string, run: () => void): void {
  const t0 = cpuMs();
  run();
  totals.set(key, (totals.get(key) ?? 0) + cpuMs() - t0);
}

// 1. Apply.
{
  const START = Date.parse('2025-03-10T00:00:00Z');
  const events: DomainEvent[] = generateScenario({ seed: 7, conversations: 30_000, startMs: START, spanMs: 2 * 86_400_000, ongoingShare: 0.05 }).map((raw) => {
    const parsed = parseEvent(raw);
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.event;
  });
  const counted = new Map<string, number>();
  for (let pass = 0; pass < PASSES; pass++) {
    const totals = new Map<string, number>();
    const engines = builds.map((build) => build.makeEngine(DEFAULT_RECENT_IDS));
    for (let from = 0, k = 0; from < events.length; from += CHUNK, k++) {
      const to = Math.min(events.length, from + CHUNK);
      for (let turn = 0; turn < builds.length; turn++) {
        const i = (turn + k) % builds.length;
        charge(totals, builds[i].name, () => {
          for (let e = from; e < to; e++) engines[i].applyChecked(events[e]);
        });
      }
    }
    if (pass > 0) for (const [key, ms] of totals) counted.set(key, (counted.get(key) ?? 0) + ms);
    console.log(`apply pass ${pass}${pass === 0 ? ' (warm-up)' : ''}: this ${totals.get('this')!.toFixed(0)} ms, base ${totals.get('base')!.toFixed(0)} ms of CPU`);
  }
  const rate = (ms: number) => Math.round((events.length * (PASSES - 1)) / (ms / 1000)).toLocaleString('en');
  console.log(
    `apply, ${events.length.toLocaleString('en')} events, CPU time: this ${rate(counted.get('this')!)} events/s, base ${rate(counted.get('base')!)} events/s | ` +
      `ratio this/base: ${(counted.get('this')! / counted.get('base')!).toFixed(3)}`,
  );
}

// 2. Replay against reading and parsing.
{
  const folder = mkdtempSync(join(tmpdir(), 'omnipulse-bench-'));
  try {
    const events = generateScenario({ seed: 7, conversations: 30_000, startMs: Date.parse('2026-03-02T00:00:00Z'), spanMs: 2 * 86_400_000, ongoingShare: 0.05 });
    const file = join(folder, 'two-days.jsonl');
    writeScenario(file, events);
    const at = Date.parse(events[events.length - 1].at);
    const counted = new Map<string, number>();
    for (let pass = 0; pass < PASSES; pass++) {
      const totals = new Map<string, number>();
      let lines: string[] = [];
      charge(totals, 'read', () => (lines = readFileSync(file, 'utf8').split('\n')));
      const engines = builds.map((build) => build.makeEngine());
      const steps: Array<[string, (from: number, to: number) => void]> = [
        ['parse', (from, to) => {
          for (let i = from; i < to; i++) if (lines[i] !== '') JSON.parse(lines[i]);
        }],
        ...builds.map((build, b): [string, (from: number, to: number) => void] => [build.name, (from, to) => {
          for (let i = from; i < to; i++) {
            if (lines[i].trim() === '') continue;
            const raw = JSON.parse(lines[i]) as { at?: unknown };
            if (build.isAfter(raw, at)) continue;
            const checked = engines[b].check(raw);
            if ('ok' in checked) engines[b].applyChecked(checked.event);
          }
        }]),
      ];
      for (let from = 0, k = 0; from < lines.length; from += CHUNK, k++) {
        const to = Math.min(lines.length, from + CHUNK);
        for (let turn = 0; turn < steps.length; turn++) {
          const [name, run] = steps[(turn + k) % steps.length];
          charge(totals, name, () => run(from, to));
        }
      }
      if (pass > 0) for (const [key, ms] of totals) counted.set(key, (counted.get(key) ?? 0) + ms);
      const baseline = totals.get('read')! + totals.get('parse')!;
      console.log(
        `replay pass ${pass}${pass === 0 ? ' (warm-up)' : ''}: read ${totals.get('read')!.toFixed(0)} + JSON.parse ${totals.get('parse')!.toFixed(0)} ms | ` +
          builds.map((build) => `${build.name} ${((totals.get('read')! + totals.get(build.name)!) / baseline).toFixed(2)}x`).join(', '),
      );
    }
    const baseline = counted.get('read')! + counted.get('parse')!;
    console.log(
      `replay of ${events.length.toLocaleString('en')} lines against read + JSON.parse (${(baseline / (PASSES - 1)).toFixed(0)} ms a pass), CPU time: ` +
        builds.map((build) => `${build.name} ${((counted.get('read')! + counted.get(build.name)!) / baseline).toFixed(2)}x`).join(', ') +
        ' (target <= 4x)',
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
