/**
 * The SPEC §8 reports over HTTP (SPEC §9): `GET /reports/{ongoing|summary|agents|voice}`.
 * Supervisors see their queues only (`query.scope`); agents have no reports.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { isReportKind, parseReportOptions, type RawReportOptions } from '../../cli/report-args.js';
import { REPORT_KINDS } from '../../domain/reports.js';
import type { ReportQuery } from '../../domain/window.js';
import { badRequest, notFound } from '../errors.js';
import { requireRole, userOf } from '../guard.js';
import { errorResponse } from '../schemas.js';

const QUERY_FIELDS = ['at', 'window', 'tz', 'includeOpen', 'queue', 'channel', 'agent', 'status', 'direction'] as const;

/** The report parameters of the query string, as documented for ajv and swagger. */
export const reportQuerystring = {
  type: 'object',
  properties: {
    at: { type: 'string', description: 'ISO-8601 with zone; default now' },
    window: { type: 'string', enum: ['last24h', 'today'] },
    tz: { type: 'string', description: 'IANA zone for window=today' },
    includeOpen: { type: 'string', enum: ['true', 'false', '1', '0', ''] },
    queue: { type: 'string' },
    channel: { type: 'string' },
    agent: { type: 'string' },
    status: { type: 'string' },
    direction: { type: 'string' },
  },
} as const;

/**
 * The query of a report request, limited to the caller's queues (SPEC §9: a supervisor sees
 * their queues only); a bad parameter throws the 400 naming it.
 */
export function reportQueryOf(request: FastifyRequest, now: number): ReportQuery {
  const rawQuery = request.query as Record<string, unknown>;
  const raw: RawReportOptions = {};
  for (const field of QUERY_FIELDS) {
    const value = rawQuery[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw badRequest(`${field}: give it once`, field);
    raw[field] = value;
  }
  const parsed = parseReportOptions(raw, now);
  if (!parsed.ok) throw badRequest(parsed.message, parsed.field);
  const user = userOf(request);
  if (user.role === 'supervisor') parsed.query.scope = new Set(user.queueIds);
  return parsed.query;
}

export const reportRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/reports/:kind',
    {
      onRequest: requireRole('admin', 'supervisor'),
      schema: {
        tags: ['reports'],
        summary: 'A SPEC §8 report, limited to the caller’s queues',
        params: { type: 'object', properties: { kind: { type: 'string', enum: [...REPORT_KINDS] } }, required: ['kind'] },
        querystring: reportQuerystring,
        response: { 200: { type: 'object', additionalProperties: true }, 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse },
      },
      // parseReportOptions names the parameter at fault; ajv would not say it our way.
      validatorCompiler: () => () => true,
    },
    async (request) => {
      const { kind } = request.params as { kind: string };
      if (!isReportKind(kind)) throw notFound(`no report '${kind}' (one of ${REPORT_KINDS.join(', ')})`);
      const query = reportQueryOf(request, app.now());
      return app.pipeline.read(() => app.pipeline.engine.report(kind, query));
    },
  );
};
