/**
 * Where an ingest's time goes on PostgreSQL (bench/postgres.bench.ts): loaded with
 * `--import ./bench/pg-probe.ts` (or imported), it wraps `pg.Client#query` and, per append
 * turn (the transaction that takes the append lock), counts the round trips and times the
 * wait for the lock, the time it is held, and the part of that spent waiting on queries
 * (the rest is this node's own work inside the lock: applying the tail, deciding its group).
 * `OMNIPULSE_PG_PROBE=file` writes the figures to `file` at exit; `probeFigures()` reads
 * them in-process. Also: the CPU seconds of a process and of a whole PostgreSQL server.
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import pg from 'pg';

export interface ProbeFigures {
  /** Queries outside an append turn (id look-ups, reads, sessions…). */
  otherQueries: number;
  /** Append turns (transactions that took the append lock). */
  turns: number;
  /** Round trips of the turns, BEGIN to COMMIT included (statements sent together count once). */
  turnRoundTrips: number;
  lockWaitMs: number;
  lockHeldMs: number;
  /** Of the held time: waiting for answers to the queries after the lock, COMMIT included. */
  queriesInLockMs: number;
  /** Rows of the turns' tails (what other writers appended since the writer last read). */
  tailRows: number;
  /** Per statement (its first words), inside the turns: count and milliseconds waited. */
  statements: Record<string, { count: number; ms: number }>;
}

const figures: ProbeFigures = { otherQueries: 0, turns: 0, turnRoundTrips: 0, lockWaitMs: 0, lockHeldMs: 0, queriesInLockMs: 0, tailRows: 0, statements: {} };
/**
 * Per connection: statements sent and not answered, since when it has been waiting, when
 * the last answer came, and the open turn (its round trips, when it got the lock). Pipelined
 * statements overlap: a round trip is a burst sent while nothing was outstanding, and a
 * statement's time runs from the later of its sending and the answer before it.
 */
interface Connection {
  outstanding: number;
  busySince: number;
  lastAnswerAt: number;
  turn: { roundTrips: number; lockedAt: number | null } | null;
}
const connections = new WeakMap<object, Connection>();

type QueryFn = (this: pg.Client, ...args: unknown[]) => unknown;
const query = pg.Client.prototype.query as unknown as QueryFn;

function sent(client: object, text: string): Connection {
  const now = performance.now();
  let connection = connections.get(client);
  if (connection === undefined) connections.set(client, (connection = { outstanding: 0, busySince: now, lastAnswerAt: now, turn: null }));
  if (/^\s*BEGIN\b/i.test(text)) connection.turn = { roundTrips: 0, lockedAt: null };
  if (connection.outstanding === 0) {
    connection.busySince = now;
    if (connection.turn) connection.turn.roundTrips += 1;
  }
  connection.outstanding += 1;
  return connection;
}

function answered(connection: Connection, text: string, started: number, rows: number): void {
  const now = performance.now();
  const ownStart = Math.max(started, connection.lastAnswerAt);
  connection.lastAnswerAt = now;
  connection.outstanding -= 1;
  const { turn } = connection;
  if (turn === null) {
    figures.otherQueries += 1;
    return;
  }
  const statement = text.replace(/\s+/g, ' ').trim().slice(0, 40);
  const tally = (figures.statements[statement] ??= { count: 0, ms: 0 });
  tally.count += 1;
  tally.ms += now - ownStart;
  if (/^SELECT seq, body FROM events WHERE seq >/.test(statement)) figures.tailRows += rows;
  if (/pg_advisory_xact_lock/.test(text) && turn.lockedAt === null) {
    figures.lockWaitMs += now - ownStart;
    turn.lockedAt = now;
  } else if (connection.outstanding === 0 && turn.lockedAt !== null) {
    figures.queriesInLockMs += now - Math.max(connection.busySince, turn.lockedAt);
  }
  if (/^\s*(COMMIT|ROLLBACK)\b/i.test(text)) {
    if (turn.lockedAt !== null) {
      figures.turns += 1;
      figures.turnRoundTrips += turn.roundTrips;
      figures.lockHeldMs += now - turn.lockedAt;
    }
    connection.turn = null;
  }
}

(pg.Client.prototype as unknown as { query: QueryFn }).query = function probedQuery(this: pg.Client, ...args: unknown[]) {
  const config = args[0] as string | { text?: string } | undefined;
  const text = typeof config === 'string' ? config : (config?.text ?? '');
  const started = performance.now();
  const connection = sent(this, text);
  const callbackAt = args.findIndex((arg, i) => i > 0 && typeof arg === 'function');
  if (callbackAt > 0) {
    const callback = args[callbackAt] as (...results: unknown[]) => void;
    args[callbackAt] = (...results: unknown[]) => {
      answered(connection, text, started, (results[1] as pg.QueryResult | undefined)?.rowCount ?? 0);
      callback(...results);
    };
    return query.apply(this, args);
  }
  const result = query.apply(this, args);
  if (result instanceof Promise) {
    return result.then(
      (answer: pg.QueryResult) => {
        answered(connection, text, started, answer.rowCount ?? 0);
        return answer;
      },
      (error: unknown) => {
        answered(connection, text, started, 0);
        throw error;
      },
    );
  }
  return result;
};

export function probeFigures(): ProbeFigures {
  return structuredClone(figures);
}

if (process.env.OMNIPULSE_PG_PROBE) {
  const file = process.env.OMNIPULSE_PG_PROBE;
  process.on('SIGUSR2', () => fs.writeFileSync(file, JSON.stringify(figures)));
}

/** The figures so far of a child process loaded with the probe (`OMNIPULSE_PG_PROBE=file`). */
export async function childProbeFigures(pid: number, file: string): Promise<ProbeFigures> {
  fs.rmSync(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  while (!fs.existsSync(file)) await new Promise((resolve) => setTimeout(resolve, 5));
  await new Promise((resolve) => setTimeout(resolve, 20));
  return JSON.parse(fs.readFileSync(file, 'utf8')) as ProbeFigures;
}

/** Per key: `combine(a, b)` (differences between two readings, sums over nodes). */
export function combineFigures(a: ProbeFigures, b: ProbeFigures, combine: (x: number, y: number) => number): ProbeFigures {
  const statements: ProbeFigures['statements'] = {};
  for (const statement of new Set([...Object.keys(a.statements), ...Object.keys(b.statements)])) {
    const [x, y] = [a.statements[statement] ?? { count: 0, ms: 0 }, b.statements[statement] ?? { count: 0, ms: 0 }];
    statements[statement] = { count: combine(x.count, y.count), ms: combine(x.ms, y.ms) };
  }
  const combined = { ...a, statements };
  for (const key of ['otherQueries', 'turns', 'turnRoundTrips', 'lockWaitMs', 'lockHeldMs', 'queriesInLockMs', 'tailRows'] as const) combined[key] = combine(a[key], b[key]);
  return combined;
}

/** One line: round trips and lock times per append turn, over `seconds` of wall time. */
export function describeTurns(figures: ProbeFigures, seconds: number): string {
  const turns = Math.max(1, figures.turns);
  const perTurn = (ms: number) => (ms / turns).toFixed(2);
  return (
    `${figures.turns} append turns, ${(figures.turnRoundTrips / turns).toFixed(1)} round trips each (+${(figures.otherQueries / turns).toFixed(1)} queries outside), ` +
    `a tail of ${(figures.tailRows / turns).toFixed(0)} events read in each; ` +
    `per turn: lock waited ${perTurn(figures.lockWaitMs)} ms, held ${perTurn(figures.lockHeldMs)} ms ` +
    `(${perTurn(figures.queriesInLockMs)} ms waiting on PostgreSQL's answers, ${perTurn(figures.lockHeldMs - figures.queriesInLockMs)} ms of node work); ` +
    `lock held ${((100 * figures.lockHeldMs) / 1000 / seconds).toFixed(0)} % of the wall time; per statement, ms per turn: ` +
    Object.entries(figures.statements)
      .filter(([, tally]) => tally.count > 0)
      .map(([statement, tally]) => `[${statement}] ${perTurn(tally.ms)}`)
      .join(', ')
  );
}

/** User + system CPU seconds of a process (Linux /proc), its reaped children included when asked. */
export function processCpuSeconds(pid: number, withReapedChildren = false): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14–17 of proc(5): utime, stime, cutime, cstime (clock ticks, 100 a second here).
  const ticks = fields.slice(11, withReapedChildren ? 15 : 13).reduce((sum, field) => sum + Number(field), 0);
  return ticks / 100;
}

/**
 * The CPU seconds a PostgreSQL server has used so far: its postmaster with every child
 * (backends, WAL writer…), the exited ones included. Counts from the postmaster of the
 * server at `url`, so other servers on the machine are not counted.
 */
export async function postgresCpuSeconds(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const backend = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  const postmaster = Number(/PPid:\s+(\d+)/.exec(fs.readFileSync(`/proc/${backend}/status`, 'utf8'))![1]);
  await client.end();
  let seconds = processCpuSeconds(postmaster, true);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === backend) continue;
    try {
      if (Number(/PPid:\s+(\d+)/.exec(fs.readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1]) === postmaster) seconds += processCpuSeconds(Number(entry));
    } catch {
      // The process ended meanwhile: the postmaster's reaped children count it.
    }
  }
  return seconds;
}
