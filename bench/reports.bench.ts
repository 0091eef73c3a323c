/**
 * Report cost (docs/benchmarks.md):
 * 1. the summary from the projections against the same figures by one SQL query over a
 *    flat `conversations` table of the same 100,000 conversations in a SQLite file
 *    (target: projections ≥ 100× faster);
 * 2. the ongoing list filtered + sorted + first page at 100,000 ongoing conversations
 *    (target < 20 ms), against the recompute (full scan, sort, rows).
 * Run: node --import tsx bench/reports.bench.ts
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseEvent } from '../src/domain/events.js';
import { firstWaitMs, handleMs, isInQueue, wasAccepted } from '../src/domain/metrics.js';
import { recompute } from '../src/domain/recompute.js';
import type { SummaryReport } from '../src/domain/reports.js';
import type { ReportQuery } from '../src/domain/window.js';
import { Engine } from '../src/engine/engine.js';
import type { SentimentAnalyzer } from '../src/sentiment/analyzer.js';
import { generateScenario } from './gen-scenario.js';

const analyzer: SentimentAnalyzer = { analyze: () => ({ score: 0, level: 'neutral', language: 'en' }), combine: () => 'neutral' };
const DAY = 86_400_000;
const START = Date.parse('2025-03-10T00:00:00Z');

function load(conversations: number, ongoingShare: number, spanMs: number): Engine {
  const engine = new Engine({ analyzer });
  for (const raw of generateScenario({ seed: 11, conversations, startMs: START, spanMs, ongoingShare })) {
    const parsed = parseEvent(raw);
    if (parsed.ok) engine.applyChecked(parsed.event);
  }
  return engine;
}

function median(runs: number, run: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

const queryAt = (at: number, filters: ReportQuery['filters'] = {}): ReportQuery => ({
  at,
  atIso: new Date(at).toISOString(),
  window: 'last24h',
  includeOpen: false,
  filters,
});

// 1. Summary: 100,000 conversations over two days, 5 % still ongoing.
{
  const engine = load(100_000, 0.05, 2 * DAY);
  const at = START + 2 * DAY;
  const folder = mkdtempSync(join(tmpdir(), 'omnipulse-bench-'));
  try {
    const db = new Database(join(folder, 'flat.sqlite'));
    db.exec(`CREATE TABLE conversations (id TEXT PRIMARY KEY, queue_id TEXT, channel TEXT, direction TEXT, status TEXT,
      created_at INTEGER, first_wait_ms INTEGER, closed_at INTEGER, handle_ms INTEGER, in_queue INTEGER, queue_since INTEGER,
      sessions_accepted INTEGER, sessions_transferred INTEGER)`);
    const insert = db.prepare('INSERT INTO conversations VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)');
    db.transaction(() => {
      for (const c of engine.state.conversations.values()) {
        insert.run(c.id, c.queueId, c.channel, c.direction, c.status, c.createdAt, firstWaitMs(c), c.closedAt,
          c.status === 'closed' && wasAccepted(c) ? handleMs(c, c.closedAt!) : null, isInQueue(c) ? 1 : 0, c.queueSince,
          c.sessions.filter((s) => s.acceptedAt !== null).length, c.sessions.filter((s) => s.endReason === 'transferred').length);
      }
    })();
    db.exec('CREATE INDEX conversations_created ON conversations (created_at)');
    const sql = db.prepare(`SELECT
      SUM(direction = 'inbound') AS incoming, SUM(status <> 'closed') AS ongoing, SUM(status = 'open') AS open,
      SUM(status = 'active') AS active, SUM(status = 'waiting') AS waiting, SUM(status = 'wrap-up') AS wrapUp,
      SUM(status = 'closed') AS closed, SUM(direction = 'inbound' AND in_queue = 1) AS inQueue,
      MAX(CASE WHEN direction = 'inbound' AND in_queue = 1 THEN ? - queue_since ELSE 0 END) AS longestWaitMs,
      AVG(CASE WHEN direction = 'inbound' THEN first_wait_ms END) AS asaMs,
      AVG(CASE WHEN direction = 'inbound' AND first_wait_ms IS NOT NULL THEN first_wait_ms <= 10000 END) AS sl10,
      AVG(CASE WHEN direction = 'inbound' AND first_wait_ms IS NOT NULL THEN first_wait_ms <= 20000 END) AS sl20,
      AVG(CASE WHEN direction = 'inbound' AND first_wait_ms IS NOT NULL THEN first_wait_ms <= 30000 END) AS sl30,
      AVG(CASE WHEN direction = 'inbound' AND first_wait_ms IS NOT NULL THEN first_wait_ms <= 40000 END) AS sl40,
      AVG(CASE WHEN direction = 'inbound' AND first_wait_ms IS NOT NULL THEN first_wait_ms <= 60000 END) AS sl60,
      AVG(CASE WHEN direction = 'inbound' AND first_wait_ms IS NOT NULL THEN first_wait_ms <= 120000 END) AS sl120,
      SUM(direction = 'inbound' AND status = 'closed' AND first_wait_ms IS NULL) AS abandoned,
      AVG(CASE WHEN direction = 'inbound' AND status = 'closed' AND first_wait_ms IS NULL THEN closed_at - created_at END) AS ttaMs,
      AVG(handle_ms) AS ahtMs, SUM(sessions_transferred) * 1.0 / SUM(sessions_accepted) AS transferRate
      FROM conversations WHERE created_at > ? AND created_at <= ?`);
    const query = queryAt(at);
    const sqlRow = sql.get(at, at - DAY, at) as { incoming: number; closed: number; abandoned: number };
    const report = engine.report('summary', query) as SummaryReport;
    if (sqlRow.incoming !== report.kpis.incoming || sqlRow.closed !== report.kpis.closed || sqlRow.abandoned !== report.kpis.abandoned) {
      throw new Error(`SQL and projections disagree: ${JSON.stringify(sqlRow)} vs ${JSON.stringify(report.kpis)}`);
    }
    const sqlMs = median(21, () => sql.get(at, at - DAY, at));
    const projectionMs = median(201, () => engine.report('summary', query));
    const filtered = queryAt(at, { queue: 'q3', channel: 'chat' });
    const filteredMs = median(201, () => engine.report('summary', filtered));
    const recomputeMs = median(11, () => recompute(engine.state, 'summary', query));
    console.log(`summary over 100,000 conversations (last24h: ${report.kpis.incoming} incoming):`);
    console.log(
      `  projections ${projectionMs.toFixed(3)} ms | one SQL query over a flat SQLite table ${sqlMs.toFixed(2)} ms | ` +
        `ratio ${(sqlMs / projectionMs).toFixed(0)}x (target >= 100x)`,
    );
    console.log(`  projections with queue + channel filter ${filteredMs.toFixed(3)} ms | ratio to SQL ${(sqlMs / filteredMs).toFixed(0)}x`);
    console.log(`  recompute (scan in memory) ${recomputeMs.toFixed(2)} ms | ratio ${(recomputeMs / projectionMs).toFixed(0)}x`);
    db.close();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

// 2. Ongoing page: 100,000 ongoing conversations created over the last 20 hours.
{
  const engine = load(100_000, 1, 20 * 3_600_000);
  const at = START + DAY;
  const query = queryAt(at);
  const ongoing = [...engine.state.conversations.values()].filter((c) => c.status !== 'closed').length;
  const cases: Array<[string, ReportQuery, Parameters<Engine['projections']['ongoingPage']>[1]]> = [
    ['no filter, oldest first', query, { limit: 50 }],
    ['no filter, longest wait first', query, { sort: 'waitSeconds', descending: true, limit: 50 }],
    ['channel chat, longest handle first', queryAt(at, { channel: 'chat' }), { sort: 'handleSeconds', descending: true, limit: 50 }],
    ['queue q3 + status active, page 3', queryAt(at, { queue: 'q3', status: 'active' }), { limit: 50, offset: 100 }],
  ];
  const recomputeMs = median(5, () => {
    const report = recompute(engine.state, 'ongoing', query);
    if ('conversations' in report) [...report.conversations].sort((a, b) => b.waitSeconds - a.waitSeconds).slice(0, 50);
  });
  console.log(`ongoing list at ${ongoing.toLocaleString('en')} ongoing conversations (target < 20 ms):`);
  for (const [label, q, options] of cases) {
    const ms = median(21, () => engine.projections.ongoingPage(q, options));
    console.log(`  ${label}: ${ms.toFixed(2)} ms | baseline recompute + sort + page ${recomputeMs.toFixed(1)} ms | ratio ${(recomputeMs / ms).toFixed(0)}x`);
  }
  const fullMs = median(5, () => engine.report('ongoing', query));
  console.log(`  full SPEC §8 ongoing report (all ${ongoing.toLocaleString('en')} rows): ${fullMs.toFixed(1)} ms`);
}
