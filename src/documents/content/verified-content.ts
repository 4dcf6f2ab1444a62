import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { PinoLogger } from 'nestjs-pino';
import { DomainError } from '../../shared-kernel/domain-error';
import { derivedId } from '../../shared-kernel/ids';
import { KNEX } from '../../platform/platform.tokens';
import { BLOB_STORE, type BlobStore, type StoredBlob } from '../blobs/blob-store.port';
import { DocumentsStreamWriter } from '../commands/documents-stream.writer';
import { raiseIntegrityAlarm } from '../domain/document.decide';
import type { DocumentVersionData } from '../domain/document.events';

export class ContentIntegrityError extends DomainError {
  constructor(documentId: string, versionNumber: number, alarmId: string) {
    super(
      'CONTENT_INTEGRITY_FAILED',
      'The stored content does not match its recorded hash: it is withheld, and compliance has been alerted',
      { documentId, versionNumber, alarmId },
    );
  }
}

/**
 * Every read of document bytes goes through here: the bytes are hashed again and served only
 * when they still match the hash the log recorded. A mismatch (or bytes gone missing) is an
 * integrity alarm: logged at error level, kept (and counted) in document_integrity_alarms for compliance and
 * recorded as DocumentIntegrityAlarmRaised on the document's stream; the bytes are never served.
 */
@Injectable()
export class VerifiedContentReader {
  constructor(
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(KNEX) private readonly knex: Knex,
    private readonly writer: DocumentsStreamWriter,
    private readonly logger: PinoLogger,
  ) {}

  async read(documentId: string, version: DocumentVersionData): Promise<StoredBlob> {
    const blob = await this.blobs.get(version.sha256);
    const actualSha256 = blob ? createHash('sha256').update(blob.content).digest('hex') : null;
    if (blob && actualSha256 === version.sha256) return blob;
    const alarmId = derivedId('integrity-alarm', documentId, String(version.versionNumber), actualSha256 ?? 'missing');
    const alarm = {
      alarmId,
      versionNumber: version.versionNumber,
      expectedSha256: version.sha256,
      actualSha256,
      detectedAt: this.writer.now(),
    };
    this.logger.error(
      { documentId, ...alarm },
      'integrity alarm: stored document content does not match its hash; not served',
    );
    // One row per (version, bytes found): a read of the same bad bytes again counts, it adds no row.
    await this.knex('document_integrity_alarms')
      .insert({
        alarm_id: alarmId,
        document_id: documentId,
        version_number: version.versionNumber,
        expected_sha256: version.sha256,
        actual_sha256: actualSha256,
        detected_at: alarm.detectedAt,
        last_detected_at: alarm.detectedAt,
      })
      .onConflict('alarm_id')
      .merge({
        detection_count: this.knex.raw('document_integrity_alarms.detection_count + 1'),
        last_detected_at: alarm.detectedAt,
      });
    // The alarm id is the command id: a second read of the same bad bytes records nothing new.
    await this.writer.writeDocument(documentId, { commandId: alarmId, actorId: null }, () =>
      raiseIntegrityAlarm(alarm),
    );
    throw new ContentIntegrityError(documentId, version.versionNumber, alarmId);
  }
}
