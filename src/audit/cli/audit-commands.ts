import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { openCliDatabase } from '../../cli/cli-database';
import { progressReporter } from '../../cli/progress';
import { loadConfig } from '../../platform/config/app-config';
import { signedCheckpointSchema, type SignedCheckpoint } from '../checkpoints/checkpoint';
import { loadSigningKey } from '../checkpoints/signing-key-store';
import { isConsistentPublicKey } from '../checkpoints/signing-key';
import { exportBundle } from '../export/bundle-export';
import { checkWitnessQuorum, exportCosignatures } from '../witness/bundle-cosignatures';
import {
  readWitnessArguments,
  WitnessUsageError,
  witnessVerdict,
  type WitnessArguments,
} from './witness-quorum-command';
import { bundlePublicKeySchema } from '../offline/bundle-format';
import { verifyBundle, type BundleVerificationReport } from '../offline/bundle-verifier';
import { verifyInclusionProofFile } from '../offline/proof-verifier';

/** Wrong arguments or unreadable input files: exit 64 with the usage text. */
export class AuditUsageError extends Error {}

/** Exit codes: 0 all verified, 2 something does not verify. */
export async function exportCommand(outDir: string): Promise<number> {
  const config = loadConfig();
  const key = await loadSigningKey(config, { generate: false, warn: (line) => console.error(line) });
  const cli = await openCliDatabase(config, (line) => console.error(line));
  try {
    const progress = progressReporter('exported');
    const manifest = await exportBundle(cli.database.pool, key, path.resolve(outDir), {
      exportedAt: new Date(),
      onProgress: progress.update,
    }).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST')
        throw new AuditUsageError(`${outDir} already holds a bundle; export into a new directory`);
      throw error;
    });
    progress.done();
    await exportCosignatures(cli.database.pool, path.resolve(outDir));
    console.log(JSON.stringify(manifest, null, 2));
    console.error(
      `bundle written to ${outDir}: ${manifest.counts.events} events, ${manifest.counts.checkpoints} checkpoints, key ${key.keyId}`,
    );
    return 0;
  } finally {
    await cli.close();
  }
}

export interface VerifyArguments {
  checkpointFile?: string;
  /** The key id the auditor trusts, as 64 hex digits. */
  keyId?: string;
  /** A public-key.json the auditor trusts; pins its key id. */
  publicKeyFile?: string;
  /** `--witness-key` files and `--witness-quorum`: a checkpoint must carry that many of their cosignatures. */
  witness?: WitnessArguments;
}

/** No database and no server: everything comes from the bundle directory and the auditor's own files. */
export async function verifyBundleCommand(dir: string, args: VerifyArguments): Promise<number> {
  const trustedCheckpoint = args.checkpointFile ? await readTrustedCheckpoint(args.checkpointFile) : undefined;
  const trustedKeyId = await pinnedKeyId(args);
  const witnesses = await readWitnessArguments(args.witness ?? { keyFiles: [], quorum: undefined }).catch(
    (error: unknown) => {
      throw error instanceof WitnessUsageError ? new AuditUsageError(error.message) : error;
    },
  );
  const progress = progressReporter('verified');
  const report = await verifyBundle(path.resolve(dir), {
    trustedCheckpoint,
    trustedKeyId,
    onProgress: progress.update,
  });
  progress.done();
  // Cosignatures count only over checkpoints the bundle itself proved: never for a broken one.
  const witnessed =
    witnesses && report.status === 'VERIFIED'
      ? await checkWitnessQuorum(path.resolve(dir), witnesses.keys, witnesses.quorum)
      : undefined;
  console.log(JSON.stringify(witnessed ? { ...report, witnesses: witnessed } : report, null, 2));
  console.error(verdict(report, trustedCheckpoint, trustedKeyId !== undefined));
  if (witnessed) console.error(witnessVerdict(witnessed));
  return report.status === 'VERIFIED' && (!witnesses || witnessed?.status === 'WITNESSED') ? 0 : 2;
}

const checkpointSchema = z.object(signedCheckpointSchema.shape);
/** What `--checkpoint` takes: one checkpoint (a checkpoints.jsonl line), or a page of the auditor API, newest first. */
const checkpointFileSchema = z.union([
  checkpointSchema,
  z.object({ checkpoints: z.array(checkpointSchema).min(1, 'holds no checkpoint') }),
]);

async function readTrustedCheckpoint(file: string): Promise<SignedCheckpoint> {
  const read = await readJsonArgument(file, checkpointFileSchema);
  const checkpoint = 'checkpoints' in read ? read.checkpoints[0] : read;
  const { origin, treeSize, rootHash, keyId, signature } = checkpoint;
  return { origin, treeSize, rootHash, keyId, signature };
}

async function pinnedKeyId(args: VerifyArguments): Promise<string | undefined> {
  const fromFlag = args.keyId?.toLowerCase();
  if (fromFlag !== undefined && !/^[0-9a-f]{64}$/.test(fromFlag))
    throw new AuditUsageError(`--key-id must be 64 hex digits (SHA-256 of the public key), not "${args.keyId}"`);
  const fromFile = args.publicKeyFile ? (await readPublicKeyArgument(args.publicKeyFile)).keyId : undefined;
  if (fromFlag && fromFile && fromFlag !== fromFile)
    throw new AuditUsageError(`--key-id ${fromFlag} is not the id of the key in ${args.publicKeyFile} (${fromFile})`);
  return fromFlag ?? fromFile;
}

async function readPublicKeyArgument(file: string) {
  const key = await readJsonArgument(file, bundlePublicKeySchema);
  if (!isConsistentPublicKey(key))
    throw new AuditUsageError(`${file}: keyId is not the SHA-256 of a valid P-256 public key`);
  return key;
}

export async function verifyProofCommand(proofFile: string, publicKeyFile: string): Promise<number> {
  const key = await readPublicKeyArgument(publicKeyFile);
  const result = verifyInclusionProofFile(await readJsonArgument(proofFile, z.unknown()), key);
  console.log(JSON.stringify(result, null, 2));
  console.error(
    result.status === 'VERIFIED'
      ? `VERIFIED: the event is in the log signed by key ${key.keyId}`
      : `REJECTED: ${result.reason}`,
  );
  return result.status === 'VERIFIED' ? 0 : 2;
}

function verdict(report: BundleVerificationReport, trusted: SignedCheckpoint | undefined, pinnedKey: boolean): string {
  const broken = report.firstBreak;
  if (!broken) {
    const latest = report.latestCheckpoint;
    const anchor = latest
      ? `every checkpoint up to tree size ${latest.treeSize} (root ${latest.rootHash})`
      : 'no checkpoint yet';
    const held = trusted ? `, including the trusted one at tree size ${trusted.treeSize}` : '';
    const pinned = pinnedKey
      ? ' (the pinned key)'
      : ' (not pinned: compare it with the key id the operator published, or pass --key-id)';
    return `VERIFIED: ${report.eventsChecked} events in ${report.streamsChecked} streams; ${anchor}${held}; signing key ${report.keyId}${pinned}`;
  }
  const where = broken.streamId ? ` at ${broken.streamId} revision ${broken.revision}` : '';
  return `BROKEN: ${broken.problem}${where}\n  ${broken.detail}\n  expected ${broken.expected ?? '-'}\n  actual   ${broken.actual ?? '-'}`;
}

async function readJsonArgument<Schema extends z.ZodType>(file: string, schema: Schema): Promise<z.infer<Schema>> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new AuditUsageError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new AuditUsageError(
      `${file}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`,
    );
  return parsed.data;
}
