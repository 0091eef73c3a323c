/**
 * `bin/omnipulse simulate --url URL --token TOKEN [--rate N] [--duration S] [--seed N]`
 * (SPEC §9): plays the demo site's customers and agents against a running server through
 * the ingest API, like an external platform would. It keeps a mirror of the state from the
 * events the server accepted and routes on it itself (`conversation.assigned` by routing);
 * events the server refuses (e.g. because the server's own routing loop was faster) are
 * dropped from the mirror. Start the server with `--no-routing` to let this command route alone.
 */
import { parseArgs } from 'node:util';
import { DEMO_SITE } from '../channels/demo-site.js';
import { Simulator } from '../channels/simulator.js';
import type { DomainEvent } from '../domain/events.js';
import { DEFAULT_OFFER_TIMEOUT_MS, expiredOffers, routeOnce } from '../domain/routing.js';
import { Engine } from '../engine/engine.js';
import type { SentimentAnalyzer } from '../sentiment/analyzer.js';

const USAGE = 'usage: omnipulse simulate --url URL --token TOKEN [--rate N] [--duration SECONDS] [--seed N] [--tick-ms MS]';

/** The mirror only needs statuses and loads; the server scores the messages. */
const MIRROR_ANALYZER: SentimentAnalyzer = {
  analyze: () => ({ score: 0, level: 'neutral', language: 'unknown' }) as ReturnType<SentimentAnalyzer['analyze']>,
  combine: () => 'neutral',
};

export interface SimulateOptions {
  url: string;
  token: string;
  rate: number;
  /** Stop after this long (ms); undefined: until SIGINT/SIGTERM or `signal`. */
  durationMs?: number;
  seed: number;
  tickMs: number;
  signal?: AbortSignal;
  now?: () => number;
  log?: (line: string) => void;
}

export interface SimulateTotals {
  sent: number;
  accepted: number;
  duplicates: number;
  rejected: number;
}

interface IngestAnswer {
  accepted: number;
  duplicates: number;
  rejected: { index: number; error: { code: string; message: string } }[];
}

/** Drives a server until the duration ends or the signal aborts; returns the totals. */
export async function simulate(options: SimulateOptions): Promise<SimulateTotals> {
  const now = options.now ?? Date.now;
  const endpoint = new URL('/api/v1/events', options.url).toString();
  const mirror = new Engine({ analyzer: MIRROR_ANALYZER });
  const simulator = new Simulator(DEMO_SITE, options.seed, { rate: options.rate, idPrefix: `sim-${options.seed}-${now().toString(36)}` });
  const totals: SimulateTotals = { sent: 0, accepted: 0, duplicates: 0, rejected: 0 };
  let routingIds = 0;

  const send = async (events: DomainEvent[]): Promise<void> => {
    if (events.length === 0) return;
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
      body: JSON.stringify(events),
      signal: options.signal,
    });
    if (!response.ok) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
    const answer = (await response.json()) as IngestAnswer;
    const refused = new Set(answer.rejected.map((rejection) => rejection.index));
    events.forEach((event, index) => {
      if (!refused.has(index)) mirror.apply(event);
    });
    totals.sent += events.length;
    totals.accepted += answer.accepted;
    totals.duplicates += answer.duplicates;
    totals.rejected += answer.rejected.length;
  };

  const route = (at: number): DomainEvent[] => {
    const iso = new Date(at).toISOString();
    const prefix = `sim-route-${options.seed}-${at.toString(36)}`;
    const events: DomainEvent[] = [];
    for (const offer of expiredOffers(mirror.state, at, DEFAULT_OFFER_TIMEOUT_MS)) {
      events.push({ id: `${prefix}-${routingIds++}`, type: 'conversation.rejected', at: iso, conversationId: offer.conversationId, agentId: offer.agentId, reason: 'timeout' });
    }
    return events;
  };

  const started = now();
  await send(simulator.setup(started));
  while (!options.signal?.aborted && (options.durationMs === undefined || now() - started < options.durationMs)) {
    const tickStart = now();
    await send(simulator.tick(mirror.state, tickStart));
    await send(route(tickStart));
    await send(
      routeOnce(mirror.state, tickStart).map((decision) => ({
        id: `sim-route-${options.seed}-${tickStart.toString(36)}-${routingIds++}`,
        type: 'conversation.assigned',
        at: new Date(tickStart).toISOString(),
        conversationId: decision.conversationId,
        agentId: decision.agentId,
        by: 'routing',
      })),
    );
    options.log?.(`sent ${totals.sent} events: ${totals.accepted} accepted, ${totals.duplicates} duplicates, ${totals.rejected} rejected`);
    const wait = options.tickMs - (now() - tickStart);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  return totals;
}

export async function runSimulate(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        url: { type: 'string' },
        token: { type: 'string' },
        rate: { type: 'string' },
        duration: { type: 'string' },
        seed: { type: 'string' },
        'tick-ms': { type: 'string' },
      },
    }));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  const token = values.token ?? process.env.OMNIPULSE_INGEST_TOKEN;
  if (!values.url || !token) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const rate = Number(values.rate ?? 1);
  const duration = values.duration === undefined ? undefined : Number(values.duration);
  const tickMs = Number(values['tick-ms'] ?? 1000);
  // Bounded: at most 100× the demo site's traffic and at least 50 ms between ticks.
  if (!(rate > 0 && rate <= 100)) return usageError('--rate: a number in (0, 100]');
  if (duration !== undefined && !(duration > 0)) return usageError('--duration: seconds > 0');
  if (!(tickMs >= 50)) return usageError('--tick-ms: at least 50');
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const totals = await simulate({
      url: values.url,
      token,
      rate,
      durationMs: duration === undefined ? undefined : duration * 1000,
      seed: Number(values.seed ?? Date.now() % 1_000_000),
      tickMs,
      signal: controller.signal,
      log: (line) => process.stderr.write(`${line}\n`),
    });
    process.stdout.write(`${JSON.stringify(totals)}\n`);
    return 0;
  } catch (error) {
    if (controller.signal.aborted) return 0;
    throw error;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

function usageError(message: string): number {
  process.stderr.write(`${message}\n${USAGE}\n`);
  return 2;
}
