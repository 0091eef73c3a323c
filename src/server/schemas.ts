/**
 * Zod is the one source of request shapes (STYLE.md "Fastify the Fastify way"): a route
 * declares `jsonSchema(zod)` for OpenAPI and validates with the same zod schema, so the
 * documented and the enforced shapes cannot drift. Fastify's own (ajv) validation is
 * switched off for such routes with `zodValidated`.
 */
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import { badRequest } from './errors.js';

export function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: 'draft-7', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

/** Route option: the schema documents the route; the handler validates with zod. */
export const zodValidated: { validatorCompiler: FastifySchemaCompiler<FastifySchema> } = {
  validatorCompiler: () => () => true,
};

/** Parses with zod or throws a 400 naming the field. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, where = 'body'): T {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.');
  throw badRequest(`${field || where}: ${issue.message}`, field || undefined);
}

export const errorResponse = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        field: { type: 'string' },
        status: { type: 'string' },
      },
      required: ['code', 'message'],
    },
  },
} as const;
