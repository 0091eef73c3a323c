/**
 * One node routes at a time (DESIGN.md "Many nodes"): the holder of a PostgreSQL session
 * advisory lock. The lock lives on a connection of its own; if the node dies its
 * connection closes and PostgreSQL releases the lock, and another node's next try (every
 * `retryMs`) takes it.
 */
import pg from 'pg';

const ROUTING_LOCK = 7_180_003;

export class PostgresLeadership {
  private client: pg.Client | null = null;
  private held = false;
  private timer: NodeJS.Timeout | null = null;
  private isClosed = false;

  constructor(
    private readonly connectionString: string,
    private readonly retryMs = 1_000,
    private readonly onChange: (isLeader: boolean) => void = () => {},
  ) {}

  get isLeader(): boolean {
    return this.held;
  }

  /** Tries now, then every `retryMs` while not the leader. */
  start(): void {
    void this.tryOnce();
    this.timer = setInterval(() => void this.tryOnce(), this.retryMs);
    this.timer.unref();
  }

  private async tryOnce(): Promise<void> {
    if (this.held || this.isClosed) return;
    try {
      if (!this.client) {
        const client = new pg.Client({ connectionString: this.connectionString });
        client.on('error', () => this.lose());
        client.on('end', () => this.lose());
        await client.connect();
        this.client = client;
      }
      const result = await this.client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [ROUTING_LOCK]);
      if (result.rows[0]!.locked && !this.isClosed) {
        this.held = true;
        this.onChange(true);
      }
    } catch {
      this.lose();
    }
  }

  /** The connection broke: the lock is gone with it; a fresh connection tries again. */
  private lose(): void {
    const wasHeld = this.held;
    this.held = false;
    const client = this.client;
    this.client = null;
    void client?.end().catch(() => {});
    if (wasHeld) this.onChange(false);
  }

  async close(): Promise<void> {
    this.isClosed = true;
    if (this.timer) clearInterval(this.timer);
    const client = this.client;
    this.client = null;
    this.held = false;
    await client?.end().catch(() => {});
  }
}
