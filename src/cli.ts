/**
 * The `omnipulse` command line (SPEC §9): start · replay · simulate · backup · restore · migrate.
 */
type Command = (argv: string[]) => number | Promise<number>;

// Each command is loaded only when named, so `replay` does not pay for the server's modules
// (Fastify, the stores, PostgreSQL's driver): the command starts in well under 300 ms.
const commands: Record<string, () => Promise<Command>> = {
  start: async () => (await import('./cli/start-command.js')).runStart,
  replay: async () => (await import('./cli/replay-command.js')).runReplay,
  simulate: async () => (await import('./cli/simulate-command.js')).runSimulate,
  backup: async () => (await import('./cli/backup-command.js')).runBackup,
  restore: async () => (await import('./cli/backup-command.js')).runRestore,
  migrate: async () => (await import('./cli/migrate-command.js')).runMigrate,
};

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  const load = name && Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!load) {
    process.stderr.write(`usage: omnipulse <${Object.keys(commands).join('|')}> [options]\n`);
    process.exitCode = 2;
    return;
  }
  try {
    const command = await load();
    const code = await command(rest);
    if (typeof code === 'number') process.exitCode = code;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

await main();
