import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { loadOrCreateWitnessKey } from './witness/witness-files';
import { RewrittenHistoryError, witnessRound, type WitnessOptions } from './witness/witness-round';

const USAGE = `Usage: npm run witness -- --key FILE --log URL --state FILE [--name NAME] [--log-key VKEY] [--interval-ms N] [--once]

  --key FILE       this witness's Ed25519 key (created, mode 600, when missing; its vkey is printed for WITNESS_KEYS)
  --log URL        the ledger's base URL, e.g. http://localhost:3000
  --state FILE     the last checkpoint this witness cosigned (written before each cosignature leaves)
  --name NAME      the witness's key name when the key is created (default smartstart-witness/<hostname>)
  --log-key VKEY   the log's note key (GET /api/v1/witness/status answers it); without it the first one seen is pinned
  --interval-ms N  how often to look for a new checkpoint (default 30000)
  --once           one round, then exit

Exit codes: 0 done, 1 error, 3 the log rewrote history (the witness refuses, now and on every later run), 64 bad usage.`;

const REWRITTEN_HISTORY_EXIT = 3;

const OPTIONS = {
  key: { type: 'string' },
  log: { type: 'string' },
  state: { type: 'string' },
  name: { type: 'string' },
  'log-key': { type: 'string' },
  'interval-ms': { type: 'string', default: '30000' },
  once: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

const say = (line: string) => console.log(JSON.stringify({ time: new Date().toISOString(), witness: line }));

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: OPTIONS });
  const intervalMs = Number(values['interval-ms']);
  if (
    values.help ||
    !values.key ||
    !values.log ||
    !values.state ||
    !URL.canParse(values.log) ||
    !Number.isInteger(intervalMs) ||
    intervalMs < 100
  ) {
    console.error(USAGE);
    return values.help ? 0 : 64;
  }
  const key = await loadOrCreateWitnessKey(values.key, values.name, say);
  say(`witness ${key.vkey} follows ${values.log}`);
  const options: WitnessOptions = {
    key,
    logUrl: values.log,
    stateFile: values.state,
    logKey: values['log-key'],
    now: () => new Date(),
    say,
  };
  for (;;) {
    try {
      const outcome = await witnessRound(options);
      say(`round: ${outcome}`);
      if (values.once) return 0;
    } catch (error) {
      if (error instanceof RewrittenHistoryError) {
        console.error(`WITNESS ALARM: ${error.message}`);
        return REWRITTEN_HISTORY_EXIT;
      }
      // The log being down or refusing is not evidence of a rewrite: report it and try again.
      console.error(`witness: ${(error as Error).message}`);
      if (values.once) return 1;
    }
    await sleep(intervalMs);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error((error as Error).message);
    process.exit((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 64 : 1);
  },
);
