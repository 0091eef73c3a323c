/**
 * The hooks a browser test file registers: one console server with demo traffic and one
 * browser for the whole file, and each test's pages closed after it (open consoles tick and
 * take the feed, and the machine is small). Apart from harness.ts so that scripts outside
 * vitest (take-screenshots.ts) can use the harness.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type ConsoleServer, launchBrowser, startConsoleServer } from './harness.ts';

export interface ConsoleFixture {
  /** The server; set once the file's `beforeAll` has run. */
  readonly running: ConsoleServer;
  /** A 1280×720 page in a browser context of its own, closed after the test. */
  openPage(locale?: string): Promise<Page>;
}

export function useConsole(demoRate = 30): ConsoleFixture {
  let running: ConsoleServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    [running, browser] = await Promise.all([startConsoleServer({ demoRate }), launchBrowser()]);
  }, 120_000);
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });
  return {
    get running() {
      if (!running) throw new Error('the console server starts in beforeAll');
      return running;
    },
    async openPage(locale = 'en-GB') {
      const context = await browser!.newContext({ viewport: { width: 1280, height: 720 }, locale });
      contexts.push(context);
      return context.newPage();
    },
  };
}
