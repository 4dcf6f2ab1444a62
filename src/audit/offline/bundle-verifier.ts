import { existsSync } from 'node:fs';
import path from 'node:path';
import type { SignedCheckpoint } from '../checkpoints/checkpoint';
import { isConsistentPublicKey } from '../checkpoints/signing-key';
import { trustedClaims, type CheckpointClaim, type LogBreak, type LogVerificationReport } from '../verification/log-break';
import { checkAll, logReport, LogVerifier } from '../verification/log-verifier';
import { BUNDLE_FILES, bundleCheckpointSchema, bundleManifestSchema, bundlePublicKeySchema, type BundleManifest, type BundlePublicKey } from './bundle-format';
import { BundleMalformedError, readBundleEvents, readJsonFile, readJsonLines } from './bundle-reader';
import { fileDigest } from './file-digest';

export interface BundleVerifyOptions {
  /** A checkpoint the auditor kept from before: catches a tail deleted together with its checkpoints. */
  trustedCheckpoint?: SignedCheckpoint;
  onProgress?(this: void, eventsChecked: number): void;
}

export interface BundleVerificationReport extends LogVerificationReport {
  /** The key every checkpoint was checked against: compare it with the one the operator publishes. */
  keyId: string | null;
}

/**
 * Verifies an export bundle with no database and no server: the manifest's digests, then the
 * same LogVerifier the server runs, fed from events.jsonl.
 */
export async function verifyBundle(dir: string, options: BundleVerifyOptions = {}): Promise<BundleVerificationReport> {
  const started = performance.now();
  const file = (name: string) => path.join(dir, name);
  let verifier: LogVerifier | null = null;
  let keyId: string | null = null;
  let firstBreak: LogBreak | null;
  try {
    const manifest = await readJsonFile(file(BUNDLE_FILES.manifest), bundleManifestSchema, BUNDLE_FILES.manifest);
    const key = await readPublicKey(file(BUNDLE_FILES.publicKey));
    keyId = key.keyId;
    firstBreak = await checkDigests(dir, manifest);
    if (!firstBreak) {
      verifier = new LogVerifier([...(await readCheckpoints(file(BUNDLE_FILES.checkpoints))), ...trustedClaims(options.trustedCheckpoint)], key);
      firstBreak =
        verifier.start() ?? (await checkAll(verifier, readBundleEvents(file(BUNDLE_FILES.events), BUNDLE_FILES.events), options.onProgress)) ?? verifier.finish();
    }
  } catch (error) {
    if (!(error instanceof BundleMalformedError)) throw error;
    firstBreak = { problem: 'BUNDLE_MALFORMED', streamId: null, revision: null, expected: null, actual: null, detail: error.message };
  }
  const report = verifier ? logReport(verifier, firstBreak, started) : emptyReport(firstBreak, started);
  return { ...report, keyId };
}

/** Digests first: they tell a damaged copy apart from a tampered ledger. */
async function checkDigests(dir: string, manifest: BundleManifest): Promise<LogBreak | null> {
  for (const [name, expected] of Object.entries(manifest.files)) {
    const filePath = path.join(dir, name);
    if (!existsSync(filePath)) throw new BundleMalformedError(`${name} is missing`);
    const actual = await fileDigest(filePath);
    if (actual.sha256 !== expected.sha256 || actual.bytes !== expected.bytes) {
      return {
        problem: 'BUNDLE_FILE_MISMATCH',
        streamId: null,
        revision: null,
        expected: `${expected.sha256} (${expected.bytes} bytes)`,
        actual: `${actual.sha256} (${actual.bytes} bytes)`,
        detail: `${name} is not the file manifest.json describes: it was changed or damaged after the export`,
      };
    }
  }
  return null;
}

async function readPublicKey(filePath: string): Promise<BundlePublicKey> {
  const key = await readJsonFile(filePath, bundlePublicKeySchema, BUNDLE_FILES.publicKey);
  if (!isConsistentPublicKey(key)) throw new BundleMalformedError(`${BUNDLE_FILES.publicKey}: keyId is not the SHA-256 of a valid P-256 public key`);
  return key;
}

async function readCheckpoints(filePath: string): Promise<CheckpointClaim[]> {
  const claims: CheckpointClaim[] = [];
  for await (const line of readJsonLines(filePath, bundleCheckpointSchema, BUNDLE_FILES.checkpoints)) claims.push(line);
  return claims;
}

function emptyReport(firstBreak: LogBreak | null, startedMs: number): LogVerificationReport {
  return { status: firstBreak ? 'BROKEN' : 'VERIFIED', eventsChecked: 0, streamsChecked: 0, leavesChecked: 0, checkpointsChecked: 0, latestCheckpoint: null, firstBreak, durationMs: Math.round(performance.now() - startedMs) };
}
