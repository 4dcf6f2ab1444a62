import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { z } from 'zod';
import { APP_CONFIG, type AppConfig } from '../../platform/config/app-config';
import { DomainError } from '../../shared-kernel/domain-error';
import type { UploadedContent } from '../commands/document.commands';
import { sniffMediaType, DOCUMENT_MEDIA_TYPES } from '../domain/content-type';
import { readMultipartUpload } from '../upload/multipart-upload';

/** Reads an upload: its fields checked with `schema`, its file hashed, limited and typed by its bytes. */
@Injectable()
export class UploadReader {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async read<Schema extends z.ZodType>(
    request: Request,
    schema: Schema,
  ): Promise<{ fields: z.infer<Schema>; upload: UploadedContent }> {
    const { fields, file } = await readMultipartUpload(request, this.config.DOCUMENT_MAX_UPLOAD_BYTES);
    const parsed = schema.parse(fields);
    if (!file)
      throw new DomainError('VALIDATION_FAILED', 'Send the content as the multipart field "file"', {
        issues: [{ path: ['file'], message: 'required' }],
      });
    const mediaType = sniffMediaType(file.content, file.fileName);
    if (!mediaType) {
      throw new DomainError(
        'UNSUPPORTED_MEDIA_TYPE',
        'The file is not a PDF, PNG, JPEG, plain text, Markdown or DOCX document (judged by its content, not its name)',
        {
          accepted: DOCUMENT_MEDIA_TYPES,
        },
      );
    }
    return { fields: parsed, upload: { content: file.content, sha256: file.sha256, mediaType } };
  }
}
