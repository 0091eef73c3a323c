/**
 * A `pg` pool that survives the database going away. An idle client's error is the pool's
 * `error` event; a client checked out but between two queries (a writer's turn while the
 * engine builds its group, a snapshot between two chunks) emits `error` on itself, and an
 * `error` event nobody listens to ends the process. Every client gets a listener when the
 * pool makes it: the error then shows as the failure of the next query (a 503 and a
 * "stale" feed), and the pool drops the broken client on release.
 */
import pg from 'pg';

export function resilientPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}
