/**
 * `omnipulse start --demo` (SPEC §9): the demo site's queues and agents, demo users with
 * documented passwords (docs/api.md), and the simulator playing customers and agents
 * in-process through `pipeline.submit`, while the server's routing loop routes.
 */
import type { EventPipeline } from '../engine/pipeline.js';
import type { RoutingLoop } from '../engine/routing-loop.js';
import { DEMO_SITE, staffedSite } from '../channels/demo-site.js';
import { Simulator } from '../channels/simulator.js';
import type { NewUser, Users } from './users.js';

/** Documented in docs/api.md; for a demo on a laptop, never for production. */
export const DEMO_USERS: readonly NewUser[] = [
  { username: 'admin', password: 'admin-demo', role: 'admin' },
  { username: 'supervisor', password: 'supervisor-demo', role: 'supervisor', queueIds: DEMO_SITE.queues.map((q) => q.queueId) },
  { username: 'teamlead', password: 'teamlead-demo', role: 'supervisor', queueIds: DEMO_SITE.queues.slice(0, 2).map((q) => q.queueId) },
  { username: 'agent', password: 'agent-demo', role: 'agent', agentId: DEMO_SITE.agents[0]!.agentId },
];

export async function seedDemoUsers(users: Users): Promise<string[]> {
  const created: string[] = [];
  for (const user of DEMO_USERS) {
    if (await users.createIfAbsent(user)) created.push(user.username);
  }
  return created;
}

/**
 * The demo's default multiple of the site's realistic arrival rates: at 1 a quiet hour
 * brings a conversation every few minutes, and someone trying the product should see the
 * reports move within seconds. `--demo-rate 1` gives the realistic volumes.
 */
export const DEFAULT_DEMO_RATE = 8;

/**
 * No hour of the demo brings fewer arrivals than this share of the busiest moment's (the
 * site's own curve falls to 4 % at night): at the default rate the quietest hour still
 * brings a new conversation every ~6 s, so the console is alive whenever someone opens it.
 */
export const DEMO_QUIET_FLOOR = 0.45;

/** How much past a demo on an empty log fills before it plays live (docs/decisions.md "Demo"). */
export const DEMO_HISTORY_MS = 24 * 3_600_000;

/** The back-fill's step: the live demo ticks every second, the past every 5 s (5× fewer passes). */
const HISTORY_TICK_MS = 5_000;
/** Steps submitted together, then awaited: one group commit of ~100 s of traffic at a time. */
const HISTORY_TICKS_PER_BATCH = 20;

export interface DemoRunOptions {
  pipeline: EventPipeline;
  now?: () => number;
  /** Multiplies the site's arrival rates. */
  rate?: number;
  /**
   * Crews of the site's agents (default: `demoCrews(rate)`). The browser tests take 1: with
   * their 30× traffic and one crew, conversations wait open long enough to be acted on.
   */
  crews?: number;
  tickMs?: number;
  seed?: number;
  onError?: (error: unknown) => void;
  /** Whether this node plays the demo now (one node of many does); default always. */
  isLeader?: () => boolean;
}

/** What the back-fill did (logged by the server). */
export interface DemoHistory {
  from: number;
  to: number;
  events: number;
  ms: number;
}

/**
 * The crews that staff the demo at `rate`: one per unit of rate, at most as many as the
 * default rate has (a test's 30× or 60× traffic does not need 500 agents).
 */
export function demoCrews(rate: number): number {
  return Math.min(DEFAULT_DEMO_RATE, Math.max(1, Math.round(rate)));
}

/** Runs the simulator until `stop()`; each tick is decided and submitted in the same tick. */
export class DemoRunner {
  private timer: NodeJS.Timeout | null = null;
  private isStopped = false;
  private isPaused = false;
  private history: DemoHistory | null = null;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly simulator: Simulator;
  private readonly now: () => number;

  constructor(private readonly options: DemoRunOptions) {
    this.now = options.now ?? Date.now;
    const seed = options.seed ?? Math.floor(this.now() / 1000) % 1_000_000;
    // A fresh id prefix per run: the log already holds the ids of earlier runs.
    const rate = options.rate ?? DEFAULT_DEMO_RATE;
    this.simulator = new Simulator(staffedSite(DEMO_SITE, options.crews ?? demoCrews(rate)), seed, {
      rate,
      quietFloor: DEMO_QUIET_FLOOR,
      idPrefix: `demo-${this.now().toString(36)}`,
    });
  }

  /** Sets the site up (queues, agents, presence) as of `from`: where the past to fill starts. */
  async setUp(from = this.now()): Promise<void> {
    const result = await this.options.pipeline.submit(this.simulator.setup(from));
    this.history = { from, to: from, events: result.accepted, ms: 0 };
  }

  /**
   * Plays the simulator from the set-up moment to the clock's now in steps of 5 s — the same
   * simulator, its events written to the log like live ones, routed by `routing` as of each
   * step — then ticks live. Resolves when it ticks live (or was stopped during the
   * back-fill), with what the back-fill wrote.
   */
  async play(routing?: RoutingLoop): Promise<DemoHistory> {
    const history = this.history ?? { from: this.now(), to: this.now(), events: 0, ms: 0 };
    const startedAt = performance.now();
    let at = history.from;
    let events = history.events;
    while (!this.isStopped && at + HISTORY_TICK_MS <= this.now() && this.isLeader()) {
      let last: Promise<unknown> = Promise.resolve();
      for (let step = 0; step < HISTORY_TICKS_PER_BATCH && at + HISTORY_TICK_MS <= this.now(); step += 1) {
        at += HISTORY_TICK_MS;
        last = this.submitTick(at).then((accepted) => {
          events += accepted;
        });
        if (routing) {
          last = routing.runOnce(at).then((applied) => {
            events += applied.length;
          });
        }
      }
      await last;
      // Let requests in between: the back-fill shares the event loop with the server.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (!this.isStopped) {
      this.timer = setInterval(() => this.tick(), this.options.tickMs ?? 1_000);
      this.timer.unref();
    }
    return { from: history.from, to: at, events, ms: Math.round(performance.now() - startedAt) };
  }

  tick(): void {
    if (this.isPaused || !this.isLeader()) return;
    void this.submitTick(this.now());
  }

  /**
   * Holds the live traffic (customers and agents stand still; routing goes on) until
   * `resume()`: for a browser test that acts on one row while nothing else moves it.
   */
  pause(): void {
    this.isPaused = true;
  }

  resume(): void {
    this.isPaused = false;
  }

  private isLeader(): boolean {
    return this.options.isLeader?.() ?? true;
  }

  /** One step, decided when applied: the simulator plays against exactly the state its events meet. */
  private submitTick(at: number): Promise<number> {
    const { pipeline } = this.options;
    const submitted = pipeline.submit(() => this.simulator.tick(pipeline.engine.state, at)).then(
      (result) => result.accepted,
      (error: unknown) => {
        this.options.onError?.(error);
        return 0;
      },
    );
    this.inFlight.add(submitted);
    void submitted.finally(() => this.inFlight.delete(submitted));
    return submitted;
  }

  async stop(): Promise<void> {
    this.isStopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.inFlight]);
  }
}
