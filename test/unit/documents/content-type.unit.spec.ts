import { describe, expect, it } from 'vitest';
import { sniffMediaType } from '../../../src/documents/domain/content-type';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))));

describe('the type of a document, by its bytes alone', () => {
  it('recognises PDF, PNG, JPEG and DOCX whatever the name says', () => {
    expect(sniffMediaType(bytes('%PDF-1.7\n...'), 'scan.png')).toBe('application/pdf');
    expect(sniffMediaType(bytes([0x89], 'PNG\r\n\x1a\n', [0, 0, 0, 13]), 'a.pdf')).toBe('image/png');
    expect(sniffMediaType(bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'), 'a.txt')).toBe('image/jpeg');
    expect(sniffMediaType(bytes('PK\x03\x04', '....[Content_Types].xml....word/document.xml'), 'a.pdf')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
  });

  it('tells Markdown from plain text by the name only once the bytes are text', () => {
    expect(sniffMediaType(bytes('# Title\n\nSome *text*.\n'), 'notes.md')).toBe('text/markdown');
    expect(sniffMediaType(bytes('# Title\n'), 'notes.txt')).toBe('text/plain');
    expect(sniffMediaType(Buffer.from('Grüße, ünïcödé ✓\r\n\tindented\n', 'utf8'), 'x')).toBe('text/plain');
  });

  it('refuses executables, other archives, binary and broken UTF-8, even when named .pdf', () => {
    expect(sniffMediaType(bytes('MZ', [0x90, 0, 3, 0]), 'invoice.pdf')).toBeNull();
    expect(sniffMediaType(bytes([0x7f], 'ELF', [2, 1, 1, 0]), 'invoice.pdf')).toBeNull();
    expect(sniffMediaType(bytes('PK\x03\x04', 'META-INF/MANIFEST.MF'), 'contract.docx')).toBeNull();
    expect(sniffMediaType(bytes('text with a NUL', [0]), 'a.txt')).toBeNull();
    expect(sniffMediaType(bytes([0xc3, 0x28]), 'a.txt')).toBeNull();
    expect(sniffMediaType(Buffer.alloc(0), 'empty.pdf')).toBeNull();
  });
});
