/**
 * No row cap (issue #10 item 2): 100,000 ongoing conversations in one table, scrolled from
 * top to bottom, while the page holds only the rows near the screen (viewport subscription).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleServer, launchBrowser, signIn, startConsoleServer } from './harness.ts';

const COUNT = 100_000;
let running: ConsoleServer;
let browser: Browser;

beforeAll(async () => {
  // Routing off: the 100,000 conversations stay open instead of flooding the demo agents.
  [running, browser] = await Promise.all([startConsoleServer({ demoRate: 0.01, routing: false }), launchBrowser()]);
  const start = Date.now() - COUNT * 100;
  for (let batch = 0; batch < COUNT; batch += 10_000) {
    await running.server.pipeline.submit(
      Array.from({ length: 10_000 }, (_, k) => {
        const i = batch + k;
        return {
          id: `bulk-created-${i}`,
          type: 'conversation.created' as const,
          at: new Date(start + i * 100).toISOString(),
          conversationId: `bulk-${i}`,
          channel: 'chat' as const,
          queueId: 'billing',
          subject: `Bulk ${i}`,
        };
      }),
    );
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await running?.close();
});

describe('ongoing conversations without a row cap', () => {
  it('shows 100,000 rows, scrolls to the last one, and keeps only a screenful in the page', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en-GB' });
    const page = await context.newPage();
    await signIn(page, `${running.url}/?tab=ongoing&q=Bulk`, 'admin', 'admin-demo');
    await expect.poll(() => page.getByTestId('ongoing-count').innerText(), { timeout: 60_000 }).toBe('100,000 conversations');
    await page.locator('#row-bulk-0').waitFor();

    await page.locator('#row-bulk-0').click();
    await page.getByTestId('ongoing-table').press('End');
    await page.locator(`#row-bulk-${COUNT - 1}`).waitFor({ timeout: 30_000 });
    expect(await page.locator('[role="row"][aria-rowindex]').count()).toBeLessThan(100);
    expect(await page.getByTestId('ongoing-table').getAttribute('aria-rowcount')).toBe(String(COUNT + 1));

    // Sorted the other way, the last conversation comes first.
    await page.getByTestId('sort-createdAt').click();
    await page.locator(`#row-bulk-${COUNT - 1}`).waitFor();
    await context.close();
  });
});
