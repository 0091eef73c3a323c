/** Operators' endpoints: `/healthz` (alive), `/readyz` (serving), `/metrics` (Prometheus). */
import type { FastifyPluginAsync, onRequestHookHandler } from 'fastify';
import { registry } from '../metrics.js';

export const opsRoutes: FastifyPluginAsync<{ opsAccess: onRequestHookHandler }> = async (app, options) => {
  app.get('/healthz', { schema: { tags: ['ops'], summary: 'The process is alive' } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { tags: ['ops'], summary: 'Ready to serve (503 while starting, draining or the store cannot write)' } }, async (_request, reply) => {
    if (!app.lifecycle.isReady || app.lifecycle.isDraining) {
      return reply.code(503).send({ status: app.lifecycle.isDraining ? 'draining' : 'starting' });
    }
    if (!app.pipeline.isAvailable) return reply.code(503).send({ status: 'store-unavailable' });
    return { status: 'ready', durableSeq: app.pipeline.durableSeq, routing: app.lifecycle.isRouting() };
  });

  app.get('/metrics', { onRequest: options.opsAccess, schema: { tags: ['ops'], summary: 'Prometheus metrics (this machine or the metrics token)' } }, async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
};
