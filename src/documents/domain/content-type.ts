/** The types a document may have, decided from its bytes alone. */
export const DOCUMENT_MEDIA_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'text/plain',
  'text/markdown',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
] as const;
export type DocumentMediaType = (typeof DOCUMENT_MEDIA_TYPES)[number];

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const startsWith = (content: Buffer, magic: number[]) => magic.every((byte, index) => content[index] === byte);

/**
 * The media type of `content` by its magic bytes, or null when it is none of the allowed ones (an
 * executable named `.pdf` among them). The file name is never trusted: it only tells Markdown
 * from plain text, which no bytes can, once the bytes are known to be text.
 */
export function sniffMediaType(content: Buffer, fileName: string): DocumentMediaType | null {
  if (startsWith(content, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (startsWith(content, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(content, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(content, [0x50, 0x4b, 0x03, 0x04])) return isWordDocument(content) ? DOCX : null;
  if (isText(content)) return /\.(md|markdown)$/i.test(fileName) ? 'text/markdown' : 'text/plain';
  return null;
}

/** A DOCX is a ZIP whose entries include `word/`; any other ZIP (a JAR, an APK) is refused. */
function isWordDocument(content: Buffer): boolean {
  const names = content.subarray(0, 64 * 1024).toString('latin1');
  return names.includes('[Content_Types].xml') && names.includes('word/');
}

/**
 * UTF-8 text without control characters other than tab, line feed, form feed and carriage
 * return: no binary (executables hold NULs in their first bytes) passes as text.
 */
function isText(content: Buffer): boolean {
  if (content.length === 0) return false;
  for (const byte of content) {
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) return false;
    if (byte === 0x7f) return false;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return true;
  } catch {
    return false;
  }
}
