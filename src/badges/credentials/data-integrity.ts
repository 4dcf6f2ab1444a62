import { createHash } from 'node:crypto';
import { canonicalJson } from '../../platform/chain/canonical-json';
import { base58btc } from './base58btc';
import type { IssuerKey } from './issuer-key';

export interface ProofOptions {
  [key: string]: string;
  type: 'DataIntegrityProof';
  cryptosuite: 'eddsa-jcs-2022';
  created: string;
  verificationMethod: string;
  proofPurpose: 'assertionMethod';
}

type Document = { '@context': unknown } & Record<string, unknown>;

/**
 * A Data Integrity proof with the eddsa-jcs-2022 cryptosuite (W3C VC DI EdDSA §3.3): SHA-256 of
 * the RFC 8785 text of the proof options (with the document's @context), then SHA-256 of the
 * RFC 8785 text of the document, both hashes signed with Ed25519; the proofValue is multibase
 * base58btc. Ed25519 is deterministic, so the same award always yields the same credential.
 */
export function signEddsaJcs<T extends Document>(
  document: T,
  options: ProofOptions,
  key: IssuerKey,
): T & { proof: ProofOptions & { proofValue: string } } {
  const proofConfigHash = sha256(canonicalJson({ ...options, '@context': document['@context'] }));
  const documentHash = sha256(canonicalJson(document));
  const signature = key.sign(Buffer.concat([proofConfigHash, documentHash]));
  return { ...document, proof: { ...options, proofValue: `z${base58btc(signature)}` } };
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
