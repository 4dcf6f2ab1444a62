import { createHash } from 'node:crypto';
import busboy from 'busboy';
import type { Request } from 'express';
import { DomainError } from '../../shared-kernel/domain-error';

/** The one file of an upload, hashed while it streamed in. */
export interface UploadedFile {
  content: Buffer;
  /** Lowercase hex SHA-256 of `content`. */
  sha256: string;
  fileName: string;
}

export interface MultipartUpload {
  fields: Record<string, string>;
  file: UploadedFile | null;
}

export class PayloadTooLargeError extends DomainError {
  constructor(maxBytes: number) {
    super('PAYLOAD_TOO_LARGE', `The file is over the upload limit of ${maxBytes} bytes`, { maxBytes });
  }
}

const MAX_FIELD_BYTES = 4096;

/**
 * Reads a multipart/form-data body: text fields and at most one file, whose SHA-256 is updated
 * chunk by chunk as it arrives. A file over `maxBytes` stops the read with 413 as soon as the
 * limit is passed; the rest of the body is drained, not kept.
 */
export function readMultipartUpload(request: Request, maxBytes: number): Promise<MultipartUpload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        limits: { files: 1, fileSize: maxBytes, fields: 10, fieldSize: MAX_FIELD_BYTES, parts: 12 },
      });
    } catch {
      return reject(new DomainError('BAD_REQUEST', 'The multipart body could not be read (a boundary is missing)'));
    }
    const fields: Record<string, string> = {};
    let file: UploadedFile | null = null;
    let failed = false;
    const fail = (error: DomainError) => {
      if (failed) return;
      failed = true;
      request.unpipe(parser);
      request.resume();
      reject(error);
    };
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated)
        return fail(
          new DomainError('VALIDATION_FAILED', `The field ${name} is over ${MAX_FIELD_BYTES} bytes`, {
            issues: [{ path: [name], message: 'too long' }],
          }),
        );
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file')
        return fail(
          new DomainError('VALIDATION_FAILED', `Send the content in the field "file", not "${name}"`, {
            issues: [{ path: [name], message: 'unexpected file field' }],
          }),
        );
      const hash = createHash('sha256');
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        chunks.push(chunk);
      });
      stream.on('limit', () => fail(new PayloadTooLargeError(maxBytes)));
      const fileName = fileNameOf(info);
      stream.on('end', () => {
        if (!failed) file = { content: Buffer.concat(chunks), sha256: hash.digest('hex'), fileName };
      });
    });
    parser.on('filesLimit', () =>
      fail(
        new DomainError('VALIDATION_FAILED', 'Send exactly one file', {
          issues: [{ path: ['file'], message: 'one file only' }],
        }),
      ),
    );
    parser.on('error', () => fail(new DomainError('BAD_REQUEST', 'The multipart body could not be read')));
    parser.on('close', () => {
      if (!failed) resolve({ fields, file });
    });
    request.pipe(parser);
  });
}

/** busboy's types say filename is a string, but a part sent without one has it undefined (busboy's README). */
function fileNameOf(info: { filename?: string }): string {
  return info.filename ?? '';
}
