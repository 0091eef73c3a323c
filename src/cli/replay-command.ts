/**
 * `bin/omnipulse replay FILE --at ISO --report KIND [...] --json` (SPEC §9): prints the
 * report JSON on stdout; invalid lines go to stderr with their line numbers.
 */
import { parseArgs } from 'node:util';
import { replayFile } from '../engine/replay.js';
import { defaultAnalyzer } from '../sentiment/index.js';
import { isReportKind, parseReportOptions } from './report-args.js';

const USAGE =
  'usage: omnipulse replay FILE --at ISO --report ongoing|summary|agents|voice|queues [--window last24h|today] ' +
  '[--tz NAME] [--include-open] [--queue ID] [--channel NAME] [--agent ID] [--status S] [--direction D] [--json]';

export function runReplay(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      at: { type: 'string' },
      report: { type: 'string' },
      window: { type: 'string' },
      tz: { type: 'string' },
      'include-open': { type: 'boolean' },
      queue: { type: 'string' },
      channel: { type: 'string' },
      agent: { type: 'string' },
      status: { type: 'string' },
      direction: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const file = positionals[0];
  if (!file || !values.at || !values.report) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (!isReportKind(values.report)) {
    process.stderr.write(`--report: unknown report '${values.report}'\n${USAGE}\n`);
    return 2;
  }
  const parsed = parseReportOptions({ ...values, includeOpen: values['include-open'] }, Date.now());
  if (!parsed.ok) {
    process.stderr.write(`--${parsed.message}\n`);
    return 2;
  }
  const { report, result } = replayFile(file, values.report, parsed.query, defaultAnalyzer);
  for (const line of result.invalid) {
    process.stderr.write(`line ${line.line}: ${line.eventId ? `event ${line.eventId}: ` : ''}${line.message}\n`);
  }
  if (result.duplicates > 0) process.stderr.write(`${result.duplicates} duplicate event(s) ignored\n`);
  process.stdout.write(`${JSON.stringify(report, null, values.json ? 1 : 2)}\n`);
  return 0;
}
