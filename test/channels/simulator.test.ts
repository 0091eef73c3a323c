import { describe, expect, it } from 'vitest';
import { DEMO_SITE, isOnShift, localHour, siteSetupEvents, staffedSite } from '../../src/channels/demo-site.ts';
import { arrivalsPerHour, CUSTOMER_LINES, dailyCurve, Random, Simulator } from '../../src/channels/simulator.ts';
import { DEFAULT_DEMO_RATE, DEMO_QUIET_FLOOR } from '../../src/server/demo.ts';
import { CHANNELS, type DomainEvent } from '../../src/domain/events.ts';
import { expiredOffers, routeOnce } from '../../src/domain/routing.ts';
import type { QueuesReport } from '../../src/domain/queues-report.ts';
import { Engine } from '../../src/engine/engine.ts';

const analyzer = {
  analyze: () => ({ score: 0, level: 'neutral' as const, language: 'unknown' as const }),
  combine: () => 'neutral' as const,
};

/** 09:30 in Amsterdam (UTC+1 in March): the morning peak is building. */
const START = Date.parse('2025-03-12T08:30:00Z');

interface RunResult {
  engine: Engine;
  emitted: DomainEvent[];
  rejected: { event: unknown; message: string }[];
  routed: number;
  timedOut: number;
}

/** The server's loop in miniature: simulator events, then time-outs, then routing, every second. */
function run(seed: number, durationMs: number, rate = 1, onSecond?: (engine: Engine, now: number) => void): RunResult {
  const engine = new Engine({ analyzer });
  const simulator = new Simulator(DEMO_SITE, seed, { rate });
  const rejected: RunResult['rejected'] = [];
  const emitted: DomainEvent[] = [];
  let loopIds = 0;
  const submit = (event: DomainEvent) => {
    const outcome = engine.apply(event);
    if (outcome.status !== 'applied') rejected.push({ event, message: 'message' in outcome ? outcome.message : outcome.status });
  };
  for (const event of simulator.setup(START)) submit(event);
  let routed = 0;
  let timedOut = 0;
  for (let now = START; now <= START + durationMs; now += 1000) {
    const at = new Date(now).toISOString();
    for (const event of simulator.tick(engine.state, now)) {
      emitted.push(event);
      submit(event);
    }
    for (const offer of expiredOffers(engine.state, now)) {
      timedOut += 1;
      submit({ id: `loop-${++loopIds}`, type: 'conversation.rejected', at, conversationId: offer.conversationId, agentId: offer.agentId, reason: 'timeout' });
    }
    for (const decision of routeOnce(engine.state, now)) {
      routed += 1;
      submit({ id: `loop-${++loopIds}`, type: 'conversation.assigned', at, conversationId: decision.conversationId, agentId: decision.agentId, by: 'routing' });
    }
    onSecond?.(engine, now);
  }
  return { engine, emitted, rejected, routed, timedOut };
}

describe('traffic simulator (SPEC §3 events, §4 routing by the server)', () => {
  const hour = run(7, 60 * 60 * 1000);
  const conversations = [...hour.engine.state.conversations.values()];

  it('an hour of simulated traffic with routeOnce decisions applies without a refused event', () => {
    expect(hour.rejected.slice(0, 5)).toEqual([]);
    expect(hour.routed).toBeGreaterThan(50);
  });

  it('every channel appears', () => {
    expect(new Set(conversations.map((c) => c.channel))).toEqual(new Set(CHANNELS));
  });

  it('conversations get closed, some abandon, some are resolved after wrap-up', () => {
    const closed = conversations.filter((c) => c.status === 'closed');
    expect(closed.length).toBeGreaterThan(30);
    const abandoned = closed.filter((c) => c.direction === 'inbound' && c.firstAcceptedAt === null);
    expect(abandoned.length).toBeGreaterThan(0);
    expect(closed.some((c) => c.closeReason === 'resolved' && c.wrapUpSince !== null)).toBe(true);
  });

  it('agents accept, reject, hold, park, transfer and resume; offers time out', () => {
    const types = new Set(hour.emitted.map((e) => e.type));
    for (const type of [
      'conversation.accepted',
      'conversation.rejected',
      'conversation.held',
      'conversation.unheld',
      'conversation.parked',
      'conversation.resumed',
      'conversation.transferred',
      'conversation.wrapup',
      'agent.presence',
    ]) {
      expect(types, type).toContain(type);
    }
    expect(hour.timedOut).toBeGreaterThan(0);
    expect(conversations.some((c) => c.direction === 'outbound')).toBe(true);
  });

  it('customers write in English and Dutch, angry and happy', () => {
    const texts = new Set(
      hour.emitted.flatMap((e) => (e.type === 'conversation.message' && e.from === 'customer' ? [e.text] : [])),
    );
    const hits = (lines: string[]) => lines.some((line) => [...texts].some((text) => text.startsWith(line.split('{')[0]!)));
    expect(hits(CUSTOMER_LINES.en.angry)).toBe(true);
    expect(hits(CUSTOMER_LINES.en.happy)).toBe(true);
    expect(hits(CUSTOMER_LINES.nl.angry)).toBe(true);
    expect(hits(CUSTOMER_LINES.nl.happy)).toBe(true);
  });

  it('is deterministic: the same seed gives the same events', () => {
    const again = run(7, 10 * 60 * 1000);
    expect(again.emitted).toEqual(hour.emitted.slice(0, again.emitted.length));
    const other = run(8, 10 * 60 * 1000);
    expect(other.emitted).not.toEqual(again.emitted);
  });

  it('demo queues set targets and thresholds: some queue reaches warn or alert, the advice moves (queues report)', () => {
    const levels = new Set<string>();
    const advice = new Set<string>();
    run(7, 60 * 60 * 1000, 1, (engine, now) => {
      if ((now - START) % (5 * 60_000) !== 0) return;
      const report = engine.report('queues', { at: now, atIso: new Date(now).toISOString(), window: 'last24h', includeOpen: false, filters: {} }) as QueuesReport;
      for (const row of report.queues) {
        for (const alert of row.alerts) levels.add(`${row.id} ${alert.figure} ${alert.level}`);
        advice.add(`${row.id}:${row.staffing.agentsNeeded}`);
      }
    });
    expect(levels.size, [...levels].join(', ')).toBeGreaterThan(0);
    // The same queue is advised different numbers of agents as the morning goes on.
    const queuesAdvised = [...advice].map((entry) => entry.split(':')[0]);
    expect(queuesAdvised.length).toBeGreaterThan(new Set(queuesAdvised).size);
  });

  it('event ids are unique', () => {
    const ids = hour.emitted.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('arrivals rise and fall over the day', () => {
  it('the daily curve peaks in office hours and is low at night', () => {
    for (const channel of CHANNELS) {
      expect(dailyCurve(10.5, channel)).toBeGreaterThan(0.9);
      expect(dailyCurve(3, channel)).toBeLessThan(0.1);
    }
    expect(dailyCurve(20, 'whatsapp')).toBeGreaterThan(dailyCurve(20, 'email'));
  });

  it('a night hour brings far fewer conversations than a morning hour', () => {
    const count = (startIso: string) => {
      const simulator = new Simulator(DEMO_SITE, 3);
      const engine = new Engine({ analyzer });
      const start = Date.parse(startIso);
      for (const event of simulator.setup(start)) engine.apply(event);
      let created = 0;
      for (let now = start; now <= start + 3_600_000; now += 5000) {
        for (const event of simulator.tick(engine.state, now)) {
          if (event.type === 'conversation.created') created += 1;
          engine.apply(event);
        }
      }
      return created;
    };
    expect(count('2025-03-12T02:00:00Z')).toBeLessThan(count('2025-03-12T09:00:00Z') / 4);
  });
});

describe('the demo is alive at any hour', () => {
  const perHour = (hour: number, rate: number, quietFloor?: number) =>
    CHANNELS.reduce((sum, channel) => sum + arrivalsPerHour(DEMO_SITE, channel, hour, rate, quietFloor), 0);
  const quarterHours = Array.from({ length: 96 }, (_, i) => i / 4);

  it('at the default demo rate the quietest moment of the day still brings a new conversation every few seconds', () => {
    const quietest = Math.min(...quarterHours.map((hour) => perHour(hour, DEFAULT_DEMO_RATE, DEMO_QUIET_FLOOR)));
    expect(3_600 / quietest).toBeLessThanOrEqual(6);
    // Without the floor the site's own night is minutes between arrivals: the floor does it.
    expect(3_600 / Math.min(...quarterHours.map((hour) => perHour(hour, DEFAULT_DEMO_RATE)))).toBeGreaterThan(60);
  });

  it('the floor keeps the shape of the day: the peak still brings twice the quietest hour', () => {
    const rates = quarterHours.map((hour) => perHour(hour, DEFAULT_DEMO_RATE, DEMO_QUIET_FLOOR));
    expect(Math.max(...rates)).toBeGreaterThan(2 * Math.min(...rates));
  });

  it('the demo site has agents on shift at every hour', () => {
    for (const hour of quarterHours) expect(DEMO_SITE.agents.filter((demoAgent) => isOnShift(demoAgent, hour)).length, `hour ${hour}`).toBeGreaterThanOrEqual(3);
  });
});

describe('demo site', () => {
  it('has several queues with different priorities, methods and skill modes, one with a sentiment alert', () => {
    const { queues, agents } = DEMO_SITE;
    expect(new Set(queues.map((q) => q.priority)).size).toBe(queues.length);
    expect(new Set(queues.map((q) => q.assignment)).size).toBe(3);
    expect(new Set(queues.map((q) => q.skillMatch)).size).toBe(3);
    expect(queues.some((q) => q.sentimentAlert === 'negative')).toBe(true);
    expect(agents.length).toBeGreaterThanOrEqual(12);
    expect(agents.length).toBeLessThanOrEqual(20);
    for (const agent of agents) for (const queueId of agent.queueIds) expect(queues.map((q) => q.queueId)).toContain(queueId);
  });

  it('setup events are valid and put on-shift agents available, others offline', () => {
    const engine = new Engine({ analyzer });
    let n = 0;
    for (const event of siteSetupEvents(DEMO_SITE, START, () => `s${++n}`)) expect(engine.apply(event).status).toBe('applied');
    expect(localHour(START, DEMO_SITE.timeZone)).toBeCloseTo(9.5);
    expect(engine.state.agents.get('a-anna')!.presence).toBe('available');
    expect(engine.state.agents.get('a-olivia')!.presence).toBe('offline');
    expect(engine.state.queues.get('complaints')!.sentimentAlert).toBe('negative');
  });
});

describe('Random', () => {
  it('is seeded and in [0, 1)', () => {
    const a = new Random(42);
    const b = new Random(42);
    const values = Array.from({ length: 1000 }, () => a.next());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b.next()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
  });
});

describe('the demo staffed for its rate', () => {
  it('adds whole crews: the same queues, skills, capacity and shifts, new ids and names, all unique', () => {
    const site = staffedSite(DEMO_SITE, 3);
    expect(site.agents).toHaveLength(DEMO_SITE.agents.length * 3);
    expect(new Set(site.agents.map((demoAgent) => demoAgent.agentId)).size).toBe(site.agents.length);
    expect(new Set(site.agents.map((demoAgent) => demoAgent.name)).size).toBe(site.agents.length);
    for (const [index, demoAgent] of site.agents.entries()) {
      const original = DEMO_SITE.agents[index % DEMO_SITE.agents.length]!;
      expect({ ...demoAgent, agentId: original.agentId, name: original.name }).toEqual(original);
    }
    expect(staffedSite(DEMO_SITE, 1)).toEqual(DEMO_SITE);
    // Every crew's agents can be set up: the engine takes the events of the staffed site.
    const engine = new Engine({ analyzer });
    let n = 0;
    for (const event of siteSetupEvents(site, START, () => `s${++n}`)) expect(engine.apply(event).status).toBe('applied');
    expect(engine.state.agents.size).toBe(site.agents.length);
  });
});
