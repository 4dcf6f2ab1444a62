import { verifyConsistency } from '../platform/chain/merkle-proofs';
import {
  checkpointNoteBody,
  cosign,
  noteSignedBy,
  parseCheckpointBody,
  parseNote,
  parseVerifierKey,
  signatureLine,
  NOTE_ED25519,
  type CheckpointBody,
} from '../audit/witness/signed-note';
import { readState, writeState, type WitnessKey, type WitnessState } from './witness-files';

/** The log showed a history that does not extend the one this witness cosigned: never cosign it. */
export class RewrittenHistoryError extends Error {
  constructor(
    readonly cosigned: { treeSize: number; rootHash: string },
    readonly offered: { treeSize: number; rootHash: string },
    reason: string,
  ) {
    super(
      `REWRITTEN HISTORY: the log offers tree ${offered.treeSize} (root ${offered.rootHash}), which does not extend tree ${cosigned.treeSize} (root ${cosigned.rootHash}) that this witness cosigned: ${reason}. Not cosigning.`,
    );
    this.name = 'RewrittenHistoryError';
  }
}

/** The log misbehaved in a way that is not (yet) proof of a rewrite: a bad note, a wrong key. */
export class LogRefusedError extends Error {}

export interface WitnessOptions {
  key: WitnessKey;
  logUrl: string;
  stateFile: string;
  /** The log's note key as a vkey; without it the first key seen is pinned in the state file. */
  logKey?: string;
  now(): Date;
  say(line: string): void;
}

export type RoundOutcome = 'cosigned' | 'unchanged' | 'resubmitted';

interface LogCheckpoint {
  note: string;
  logKey: string;
}

async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, {
    ...init,
    headers: { accept: 'application/json', ...(init?.body ? { 'content-type': 'application/json' } : {}) },
  });
  const body = (await response.json()) as T & { error?: string; message?: string };
  if (!response.ok)
    throw new LogRefusedError(
      `${init?.method ?? 'GET'} ${url}: ${response.status} ${body.error ?? ''} ${body.message ?? ''}`.trim(),
    );
  return body;
}

/** One pass: read the newest checkpoint, prove it extends the last cosigned one, cosign and hand it back. */
export async function witnessRound(options: WitnessOptions): Promise<RoundOutcome> {
  const api = `${options.logUrl.replace(/\/+$/, '')}/api/v1/witness`;
  const offered = await getJson<LogCheckpoint>(`${api}/checkpoint`);
  const state = await readState(options.stateFile);
  const checkpoint = verifiedCheckpoint(offered, options.logKey ?? state?.logKey);
  if (state && state.origin !== checkpoint.origin)
    throw new LogRefusedError(`the log's origin is now "${checkpoint.origin}", not "${state.origin}"`);
  if (state && checkpoint.treeSize === state.treeSize && checkpoint.rootHash === state.rootHash) {
    if (offered.note.includes(state.cosignature)) return 'unchanged';
    await submit(api, state);
    return 'resubmitted';
  }
  if (state) await proveExtends(api, state, checkpoint);
  else if (!options.logKey)
    options.say(`pinned the log's key ${offered.logKey} (trust on first use; pass --log-key to pin it yourself)`);
  const seconds = BigInt(Math.floor(options.now().getTime() / 1000));
  const line = signatureLine(
    cosign(checkpointNoteBody(checkpoint), seconds, options.key.name, options.key.seed),
  ).replace(/\n$/, '');
  const next: WitnessState = {
    logKey: state?.logKey ?? options.logKey ?? offered.logKey,
    origin: checkpoint.origin,
    treeSize: checkpoint.treeSize,
    rootHash: checkpoint.rootHash,
    cosignature: line,
  };
  // Persisted before it is handed out, as tlog-witness asks: a crash must never let the witness forget what it vouched for.
  await writeState(options.stateFile, next);
  await submit(api, next);
  options.say(`cosigned tree ${checkpoint.treeSize} (root ${checkpoint.rootHash})`);
  return 'cosigned';
}

function verifiedCheckpoint(offered: LogCheckpoint, pinnedKey: string | undefined): CheckpointBody {
  const logKey = parseVerifierKey(pinnedKey ?? offered.logKey);
  if (!logKey || logKey.type !== NOTE_ED25519)
    throw new LogRefusedError(`the log's key ${pinnedKey ?? offered.logKey} is not an Ed25519 note vkey`);
  const note = parseNote(offered.note);
  const body = note && parseCheckpointBody(note.body);
  if (!note || !body) throw new LogRefusedError('the log served a checkpoint that is not a C2SP signed note');
  if (body.origin !== logKey.name || !noteSignedBy(note, logKey))
    throw new LogRefusedError(
      `the checkpoint of tree ${body.treeSize} is not signed by the log's key ${pinnedKey ?? offered.logKey}`,
    );
  return body;
}

async function proveExtends(api: string, state: WitnessState, checkpoint: CheckpointBody): Promise<void> {
  const cosigned = { treeSize: state.treeSize, rootHash: state.rootHash };
  if (checkpoint.treeSize < state.treeSize) throw new RewrittenHistoryError(cosigned, checkpoint, 'the tree shrank');
  if (checkpoint.treeSize === state.treeSize)
    throw new RewrittenHistoryError(cosigned, checkpoint, 'same size, another root (a fork)');
  let proof: string[];
  try {
    ({ proof } = await getJson<{ proof: string[] }>(
      `${api}/consistency?from=${state.treeSize}&to=${checkpoint.treeSize}`,
    ));
  } catch (error) {
    // A log that can no longer prove its old tree has lost or rewritten it.
    throw new RewrittenHistoryError(cosigned, checkpoint, `no consistency proof (${(error as Error).message})`);
  }
  const bytes = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));
  if (
    !verifyConsistency(
      state.treeSize,
      checkpoint.treeSize,
      proof.map(bytes),
      bytes(state.rootHash),
      bytes(checkpoint.rootHash),
    )
  ) {
    throw new RewrittenHistoryError(cosigned, checkpoint, 'the consistency proof does not verify');
  }
}

async function submit(api: string, state: WitnessState): Promise<void> {
  await getJson(`${api}/cosignatures`, {
    method: 'POST',
    body: JSON.stringify({ treeSize: state.treeSize, cosignature: state.cosignature }),
  });
}
