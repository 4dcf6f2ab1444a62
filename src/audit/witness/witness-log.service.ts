import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { APP_CONFIG, type AppConfig } from '../../platform/config/app-config';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { KNEX } from '../../platform/platform.tokens';
import {
  AuditLogCorruptError,
  CheckpointNotFoundError,
  CosignatureInvalidError,
  NoCheckpointYetError,
  WitnessUnknownError,
} from '../audit.errors';
import type { LoggedCheckpoint } from '../checkpoints/checkpoint';
import { CheckpointLog } from '../checkpoints/checkpoint-log';
import { verifyCheckpointSignature, type SigningKey } from '../checkpoints/signing-key';
import { CHECKPOINT_SIGNING_KEY } from '../checkpoints/signing-key.provider';
import { CHECKPOINT_NOTE_SIGNER } from './checkpoint-note-key';
import { asNoteSignature, CosignaturesRepository, type StoredCosignature } from './cosignatures.repository';
import {
  checkpointNoteBody,
  formatNote,
  formatVerifierKey,
  NOTE_ED25519,
  noteKeyId,
  parseSignatureLine,
  verifyCosignature,
  type NoteSigner,
  type VerifierKey,
} from './signed-note';

export interface CosignatureView {
  witness: string;
  keyId: string;
  treeSize: number;
  cosignedAt: string;
}

export interface NotedCheckpoint {
  origin: string;
  treeSize: number;
  rootHash: string;
  signedAt: string;
  /** The C2SP tlog-checkpoint signed note: the log's signature, then the expected witnesses' cosignatures. */
  note: string;
  /** The log's note key as a C2SP vkey, for a witness to pin. */
  logKey: string;
  cosignatures: CosignatureView[];
}

export interface WitnessStatus {
  witness: string;
  keyId: string;
  /** The largest checkpoint it cosigned, or null if it never did. */
  lastCosigned: { treeSize: number; cosignedAt: string } | null;
  /** Whether it cosigned the newest checkpoint. */
  cosignedLatest: boolean;
}

const viewOf = (cosignature: StoredCosignature): CosignatureView => ({
  witness: cosignature.witnessName,
  keyId: cosignature.keyId,
  treeSize: cosignature.treeSize,
  cosignedAt: cosignature.cosignedAt,
});

/** The log's side of witnessing: checkpoints as signed notes, and the cosignatures witnesses send back. */
@Injectable()
export class WitnessLogService {
  private readonly checkpoints: CheckpointLog;
  private readonly cosignatures: CosignaturesRepository;
  private readonly witnesses: readonly VerifierKey[];

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(KNEX) knex: Knex,
    @Inject(CHECKPOINT_SIGNING_KEY) private readonly signingKey: SigningKey,
    @Inject(CHECKPOINT_NOTE_SIGNER) private readonly noteSigner: NoteSigner,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.checkpoints = new CheckpointLog(store);
    this.cosignatures = new CosignaturesRepository(knex);
    this.witnesses = config.WITNESS_KEYS;
  }

  logKey(): string {
    return formatVerifierKey({ name: this.noteSigner.name, type: NOTE_ED25519, publicKey: this.noteSigner.publicKey });
  }

  /** The newest checkpoint (or the one of `treeSize`) as a signed note with its cosignatures. */
  async checkpoint(treeSize?: number): Promise<NotedCheckpoint> {
    const checkpoint = await this.signedCheckpoint(treeSize);
    const body = checkpointNoteBody(checkpoint);
    const cosignatures = (await this.cosignatures.ofTreeSize(checkpoint.treeSize)).filter(
      (cosignature) => cosignature.rootHash === checkpoint.rootHash,
    );
    const note = formatNote({ body, signatures: [this.noteSigner.sign(body), ...cosignatures.map(asNoteSignature)] });
    return {
      origin: checkpoint.origin,
      treeSize: checkpoint.treeSize,
      rootHash: checkpoint.rootHash,
      signedAt: checkpoint.signedAt,
      note,
      logKey: this.logKey(),
      cosignatures: cosignatures.map(viewOf),
    };
  }

  /** Stores a witness's cosignature line for the checkpoint of `treeSize`, once it verifies. */
  async addCosignature(treeSize: number, line: string): Promise<CosignatureView> {
    const signature = parseSignatureLine(line.replace(/\n$/, ''));
    const witness =
      signature &&
      this.witnesses.find(
        (key) => key.name === signature.name && noteKeyId(key.name, key.type, key.publicKey) === signature.keyId,
      );
    if (!signature || !witness)
      throw new WitnessUnknownError(signature?.name ?? '(unreadable)', signature?.keyId ?? '');
    const checkpoint = await this.checkpoints.withTreeSize(treeSize);
    if (!checkpoint) throw new CheckpointNotFoundError(treeSize);
    const cosignedAtSeconds = verifyCosignature(checkpointNoteBody(checkpoint), signature, witness);
    if (cosignedAtSeconds === null) throw new CosignatureInvalidError(witness.name, treeSize);
    const stored = await this.cosignatures.add({
      treeSize,
      witnessName: witness.name,
      keyId: signature.keyId,
      rootHash: checkpoint.rootHash,
      cosignedAtSeconds,
      signature: signature.signature,
    });
    return viewOf(stored);
  }

  /** Every expected witness, and how far it has cosigned. */
  async status(): Promise<WitnessStatus[]> {
    if (this.witnesses.length === 0) return [];
    const [latest, newest] = await Promise.all([this.checkpoints.latest(), this.cosignatures.newestPerWitness()]);
    return this.witnesses.map((key) => {
      const keyId = noteKeyId(key.name, key.type, key.publicKey);
      const last = newest.find((cosignature) => cosignature.witnessName === key.name && cosignature.keyId === keyId);
      return {
        witness: key.name,
        keyId,
        lastCosigned: last ? { treeSize: last.treeSize, cosignedAt: last.cosignedAt } : null,
        cosignedLatest: !!last && !!latest && last.treeSize === latest.treeSize && last.rootHash === latest.rootHash,
      };
    });
  }

  /** Only a checkpoint the sealer's own key signed is re-signed as a note: the note adds no trust of its own. */
  private async signedCheckpoint(treeSize?: number): Promise<LoggedCheckpoint> {
    const checkpoint =
      treeSize === undefined ? await this.checkpoints.latest() : await this.checkpoints.withTreeSize(treeSize);
    if (!checkpoint) throw treeSize === undefined ? new NoCheckpointYetError() : new CheckpointNotFoundError(treeSize);
    if (!verifyCheckpointSignature(checkpoint, this.signingKey)) {
      throw new AuditLogCorruptError(
        `The checkpoint of tree size ${checkpoint.treeSize} is not signed by the checkpoint key`,
        { treeSize: checkpoint.treeSize },
      );
    }
    return checkpoint;
  }
}
