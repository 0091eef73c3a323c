/**
 * `GET /series/conversations` (issue #10 item 4): the Summary's chart, the window's
 * conversations per quarter hour and channel (src/domain/series.ts), with the reports'
 * parameters, scope and errors (routes/reports.ts).
 */
import type { FastifyPluginAsync } from 'fastify';
import { requireRole } from '../guard.js';
import { errorResponse } from '../schemas.js';
import { reportQueryOf, reportQuerystring } from './reports.js';

export const seriesRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/series/conversations',
    {
      onRequest: requireRole('admin', 'supervisor'),
      schema: {
        tags: ['reports'],
        summary: 'Conversations created, answered and abandoned per 15 minutes and channel, limited to the caller’s queues',
        querystring: reportQuerystring,
        response: { 200: { type: 'object', additionalProperties: true }, 400: errorResponse, 401: errorResponse, 403: errorResponse },
      },
      // reportQueryOf names the parameter at fault; ajv would not say it our way.
      validatorCompiler: () => () => true,
    },
    async (request) => {
      const query = reportQueryOf(request, app.now());
      return app.pipeline.read(() => app.pipeline.engine.projections.series(query));
    },
  );
};
