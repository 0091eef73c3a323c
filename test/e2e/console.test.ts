/**
 * The supervisor console in a real browser (issue #10) against a real server with demo
 * traffic: sign in, live KPIs and rows, the view in the URL, pause, actions with their
 * confirmation and a 409, Dutch, queue scope, and axe on every tab.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { useConsole } from './console-fixture.ts';
import { apiAs, signIn } from './harness.ts';

const fixture = useConsole(30);
const { openPage } = fixture;

// A test that held the demo traffic lets it go again.
afterEach(() => {
  fixture.running.server.demo!.resume();
});

/**
 * For a test that acts on one row: once the demo has conversations open and active, its
 * customers and agents stand still (routing goes on), so no conversation closes, arrives or
 * moves but by the test's own hand. Resumed after each test.
 */
async function holdTraffic(): Promise<void> {
  const conversations = () => [...fixture.running.server.pipeline.engine.state.conversations.values()];
  const count = (status: string) => conversations().filter((c) => c.status === status && (status !== 'active' || c.firstAcceptedAt !== null)).length;
  await expect.poll(() => Math.min(count('open'), count('active')), { timeout: 60_000 }).toBeGreaterThanOrEqual(5);
  fixture.running.server.demo!.pause();
}

const tileValue = (page: Page, name: string) => page.getByTestId(`kpi-${name}`).locator('.value').innerText();
const firstRow = (page: Page) => page.locator('[data-conversation-id]').first();

/** Waits for the first row whose status cell reads `status`, and returns its conversation id. */
async function rowWithStatus(page: Page, status: RegExp): Promise<string> {
  const row = page.locator('[data-conversation-id]').filter({ has: page.locator('[data-column="status"]', { hasText: status }) }).first();
  await row.waitFor({ timeout: 30_000 });
  return (await row.getAttribute('data-conversation-id'))!;
}

// A real browser against live demo traffic: a test that acts on one row holds the traffic
// first (holdTraffic), and every test waits for the state it needs, never for a time.
describe('supervisor console (issue #10)', () => {
  it('signs in, shows user, role and a live feed, Summary first, and KPIs that change', async () => {
    const page = await openPage();
    await page.goto(fixture.running.url);
    await page.getByLabel('Password').fill('wrong');
    await page.getByLabel('Username').fill('supervisor');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('Wrong username or password');

    await signIn(page, fixture.running.url, 'supervisor', 'supervisor-demo');
    expect(await page.getByTestId('user-role').innerText()).toBe('Supervisor');
    await expect.poll(() => page.getByTestId('feed-state').innerText()).toBe('Live');
    expect(await page.getByRole('tab', { selected: true }).innerText()).toBe('Summary');
    await page.getByTestId('kpi-incoming').waitFor();
    const before = await tileValue(page, 'incoming');
    await expect.poll(() => tileValue(page, 'incoming'), { timeout: 30_000 }).not.toBe(before);
    expect(await tileValue(page, 'longestWait')).toMatch(/^\d+:\d\d:\d\d$/);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  });

  it('shows live rows whose wait ticks every second, and keeps sort and search in the URL', { timeout: 120_000 }, async () => {
    const page = await openPage();
    await signIn(page, fixture.running.url, 'supervisor', 'supervisor-demo');
    await page.getByRole('tab', { name: 'Ongoing conversations' }).click();
    expect(page.url()).toContain('tab=ongoing');
    await firstRow(page).locator('[data-column="waitSeconds"]').waitFor({ timeout: 30_000 });
    // Open rows are the ones whose wait ticks; the oldest rows (the default sort) may all be
    // assigned, so the status filter brings the open ones on screen.
    await page.getByRole('combobox', { name: 'Status' }).selectOption('open');
    const openWait = page.locator('[data-conversation-id]').filter({ has: page.locator('[data-column="status"]', { hasText: /^Open$/ }) }).first().locator('[data-column="waitSeconds"]');
    await openWait.waitFor({ timeout: 60_000 });
    const first = await openWait.innerText();
    await expect.poll(() => openWait.innerText(), { timeout: 5_000 }).not.toBe(first);
    expect(await openWait.innerText()).toMatch(/^\d+:\d\d:\d\d$/);

    await page.getByTestId('sort-waitSeconds').click();
    await page.getByTestId('sort-waitSeconds').click();
    expect(new URL(page.url()).searchParams.get('sort')).toBe('waitSeconds.desc');
    const subject = (await firstRow(page).locator('[data-column="subject"]').innerText()).split(' ')[0]!;
    await page.getByRole('searchbox').fill(subject);
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(subject);

    // The bookmarked view opens as it was left.
    const bookmark = page.url();
    const other = await openPage();
    await signIn(other, bookmark, 'supervisor', 'supervisor-demo');
    expect(await other.getByRole('tab', { selected: true }).innerText()).toBe('Ongoing conversations');
    expect(await other.getByRole('searchbox').inputValue()).toBe(subject);
    expect(await other.getByRole('columnheader', { name: /Wait/ }).getAttribute('aria-sort')).toBe('descending');
    await firstRow(other).waitFor({ timeout: 30_000 });
    // All rows' texts at one moment: a row may leave the list between two reads.
    for (const text of await other.locator('[data-conversation-id]').allInnerTexts()) {
      expect(text.toLowerCase()).toContain(subject.toLowerCase());
    }
  });

  it('filters by channel through the filter bar and the URL', async () => {
    const page = await openPage();
    await signIn(page, `${fixture.running.url}/?tab=ongoing`, 'supervisor', 'supervisor-demo');
    await page.getByRole('combobox', { name: 'Channel' }).selectOption('chat');
    expect(new URL(page.url()).searchParams.get('channel')).toBe('chat');
    await firstRow(page).waitFor({ timeout: 30_000 });
    await expect.poll(async () => [...new Set(await page.locator('[data-column="channel"]').allInnerTexts())]).toEqual(['Chat']);
  });

  it('pause freezes the rows and counts the waiting updates; resume shows them', async () => {
    const page = await openPage();
    await signIn(page, `${fixture.running.url}/?tab=ongoing`, 'supervisor', 'supervisor-demo');
    await firstRow(page).waitFor({ timeout: 30_000 });
    await page.getByRole('switch', { name: 'Pause updates' }).check();
    // Paused for sure once an update waits; from then on nothing shows until resumed.
    const waiting = async () => Number((await page.getByTestId('waiting-updates').innerText()).replace(/\D/g, ''));
    await expect.poll(waiting, { timeout: 30_000 }).toBeGreaterThan(0);
    // The rows and their statuses (their clocks tick on in the browser, paused or not).
    const rows = () => page.locator('[data-conversation-id]').evaluateAll((all) => all.map((row) => `${row.id} ${row.querySelector('[data-column="status"]')?.textContent}`));
    const frozen = await rows();
    const count = await waiting();
    await expect.poll(waiting, { timeout: 30_000 }).toBeGreaterThan(count);
    expect(await rows()).toEqual(frozen);
    await page.getByRole('switch', { name: 'Pause updates' }).uncheck();
    await expect(page.getByTestId('waiting-updates').count()).resolves.toBe(0);
  });

  it('never moves the row under the pointer: the update waits until the pointer leaves, or at most 5 s', { timeout: 120_000 }, async () => {
    await holdTraffic();
    const page = await openPage();
    await signIn(page, `${fixture.running.url}/?tab=ongoing`, 'supervisor', 'supervisor-demo');
    const admin = await apiAs(fixture.running.url, 'admin', 'admin-demo');
    await page.locator('[data-conversation-id]').nth(3).waitFor({ timeout: 30_000 });
    const [first, second, , fourth] = await page.locator('[data-conversation-id]').evaluateAll((rows) => rows.slice(0, 4).map((row) => row.getAttribute('data-conversation-id')!));
    const hovered = page.locator(`#row-${fourth}`);
    await hovered.hover();
    expect(await hovered.getAttribute('aria-rowindex')).toBe('5');

    // Held while the pointer rests on the row...
    expect((await admin('POST', `/conversations/${first}/force-close`, { confirm: true })).status).toBe(200);
    await expect.poll(() => page.getByTestId('waiting-updates').count()).toBe(1);
    expect(await hovered.getAttribute('aria-rowindex')).toBe('5');
    expect(await page.locator(`#row-${first}`).count()).toBe(1);
    // ...but not for ever (POINTER_HOLD_MS): a resting pointer does not freeze the list.
    await expect.poll(() => page.locator(`#row-${first}`).count(), { timeout: 15_000 }).toBe(0);
    expect(await hovered.getAttribute('aria-rowindex')).toBe('4');

    // The pointer leaving lets a held update show at once.
    await hovered.hover();
    expect((await admin('POST', `/conversations/${second}/force-close`, { confirm: true })).status).toBe(200);
    await expect.poll(() => page.getByTestId('waiting-updates').count()).toBe(1);
    const heldSeenAt = Date.now();
    await page.mouse.move(5, 5);
    await expect.poll(() => page.locator(`#row-${second}`).count()).toBe(0);
    expect(Date.now() - heldSeenAt).toBeLessThan(4_000);
    expect(await hovered.getAttribute('aria-rowindex')).toBe('3');
  });

  it('force close asks first, then closes; a second supervisor acting first gets a 409 in plain words', { timeout: 120_000 }, async () => {
    await holdTraffic();
    const page = await openPage();
    await signIn(page, `${fixture.running.url}/?tab=ongoing`, 'supervisor', 'supervisor-demo');
    const admin = await apiAs(fixture.running.url, 'admin', 'admin-demo');

    const id = await rowWithStatus(page, /^(Open|Active)$/);
    await page.locator(`#row-${id}`).getByRole('button', { name: /^Actions for/ }).click();
    await page.getByRole('menuitem', { name: 'Force close' }).click();
    const dialog = page.getByRole('alertdialog');
    expect(await dialog.innerText()).toContain("The customer's chat or call ends now");
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await admin('GET', `/conversations/${id}`)).json.status).not.toBe('closed');

    // Keyboard: focus the table, Enter opens the active row's menu.
    await page.locator(`#row-${id}`).click();
    await page.getByTestId('ongoing-table').press('Enter');
    await page.getByRole('menuitem', { name: 'Force close' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Force close now' }).click();
    // Off the table: while the pointer rests on a row, an update that moves it waits.
    await page.mouse.move(5, 5);
    await expect.poll(() => page.getByTestId('action-notice').innerText()).toContain('now closed');
    expect((await admin('GET', `/conversations/${id}`)).json.status).toBe('closed');
    await expect.poll(() => page.locator(`#row-${id}`).count()).toBe(0);

    const other = await rowWithStatus(page, /^(Open|Active)$/);
    await page.locator(`#row-${other}`).getByRole('button', { name: /^Actions for/ }).click();
    await page.getByRole('menuitem', { name: 'Force close' }).click();
    expect((await admin('POST', `/conversations/${other}/force-close`, { confirm: true })).status).toBe(200);
    await page.getByRole('alertdialog').getByRole('button', { name: 'Force close now' }).click();
    await expect.poll(() => page.getByTestId('action-notice').innerText()).toContain('Someone else acted first: this conversation is now closed');
  });

  it('assigns an open conversation to an offline agent after the override question', async () => {
    await holdTraffic();
    const page = await openPage();
    await signIn(page, `${fixture.running.url}/?tab=ongoing&status=open`, 'supervisor', 'supervisor-demo');
    const admin = await apiAs(fixture.running.url, 'admin', 'admin-demo');
    const id = await rowWithStatus(page, /^Open$/);
    await page.locator(`#row-${id}`).getByRole('button', { name: /^Actions for/ }).click();
    expect(await page.getByRole('menuitem').allInnerTexts()).toEqual(['Assign', 'Force close', 'Details']);
    await page.getByRole('menuitem', { name: 'Assign' }).click();
    const offline = page.getByRole('dialog').getByRole('row').filter({ hasText: 'Offline' }).first();
    const name = (await offline.getByRole('cell').first().innerText()).trim();
    await offline.getByRole('button', { name: /^Choose / }).click();
    const override = page.getByRole('alertdialog');
    expect(await override.innerText()).toContain(`${name} is Offline`);
    await override.getByRole('button', { name: 'Assign anyway' }).click();
    await expect.poll(() => page.getByTestId('action-notice').innerText()).toMatch(/Done|Someone else acted first/);
    if ((await page.getByTestId('action-notice').innerText()).startsWith('Done')) {
      expect((await admin('GET', `/conversations/${id}`)).json.activeAgentName).toBe(name);
    }
  });

  it('transfers an active conversation to another queue from the picker', async () => {
    await holdTraffic();
    const page = await openPage();
    await signIn(page, `${fixture.running.url}/?tab=ongoing&status=active`, 'supervisor', 'supervisor-demo');
    const id = await rowWithStatus(page, /^Active$/);
    await page.locator(`#row-${id}`).getByRole('button', { name: /^Actions for/ }).click();
    await page.getByRole('menuitem', { name: 'Transfer' }).click();
    const picker = page.getByRole('dialog');
    await picker.getByRole('tab', { name: 'Other queues' }).click();
    await picker.getByRole('button', { name: /^Choose / }).first().click();
    await expect.poll(() => page.getByTestId('action-notice').innerText()).toMatch(/Done: the conversation is now (open|active|active, awaiting acceptance)\.|Someone else acted first/);
  });

  it('monitors silently, whispers to the agent only, joins after asking, and stops monitoring on close', async () => {
    await holdTraffic();
    const page = await openPage();
    await signIn(page, `${fixture.running.url}/?tab=ongoing&status=active`, 'supervisor', 'supervisor-demo');
    const admin = await apiAs(fixture.running.url, 'admin', 'admin-demo');
    const id = await rowWithStatus(page, /^Active$/);
    await page.locator(`#row-${id}`).getByRole('button', { name: /^Actions for/ }).click();
    await page.getByRole('menuitem', { name: 'Monitor' }).click();
    const panel = page.getByTestId('conversation-panel');
    await panel.getByRole('heading', { name: 'Monitoring' }).waitFor();
    expect((await admin('GET', `/conversations/${id}`)).json.monitoredBy).toContain('supervisor');

    expect(await panel.getByTestId('timeline').innerText()).toContain('Created');
    expect(await panel.innerText()).toContain('Only the agent sees this.');
    await panel.getByLabel('Whisper to the agent').fill('Offer the voucher');
    await panel.getByRole('button', { name: 'Send whisper' }).click();
    await panel.getByTestId('transcript').getByText('Offer the voucher').waitFor();
    const transcript = (await admin('GET', `/conversations/${id}`)).json.transcript as { text: string; visibility: string; from: string }[];
    expect(transcript.filter((line) => line.text === 'Offer the voucher')).toEqual([expect.objectContaining({ visibility: 'internal', from: 'supervisor' })]);

    await panel.getByRole('button', { name: 'Join the conversation' }).click();
    const ask = page.getByRole('alertdialog');
    expect(await ask.innerText()).toContain('the customer sees it');
    await ask.getByLabel('Your message to everyone').fill('Hello, I am the team lead');
    await ask.getByRole('button', { name: 'Join and send' }).click();
    await panel.getByTestId('transcript').getByText('Hello, I am the team lead').waitFor();
    const joined = (await admin('GET', `/conversations/${id}`)).json.transcript as { text: string; visibility: string }[];
    expect(joined.find((line) => line.text === 'Hello, I am the team lead')?.visibility).toBe('public');

    await panel.getByRole('button', { name: 'Close', exact: true }).click();
    await expect.poll(async () => (await admin('GET', `/conversations/${id}`)).json.monitoredBy).not.toContain('supervisor');
  });

  it('speaks Dutch on a Dutch browser and on request', async () => {
    const dutch = await openPage('nl-NL');
    await dutch.goto(fixture.running.url);
    await dutch.getByRole('button', { name: 'Aanmelden' }).waitFor();
    await signIn(dutch, fixture.running.url, 'supervisor', 'supervisor-demo');
    expect(await dutch.getByRole('tab', { selected: true }).innerText()).toBe('Overzicht');
    expect(await dutch.evaluate(() => document.documentElement.lang)).toBe('nl');

    const page = await openPage();
    await signIn(page, fixture.running.url, 'supervisor', 'supervisor-demo');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('nl');
    expect(await page.getByRole('tab', { selected: true }).innerText()).toBe('Overzicht');
    expect(await page.getByRole('button', { name: 'Afmelden' }).count()).toBe(1);
  });

  it('a supervisor scoped to two queues sees nothing of the others', async () => {
    const admin = await apiAs(fixture.running.url, 'admin', 'admin-demo');
    const others = async () =>
      ((await admin('GET', '/reports/ongoing')).json.conversations as { queueId: string }[]).filter((row) => !['vip', 'complaints'].includes(row.queueId)).length;
    await expect.poll(others, { timeout: 30_000 }).toBeGreaterThan(0);
    const page = await openPage();
    await signIn(page, `${fixture.running.url}/?tab=ongoing`, 'teamlead', 'teamlead-demo');
    await expect.poll(() => page.getByTestId('ongoing-count').innerText()).toMatch(/^\d+ conversations$/);
    const queues = new Set(await page.locator('[data-column="queueName"]').allInnerTexts());
    for (const queue of queues) expect(['VIP customers', 'Complaints']).toContain(queue);
    // Asking for another queue in the URL widens nothing.
    await page.goto(`${fixture.running.url}/?tab=ongoing&queue=billing`);
    await expect.poll(() => page.getByTestId('ongoing-count').innerText()).toBe('0 conversations');
  });

  // One test a tab: axe reads every node, and on a loaded 2-core machine one tab can take a minute.
  it.each(['summary', 'ongoing', 'agents', 'voice'])('axe finds no serious or critical violation on the %s tab', { timeout: 180_000 }, async (tab) => {
    await holdTraffic(); // a still page: live rows would re-render under axe
    const page = await openPage();
    await signIn(page, `${fixture.running.url}/?tab=${tab}`, 'supervisor', 'supervisor-demo');
    await page.getByRole('tabpanel').locator('.tiles, [data-testid="agents-table"], [data-conversation-id]').first().waitFor({ timeout: 30_000 });
    const result = await new AxeBuilder({ page }).analyze();
    const serious = result.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    const described = serious.map((violation) => `${tab}: ${violation.id} (${violation.help}) at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
    expect(described).toEqual([]);
  });
});
