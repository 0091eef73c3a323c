/**
 * SPEC §6 "Staffing advice (Erlang C)" for one queue: the last half hour's inbound arrivals
 * (by current queue, whatever the report's window and filters), the queue's mean handle
 * time as the report prints it, and the channel mix's capacity units, turned into the
 * conversations slots and the agents the queue needs now.
 */
import { slotsNeeded } from './erlang-c.js';
import { type Conversation, type DomainState, unitsFor } from './model.js';

/** Arrivals are counted over (at − 30 min, at]. */
export const ARRIVALS_LOOKBACK_MS = 30 * 60_000;

export interface Arrivals {
  count: number;
  /** Capacity units of those arrivals' channels in their queue, summed (SPEC §1). */
  units: number;
}

export interface Staffing {
  arrivalsPerHour: number;
  offeredErlangs: number | null;
  slotsNeeded: number | null;
  agentsNeeded: number | null;
  agentsLoggedIn: number;
  short: number | null;
}

export interface StaffingInputs {
  arrivals: Arrivals;
  /** The queue's `averageHandleTimeSeconds` as printed (all channels, both directions). */
  handleSeconds: number | null;
  serviceLevelSeconds: number;
  serviceLevelTarget: number;
  agentsLoggedIn: number;
}

/** The inbound conversations created in (at − 30 min, at] among `conversations`, by current queue. */
export function tallyArrivals(state: DomainState, conversations: Iterable<Conversation>, at: number): Map<string, Arrivals> {
  const byQueue = new Map<string, Arrivals>();
  for (const conversation of conversations) {
    if (conversation.direction !== 'inbound') continue;
    if (conversation.createdAt <= at - ARRIVALS_LOOKBACK_MS || conversation.createdAt > at) continue;
    let arrivals = byQueue.get(conversation.queueId);
    if (!arrivals) byQueue.set(conversation.queueId, (arrivals = { count: 0, units: 0 }));
    arrivals.count += 1;
    arrivals.units += unitsFor(state.queues.get(conversation.queueId), conversation.channel);
  }
  return byQueue;
}

const roundHalfUp = (value: number, decimals: number): number => {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
};

export function staffingAdvice(inputs: StaffingInputs): Staffing {
  const { arrivals, handleSeconds, agentsLoggedIn } = inputs;
  const arrivalsPerHour = arrivals.count * 2;
  if (arrivals.count === 0) {
    return { arrivalsPerHour, offeredErlangs: 0, slotsNeeded: 0, agentsNeeded: 0, agentsLoggedIn, short: 0 - agentsLoggedIn }; // not -0: JSON (the live feed) cannot carry it
  }
  if (handleSeconds === null) {
    return { arrivalsPerHour, offeredErlangs: null, slotsNeeded: null, agentsNeeded: null, agentsLoggedIn, short: null };
  }
  const erlangs = (arrivals.count * handleSeconds) / (ARRIVALS_LOOKBACK_MS / 1000);
  const slots = slotsNeeded(erlangs, inputs.serviceLevelSeconds, handleSeconds, inputs.serviceLevelTarget);
  // An agent holds 1/u conversations of this mix at once, u = mean units / 100.
  const agentsNeeded = Math.ceil(roundHalfUp((slots * arrivals.units) / (100 * arrivals.count), 6));
  return {
    arrivalsPerHour,
    offeredErlangs: roundHalfUp(erlangs, 3),
    slotsNeeded: slots,
    agentsNeeded,
    agentsLoggedIn,
    short: agentsNeeded - agentsLoggedIn,
  };
}
