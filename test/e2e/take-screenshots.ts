/**
 * Screenshots of every tab at 1280×720 for the README (docs/screenshots/), English and one
 * in Dutch: `node --import tsx test/e2e/take-screenshots.ts` after `npm run build:web`.
 */
import path from 'node:path';
import { demoCrews } from '../../src/server/demo.ts';
import { launchBrowser, signIn, startConsoleServer } from './harness.ts';

const OUT = path.resolve(import.meta.dirname, '../../docs/screenshots');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// What `npm start` shows: the default demo rate, the past 24 hours filled in first.
const running = await startConsoleServer({ demoRate: 8, demoHistoryMs: 24 * 3_600_000, demoCrews: demoCrews(8) });
await running.server.demoLive;
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, locale: 'en-GB' });
  await page.goto(running.url);
  await page.screenshot({ path: path.join(OUT, 'sign-in.png') });
  await signIn(page, running.url, 'supervisor', 'supervisor-demo');
  await sleep(8_000);
  for (const tab of ['summary', 'ongoing', 'agents', 'voice', 'queues']) {
    await page.goto(`${running.url}/?tab=${tab}`);
    await sleep(2_000);
    await page.screenshot({ path: path.join(OUT, `${tab}.png`) });
  }
  // An agent's detail: the first agent on the board with conversations.
  await page.goto(`${running.url}/?tab=agents`);
  await page.locator('[data-agent-id]').filter({ has: page.locator('button.link:not(.name)') }).first().locator('button.name').click();
  await sleep(1_500);
  await page.screenshot({ path: path.join(OUT, 'agent-detail.png') });
  await page.keyboard.press('Escape');
  // The conversation panel of a conversation whose customer wrote: each message with its sentiment.
  await page.goto(`${running.url}/?tab=ongoing`);
  await page.locator('[data-conversation-id]').filter({ has: page.locator('[data-column="sentiment"] .sentiment:not([data-level="neutral"])') }).first().dblclick();
  await sleep(1_500);
  await page.screenshot({ path: path.join(OUT, 'conversation-panel.png') });
  await page.keyboard.press('Escape');
  await sleep(1_500);
  await page.getByRole('row').nth(1).getByRole('button').click();
  await sleep(300);
  await page.screenshot({ path: path.join(OUT, 'row-menu.png') });
  await page.keyboard.press('Escape');
  await page.getByRole('combobox', { name: 'Language' }).selectOption('nl');
  await sleep(1_000);
  await page.screenshot({ path: path.join(OUT, 'ongoing-nl.png') });
  await page.getByRole('combobox', { name: 'Taal' }).selectOption('en');
  await page.getByLabel('Dark theme').check();
  await page.getByRole('tab', { name: 'Agents' }).click();
  await sleep(1_500);
  await page.screenshot({ path: path.join(OUT, 'agents-dark.png') });
  // An admin's threshold editor on the Queues tab.
  const admin = await browser.newPage({ viewport: { width: 1280, height: 720 }, locale: 'en-GB' });
  await signIn(admin, `${running.url}/?tab=queues`, 'admin', 'admin-demo');
  await admin.getByRole('button', { name: /^Edit the thresholds of/ }).first().click();
  await sleep(500);
  await admin.screenshot({ path: path.join(OUT, 'queue-editor.png') });
  console.log(`screenshots in ${OUT}`);
} finally {
  await browser.close();
  await running.close();
}
