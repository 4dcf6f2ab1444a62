import request from 'supertest';
import type { TestUser } from './identity';
import type { TestApp } from './test-app';

/** A small but real PDF: what sniffing recognises by its first bytes. */
export function pdfBytes(text = 'hello'): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
    'latin1',
  );
}

/** The start of a Windows executable: `MZ`, then bytes no text has. */
export function executableBytes(): Buffer {
  return Buffer.concat([
    Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1'),
    Buffer.alloc(64),
  ]);
}

export interface UploadOptions {
  content?: Buffer;
  fileName?: string;
  title?: string;
  docType?: string;
  headers?: Record<string, string>;
}

/** POST /api/v1/documents as multipart; the test checks the status. */
export function upload(app: TestApp, user: TestUser, options: UploadOptions = {}): request.Test {
  return request(app.baseUrl)
    .post('/api/v1/documents')
    .set({ ...user.auth, ...options.headers })
    .field('title', options.title ?? 'Service agreement')
    .field('docType', options.docType ?? 'contract')
    .attach('file', options.content ?? pdfBytes(), options.fileName ?? 'agreement.pdf');
}

export interface UploadedDocument {
  documentId: string;
  sha256: string;
  versionNumber: number;
}

export async function uploadedDocument(
  app: TestApp,
  user: TestUser,
  options: UploadOptions = {},
): Promise<UploadedDocument> {
  const response = await upload(app, user, options).expect(201);
  return response.body as UploadedDocument;
}

/** A supertest parser that keeps a binary answer as one Buffer. */
export function binaryBody(response: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  const stream = response as unknown as NodeJS.ReadableStream;
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}
