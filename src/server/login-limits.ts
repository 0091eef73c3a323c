/**
 * Limits on signing in (docs/security.md "Login"), built on @fastify/rate-limit's stores
 * (LRU with a TTL, so the records of a flood of usernames and addresses stay bounded):
 *
 * - per client address, every attempt: `perAddress` a minute, whatever the username (one
 *   address cannot spray passwords over many accounts);
 * - per username *and* address, with a growing back-off: `perAccount` a minute, then
 *   `perAccountHour` an hour. The owner signing in from another address is not
 *   affected while an attacker hammers the account from theirs: no lock-out by anyone;
 * - the password checks themselves (scrypt, ~30 ms of a worker thread each) run at most
 *   `concurrentChecks` at a time with at most `queuedChecks` waiting; a flood beyond that
 *   is answered 503 at once instead of starving the server.
 *
 * Every refusal is 429 (or 503) with `Retry-After`.
 */
import type {} from '@fastify/rate-limit'; // its declarations add `createRateLimit` to Fastify
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from './errors.js';

export interface LoginLimits {
  perAddress: number;
  perAccount: number;
  perAccountHour: number;
  concurrentChecks: number;
  queuedChecks: number;
}

/** Most distinct keys each limiter remembers (LRU, @fastify/rate-limit's `cache`). */
export const REMEMBERED_KEYS = 10_000;

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perAddress: 30,
  perAccount: 5,
  perAccountHour: 20,
  concurrentChecks: 4,
  queuedChecks: 32,
};

const tooMany = (message: string, retryAfterSeconds: number) =>
  Object.assign(new HttpError(429, 'too-many-requests', message), { retryAfterSeconds });

type Check = ReturnType<FastifyInstance['createRateLimit']>;

/** Checks the limits of one login attempt (throws `TooManyRequests`) and bounds the password work. */
export class LoginGate {
  private readonly perAddress: Check;
  private readonly perAccount: Check;
  private readonly perAccountHour: Check;
  private running = 0;
  private readonly queue: (() => void)[] = [];

  constructor(
    app: FastifyInstance,
    private readonly limits: LoginLimits,
    usernameOf: (request: FastifyRequest) => string,
  ) {
    const accountKey = (request: FastifyRequest) => `${usernameOf(request).toLowerCase()}\n${request.ip}`;
    this.perAddress = app.createRateLimit({ max: limits.perAddress, timeWindow: 60_000, keyGenerator: (request) => request.ip });
    this.perAccount = app.createRateLimit({ max: limits.perAccount, timeWindow: 60_000, keyGenerator: accountKey });
    this.perAccountHour = app.createRateLimit({ max: limits.perAccountHour, timeWindow: 3_600_000, keyGenerator: accountKey });
  }

  /** Counts the attempt against every limit; throws 429 with the longest wait when one is exceeded. */
  async admit(request: FastifyRequest): Promise<void> {
    const verdicts = [await this.perAddress(request), await this.perAccount(request), await this.perAccountHour(request)];
    let wait = 0;
    for (const verdict of verdicts) {
      if (!verdict.isAllowed && verdict.isExceeded) wait = Math.max(wait, verdict.ttlInSeconds);
    }
    if (wait > 0) throw tooMany(`too many sign-in attempts; try again in ${wait} s`, wait);
  }

  /** Runs one password check within the concurrency bound; 503 when the queue is full. */
  async check<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limits.concurrentChecks) {
      if (this.queue.length >= this.limits.queuedChecks) {
        const busy = new HttpError(503, 'unavailable', 'the server is busy checking passwords; try again in a second');
        throw Object.assign(busy, { retryAfterSeconds: 1 });
      }
      await new Promise<void>((resolve) => this.queue.push(resolve));
    }
    this.running += 1;
    try {
      return await work();
    } finally {
      this.running -= 1;
      this.queue.shift()?.();
    }
  }
}
