/**
 * `bin/omnipulse start [--port 8080] [--data ./data] [--demo | --no-demo] [--no-routing]`
 * (SPEC §9). Environment: PORT, OMNIPULSE_DATA, OMNIPULSE_ADMIN_PASSWORD,
 * OMNIPULSE_INGEST_TOKEN, LOG_LEVEL. `--demo` is the default while no user exists.
 * Runs until SIGTERM or SIGINT, then shuts down gracefully.
 */
import { parseArgs } from 'node:util';
import { parseAllowedOrigins } from '../server/origin.js';
import { startServer } from '../server/server.js';

/**
 * The security settings of docs/security.md from the environment: OMNIPULSE_ALLOWED_ORIGINS,
 * OMNIPULSE_TRUST_PROXY (`true`, or the proxies' addresses, comma-separated),
 * OMNIPULSE_OPS_ACCESS (`local` or `open`), OMNIPULSE_METRICS_TOKEN.
 */
export function securityFromEnvironment(env: NodeJS.ProcessEnv) {
  const proxy = env.OMNIPULSE_TRUST_PROXY?.trim();
  const trustProxy = !proxy || proxy === 'false' ? false : proxy === 'true' ? true : proxy.split(',').map((address) => address.trim());
  const mode = env.OMNIPULSE_OPS_ACCESS ?? 'local';
  if (mode !== 'local' && mode !== 'open') throw new Error(`OMNIPULSE_OPS_ACCESS: '${mode}' is neither 'local' nor 'open'`);
  return {
    allowedOrigins: parseAllowedOrigins(env.OMNIPULSE_ALLOWED_ORIGINS),
    trustProxy,
    opsAccess: { mode, token: env.OMNIPULSE_METRICS_TOKEN || undefined } as const,
  };
}

const USAGE =
  'usage: omnipulse start [--port 8080] [--host 0.0.0.0] [--data ./data] [--demo | --no-demo] [--no-routing] [--demo-rate N]';

export async function runStart(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        demo: { type: 'boolean' },
        'no-demo': { type: 'boolean' },
        'no-routing': { type: 'boolean' },
        'demo-rate': { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.demo && values['no-demo']) {
    process.stderr.write(`--demo and --no-demo exclude each other\n${USAGE}\n`);
    return 2;
  }
  const port = Number(values.port ?? process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port: must be a port number\n${USAGE}\n`);
    return 2;
  }
  const demoRate = values['demo-rate'] === undefined ? undefined : Number(values['demo-rate']);
  if (demoRate !== undefined && !(demoRate > 0)) {
    process.stderr.write(`--demo-rate: must be a positive number\n${USAGE}\n`);
    return 2;
  }

  let security;
  try {
    security = securityFromEnvironment(process.env);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const server = await startServer({
    dataDir: values.data ?? process.env.OMNIPULSE_DATA ?? './data',
    databaseUrl: process.env.DATABASE_URL || undefined,
    port,
    host: values.host ?? process.env.HOST ?? '0.0.0.0',
    demo: values.demo ? true : values['no-demo'] ? false : 'auto',
    routing: !values['no-routing'],
    demoRate,
    adminPassword: process.env.OMNIPULSE_ADMIN_PASSWORD || undefined,
    ingestToken: process.env.OMNIPULSE_INGEST_TOKEN || undefined,
    // The log line is written by the pipeline; a supervisor (systemd, a container) restarts us.
    onFatal: () => process.exit(70),
    security,
    logger: {
      level: process.env.LOG_LEVEL ?? 'info',
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    },
  });
  process.stdout.write(
    `Omnipulse listening on ${server.url}${server.isDemo ? ' (demo: sign in as supervisor / supervisor-demo)' : ''}\n` +
      `  supervisor console: ${server.url}/\n` +
      `  API and its documentation: ${server.url}/docs · live feed: ${server.url.replace(/^http/, 'ws')}/api/v1/live\n`,
  );

  return new Promise<number>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      server.app.log.info({ signal }, 'signal received');
      server.shutdown().then(
        () => resolve(0),
        (error: unknown) => {
          process.stderr.write(`shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
