/**
 * Shared checks of the hostile-input and crash suites (issue #14): what must hold after
 * anything a client sends.
 *
 * - No 5xx but a documented 503 with `Retry-After`.
 * - `/readyz` answers 200.
 * - Every event acknowledged (listed neither as rejected nor as a duplicate) is in the log,
 *   and the log grows by exactly the `accepted` count of each answer.
 * - Every report equals a replay, by the code of `bin/omnipulse replay`
 *   (src/engine/replay.ts), of exactly the events in the log.
 */
import { expect } from 'vitest';
import { parseReportOptions, type RawReportOptions } from '../../src/cli/report-args.ts';
import { REPORT_KINDS, type ReportKind } from '../../src/domain/reports.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { replayLines } from '../../src/engine/replay.ts';
import type { SentimentAnalyzer } from '../../src/sentiment/analyzer.ts';
import type { LoggedEvent, StoredEvent } from '../../src/store/event-store.ts';
import { SqliteEventStore } from '../../src/store/sqlite-store.ts';
import { toJsonText } from './arbitraries.ts';
import { INGEST_TOKEN, T0, type TestServer, login, neutralAnalyzer, openTestServer } from '../server/helpers.ts';

/** The whole log of a data folder, in seq order, read through a second connection. */
export async function readLog(dir: string): Promise<StoredEvent[]> {
  const store = await SqliteEventStore.open(dir);
  try {
    const all: StoredEvent[] = [];
    for (let page = await store.readFrom(0, 10_000); page.length > 0; page = await store.readFrom(all.at(-1)!.seq, 10_000)) {
      all.push(...page);
    }
    return all;
  } finally {
    await store.close();
  }
}

export function expectLogWellFormed(log: readonly StoredEvent[]): void {
  expect(log.map((e) => e.seq), 'seqs start at 1 without gaps').toEqual(log.map((_, i) => i + 1));
  const ids = log.map((e) => e.event.id);
  expect(new Set(ids).size, 'no event id is logged twice').toBe(ids.length);
}

/** The limits of issue #14 (documented in docs/api.md by the fix). */
export const LIMITS = { eventBytes: 64 * 1024, depth: 32, idLength: 200, stringLength: 32 * 1024, futureMs: 5 * 60_000 } as const;
const ID_FIELDS = new Set(['id', 'conversationId', 'agentId', 'queueId', 'toAgentId', 'toQueueId', 'supervisorId']);

/** Why an event breaks the documented limits or its time is not a real one, or null. */
export function limitBreach(event: Record<string, unknown>, now: number): string | null {
  if (Buffer.byteLength(JSON.stringify(event)) > LIMITS.eventBytes) return 'over 64 KiB';
  const walk = (value: unknown, depth: number, key: string): string | null => {
    if (depth > LIMITS.depth) return `deeper than ${LIMITS.depth}`;
    if (typeof value === 'string') {
      if (value.length > LIMITS.stringLength) return `${key}: string over 32 KiB`;
      if (depth === 1 && ID_FIELDS.has(key) && value.length > LIMITS.idLength) return `${key}: id over 200 characters`;
      return null;
    }
    if (typeof value !== 'object' || value === null) return null;
    for (const [k, v] of Object.entries(value)) {
      const found = walk(v, depth + 1, k);
      if (found) return found;
    }
    return null;
  };
  const breach = walk(event, 0, '');
  if (breach) return breach;
  return badTime(event.at, now);
}

/** Why `at` is not a real moment in 1970–2999 at most 5 minutes after `now`, or null. */
export function badTime(at: unknown, now: number): string | null {
  const match = typeof at === 'string' ? /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(at) : null;
  if (!match) return 'at: not a timestamp';
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  if (year < 1970 || year > 2999) return 'at: year outside 1970–2999';
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59) return 'at: no such date';
  if (Date.parse(at as string) > now + LIMITS.futureMs) return 'at: in the future';
  return null;
}

/**
 * What the fix guarantees of every logged event: within the limits, a real moment, and
 * never dated before the previous logged event of its conversation.
 */
export function expectLogWithinLimits(log: readonly StoredEvent[], now: number): void {
  const lastAt = new Map<string, number>();
  for (const { seq, event } of log) {
    expect(limitBreach(event, now), `log seq ${seq} (${event.id})`).toBeNull();
    if (typeof event.conversationId !== 'string') continue;
    const ms = Date.parse(event.at);
    const previous = lastAt.get(event.conversationId) ?? -Infinity;
    expect(ms >= previous, `log seq ${seq} (${event.id}) is dated before the previous event of ${event.conversationId}`).toBe(true);
    lastAt.set(event.conversationId, ms);
  }
}

/** A status the issue allows: anything below 500, or 503 with Retry-After. */
export function expectNoServerError(status: number, headers: Record<string, unknown> | Headers, body: string): void {
  if (status < 500) return;
  const retryAfter = headers instanceof Headers ? headers.get('retry-after') : headers['retry-after'];
  expect({ status, retryAfter: retryAfter !== undefined && retryAfter !== null, body: body.slice(0, 300) }).toEqual({
    status: 503,
    retryAfter: true,
    body: expect.any(String),
  });
}

export interface IngestAnswer {
  accepted: number;
  duplicates: number;
  rejected: { index: number; error: { code: string; message: string; field?: string } }[];
}

/**
 * Checks one ingest answer against the log before and after it: the log grew by exactly
 * `accepted`, the new entries are events of this batch that were not refused, and every
 * event neither refused nor counted as a duplicate is in the log. Returns the ids the
 * answer acknowledged.
 */
export function checkIngestAnswer(sent: readonly unknown[], answer: IngestAnswer, before: readonly StoredEvent[], after: readonly StoredEvent[]): string[] {
  expect(answer).toMatchObject({ accepted: expect.any(Number), duplicates: expect.any(Number), rejected: expect.any(Array) });
  const refused = new Set(answer.rejected.map((r) => r.index));
  for (const rejection of answer.rejected) {
    expect(rejection).toEqual({ index: expect.any(Number), error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
    expect(rejection.index).toBeGreaterThanOrEqual(0);
    expect(rejection.index).toBeLessThan(sent.length);
  }
  expect(refused.size, 'each index is refused at most once').toBe(answer.rejected.length);
  expect(answer.accepted + answer.duplicates + answer.rejected.length, 'every event has one outcome').toBe(sent.length);

  const added = after.slice(before.length);
  expect(after.slice(0, before.length).map((e) => e.event.id), 'the log only grows').toEqual(before.map((e) => e.event.id));
  expect(added.length, 'the log grew by exactly the accepted events').toBe(answer.accepted);

  const notRefused = sent.filter((_, index) => !refused.has(index)) as LoggedEvent[];
  const notRefusedIds = new Set(notRefused.map((e) => e.id));
  for (const { event } of added) expect(notRefusedIds.has(event.id), `logged ${event.id} was sent and not refused`).toBe(true);
  const logged = new Set(after.map((e) => e.event.id));
  for (const event of notRefused) expect(logged.has(event.id), `acknowledged ${event.id} is in the log`).toBe(true);
  return added.map((e) => e.event.id);
}

/** Report moments and filters compared with a replay: now, later, `today` in a zone, filters. */
export function reportQueries(moment: number): RawReportOptions[] {
  const at = (ms: number) => new Date(ms).toISOString();
  return [
    { at: at(moment) },
    { at: at(moment + 2 * 3_600_000), includeOpen: 'true' },
    { at: at(moment + 30 * 60_000), window: 'today', tz: 'Europe/Amsterdam' },
    { at: at(moment), queue: 'q-a' },
    { at: at(moment), channel: 'chat' },
  ];
}

/** The latest `at` in the log (epoch ms), so that a replay up to it applies every logged event. */
export function lastMoment(log: readonly StoredEvent[], floor: number): number {
  let latest = floor;
  for (const { event } of log) {
    const ms = Date.parse(event.at);
    if (ms > latest) latest = ms;
  }
  return latest;
}

/**
 * A replay of exactly `log` up to `at`, by the code path of `bin/omnipulse replay`
 * (`replayLines`); every logged event must replay.
 */
export function replayLog(log: readonly StoredEvent[], at: number, analyzer: SentimentAnalyzer = neutralAnalyzer): Engine {
  const result = replayLines(
    log.map((e) => JSON.stringify(e.event)),
    at,
    analyzer,
  );
  expect(result.invalid, 'every logged event replays').toEqual([]);
  expect(result.duplicates).toBe(0);
  expect(result.applied, 'every logged event is applied by the replay').toBe(log.length);
  return result.engine;
}

export type ReportFetcher = (kind: ReportKind, query: RawReportOptions) => Promise<{ status: number; body: unknown }>;

/**
 * Every report, for each of `reportQueries`, equals a replay of exactly the events in `log`.
 * `analyzer` must be the server's (the in-process suites use the neutral one).
 */
export async function expectReportsEqualReplay(
  fetchReport: ReportFetcher,
  log: readonly StoredEvent[],
  floor: number,
  analyzer: SentimentAnalyzer = neutralAnalyzer,
  /** How many of `reportQueries` to check (all by default; the first is the log's last moment). */
  queryCount = Infinity,
): Promise<void> {
  const replays = new Map<number, Engine>();
  for (const raw of reportQueries(lastMoment(log, floor)).slice(0, queryCount)) {
    const parsed = parseReportOptions(raw, 0);
    if (!parsed.ok) throw new Error(parsed.message);
    let engine = replays.get(parsed.query.at);
    if (!engine) replays.set(parsed.query.at, (engine = replayLog(log, parsed.query.at, analyzer)));
    for (const kind of REPORT_KINDS) {
      const { status, body } = await fetchReport(kind, raw);
      const label = `${kind} ${JSON.stringify(raw)}`;
      expect(status, label).toBe(200);
      expect(body, `${label} equals a replay of the log`).toEqual(JSON.parse(JSON.stringify(engine.report(kind, parsed.query))));
    }
  }
}

/** The reports of `reportQueries`, to compare a server before and after a restart. */
export async function collectReports(fetchReport: ReportFetcher, log: readonly StoredEvent[], floor: number): Promise<unknown[]> {
  const moment = lastMoment(log, floor);
  const reports: unknown[] = [];
  for (const query of reportQueries(moment)) {
    for (const kind of REPORT_KINDS) reports.push({ kind, query, ...(await fetchReport(kind, query)) });
  }
  return reports;
}

export function reportUrl(kind: ReportKind, query: RawReportOptions): string {
  const params = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  return `/api/v1/reports/${kind}?${params}`;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------
// The in-process server of the hostile suite: the real app on a real SQLite store.

export interface Probe {
  server: TestServer;
  cookie: string;
}

export async function openProbe(options: Parameters<typeof openTestServer>[0] = {}): Promise<Probe> {
  const server = await openTestServer(options);
  return { server, cookie: await login(server.app, 'admin') };
}

export function injectFetcher(probe: Probe): ReportFetcher {
  return async (kind, query) => {
    const response = await probe.server.app.inject({ method: 'GET', url: reportUrl(kind, query), headers: { cookie: probe.cookie } });
    expectNoServerError(response.statusCode, response.headers, response.body);
    return { status: response.statusCode, body: response.json() };
  };
}

/** Posts a raw body to the ingest API; any answer but a 5xx (or a 503 with Retry-After) is allowed. */
export async function postRaw(probe: Probe, payload: string) {
  const response = await probe.server.app.inject({
    method: 'POST',
    url: '/api/v1/events',
    headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/json' },
    payload,
  });
  expectNoServerError(response.statusCode, response.headers, response.body);
  if (response.statusCode >= 400) {
    expect(response.json(), `${response.statusCode} is a JSON error`).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
  }
  return response;
}

/**
 * Sends a batch and checks its answer against the log (see `checkIngestAnswer`). A request
 * the API refuses as a whole (400, 413) must leave the log as it was.
 */
export async function ingestChecked(probe: Probe, events: readonly unknown[] | unknown, payload = toJsonText(events)): Promise<IngestAnswer | null> {
  const before = await readLog(probe.server.dir);
  const response = await postRaw(probe, payload);
  const after = await readLog(probe.server.dir);
  if (response.statusCode !== 200) {
    if (response.statusCode !== 503) expect(after.length, `a ${response.statusCode} writes nothing`).toBe(before.length);
    return null;
  }
  const sent = Array.isArray(events) ? events : [events];
  const answer = response.json() as IngestAnswer;
  checkIngestAnswer(sent, answer, before, after);
  return answer;
}

export async function expectReady(probe: Probe): Promise<void> {
  const ready = await probe.server.app.inject({ method: 'GET', url: '/readyz' });
  expect(ready.statusCode, `/readyz: ${ready.body}`).toBe(200);
  expect(ready.json()).toMatchObject({ status: 'ready' });
}

/** The log is well formed and every report equals a replay of exactly the logged events. */
export async function expectConsistent(probe: Probe): Promise<StoredEvent[]> {
  const log = await readLog(probe.server.dir);
  expectLogWellFormed(log);
  expectLogWithinLimits(log, Math.max(Date.now(), SERVER_NOW));
  await expectReportsEqualReplay(injectFetcher(probe), log, SERVER_NOW);
  return log;
}

/**
 * Restarts on the same folder, after a graceful close or a crash-like drop (no shutdown
 * snapshot), and requires the same reports as before, still equal to a replay of the log.
 */
export async function restartAndCompare(probe: Probe, how: 'graceful' | 'crash'): Promise<Probe> {
  const log = await readLog(probe.server.dir);
  const before = await collectReports(injectFetcher(probe), log, SERVER_NOW);
  if (how === 'graceful') await probe.server.close();
  else await probe.server.crash();
  const restarted = await openProbe({ dir: probe.server.dir, seed: false });
  expect(await collectReports(injectFetcher(restarted), log, SERVER_NOW), `reports unchanged after a ${how} restart`).toEqual(before);
  await expectReady(restarted);
  await expectConsistent(restarted);
  return restarted;
}

/** The clock of `openTestServer` (T0 + 60 s); valid events of the suites are dated T0 … T0 + 5 min. */
export const SERVER_NOW = T0 + 60_000;
