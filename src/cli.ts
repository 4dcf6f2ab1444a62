import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { openCliDatabase } from './cli/cli-database';
import { UsageError, listProjectionsCommand, rebuildProjectionCommand, verifyCommand } from './cli/commands';
import { ConfigError, loadConfig } from './platform/config/app-config';

const USAGE = `Usage: npm run cli -- <command>

  verify [--stream <streamId>]          recompute every hash chain (or one stream's); exit 2 on a break
  projections list                      checkpoint and lag of every projection
  projections rebuild <name> [--keep]   replay into fresh tables and diff with the live ones; exit 2 if they differ

Uses DATABASE_URL, or the embedded PostgreSQL under DATA_DIR (default .data) like npm start.`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { stream: { type: 'string' }, keep: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } });
  const [command, subcommand, argument] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 64;
  }
  const run = commandFor(command, subcommand);
  const cli = await openCliDatabase(loadConfig(), (line) => console.error(line));
  try {
    return await run(cli, argument, values);
  } finally {
    await cli.close();
  }
}

type Command = (cli: Awaited<ReturnType<typeof openCliDatabase>>, argument: string | undefined, flags: { stream?: string; keep?: boolean }) => Promise<number>;

function commandFor(command: string, subcommand: string | undefined): Command {
  if (command === 'verify') return (cli, _argument, flags) => verifyCommand(cli, flags.stream);
  if (command === 'projections' && subcommand === 'list') return (cli) => listProjectionsCommand(cli);
  if (command === 'projections' && subcommand === 'rebuild') return (cli, argument, flags) => rebuildProjectionCommand(cli, argument, flags.keep ?? false);
  throw new UsageError(`Unknown command "${[command, subcommand].filter(Boolean).join(' ')}".`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ConfigError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(error as Error).message}\n\n${USAGE}`);
      process.exit(64);
    }
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
