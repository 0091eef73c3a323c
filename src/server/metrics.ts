/**
 * Operators' figures for `/metrics` (prom-client): events applied, live clients, store
 * append latency. One registry per process; `setLiveClients` is for the live feed plugin.
 */
import client from 'prom-client';
import type { EventStore } from '../store/event-store.js';

export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry, prefix: 'omnipulse_' });

export const eventsApplied = new client.Counter({
  name: 'omnipulse_events_applied_total',
  help: 'Events applied to the engine and made durable (rate() of it is events/s)',
  registers: [registry],
});

export const liveClients = new client.Gauge({
  name: 'omnipulse_live_clients',
  help: 'WebSocket clients connected to the live feed',
  registers: [registry],
});

export const storeAppendSeconds = new client.Histogram({
  name: 'omnipulse_store_append_seconds',
  help: 'Time for the event log to make a batch durable',
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
  registers: [registry],
});

export const ingestBatchEvents = new client.Histogram({
  name: 'omnipulse_ingest_batch_events',
  help: 'Events per ingest request',
  buckets: [1, 10, 50, 100, 500, 1000, 5000, 10000],
  registers: [registry],
});

/** For the live feed plugin: the number of connected WebSocket clients. */
export function setLiveClients(count: number): void {
  liveClients.set(count);
}

/** Wraps an event store so that every append is timed into `omnipulse_store_append_seconds`. */
export function timedStore(store: EventStore): EventStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'append' || property === 'appendAfter') {
        const append = (target[property] as (...args: unknown[]) => Promise<unknown>).bind(target);
        return async (...args: unknown[]) => {
          const end = storeAppendSeconds.startTimer();
          try {
            return await append(...args);
          } finally {
            end();
          }
        };
      }
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
