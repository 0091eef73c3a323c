/**
 * The Queues tab, the agent detail, the filter bar's pickers, the Dutch table at 1280 px and
 * each message's sentiment, in a real browser against a real server with demo traffic
 * (issue #10 items 1, 3, 5, 7, 8).
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useConsole } from './console-fixture.ts';
import { apiAs, signIn } from './harness.ts';

const fixture = useConsole(30);
const { openPage } = fixture;

/** GET as the demo admin: the JSON body of an API path. */
async function adminReader() {
  const api = await apiAs(fixture.running.url, 'admin', 'admin-demo');
  return async (path: string) => (await api('GET', path)).json;
}

/** Serious and critical axe findings, described. */
async function seriousViolations(page: Page, where: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${where}: ${violation.id} (${violation.help}) at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

const queueRow = (page: Page, id: string) => page.locator(`[data-queue-id="${id}"]`);
const pickerOptions = (page: Page, name: string) => page.getByRole('combobox', { name }).locator('option').allInnerTexts();

describe('queues, agents and pickers (issue #10)', { retry: 2 }, () => {
  it('the Queues tab shows every queue live, with alert state and staffing advice; a supervisor gets no editor', async () => {
    const page = await openPage();
    await signIn(page, fixture.running.url, 'supervisor', 'supervisor-demo');
    await page.getByRole('tab', { name: 'Queues' }).click();
    expect(new URL(page.url()).searchParams.get('tab')).toBe('queues');
    const rows = page.getByTestId('queues-table').locator('[data-queue-id]');
    await expect.poll(() => rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-queue-id')))).toEqual(['vip', 'complaints', 'billing', 'tech', 'orders']);
    for (const row of await rows.all()) {
      expect(['ok', 'warn', 'alert']).toContain(await row.getAttribute('data-state'));
      expect(await row.getByTestId('staffing').innerText()).toMatch(/needs \d+, has \d+|No advice yet/);
    }
    // Live: the incoming counts grow with the demo's arrivals, without a reload.
    const incoming = () => rows.evaluateAll((all) => all.map((row) => row.querySelectorAll('td')[1]!.textContent).join('|'));
    const before = await incoming();
    await expect.poll(incoming, { timeout: 30_000 }).not.toBe(before);
    expect(await page.getByRole('button', { name: /^Edit the thresholds of/ }).count()).toBe(0);
  });

  it('an admin edits a queue’s thresholds: a bad value is named, a saved one colours the row', async () => {
    const page = await openPage();
    const admin = await adminReader();
    await signIn(page, `${fixture.running.url}/?tab=queues`, 'admin', 'admin-demo');
    await page.getByRole('button', { name: 'Edit the thresholds of Complaints' }).click();
    const editor = page.getByRole('dialog', { name: 'Thresholds of Complaints' });
    expect(await editor.getByLabel('Service-level target (%)').inputValue()).toBe('80');

    await editor.getByLabel('In queue – Alert').fill('many');
    await editor.getByRole('button', { name: 'Save' }).click();
    expect(await editor.getByRole('alert').innerText()).toBe('In queue – Alert: enter a number.');

    // At or above 0 waiting is always reached: the queue is in alert at once.
    await editor.getByLabel('In queue – Alert').fill('0');
    await editor.getByLabel('Service-level target (%)').fill('85');
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.waitFor({ state: 'detached' });
    await expect.poll(() => queueRow(page, 'complaints').getAttribute('data-state')).toBe('alert');
    expect(await queueRow(page, 'complaints').locator('[data-figure="inQueue"]').getAttribute('data-level')).toBe('alert');
    expect(await queueRow(page, 'complaints').locator('.queue-state').innerText()).toBe('Alert');
    const complaints = ((await admin('/queues')).queues as { id: string; serviceLevelTarget: number; thresholds: Record<string, object> }[]).find((queue) => queue.id === 'complaints')!;
    expect(complaints.serviceLevelTarget).toBe(0.85);
    expect(complaints.thresholds.inQueue).toEqual({ alert: 0 });
    // The editor opens again on what was saved.
    await page.getByRole('button', { name: 'Edit the thresholds of Complaints' }).click();
    expect(await page.getByRole('dialog').getByLabel('In queue – Alert').inputValue()).toBe('0');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('an agent’s detail shows skills and queues, and a conversation from it opens the panel', async () => {
    const page = await openPage();
    await signIn(page, `${fixture.running.url}/?tab=agents`, 'supervisor', 'supervisor-demo');
    const busy = page.locator('[data-agent-id]').filter({ has: page.locator('button.link:not(.name)') }).first();
    await busy.waitFor({ timeout: 30_000 });
    const name = (await busy.locator('button.name').innerText()).trim();
    await busy.locator('button.name').click();
    const detail = page.getByRole('dialog', { name });
    const admin = await adminReader();
    const agentId = (await busy.getAttribute('data-agent-id'))!;
    const memberOf = ((await admin('/queues')).queues as { name: string; agents: { id: string }[] }[]).filter((queue) => queue.agents.some((agent) => agent.id === agentId));
    expect(await detail.getByTestId('agent-queues').innerText()).toBe(memberOf.map((queue) => queue.name).join(', '));
    expect(await detail.getByTestId('agent-skills').innerText()).toMatch(/\d+ of 10/);

    const conversation = detail.getByTestId('agent-conversations').locator('[data-conversation-id]').first();
    await conversation.waitFor({ timeout: 30_000 });
    const id = (await conversation.getAttribute('data-conversation-id'))!;
    const subject = (await conversation.locator('strong').innerText()).trim();
    await conversation.click();
    await detail.waitFor({ state: 'detached' });
    const panel = page.getByTestId('conversation-panel');
    await expect.poll(() => panel.getByRole('heading', { level: 3 }).first().innerText()).toBe(subject);
    expect((await admin(`/conversations/${id}`)).subject).toBe(subject);

    // Keyboard: the detail opens from the name with Enter and closes with Escape, focus back on the name.
    await panel.getByRole('button', { name: 'Close', exact: true }).click();
    await page.locator(`[data-agent-id="${agentId}"] button.name`).focus();
    await page.keyboard.press('Enter');
    await detail.waitFor();
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(name);
  });

  it('the board has online and offline tabs, presence time ticking, capacity bars and the counts', async () => {
    const page = await openPage();
    await signIn(page, `${fixture.running.url}/?tab=agents`, 'supervisor', 'supervisor-demo');
    const first = page.locator('[data-agent-id]').first();
    await first.waitFor({ timeout: 30_000 });
    const since = first.locator('td').nth(2);
    const was = await since.innerText();
    await expect.poll(() => since.innerText(), { timeout: 5_000 }).not.toBe(was);
    expect(await first.getByRole('img').getAttribute('aria-label')).toMatch(/free of/);
    await page.getByRole('tab', { name: /^Offline/ }).click();
    for (const presence of await page.locator('[data-agent-id] .presence').allInnerTexts()) expect(presence).toBe('Offline');
  });

  it('the queue and agent pickers set the filters in the URL', async () => {
    const page = await openPage();
    await signIn(page, `${fixture.running.url}/?tab=ongoing`, 'supervisor', 'supervisor-demo');
    await expect.poll(() => pickerOptions(page, 'Queue')).toEqual(['All', 'VIP customers', 'Complaints', 'Billing', 'Technical support', 'Orders & delivery']);
    await page.getByRole('combobox', { name: 'Queue' }).selectOption({ label: 'Billing' });
    expect(new URL(page.url()).searchParams.get('queue')).toBe('billing');
    await page.locator('[data-conversation-id]').first().waitFor({ timeout: 30_000 });
    await expect.poll(async () => [...new Set(await page.locator('[data-column="queueName"]').allInnerTexts())]).toEqual(['Billing']);

    const agents = await pickerOptions(page, 'Agent');
    expect(agents.length).toBeGreaterThan(2);
    await page.getByRole('combobox', { name: 'Agent' }).selectOption({ label: agents[1]! });
    expect(new URL(page.url()).searchParams.get('agent')).toMatch(/\S/);
    // The bookmarked view opens with both pickers set.
    const other = await openPage();
    await signIn(other, page.url(), 'supervisor', 'supervisor-demo');
    expect(await other.getByRole('combobox', { name: 'Queue' }).inputValue()).toBe('billing');
    await expect.poll(() => other.getByRole('combobox', { name: 'Agent' }).locator('option:checked').innerText()).toBe(agents[1]);
  });

  it('a team lead scoped to two queues sees only those in the Queues tab and the pickers', async () => {
    const admin = await adminReader();
    const scoped = ((await admin('/queues')).queues as { id: string; agents: { id: string; name: string }[] }[]).filter((queue) => ['vip', 'complaints'].includes(queue.id));
    const members = [...new Set(scoped.flatMap((queue) => queue.agents.map((agent) => agent.name)))].sort((a, b) => a.localeCompare(b));
    const page = await openPage();
    await signIn(page, `${fixture.running.url}/?tab=queues`, 'teamlead', 'teamlead-demo');
    await expect.poll(() => page.locator('[data-queue-id]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-queue-id')))).toEqual(['vip', 'complaints']);
    await expect.poll(() => pickerOptions(page, 'Queue')).toEqual(['All', 'VIP customers', 'Complaints']);
    expect((await pickerOptions(page, 'Agent')).slice(1)).toEqual(members);
    // A queue outside the scope in the URL is shown for what it is, and widens nothing.
    await page.goto(`${fixture.running.url}/?tab=queues&queue=billing`);
    await expect.poll(() => page.getByRole('combobox', { name: 'Queue' }).locator('option:checked').innerText()).toBe('billing (not in your queues)');
    await page.getByText('No queue here.').waitFor();
  });

  it('each customer message shows its own sentiment in the conversation panel', async () => {
    const admin = await adminReader();
    const page = await openPage();
    await signIn(page, `${fixture.running.url}/?tab=ongoing`, 'admin', 'admin-demo');
    // A conversation whose sentiment moved off neutral: its customer has written.
    const row = page.locator('[data-conversation-id]').filter({ has: page.locator('[data-column="sentiment"] .sentiment:not([data-level="neutral"])') }).first();
    await row.waitFor({ timeout: 30_000 });
    const id = (await row.getAttribute('data-conversation-id'))!;
    await row.dblclick();
    const panel = page.getByTestId('conversation-panel');
    const shown = () => panel.getByTestId('message-sentiment').locator('.sentiment').evaluateAll((all) => all.map((each) => each.getAttribute('data-level')));
    const expected = async () => {
      const transcript = (await admin(`/conversations/${id}`)).transcript as { from: string; visibility: string; sentiment?: string }[];
      return transcript.filter((line) => line.from === 'customer' && line.visibility === 'public').map((line) => line.sentiment);
    };
    // Both sides are live: poll until the panel shows what the API says, message for message.
    await expect.poll(async () => JSON.stringify(await shown()) === JSON.stringify(await expected()) && (await shown()).length > 0).toBe(true);
    expect(await panel.getByTestId('message-sentiment').first().innerText()).toMatch(/^Sentiment of this message:\s*(Very negative|Negative|Slightly negative|Neutral|Slightly positive|Positive|Very positive)$/);
  });

  it('the Dutch ongoing table fits 1280 px: no header is cut, no sideways scroll', async () => {
    const page = await openPage('nl-NL');
    await signIn(page, `${fixture.running.url}/?tab=ongoing`, 'supervisor', 'supervisor-demo');
    await page.locator('[data-conversation-id]').first().waitFor({ timeout: 30_000 });
    const cut = await page.evaluate(() =>
      [...document.querySelectorAll('.header-row .cell')].filter((cell) => cell.scrollWidth > cell.clientWidth || cell.scrollHeight > cell.clientHeight).map((cell) => cell.textContent),
    );
    expect(cut).toEqual([]);
    const [wrap, grid] = await page.evaluate(() => [document.querySelector('.table-wrap')!.clientWidth, document.querySelector('.grid')!.scrollWidth]);
    expect(grid).toBeLessThanOrEqual(wrap!);
  });

  it('axe finds no serious or critical violation on the Queues tab, its editor and the agent detail', { timeout: 180_000 }, async () => {
    const page = await openPage();
    await signIn(page, `${fixture.running.url}/?tab=queues`, 'admin', 'admin-demo');
    await page.locator('[data-queue-id]').first().waitFor({ timeout: 30_000 });
    const found = await seriousViolations(page, 'queues');
    await page.getByRole('button', { name: /^Edit the thresholds of/ }).first().click();
    await page.getByRole('dialog').waitFor();
    found.push(...(await seriousViolations(page, 'queue editor')));
    await page.keyboard.press('Escape');
    await page.getByRole('tab', { name: 'Agents' }).click();
    await page.locator('[data-agent-id] button.name').first().click();
    await page.getByTestId('agent-detail').waitFor();
    found.push(...(await seriousViolations(page, 'agent detail')));
    expect(found).toEqual([]);
  });
});
