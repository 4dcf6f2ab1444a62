import path from 'node:path';
import type { SignedCheckpoint } from '../checkpoints/checkpoint';
import { isConsistentPublicKey } from '../checkpoints/signing-key';
import {
  trustedClaims,
  type CheckpointClaim,
  type LogBreak,
  type LogVerificationReport,
} from '../verification/log-break';
import { logReport, LogVerifier } from '../verification/log-verifier';
import {
  BUNDLE_FILES,
  bundleCheckpointSchema,
  bundleManifestSchema,
  bundlePublicKeySchema,
  type BundleManifest,
  type BundlePublicKey,
} from './bundle-format';
import { BundleMalformedError, readJsonFile, readJsonLines } from './bundle-reader';
import { checkEvents } from './bundle-events';
import { ByteChains } from './byte-chains';
import { ChunkCheckers } from './chunk-checker';
import type { LineEvent } from './chunk-line';
import type { RunningDigest } from './file-digest';
import { ManifestDigests } from './manifest-digests';

export interface BundleVerifyOptions {
  /** A checkpoint the auditor kept from before: catches a tail deleted together with its checkpoints. */
  trustedCheckpoint?: SignedCheckpoint;
  /** The key id the auditor trusts (published by the operator): a bundle under any other key fails. */
  trustedKeyId?: string;
  /** Worker threads that hash events; 0 hashes in this thread. Default: one per core, at most 4. */
  threads?: number;
  onProgress?(eventsChecked: number): void;
}

export interface BundleVerificationReport extends LogVerificationReport {
  /** The key every checkpoint was checked against: compare it with the one the operator publishes. */
  keyId: string | null;
}

/**
 * Verifies an export bundle with no database and no server, as docs/AUDIT-BUNDLE.md specifies:
 * the manifest's digests, the pinned key, the list of checkpoints and its count, then the same
 * LogVerifier the server runs, fed from events.jsonl, and last the manifest's event counts.
 */
export async function verifyBundle(dir: string, options: BundleVerifyOptions = {}): Promise<BundleVerificationReport> {
  const started = performance.now();
  const file = (name: string) => path.join(dir, name);
  let verifier: LogVerifier<LineEvent> | null = null;
  let keyId: string | null = null;
  let firstBreak: LogBreak | null;
  let digests: ManifestDigests | null = null;
  const checkers = new ChunkCheckers(options.threads);
  try {
    const manifest = await readJsonFile(file(BUNDLE_FILES.manifest), bundleManifestSchema, BUNDLE_FILES.manifest);
    const key = await readPublicKey(file(BUNDLE_FILES.publicKey));
    keyId = key.keyId;
    firstBreak = untrustedKey(key, options.trustedKeyId);
    if (!firstBreak) {
      digests = new ManifestDigests(dir, manifest);
      firstBreak = await digests.check();
    }
    if (!firstBreak) {
      const checkpoints = await readCheckpoints(file(BUNDLE_FILES.checkpoints));
      const claims = [...checkpoints, ...trustedClaims(options.trustedCheckpoint)];
      verifier = new LogVerifier<LineEvent>(claims, key, new ByteChains());
      firstBreak =
        countMismatch('checkpoints', manifest.counts.checkpoints, checkpoints.length) ??
        verifier.start() ??
        (await checkEventsAndCounts(verifier, file(BUNDLE_FILES.events), manifest, {
          ...options,
          checkers,
          digest: digests?.eventsDigest,
        }));
    }
  } catch (error) {
    if (!(error instanceof BundleMalformedError)) throw error;
    firstBreak = {
      problem: 'BUNDLE_MALFORMED',
      streamId: null,
      revision: null,
      expected: null,
      actual: null,
      detail: error.message,
    };
  } finally {
    await checkers.close();
  }
  // A damaged events.jsonl is the verdict, as if its digest had been checked before anything else.
  const eventsMismatch = await digests?.eventsMismatch();
  if (eventsMismatch) [verifier, firstBreak] = [null, eventsMismatch];
  const report = verifier ? logReport(verifier, firstBreak, started) : emptyReport(firstBreak, started);
  return { ...report, keyId };
}

async function checkEventsAndCounts(
  verifier: LogVerifier<LineEvent>,
  eventsFile: string,
  manifest: BundleManifest,
  options: BundleVerifyOptions & { checkers: ChunkCheckers; digest?: RunningDigest },
): Promise<LogBreak | null> {
  const read = await checkEvents(verifier, eventsFile, options);
  return (
    read.firstBreak ??
    verifier.finish() ??
    countMismatch('events', manifest.counts.events, read.events) ??
    countMismatch('sealedEvents', manifest.counts.sealedEvents, read.sealedEvents)
  );
}

function untrustedKey(key: BundlePublicKey, trustedKeyId: string | undefined): LogBreak | null {
  if (trustedKeyId === undefined || key.keyId === trustedKeyId) return null;
  return {
    problem: 'BUNDLE_KEY_NOT_TRUSTED',
    streamId: null,
    revision: null,
    expected: trustedKeyId,
    actual: key.keyId,
    detail: `${BUNDLE_FILES.publicKey} holds key ${key.keyId}, not the pinned key: whoever signed these checkpoints, it was not the key you trust`,
  };
}

function countMismatch(count: keyof BundleManifest['counts'], stated: number, actual: number): LogBreak | null {
  if (stated === actual) return null;
  return {
    problem: 'BUNDLE_COUNTS_MISMATCH',
    streamId: null,
    revision: null,
    expected: String(stated),
    actual: String(actual),
    detail: `manifest.json counts ${stated} ${count} but the bundle holds ${actual}`,
  };
}

async function readPublicKey(filePath: string): Promise<BundlePublicKey> {
  const key = await readJsonFile(filePath, bundlePublicKeySchema, BUNDLE_FILES.publicKey);
  if (!isConsistentPublicKey(key))
    throw new BundleMalformedError(`${BUNDLE_FILES.publicKey}: keyId is not the SHA-256 of a valid P-256 public key`);
  return key;
}

async function readCheckpoints(filePath: string): Promise<CheckpointClaim[]> {
  return readJsonLines(filePath, bundleCheckpointSchema, BUNDLE_FILES.checkpoints);
}

function emptyReport(firstBreak: LogBreak | null, startedMs: number): LogVerificationReport {
  return {
    status: firstBreak ? 'BROKEN' : 'VERIFIED',
    eventsChecked: 0,
    streamsChecked: 0,
    leavesChecked: 0,
    checkpointsChecked: 0,
    latestCheckpoint: null,
    firstBreak,
    durationMs: Math.round(performance.now() - startedMs),
  };
}
