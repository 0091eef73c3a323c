/**
 * The `omnipulse` command line (SPEC §9): start · replay · simulate · backup · restore · migrate.
 */
import { runBackup, runRestore } from './cli/backup-command.js';
import { runMigrate } from './cli/migrate-command.js';
import { runReplay } from './cli/replay-command.js';
import { runSimulate } from './cli/simulate-command.js';
import { runStart } from './cli/start-command.js';

const commands: Record<string, (argv: string[]) => number | Promise<number>> = {
  start: runStart,
  replay: runReplay,
  simulate: runSimulate,
  backup: runBackup,
  restore: runRestore,
  migrate: runMigrate,
};

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  const command = name && Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(`usage: omnipulse <${Object.keys(commands).join('|')}> [options]\n`);
    process.exitCode = 2;
    return;
  }
  try {
    const code = await command(rest);
    if (typeof code === 'number') process.exitCode = code;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

await main();
