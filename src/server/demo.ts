/**
 * `omnipulse start --demo` (SPEC §9): the demo site's queues and agents, demo users with
 * documented passwords (docs/api.md), and the simulator playing customers and agents
 * in-process through `pipeline.submit`, while the server's routing loop routes.
 */
import type { EventPipeline } from '../engine/pipeline.js';
import { DEMO_SITE } from '../channels/demo-site.js';
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
    if ((await users.byUsername(user.username))) continue;
    await users.create(user);
    created.push(user.username);
  }
  return created;
}

/**
 * The demo's default multiple of the site's realistic arrival rates: at 1 a quiet hour
 * brings a conversation every few minutes, and someone trying the product should see the
 * reports move within seconds. `--demo-rate 1` gives the realistic volumes.
 */
export const DEFAULT_DEMO_RATE = 8;

export interface DemoRunOptions {
  pipeline: EventPipeline;
  now?: () => number;
  /** Multiplies the site's arrival rates. */
  rate?: number;
  tickMs?: number;
  seed?: number;
  onError?: (error: unknown) => void;
  /** Whether this node plays the demo now (one node of many does); default always. */
  isLeader?: () => boolean;
}

/** Runs the simulator until `stop()`; each tick is decided and submitted in the same tick. */
export class DemoRunner {
  private timer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly simulator: Simulator;
  private readonly now: () => number;

  constructor(private readonly options: DemoRunOptions) {
    this.now = options.now ?? Date.now;
    const seed = options.seed ?? Math.floor(this.now() / 1000) % 1_000_000;
    // A fresh id prefix per run: the log already holds the ids of earlier runs.
    this.simulator = new Simulator(DEMO_SITE, seed, { rate: options.rate ?? DEFAULT_DEMO_RATE, idPrefix: `demo-${this.now().toString(36)}` });
  }

  async start(): Promise<void> {
    await this.options.pipeline.submit(this.simulator.setup(this.now()));
    this.timer = setInterval(() => this.tick(), this.options.tickMs ?? 1_000);
    this.timer.unref();
  }

  tick(): void {
    const { pipeline } = this.options;
    if (this.options.isLeader && !this.options.isLeader()) return;
    // Decided when applied: the simulator plays against exactly the state its events meet.
    const submitted = pipeline.submit(() => this.simulator.tick(pipeline.engine.state, this.now())).then(
      () => {},
      (error: unknown) => this.options.onError?.(error),
    );
    this.inFlight.add(submitted);
    void submitted.finally(() => this.inFlight.delete(submitted));
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.inFlight]);
  }
}
