/**
 * The live feed's view of a SPEC §8 report (SPEC §9 WebSocket, DESIGN.md "The browser
 * ticks the clocks"): the report as the REST API gives it, plus the timestamps the browser
 * needs to tick the growing durations itself, and the diff that turns two such reports
 * into a patch that carries only real changes.
 *
 * Clock-driven fields are never compared: `waitSeconds` / `handleSeconds` of ongoing rows,
 * `presenceSeconds` of agent rows, `longestWaitSeconds` of the summary and voice KPIs
 * (that one is sent again whenever the longest wait starts elsewhere), and a queue
 * row's `longestWaitSeconds` with the value of its longest-wait alert (the row is sent
 * again when its longest wait starts elsewhere, or an alert starts, ends or changes level).
 */
import { currentWaitMs, firstWaitMs, isInQueue, sessionHandleMs } from '../../domain/metrics.js';
import type { Conversation } from '../../domain/model.js';
import type { QueueAlert } from '../../domain/queue-alerts.js';
import type { QueueRow, QueuesReport } from '../../domain/queues-report.js';
import type {
  AgentRow,
  AgentsReport,
  OngoingReport,
  OngoingRow,
  Report,
  ReportKind,
  SummaryReport,
  VoiceReport,
} from '../../domain/reports.js';
import type { ReportQuery } from '../../domain/window.js';
import { toIso } from '../../domain/window.js';
import type { Engine } from '../../engine/engine.js';

/** What the live feed reads of the engine. */
export type LiveEngine = Pick<Engine, 'report' | 'state' | 'projections'>;

/** What the browser needs to tick an ongoing row's clocks. */
export interface RowClocks {
  /** While the wait grows: its start (`waitSeconds` = now − this); null when it is fixed. */
  waitStartedAt: string | null;
  /** Handle time of the sessions that ended, in ms. */
  handleBaseMs: number;
  /** While an accepted session runs: its acceptance (`handleSeconds` = (base + now − this) / 1000). */
  handleRunningSince: string | null;
}

export type LiveOngoingRow = OngoingRow & RowClocks;
export type LiveAgentRow = AgentRow & { presenceSince: string };
/** `longestWaitSince`: start of the queue's longest current wait (`longestWaitSeconds` = now − this), or null. */
export type LiveQueueRow = QueueRow & { longestWaitSince: string | null };
export interface LiveWaitClock {
  /** Start of the longest current wait (`longestWaitSeconds` = now − this); null when none waits. */
  longestWaitSince: string | null;
}

export type LiveOngoingReport = Omit<OngoingReport, 'conversations'> & { conversations: LiveOngoingRow[] };
export type LiveAgentsReport = Omit<AgentsReport, 'agents'> & { agents: LiveAgentRow[] };
export type LiveSummaryReport = Omit<SummaryReport, 'kpis'> & { kpis: SummaryReport['kpis'] & LiveWaitClock };
export type LiveVoiceReport = Omit<VoiceReport, 'kpis'> & { kpis: VoiceReport['kpis'] & LiveWaitClock };
export type LiveQueuesReport = Omit<QueuesReport, 'queues'> & { queues: LiveQueueRow[] };
export type LiveReport = LiveOngoingReport | LiveAgentsReport | LiveSummaryReport | LiveVoiceReport | LiveQueuesReport;

export type RowsPatch<Row> = { upsert: Row[]; remove: string[] };
export type KpisPatch = { kpis: Record<string, unknown> };
export type PatchBody = { at: string; window?: { from: string; to: string } } & (
  | RowsPatch<LiveOngoingRow>
  | RowsPatch<LiveAgentRow>
  | RowsPatch<LiveQueueRow>
  | KpisPatch
);

export const ONGOING_CLOCKS: ReadonlySet<string> = new Set(['waitSeconds', 'handleSeconds']);
const AGENT_CLOCKS = new Set(['presenceSeconds']);
const KPI_CLOCKS = new Set(['longestWaitSeconds']);
/** `alerts` are compared by `isSameAlerts`, which leaves out the ticking longest wait. */
const QUEUE_CLOCKS = new Set(['longestWaitSeconds', 'alerts']);

/** Tick timestamps of one row, as epoch ms (ISO only when sent). */
export type RowTicks = Record<string, number | null>;

/**
 * A computed live report: the engine's report as it is, and beside each row its tick
 * timestamps. Rows become `Live…Row`s only when sent (a snapshot, an upsert), so a tick in
 * which little changed costs one report and one comparison, not a copy of every row.
 */
export interface LiveState {
  kind: ReportKind;
  report: Report;
  /** Ongoing, agents and queues: the ticks of `rows()[i]`. */
  ticks: RowTicks[];
  /** Summary and voice: since when the longest wait runs (the longest wait is resent when this moves). */
  longestWaitSince: number | null;
}

export function rowTicks(conversation: Conversation, at: number): RowTicks {
  const first = firstWaitMs(conversation);
  const isWaitRunning = isInQueue(conversation) || first === null;
  let handleBaseMs = 0;
  let handleRunningSince: number | null = null;
  for (const session of conversation.sessions) {
    if (session.endedAt !== null) handleBaseMs += sessionHandleMs(session, at);
    else if (session.acceptedAt !== null) handleRunningSince = session.acceptedAt;
  }
  return { waitStartedAt: isWaitRunning ? at - currentWaitMs(conversation, at) : null, handleBaseMs, handleRunningSince };
}

function rowsOf(state: LiveState): readonly { id: string }[] {
  if (state.kind === 'ongoing') return (state.report as OngoingReport).conversations;
  if (state.kind === 'agents') return (state.report as AgentsReport).agents;
  if (state.kind === 'queues') return (state.report as QueuesReport).queues;
  return [];
}

/**
 * Adds the tick timestamps to a report computed by the engine at `query.at`; the longest
 * waits come from the engine's in-queue index, as the report's own figures do.
 */
export function toLiveState(engine: LiveEngine, kind: ReportKind, report: Report, query: ReportQuery): LiveState {
  const { state } = engine;
  switch (kind) {
    case 'ongoing': {
      const ticks = (report as OngoingReport).conversations.map((row) => {
        const conversation = state.conversations.get(row.id);
        if (!conversation) throw new Error(`ongoing row ${row.id} has no conversation`);
        return rowTicks(conversation, query.at);
      });
      return { kind, report, ticks, longestWaitSince: null };
    }
    case 'agents': {
      const ticks = (report as AgentsReport).agents.map((row) => {
        const agent = state.agents.get(row.id);
        if (!agent) throw new Error(`agent row ${row.id} has no agent`);
        return { presenceSince: agent.presenceSince };
      });
      return { kind, report, ticks, longestWaitSince: null };
    }
    case 'queues': {
      const rows = (report as QueuesReport).queues;
      const longestWaitSince = engine.projections.longestWaitSinceByQueue(query, rows.map((row) => row.id));
      const ticks = rows.map((row) => ({ longestWaitSince: longestWaitSince.get(row.id) ?? null }));
      return { kind, report, ticks, longestWaitSince: null };
    }
    case 'summary':
    case 'voice':
      return { kind, report, ticks: [], longestWaitSince: engine.projections.longestWaitSince(query, kind === 'voice') };
  }
}

/** A row with its tick timestamps as ISO strings, as it is sent. */
export function liveRow<Row>(row: object, ticks: RowTicks): Row {
  const live: Record<string, unknown> = { ...row };
  for (const key in ticks) {
    const ms = ticks[key]!;
    live[key] = key === 'handleBaseMs' || ms === null ? ms : toIso(ms);
  }
  return live as Row;
}

/** The SPEC §8 report with the tick timestamps, as a snapshot sends it. */
export function liveReport(state: LiveState): LiveReport {
  switch (state.kind) {
    case 'ongoing': {
      const report = state.report as OngoingReport;
      return { ...report, conversations: report.conversations.map((row, i) => liveRow<LiveOngoingRow>(row, state.ticks[i]!)) };
    }
    case 'agents': {
      const report = state.report as AgentsReport;
      return { ...report, agents: report.agents.map((row, i) => liveRow<LiveAgentRow>(row, state.ticks[i]!)) };
    }
    case 'queues': {
      const report = state.report as QueuesReport;
      return { ...report, queues: report.queues.map((row, i) => liveRow<LiveQueueRow>(row, state.ticks[i]!)) };
    }
    default: {
      const report = state.report as SummaryReport | VoiceReport;
      const longestWaitSince = state.longestWaitSince === null ? null : toIso(state.longestWaitSince);
      return { ...report, kpis: { ...report.kpis, longestWaitSince } } as LiveSummaryReport | LiveVoiceReport;
    }
  }
}

function isSameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

export function isSameRow(a: object, b: object, clocks: ReadonlySet<string>): boolean {
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let keys = 0;
  for (const key in left) {
    keys += 1;
    if (!clocks.has(key) && !isSameValue(left[key], right[key])) return false;
  }
  for (const _ in right) keys -= 1;
  return keys === 0;
}

/** Same alerts, the longest-wait alert's ticking value aside. */
function isSameAlerts(a: readonly QueueAlert[], b: readonly QueueAlert[]): boolean {
  return (
    a.length === b.length &&
    a.every((alert, i) => {
      const other = b[i]!;
      const isSameValue = alert.figure === 'longestWaitSeconds' || alert.value === other.value;
      return alert.figure === other.figure && alert.level === other.level && alert.threshold === other.threshold && isSameValue;
    })
  );
}

function isSameQueueRow(a: QueueRow, b: QueueRow): boolean {
  return isSameRow(a, b, QUEUE_CLOCKS) && isSameAlerts(a.alerts, b.alerts);
}

export function isSameTicks(a: RowTicks, b: RowTicks): boolean {
  for (const key in a) if (a[key] !== b[key]) return false;
  return true;
}

/** Rows added or changed (beyond their clocks) and ids gone; the order of `next` is kept. */
function diffRows<Row>(
  previous: LiveState,
  next: LiveState,
  isSame: (a: object, b: object) => boolean,
): RowsPatch<Row> | null {
  const previousRows = rowsOf(previous);
  const before = new Map<string, number>();
  previousRows.forEach((row, i) => before.set(row.id, i));
  const upsert: Row[] = [];
  rowsOf(next).forEach((row, i) => {
    const index = before.get(row.id);
    const ticks = next.ticks[i]!;
    if (index === undefined || !isSame(previousRows[index]!, row) || !isSameTicks(previous.ticks[index]!, ticks)) {
      upsert.push(liveRow<Row>(row, ticks));
    }
    before.delete(row.id);
  });
  const remove = [...before.keys()];
  return upsert.length === 0 && remove.length === 0 ? null : { upsert, remove };
}

function diffKpis(previous: LiveState, next: LiveState): KpisPatch | null {
  const before = (previous.report as SummaryReport).kpis as unknown as Record<string, unknown>;
  const after = (next.report as SummaryReport).kpis as unknown as Record<string, unknown>;
  const changed: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (!KPI_CLOCKS.has(key) && !isSameValue(before[key], after[key])) changed[key] = after[key];
  }
  // The longest wait ticks in the browser from its start; a new start resets it.
  if (previous.longestWaitSince !== next.longestWaitSince) {
    changed.longestWaitSeconds = after.longestWaitSeconds;
    changed.longestWaitSince = next.longestWaitSince === null ? null : toIso(next.longestWaitSince);
  }
  return Object.keys(changed).length === 0 ? null : { kpis: changed };
}

/** The patch from `previous` to `next`, or null when only the clocks moved. */
export function diffLiveStates(previous: LiveState, next: LiveState): PatchBody | null {
  let body: RowsPatch<LiveOngoingRow> | RowsPatch<LiveAgentRow> | RowsPatch<LiveQueueRow> | KpisPatch | null;
  switch (next.kind) {
    case 'ongoing':
      body = diffRows<LiveOngoingRow>(previous, next, (a, b) => isSameRow(a, b, ONGOING_CLOCKS));
      break;
    case 'agents':
      body = diffRows<LiveAgentRow>(previous, next, (a, b) => isSameRow(a, b, AGENT_CLOCKS));
      break;
    case 'queues':
      body = diffRows<LiveQueueRow>(previous, next, (a, b) => isSameQueueRow(a as QueueRow, b as QueueRow));
      break;
    default:
      body = diffKpis(previous, next);
  }
  if (!body) return null;
  const window = 'window' in next.report ? next.report.window : undefined;
  return window ? { at: next.report.at, window, ...body } : { at: next.report.at, ...body };
}
