// Relative and with .js, and types only from the generated contract: the server's tests (nodenext) read this file too.
import type { paths } from '../api/generated/openapi.js';
import { checkInclusion } from '../inclusion-check.js';
import { bytesToHex, hexToBytes } from '../merkle.js';
import { verifyText } from './ecdsa.js';
import { parseStatement } from './statement.js';

type SignaturesByHash =
  paths['/api/v1/signatures/by-hash/{sha256}']['get']['responses'][200]['content']['application/json'];

export type RecordedSignature = SignaturesByHash['signatures'][number];
type CheckpointKey = SignaturesByHash['checkpointKey'];

export interface SignatureVerdict {
  /** The statement names this file's hash, the key is the one its id names, and the signature verifies. */
  valid: boolean;
  steps: { label: string; ok: boolean }[];
  /** 'pending' until a signed checkpoint covers the signature's event. */
  inclusion: 'verified' | 'failed' | 'pending';
}

/**
 * Checks a signature the server lists for a file, in this browser, trusting nothing the server
 * says about it: the statement must be the canonical text naming this file's SHA-256 and the
 * recorded request, document and signer; the key must hash to its key id; the signature must
 * verify with WebCrypto; and, once sealed, the DocumentSigned event carrying exactly this
 * signature must be in the log under a checkpoint signed by the ledger's key.
 */
export async function checkRecordedSignature(
  fileSha256: string,
  recorded: RecordedSignature,
  checkpointKey: CheckpointKey,
): Promise<SignatureVerdict> {
  const fields = parseStatement(recorded.statement);
  const statementOk =
    fields !== null &&
    fields.documentSha256 === fileSha256 &&
    fields.requestId === recorded.requestId &&
    fields.documentId === recorded.documentId &&
    fields.signerId === recorded.signerId;
  const publicKey = hexToBytes(recorded.publicKeyHex);
  const keyOk =
    publicKey !== null &&
    bytesToHex(new Uint8Array(await crypto.subtle.digest('SHA-256', publicKey))) === recorded.keyId;
  const signatureOk = await verifyText(recorded.publicKeyHex, recorded.statement, recorded.signatureHex);
  const steps = [
    { label: "The signed text names this file's SHA-256, the request and the signer", ok: statementOk },
    { label: 'The public key is the one its key id names', ok: keyOk },
    { label: 'The ECDSA P-256 signature verifies over that text (WebCrypto)', ok: signatureOk },
  ];
  return { valid: statementOk && keyOk && signatureOk, steps, inclusion: await inclusionOf(recorded, checkpointKey) };
}

async function inclusionOf(
  recorded: RecordedSignature,
  checkpointKey: CheckpointKey,
): Promise<SignatureVerdict['inclusion']> {
  const proof = recorded.inclusion;
  if (!proof) return 'pending';
  const event = proof.event;
  if (
    !event ||
    event.eventId !== recorded.eventId ||
    event.type !== 'DocumentSigned' ||
    !carries(event.dataText, recorded)
  )
    return 'failed';
  if (checkpointKey.algorithm !== 'ECDSA-P256-SHA256') return 'failed';
  const verdict = await checkInclusion(proof, { ...checkpointKey, algorithm: 'ECDSA-P256-SHA256' }, event.hash);
  return verdict.verified ? 'verified' : 'failed';
}

/** The event's hashed data holds this very statement, key and signature. */
function carries(dataText: string, recorded: RecordedSignature): boolean {
  try {
    const data = JSON.parse(dataText) as Record<string, unknown>;
    return (
      data.statement === recorded.statement &&
      data.signatureHex === recorded.signatureHex &&
      data.publicKeyHex === recorded.publicKeyHex
    );
  } catch {
    return false;
  }
}
