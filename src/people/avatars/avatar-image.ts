import sharp from 'sharp';
import { DomainError } from '../../shared-kernel/domain-error';
import type { SniffedImage } from './image-sniff';

/** Every avatar is served at this size, square. */
export const AVATAR_SIZE_PX = 256;
/**
 * Decompression-bomb guard: a 2 MB PNG of one colour can claim 100 000 × 100 000 pixels. Refused
 * from the header before decoding, and again by the decoder itself (`limitInputPixels`). 4096²
 * still takes a phone photo (12 megapixels).
 */
export const AVATAR_MAX_INPUT_PIXELS = 4096 * 4096;
/** WebP: a 256 × 256 photo is a few kilobytes (PNG would be ten times that), and every browser we support shows it. */
export const AVATAR_MEDIA_TYPE = 'image/webp';

const SHARP_FORMAT = { 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/webp': 'webp' } as const;

// The avatar is decoded once and never again: libvips' operation cache would only hold memory.
sharp.cache(false);

export interface ResizedAvatar {
  bytes: Buffer;
  mediaType: typeof AVATAR_MEDIA_TYPE;
  width: number;
  height: number;
}

/**
 * Decodes the upload as the type its magic bytes claim, turns it upright (EXIF orientation),
 * cover-crops it to a centred square of AVATAR_SIZE_PX and re-encodes it as WebP. Re-encoding
 * drops every metadata block (EXIF GPS positions included) and anything smuggled after the image.
 */
export async function resizeAvatar(bytes: Buffer, sniffed: SniffedImage): Promise<ResizedAvatar> {
  const inputPixels = sniffed.width * sniffed.height;
  if (inputPixels > AVATAR_MAX_INPUT_PIXELS)
    throw new DomainError(
      'UNSUPPORTED_IMAGE',
      `The avatar is ${sniffed.width} × ${sniffed.height} pixels; at most ${AVATAR_MAX_INPUT_PIXELS} pixels in all`,
      { ...sniffed, maxInputPixels: AVATAR_MAX_INPUT_PIXELS },
    );
  try {
    const image = sharp(bytes, { limitInputPixels: AVATAR_MAX_INPUT_PIXELS, failOn: 'warning' });
    const { format } = await image.metadata();
    if (format !== SHARP_FORMAT[sniffed.mediaType]) throw new Error(`decoder read it as ${format}`);
    const { data, info } = await image
      .rotate()
      .resize(AVATAR_SIZE_PX, AVATAR_SIZE_PX, { fit: 'cover', position: 'centre' })
      .webp({ quality: 82 })
      .toBuffer({ resolveWithObject: true });
    return { bytes: data, mediaType: AVATAR_MEDIA_TYPE, width: info.width, height: info.height };
  } catch {
    // The decoder's own words name libvips internals; the member needs to know the file is damaged.
    throw new DomainError(
      'UNSUPPORTED_IMAGE',
      `The avatar starts like a ${sniffed.mediaType} image but could not be decoded (damaged or truncated file)`,
      { mediaType: sniffed.mediaType },
    );
  }
}
