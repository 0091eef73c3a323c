import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { parseReportOptions } from '../../src/cli/report-args.ts';
import { replayFile } from '../../src/engine/replay.ts';
import { defaultAnalyzer } from '../../src/sentiment/index.ts';
import { tempDir } from '../server/helpers.ts';

/**
 * bin/omnipulse runs the JavaScript that `npm run build:server` wrote into dist/ (the test
 * command builds it first): these tests run that build, not the TypeScript sources.
 */
const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/omnipulse');
const run = promisify(execFile);
const scenario = path.join(root, 'test/fixtures/scenarios/public-day.jsonl');

describe('the built command line', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
  });

  it('replays a scenario to the same report as the sources do', async () => {
    const at = '2024-11-19T09:10:00Z';
    const { stdout, stderr } = await run(bin, ['replay', scenario, '--at', at, '--report', 'summary', '--json']);
    expect(stderr).toBe('');
    const parsed = parseReportOptions({ at }, Date.now());
    if (!parsed.ok) throw new Error(parsed.message);
    const { report } = replayFile(scenario, 'summary', parsed.query, defaultAnalyzer);
    expect(JSON.parse(stdout)).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('needs no TypeScript loader at run time: tsx is not a runtime dependency', () => {
    // Node 20 cannot load .ts files without a loader, so the replay above ran the build;
    // these pin that neither the command nor an install without dev dependencies needs tsx.
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.dependencies)).not.toContain('tsx');
    expect(fs.readFileSync(bin, 'utf8')).not.toMatch(/tsx/);
    expect(pkg.scripts.start).toMatch(/^node dist\//);
  });

  it('starts the server from the build and serves the console at /', async () => {
    const dir = tempDir();
    const child = spawn(bin, ['start', '--port', '0', '--host', '127.0.0.1', '--data', dir, '--no-demo'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<div id="root">/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
