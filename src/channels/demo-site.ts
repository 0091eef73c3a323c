/**
 * The demo site that `omnipulse start --demo` seeds and the simulator drives (SPEC §9): a
 * Dutch-English contact centre with queues of different priorities, assignment methods and
 * skill match modes, and 16 agents with skills and working hours.
 */
import type { Channel, DomainEvent } from '../domain/events.js';
import type { Queue, SkillLevels } from '../domain/model.js';
import type { SentimentLevel } from '../domain/sentiment-scale.js';

export type Language = 'en' | 'nl';

/** A demo queue: the queue's settings (SPEC §1) plus how the simulator feeds it. */
export interface DemoQueue
  extends Pick<
    Queue,
    'name' | 'priority' | 'assignment' | 'skillMatch' | 'serviceLevelSeconds' | 'serviceLevelTarget' | 'channels' | 'keepSameAgent' | 'thresholds'
  > {
  queueId: string;
  sentimentAlert?: SentimentLevel;
  /** Share of the site's arrivals on a channel that come to this queue (relative weights). */
  weight: number;
  /** The skill a conversation of this queue requires, with the range of minimum levels. */
  topicSkill?: { skill: string; minLevel: [number, number] };
  subjects: Record<Language, string[]>;
}

export interface DemoAgent {
  agentId: string;
  name: string;
  queueIds: string[];
  skills: SkillLevels;
  capacityUnits?: number;
  /** Working hours in the site's time zone, [from, to) in hours; `to` may pass midnight. */
  shift: { from: number; to: number };
}

export interface DemoSite {
  name: string;
  timeZone: string;
  /** Arrivals per hour on each channel at the busiest moment of the day. */
  peakArrivalsPerHour: Record<Channel, number>;
  /** Share of customers writing in Dutch (the others write in English). */
  dutchShare: number;
  /** Share of conversations started by an agent (outbound) on voice and email. */
  outboundShare: number;
  queues: DemoQueue[];
  agents: DemoAgent[];
}

export const DEMO_SITE: DemoSite = {
  name: 'Omnipulse demo — Noordzee Retail',
  timeZone: 'Europe/Amsterdam',
  peakArrivalsPerHour: { chat: 55, voice: 30, whatsapp: 30, email: 24, sms: 10, facebook: 12, teams: 8, custom: 6 },
  dutchShare: 0.45,
  outboundShare: 0.12,
  queues: [
    {
      queueId: 'vip',
      name: 'VIP customers',
      priority: 1,
      assignment: 'highest-capacity',
      skillMatch: 'exact',
      serviceLevelSeconds: 10,
      serviceLevelTarget: 0.9,
      channels: ['voice', 'chat', 'whatsapp'],
      keepSameAgent: true,
      // Tight on purpose: with demo traffic the VIP queue goes to warn and alert during the day.
      thresholds: {
        longestWaitSeconds: { warn: 30, alert: 90 },
        inQueue: { warn: 1, alert: 3 },
        serviceLevel: { warn: 0.85, alert: 0.7 },
      },
      weight: 1,
      topicSkill: { skill: 'vip', minLevel: [5, 8] },
      subjects: {
        en: ['Premium membership renewal', 'Personal shopper request', 'Priority delivery change'],
        nl: ['Verlenging premium lidmaatschap', 'Aanvraag personal shopper', 'Wijziging spoedlevering'],
      },
    },
    {
      queueId: 'complaints',
      name: 'Complaints',
      priority: 2,
      assignment: 'least-active',
      skillMatch: 'closest',
      serviceLevelSeconds: 30,
      serviceLevelTarget: 0.8,
      channels: ['voice', 'chat', 'email', 'facebook', 'whatsapp'],
      keepSameAgent: true,
      thresholds: { abandonedRate: { warn: 0.08, alert: 0.15 }, averageSpeedToAnswerSeconds: { warn: 60, alert: 180 } },
      sentimentAlert: 'negative',
      weight: 2,
      topicSkill: { skill: 'complaints', minLevel: [4, 8] },
      subjects: {
        en: ['Damaged parcel', 'Refund still not received', 'Rude delivery driver', 'Wrong item delivered'],
        nl: ['Beschadigd pakket', 'Terugbetaling nog niet ontvangen', 'Onbeleefde bezorger', 'Verkeerd artikel geleverd'],
      },
    },
    {
      queueId: 'billing',
      name: 'Billing',
      priority: 5,
      assignment: 'round-robin',
      skillMatch: 'closest',
      serviceLevelSeconds: 20,
      serviceLevelTarget: 0.8,
      channels: ['voice', 'chat', 'email', 'sms'],
      keepSameAgent: false,
      thresholds: { serviceLevel: { warn: 0.8, alert: 0.6 }, longestWaitSeconds: { warn: 120, alert: 600 } },
      weight: 3,
      topicSkill: { skill: 'billing', minLevel: [3, 7] },
      subjects: {
        en: ['Question about my invoice', 'Double charge on my card', 'Change payment method', 'Direct debit failed'],
        nl: ['Vraag over mijn factuur', 'Dubbel afgeschreven', 'Betaalmethode wijzigen', 'Incasso mislukt'],
      },
    },
    {
      queueId: 'orders',
      name: 'Orders & delivery',
      priority: 10,
      assignment: 'highest-capacity',
      skillMatch: 'closest',
      serviceLevelSeconds: 20,
      serviceLevelTarget: 0.8,
      channels: ['voice', 'chat', 'sms', 'whatsapp', 'facebook', 'email', 'custom'],
      keepSameAgent: true,
      thresholds: { inQueue: { warn: 5, alert: 12 }, abandonedRate: { warn: 0.1, alert: 0.2 } },
      weight: 6,
      topicSkill: { skill: 'orders', minLevel: [2, 6] },
      subjects: {
        en: ['Where is my order?', 'Change delivery address', 'Cancel my order', 'Missing item in parcel', 'Return label'],
        nl: ['Waar blijft mijn bestelling?', 'Bezorgadres wijzigen', 'Bestelling annuleren', 'Artikel ontbreekt', 'Retourlabel'],
      },
    },
    {
      queueId: 'tech',
      name: 'Technical support',
      priority: 8,
      assignment: 'least-active',
      skillMatch: 'none',
      serviceLevelSeconds: 60,
      serviceLevelTarget: 0.7,
      channels: ['chat', 'email', 'teams', 'voice', 'custom'],
      keepSameAgent: false,
      thresholds: {},
      weight: 3,
      subjects: {
        en: ['App keeps crashing', 'Cannot log in', 'Smart speaker will not pair', 'Firmware update failed'],
        nl: ['App crasht steeds', 'Kan niet inloggen', 'Slimme speaker koppelt niet', 'Firmware-update mislukt'],
      },
    },
  ],
  // Open around the clock: the demo's nights stay busy (src/server/demo.ts DEMO_QUIET_FLOOR), so the evening and the night are staffed.
  agents: [
    agent('a-anna', 'Anna de Vries', ['vip', 'complaints', 'orders'], { vip: 9, complaints: 8, orders: 7, dutch: 10, english: 8 }, 7, 16),
    agent('a-bram', 'Bram Jansen', ['orders', 'billing'], { orders: 6, billing: 7, dutch: 10, english: 6 }, 7, 16),
    agent('a-chloe', 'Chloé Martin', ['orders', 'tech'], { orders: 5, tech: 8, english: 9, dutch: 4 }, 8, 17),
    agent('a-daan', 'Daan Bakker', ['complaints', 'orders'], { complaints: 6, orders: 8, dutch: 10, english: 7 }, 8, 17),
    agent('a-emma', 'Emma Visser', ['billing', 'complaints'], { billing: 9, complaints: 5, dutch: 10, english: 9 }, 8, 17),
    agent('a-finn', 'Finn Smit', ['tech', 'orders'], { tech: 9, orders: 4, dutch: 8, english: 9 }, 9, 18),
    agent('a-grace', 'Grace Okafor', ['vip', 'billing', 'orders'], { vip: 7, billing: 6, orders: 6, english: 10 }, 9, 18),
    agent('a-hugo', 'Hugo Meijer', ['orders'], { orders: 7, dutch: 10, english: 5 }, 9, 18, 120),
    agent('a-iris', 'Iris de Boer', ['complaints', 'billing', 'orders'], { complaints: 9, billing: 5, orders: 5, dutch: 10, english: 8 }, 10, 19),
    agent('a-jonas', 'Jonas Mulder', ['tech'], { tech: 7, dutch: 9, english: 9 }, 10, 19),
    agent('a-kim', 'Kim Peters', ['orders', 'billing'], { orders: 5, billing: 4, dutch: 10, english: 7 }, 16, 1),
    agent('a-lars', 'Lars Hendriks', ['orders', 'complaints'], { orders: 6, complaints: 4, dutch: 7, english: 10 }, 18, 3),
    agent('a-mila', 'Mila Dekker', ['vip', 'orders', 'tech'], { vip: 6, orders: 6, tech: 5, dutch: 9, english: 9 }, 22, 7),
    agent('a-noah', 'Noah Brouwer', ['orders', 'billing', 'tech'], { orders: 5, billing: 5, tech: 6, dutch: 10, english: 6 }, 14, 23),
    agent('a-olivia', 'Olivia Wright', ['orders', 'complaints', 'billing'], { orders: 4, complaints: 6, billing: 6, english: 10 }, 22, 7),
    agent('a-pieter', 'Pieter van Dam', ['orders', 'tech', 'vip'], { orders: 6, tech: 6, vip: 5, dutch: 10, english: 7 }, 23, 8),
  ],
};

/**
 * The site with `teams` crews of its agents: the demo multiplies the arrival rates (rate 8 by
 * default), and 16 agents cannot serve 8 times the site's traffic — the reports would show a
 * centre in collapse (most customers abandoning, waits of hours) rather than one a supervisor
 * runs. Crew k (k ≥ 2) has the same queues, skills, capacity and shifts; ids end in `-k`, and
 * names cross first and last names of the site's agents so that each reads as a person.
 */
export function staffedSite(site: DemoSite, teams: number): DemoSite {
  const names = new Set(site.agents.map((demoAgent) => demoAgent.name));
  const count = site.agents.length;
  const split = (name: string) => {
    const space = name.indexOf(' ');
    return { first: name.slice(0, space), last: name.slice(space + 1) };
  };
  const agents = [...site.agents];
  for (let team = 2; team <= teams; team += 1) {
    site.agents.forEach((demoAgent, index) => {
      let name = `${split(demoAgent.name).first} ${split(site.agents[(index + team * 5) % count]!.name).last}`;
      if (names.has(name)) name = `${name} (${team})`;
      names.add(name);
      agents.push({ ...demoAgent, agentId: `${demoAgent.agentId}-${team}`, name });
    });
  }
  return { ...site, agents };
}

function agent(
  agentId: string,
  name: string,
  queueIds: string[],
  skills: SkillLevels,
  from: number,
  to: number,
  capacityUnits?: number,
): DemoAgent {
  return { agentId, name, queueIds, skills, shift: { from, to }, ...(capacityUnits === undefined ? {} : { capacityUnits }) };
}

/** One formatter per zone: building one costs far more than using it (the demo's back-fill asks every tick). */
const hourFormats = new Map<string, Intl.DateTimeFormat>();

function hourFormat(timeZone: string): Intl.DateTimeFormat {
  let format = hourFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' });
    hourFormats.set(timeZone, format);
  }
  return format;
}

/** The hour of the day (0 ≤ h < 24, fractional) at `now` in a time zone. */
export function localHour(now: number, timeZone: string): number {
  const parts = hourFormat(timeZone).formatToParts(new Date(now));
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return value('hour') + value('minute') / 60 + value('second') / 3600;
}

export function isOnShift(demoAgent: DemoAgent, hour: number): boolean {
  const { from, to } = demoAgent.shift;
  return from <= to ? hour >= from && hour < to : hour >= from || hour < to;
}

/**
 * The events that set the site up at `now`: its queues, its agents, and the presence of each
 * agent (available during their shift, offline outside it).
 */
export function siteSetupEvents(site: DemoSite, now: number, newId: () => string): DomainEvent[] {
  const at = new Date(now).toISOString();
  const hour = localHour(now, site.timeZone);
  const events: DomainEvent[] = [];
  for (const queue of site.queues) {
    events.push({
      id: newId(),
      type: 'queue.upserted',
      at,
      queueId: queue.queueId,
      name: queue.name,
      priority: queue.priority,
      assignment: queue.assignment,
      skillMatch: queue.skillMatch,
      serviceLevelSeconds: queue.serviceLevelSeconds,
      serviceLevelTarget: queue.serviceLevelTarget,
      channels: queue.channels,
      keepSameAgent: queue.keepSameAgent,
      thresholds: queue.thresholds,
      ...(queue.sentimentAlert ? { sentimentAlert: queue.sentimentAlert } : {}),
    });
  }
  for (const demoAgent of site.agents) {
    events.push({
      id: newId(),
      type: 'agent.upserted',
      at,
      agentId: demoAgent.agentId,
      name: demoAgent.name,
      queueIds: demoAgent.queueIds,
      skills: demoAgent.skills,
      capacityUnits: demoAgent.capacityUnits ?? 100,
    });
  }
  for (const demoAgent of site.agents) {
    events.push({
      id: newId(),
      type: 'agent.presence',
      at,
      agentId: demoAgent.agentId,
      presence: isOnShift(demoAgent, hour) ? 'available' : 'offline',
    });
  }
  return events;
}
