import { describe, expect, it } from 'vitest';
import { sniffImage } from '../../../src/people/avatars/image-sniff';
import { jpegHeader, PNG_1X1, pngHeader, WEBP_1X1 } from '../../support/images';

describe('sniffing an avatar by its bytes', () => {
  it.each([
    ['a PNG', PNG_1X1, { mediaType: 'image/png', width: 1, height: 1 }],
    ['a lossy WebP', WEBP_1X1, { mediaType: 'image/webp', width: 1, height: 1 }],
    ['a JPEG', jpegHeader(640, 480), { mediaType: 'image/jpeg', width: 640, height: 480 }],
    ['a large PNG header', pngHeader(5000, 20), { mediaType: 'image/png', width: 5000, height: 20 }],
  ])('reads %s', (_, bytes, expected) => {
    expect(sniffImage(bytes)).toEqual(expected);
  });

  it.each([
    ['a GIF', Buffer.from('GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;', 'latin1')],
    ['an SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ['text that starts like a PNG', Buffer.from('\u0089PNG but not really', 'latin1')],
    ['nothing', Buffer.alloc(0)],
    ['a truncated JPEG', Buffer.from([0xff, 0xd8, 0xff])],
  ])('refuses %s', (_, bytes) => {
    expect(sniffImage(bytes)).toBeNull();
  });
});
