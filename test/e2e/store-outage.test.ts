/**
 * PostgreSQL goes away under a console with demo traffic (docs/operations.md "When
 * PostgreSQL is unreachable"): the header says since when the figures are stale, and Live
 * again once the database is back and writes go through.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../store/postgres-server.ts';
import { type ConsoleServer, launchBrowser, signIn, startConsoleServer } from './harness.ts';

let postgres: TestPostgres;
let running: ConsoleServer | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  postgres = await startPostgres();
  [running, browser] = await Promise.all([startConsoleServer({ demoRate: 30, databaseUrl: postgres.url }), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await running?.close();
  await postgres?.stop();
});

// An outage needs a server the test owns: not one named by DATABASE_URL.
describe.skipIf(process.env.DATABASE_URL)('the console while PostgreSQL is unreachable', () => {
  it('shows "Stale since" from the first failed write, and Live again once writes go through', { timeout: 120_000 }, async () => {
    const page = await (await browser!.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en-GB' })).newPage();
    await signIn(page, running!.url, 'supervisor', 'supervisor-demo');
    const state = page.getByTestId('feed-state');
    await expect.poll(() => state.innerText()).toBe('Live');

    await postgres.outage!.begin();
    // The demo writes every second: its first failed write makes the feed stale.
    await expect.poll(() => state.innerText(), { timeout: 30_000 }).toMatch(/^Stale since \d?\d:\d\d:\d\d( [AP]M)?$/);

    await postgres.outage!.end();
    await expect.poll(() => state.innerText(), { timeout: 60_000 }).toBe('Live');
  });
});
