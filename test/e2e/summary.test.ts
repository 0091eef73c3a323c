/**
 * The Summary in a real browser (issue #10 item 4) against a real server with demo traffic:
 * the conversations chart drawn from the live series; a click on its bars, on its channel
 * segments, on a queue row and on a presence bar setting filters in the URL; the alert list
 * following a queue whose threshold an admin changes.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_SITE } from '../../src/channels/demo-site.ts';
import { useConsole } from './console-fixture.ts';
import { signIn } from './harness.ts';

const fixture = useConsole(30);

async function openSummary(): Promise<Page> {
  const page = await fixture.openPage();
  await signIn(page, fixture.running.url, 'supervisor', 'supervisor-demo');
  return page;
}

/** An admin changes a demo queue's thresholds through the API (PUT replaces the whole configuration). */
async function setThresholds(queueId: string, thresholds: object): Promise<void> {
  const login = await fetch(`${fixture.running.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'admin-demo' }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const { queueId: _id, weight: _weight, topicSkill: _skill, subjects: _subjects, ...config } = DEMO_SITE.queues.find((queue) => queue.queueId === queueId)!;
  const response = await fetch(`${fixture.running.url}/api/v1/queues/${queueId}`, {
    method: 'PUT',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ ...config, thresholds }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

const segments = (page: Page) => page.locator('[data-testid^="channel-segment-"]');

describe('the Summary (issue #10 item 4)', { retry: 2 }, () => {
  it('draws the conversations chart from the live series, and a channel segment sets the channel filter', async () => {
    const page = await openSummary();
    const chart = page.getByTestId('conversations-chart');
    await chart.locator('canvas').first().waitFor();
    // Last 24 h: 97 quarter hours; the demo has created conversations, so a channel has a segment.
    expect(await chart.locator('[data-buckets]').getAttribute('data-buckets')).toBe('97');
    await segments(page).first().waitFor({ timeout: 30_000 });
    const created = async () => {
      let sum = 0;
      for (const segment of await segments(page).all()) sum += Number((await segment.innerText()).replace(/\D/g, ''));
      return sum;
    };
    expect(await created()).toBeGreaterThan(0);
    // The chart is live: new conversations come in through series patches.
    const before = await created();
    await expect.poll(created, { timeout: 30_000 }).toBeGreaterThan(before);

    const first = segments(page).first();
    const channel = (await first.getAttribute('data-testid'))!.replace('channel-segment-', '');
    await first.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('channel')).toBe(channel);
    expect(await page.getByRole('combobox', { name: /^Channel/ }).inputValue()).toBe(channel);
    // The Summary is now over that channel only.
    await expect.poll(async () => (await segments(page).all()).length).toBe(1);
    expect(await segments(page).first().getAttribute('data-testid')).toBe(`channel-segment-${channel}`);
  });

  it('a click on a bar of the chart sets the channel of the segment under the pointer', async () => {
    const page = await openSummary();
    await segments(page).first().waitFor({ timeout: 30_000 });
    // The latest quarter hour is the rightmost bar; just above the axis is its lowest segment.
    const plot = (await page.getByTestId('conversations-chart').locator('.u-over').boundingBox())!;
    await page.mouse.move(plot.x + plot.width - 2, plot.y + plot.height - 2);
    await page.mouse.click(plot.x + plot.width - 2, plot.y + plot.height - 2);
    await expect.poll(() => new URL(page.url()).searchParams.get('channel')).not.toBeNull();
    const channel = new URL(page.url()).searchParams.get('channel')!;
    await expect.poll(async () => (await segments(page).all()).length).toBe(1);
    expect(await segments(page).first().getAttribute('data-testid')).toBe(`channel-segment-${channel}`);
  });

  it('a queue row sets the queue filter; a presence bar opens the agents of that presence', async () => {
    const page = await openSummary();
    const row = page.getByTestId('summary-queues').locator('[data-queue-id]').first();
    await row.waitFor({ timeout: 30_000 });
    const queueId = (await row.getAttribute('data-queue-id'))!;
    await row.getByRole('button').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('queue')).toBe(queueId);
    await expect.poll(() => page.getByTestId('summary-queues').locator('[data-queue-id]').count()).toBe(1);

    await page.getByTestId('presence-segment-offline').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('presence')).toBe('offline');
    expect(new URL(page.url()).searchParams.get('tab')).toBe('agents');
    await page.getByTestId('agents-table').waitFor();
    for (const presence of await page.getByTestId('agents-table').locator('[data-presence]').allInnerTexts()) expect(presence).toBe('Offline');
  });

  it('lists what crossed a threshold, newest first, and colours the queue and the tile', async () => {
    const page = await openSummary();
    await page.getByTestId('alert-list').waitFor();
    const tech = page.getByTestId('alert-list').locator('li', { hasText: 'Technical support: in queue' });
    // Technical support has no thresholds in the demo: "in queue ≥ 0" warns at once.
    await setThresholds('tech', { inQueue: { warn: 0 } });
    await tech.waitFor({ timeout: 15_000 });
    expect(await tech.getAttribute('data-level')).toBe('warn');
    expect(await page.getByTestId('summary-queues').locator('[data-queue-id="tech"]').getAttribute('data-level')).toMatch(/warn|alert/);
    expect(await page.getByTestId('kpi-inQueue').getAttribute('data-level')).toMatch(/warn|alert/);

    await setThresholds('tech', { inQueue: { warn: 0, alert: 0 } });
    await expect.poll(() => tech.getAttribute('data-level')).toBe('alert');
    expect(await tech.innerText()).toContain('Alert');
    const since = (await page.getByTestId('alert-list').locator('time').evaluateAll((times) => times.map((time) => time.getAttribute('datetime')!))).map(Date.parse);
    expect(since).toEqual([...since].sort((a, b) => b - a));

    await setThresholds('tech', {});
    await tech.waitFor({ state: 'detached', timeout: 15_000 });
  });
});
