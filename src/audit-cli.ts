import { parseArgs } from 'node:util';
import { AuditUsageError, exportCommand, verifyBundleCommand, verifyProofCommand } from './audit/cli/audit-commands';
import { ConfigError } from './platform/config/app-config';

const USAGE = `Usage: npm run audit -- <command>

  export --out <dir>                        write the auditor bundle (events, checkpoints, public key, manifest)
  verify <dir> [--checkpoint <file>] [--key-id <hex> | --public-key <file>]
                                            verify a bundle offline, no database or server; exit 2 on any break.
                                            --checkpoint: a signed checkpoint kept from earlier, which the bundle must extend
                                            (a checkpoints.jsonl line, or the answer of GET /api/v1/audit/checkpoints?limit=1)
                                            --key-id / --public-key: the key you trust; a bundle under any other key fails
         [--witness-key <file>]... [--witness-quorum <n>]
                                            also require a checkpoint cosigned by n (default: all) of these witnesses
                                            (each file holds a witness's vkey, as npm run witness prints it)
  verify-proof <file> --public-key <file>   check an inclusion proof from the auditor API; exit 2 if rejected

export uses DATABASE_URL, or the embedded PostgreSQL under DATA_DIR, and the signing key
(SIGNING_KEY, or DATA_DIR/signing-key.json) exactly like npm start. See README "Auditors".`;

const OPTIONS = {
  out: { type: 'string' },
  checkpoint: { type: 'string' },
  'public-key': { type: 'string' },
  'key-id': { type: 'string' },
  'witness-key': { type: 'string', multiple: true },
  'witness-quorum': { type: 'string' },
  help: { type: 'boolean', default: false },
} as const;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  const [command, argument] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 64;
  }
  if (command === 'export' && values.out) return exportCommand(values.out);
  if (command === 'verify' && argument)
    return verifyBundleCommand(argument, {
      checkpointFile: values.checkpoint,
      keyId: values['key-id'],
      publicKeyFile: values['public-key'],
      witness: { keyFiles: values['witness-key'] ?? [], quorum: values['witness-quorum'] },
    });
  if (command === 'verify-proof' && argument && values['public-key'])
    return verifyProofCommand(argument, values['public-key']);
  throw new AuditUsageError(`Unknown command or missing argument: "${argv.join(' ')}".`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const usage = error instanceof AuditUsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (usage || error instanceof ConfigError) {
      console.error(usage ? `${(error as Error).message}\n\n${USAGE}` : (error as Error).message);
      process.exit(64);
    }
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
