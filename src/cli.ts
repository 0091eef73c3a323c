/**
 * The `omnipulse` command line (SPEC §9): start · replay · simulate.
 */
import { runReplay } from './cli/replay-command.js';

const commands: Record<string, (argv: string[]) => number | Promise<number>> = {
  replay: runReplay,
};

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  const command = name ? commands[name] : undefined;
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
