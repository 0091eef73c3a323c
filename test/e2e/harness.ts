/**
 * What the browser tests share: the Chromium of `@sparticuz/chromium` (143) driven by
 * playwright-core (falling back to /usr/bin/chromium), and a real server with demo traffic
 * on a temp data folder, serving the console built by `npm ci` (web/dist).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import chromium from '@sparticuz/chromium';
import { type Browser, chromium as playwright, type Page } from 'playwright-core';
import { DEFAULT_WEB_ROOT, type RunningServer, startServer } from '../../src/server/server.ts';

export async function launchBrowser(): Promise<Browser> {
  let executablePath: string;
  let args: string[];
  try {
    executablePath = await chromium.executablePath();
    // The package's flags are made for AWS Lambda; one process per browser there makes a
    // second browser context crash the whole browser here.
    args = chromium.args.filter((arg) => arg !== '--single-process');
  } catch (error) {
    if (!fs.existsSync('/usr/bin/chromium')) throw error;
    executablePath = '/usr/bin/chromium';
    args = [];
  }
  return playwright.launch({ executablePath, args, headless: true });
}

export interface ConsoleServer {
  server: RunningServer;
  url: string;
  close(): Promise<void>;
}

/**
 * The server of `npm start` on a fresh temp folder: demo site, demo users, demo traffic at
 * `demoRate` (and routing unless told); no back-filled past unless `demoHistoryMs` asks.
 */
export interface ConsoleServerOptions {
  demoRate?: number;
  routing?: boolean;
  demoHistoryMs?: number;
  /** Demo crews; 1 by default, so that conversations wait open long enough to act on. */
  demoCrews?: number;
  /** PostgreSQL instead of the embedded store. */
  databaseUrl?: string;
}

export async function startConsoleServer({ demoRate = 60, routing = true, demoHistoryMs = 0, demoCrews = 1, databaseUrl }: ConsoleServerOptions = {}): Promise<ConsoleServer> {
  if (!fs.existsSync(path.join(DEFAULT_WEB_ROOT, 'index.html'))) {
    throw new Error(`the console is not built (${DEFAULT_WEB_ROOT}): run npm ci or npm run build:web`);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnipulse-e2e-'));
  // The browser tests sign in dozens of times a minute from one address, as no person would:
  // the login limits (docs/security.md, tested in test/server/auth.test.ts) are raised here.
  const loginLimits = { perAddress: 10_000, perAccount: 10_000, perAccountHour: 10_000 };
  const server = await startServer({ dataDir, port: 0, host: '127.0.0.1', databaseUrl, demo: true, demoRate, demoCrews, demoHistoryMs, routing, logger: false, security: { loginLimits } });
  return {
    server,
    url: server.url,
    async close() {
      await server.shutdown();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function signIn(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel(/username|gebruikersnaam/i).fill(username);
  await page.getByLabel(/^password$|^wachtwoord$/i).fill(password);
  await page.getByRole('button', { name: /sign in|aanmelden/i }).click();
  await page.getByTestId('user-name').waitFor();
}

/** A signed-in API client of the console server (another user acting beside the browser). */
export async function apiAs(url: string, username: string, password: string) {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  return async (method: string, path: string, body?: object) => {
    const response = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, json: (await response.json()) as Record<string, any> };
  };
}
