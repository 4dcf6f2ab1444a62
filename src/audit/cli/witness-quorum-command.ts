import { readFile } from 'node:fs/promises';
import type { WitnessQuorumReport } from '../witness/bundle-cosignatures';
import { COSIGNATURE_V1, parseVerifierKey, type VerifierKey } from '../witness/signed-note';

/** `--witness-key FILE` (repeatable) and `--witness-quorum N` of `npm run audit -- verify`. */
export interface WitnessArguments {
  keyFiles: string[];
  quorum: string | undefined;
}

export class WitnessUsageError extends Error {}

/** Each file holds one witness's vkey, as `npm run witness` prints it. Quorum: all given keys unless told. */
export async function readWitnessArguments(
  args: WitnessArguments,
): Promise<{ keys: VerifierKey[]; quorum: number } | null> {
  if (args.keyFiles.length === 0) {
    if (args.quorum !== undefined) throw new WitnessUsageError('--witness-quorum needs at least one --witness-key');
    return null;
  }
  const keys: VerifierKey[] = [];
  for (const file of args.keyFiles) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new WitnessUsageError(`${file}: ${(error as Error).message}`);
    }
    const key = parseVerifierKey(text.trim());
    if (!key || key.type !== COSIGNATURE_V1)
      throw new WitnessUsageError(`${file}: not a witness's cosignature/v1 vkey (name+keyid+base64)`);
    if (keys.some((known) => known.name === key.name))
      throw new WitnessUsageError(`${file}: witness ${key.name} is given twice`);
    keys.push(key);
  }
  const quorum = args.quorum === undefined ? keys.length : Number(args.quorum);
  if (!Number.isInteger(quorum) || quorum < 1 || quorum > keys.length)
    throw new WitnessUsageError(
      `--witness-quorum must be a whole number from 1 to ${keys.length} (the witness keys given)`,
    );
  return { keys, quorum };
}

export function witnessVerdict(report: WitnessQuorumReport): string {
  return report.status === 'WITNESSED'
    ? `WITNESSED: tree size ${report.witnessedTreeSize} (root ${report.witnessedRootHash}) is cosigned by ${report.witnesses.join(', ')} (quorum ${report.quorum}); every event below it is vouched for by them`
    : `NOT WITNESSED: no checkpoint of the bundle carries valid cosignatures of ${report.quorum} of the given witnesses`;
}
