import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { openCliDatabase } from './cli/cli-database';
import {
  UsageError,
  listFollowersCommand,
  rebuildProjectionCommand,
  retryFollowerCommand,
  verifyCommand,
} from './cli/commands';
import { createAdminCommand, createTokenCommand, revokeTokenCommand } from './cli/identity-commands';
import { settleReputationCommand } from './cli/job-commands';
import { ConfigError, loadConfig, type AppConfig } from './platform/config/app-config';

const USAGE = `Usage: npm run cli -- <command>

  verify [--stream <streamId>]          recompute every hash chain (or one stream's); exit 2 on a break
  projections list                      checkpoint, lag and state of every projection; exit 2 if one is FAILED
  projections retry <name>              resume a FAILED projection at the event it failed on (after a fix)
  projections rebuild <name> [--keep]   replay into fresh tables and diff with the live ones; exit 2 if they differ
                                        (name "all": every projection, over one read of the feed)
  reactors list                         checkpoint, lag and state of every process manager; exit 2 if one is FAILED
  reactors retry <name>                 resume a FAILED process manager at the event it failed on (after a fix)
  admin create --email E --password P   create the first admin (or make an existing account admin)
  token create --name N [--role R]      print a scoped integration token (role defaults to system)
  token revoke <id>                     revoke an integration token (refused within API_TOKEN_CACHE_MS)
  reputation settle [--through-day D]   settle reputation through day D (default: yesterday, UTC)

Uses DATABASE_URL, or the embedded PostgreSQL under DATA_DIR (default .data) like npm start.`;

const CLI_OPTIONS = {
  stream: { type: 'string' },
  keep: { type: 'boolean', default: false },
  email: { type: 'string' },
  password: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string' },
  'through-day': { type: 'string' },
  help: { type: 'boolean', default: false },
} as const;

type Flags = {
  stream?: string;
  keep?: boolean;
  email?: string;
  password?: string;
  name?: string;
  role?: string;
  'through-day'?: string;
};

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: CLI_OPTIONS });
  const [command, subcommand, argument] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 64;
  }
  const run = commandFor(command, subcommand);
  const config = loadConfig();
  const cli = await openCliDatabase(config, (line) => console.error(line));
  try {
    return await run(cli, argument, values, config);
  } finally {
    await cli.close();
  }
}

type Command = (
  cli: Awaited<ReturnType<typeof openCliDatabase>>,
  argument: string | undefined,
  flags: Flags,
  config: AppConfig,
) => Promise<number>;

function commandFor(command: string, subcommand: string | undefined): Command {
  if (command === 'verify') return (cli, _argument, flags) => verifyCommand(cli, flags.stream);
  if (command === 'projections' && subcommand === 'list') return (cli) => listFollowersCommand(cli, 'projection');
  if (command === 'projections' && subcommand === 'retry')
    return (cli, argument) => retryFollowerCommand(cli, 'projection', argument);
  if (command === 'reactors' && subcommand === 'list') return (cli) => listFollowersCommand(cli, 'reactor');
  if (command === 'reactors' && subcommand === 'retry')
    return (cli, argument) => retryFollowerCommand(cli, 'reactor', argument);
  if (command === 'projections' && subcommand === 'rebuild')
    return (cli, argument, flags) => rebuildProjectionCommand(cli, argument, flags.keep ?? false);
  if (command === 'admin' && subcommand === 'create')
    return (cli, _argument, flags, config) => createAdminCommand(cli, config, flags);
  if (command === 'token' && subcommand === 'create') return (cli, _argument, flags) => createTokenCommand(cli, flags);
  if (command === 'token' && subcommand === 'revoke') return (cli, argument) => revokeTokenCommand(cli, argument);
  if (command === 'reputation' && subcommand === 'settle')
    return (cli, _argument, flags) => settleReputationCommand(cli, flags['through-day']);
  throw new UsageError(`Unknown command "${[command, subcommand].filter(Boolean).join(' ')}".`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (
      error instanceof UsageError ||
      error instanceof ConfigError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      console.error(`${(error as Error).message}\n\n${USAGE}`);
      process.exit(64);
    }
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
