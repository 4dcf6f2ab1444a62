import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { avatarSetResponseSchema } from '../../src/people/avatars/avatars.controller';
import { profileResponseSchema } from '../../src/people/http/people.schemas';
import { eventsOfType, expectContract } from '../support/gamification';
import { signUp, type TestUser } from '../support/identity';
import { jpegHeader, pngHeader } from '../support/images';
import { errorOf, json } from '../support/json';
import { closeIfStarted } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';

const RED = [220, 20, 20];
const GREEN = [20, 200, 20];
const BLUE = [20, 20, 220];

/** Raw RGB pixels in equal stripes: vertical ones across a wide image, horizontal ones down a tall one. */
function stripes(width: number, height: number, colours: number[][]): Buffer {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const along = width >= height ? (x * colours.length) / width : (y * colours.length) / height;
      pixels.set(colours[Math.floor(along)], (y * width + x) * 3);
    }
  }
  return pixels;
}

const encode = (width: number, height: number, colours: number[][]) =>
  sharp(stripes(width, height, colours), { raw: { width, height, channels: 3 } });

/**
 * A real, valid PNG of 5000 × 5000 one-bit grey pixels: a few kilobytes that decode to 25
 * megapixels (the decompression bomb the pixel limit is for). Built by hand, chunk by chunk.
 */
function pngBomb(side: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = pngHeader(side, side).subarray(16, 24);
  const ihdr = Buffer.concat([header, Buffer.from([1, 0, 0, 0, 0])]);
  const rows = Buffer.alloc((1 + Math.ceil(side / 8)) * side);
  return Buffer.concat([
    pngHeader(side, side).subarray(0, 8),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const avatarRowsSchema = z.object({ count: z.coerce.number() });

/** #14 §1: every avatar is decoded, cover-cropped to 256 × 256 and re-encoded; what fails to decode is refused. */
describe('avatars are resized to a fixed size', () => {
  let app: TestApp;
  let api: ReturnType<typeof request>;

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    api = request(app.baseUrl);
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  const upload = (member: TestUser, bytes: Buffer) =>
    api
      .put('/api/v1/profiles/me/avatar')
      .set(member.auth)
      .send({ image: bytes.toString('base64') });

  const served = async (url: string) => {
    const response = await api
      .get(url)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    return { type: response.headers['content-type'], bytes: z.instanceof(Buffer).parse(response.body) };
  };

  const storedAvatars = async () =>
    avatarRowsSchema.parse(await app.database.knex('avatars').count({ count: '*' }).first()).count;

  /** The colour of one pixel of a decoded image, as [r, g, b]. */
  async function pixelAt(bytes: Buffer, x: number, y: number): Promise<number[]> {
    const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const offset = (y * info.width + x) * info.channels;
    return [data[offset], data[offset + 1], data[offset + 2]];
  }

  const near = (actual: number[], expected: number[]) =>
    actual.every((value, index) => Math.abs(value - expected[index]) < 40);

  it.each([
    ['a PNG of 1200 × 400 (too big to serve as is)', () => encode(1200, 400, [RED, GREEN, BLUE]).png().toBuffer()],
    ['a JPEG of 639 × 213', () => encode(639, 213, [RED, GREEN, BLUE]).jpeg({ quality: 95 }).toBuffer()],
    ['a WebP of 200 × 600 (portrait)', () => encode(200, 600, [RED, GREEN, BLUE]).webp({ lossless: true }).toBuffer()],
  ])('%s comes out as a 256 × 256 WebP, cropped to its centre, stored by the hash of that output', async (_, make) => {
    const member = await signUp(app);
    const set = await upload(member, await make()).expect(200);
    expectContract(app, 'PUT /api/v1/profiles/me/avatar', set.body);
    const answer = json(set, avatarSetResponseSchema);
    expect(answer).toMatchObject({ mediaType: 'image/webp', width: 256, height: 256 });

    const image = await served(answer.avatarUrl);
    expect(image.type).toBe('image/webp');
    expect(answer.avatarUrl).toBe(`/api/v1/avatars/${createHash('sha256').update(image.bytes).digest('hex')}`);
    const decoded = await sharp(image.bytes).metadata();
    expect([decoded.format, decoded.width, decoded.height]).toEqual(['webp', 256, 256]);
    // Cover, not squash: the centre third (green) fills the square edge to edge, no red or blue stripe left.
    for (const [x, y] of [
      [4, 128],
      [251, 128],
      [128, 4],
      [128, 251],
      [128, 128],
    ]) {
      const colour = await pixelAt(image.bytes, x, y);
      expect(near(colour, GREEN), `pixel ${x},${y} is ${colour.join(',')}`).toBe(true);
    }
    const profile = json(await api.get(`/api/v1/profiles/${member.userId}`).expect(200), profileResponseSchema);
    expect(profile.avatarUrl).toBe(answer.avatarUrl);
  });

  it('stores one row for the same picture uploaded by two members', async () => {
    const picture = await encode(300, 300, [BLUE]).png().toBuffer();
    const [first, second] = await Promise.all([signUp(app), signUp(app)]);
    const before = await storedAvatars();
    const one = json(await upload(first, picture).expect(200), avatarSetResponseSchema);
    const two = json(await upload(second, picture).expect(200), avatarSetResponseSchema);
    expect(two.avatarUrl).toBe(one.avatarUrl);
    expect(await storedAvatars()).toBe(before + 1);
  });

  it.each([
    ['a truncated PNG', async () => (await encode(400, 400, [RED, BLUE]).png().toBuffer()).subarray(0, 300), 'decoded'],
    ['a JPEG with a header and no picture', () => Promise.resolve(jpegHeader(320, 200)), 'decoded'],
    [
      'a WebP whose picture is garbage',
      async () => {
        const webp = await encode(64, 64, [RED]).webp().toBuffer();
        return Buffer.concat([webp.subarray(0, 30), Buffer.alloc(webp.length - 30, 0x5a)]);
      },
      'decoded',
    ],
    ['a PNG bomb (5000 × 5000 in a few kilobytes)', () => Promise.resolve(pngBomb(5000)), '16777216 pixels'],
  ])('refuses %s with 400 and stores nothing', async (_, make, said) => {
    const member = await signUp(app);
    const bytes = await make();
    const before = await storedAvatars();
    const refused = await upload(member, bytes).expect(400);
    const error = errorOf(refused);
    expect(error.error).toBe('UNSUPPORTED_IMAGE');
    expect(error.message).toContain(said);
    expect(await storedAvatars()).toBe(before);
    const profile = json(await api.get(`/api/v1/profiles/${member.userId}`).expect(200), profileResponseSchema);
    expect(profile.avatarUrl).toBeNull();
    const changes = await eventsOfType(app, 'ProfileUpdated');
    expect(changes.filter((row) => row.stream_id === `person-${member.userId}`)).toEqual([]);
  });

  it('the bomb is a real image: under the limit, the same construction decodes', async () => {
    const member = await signUp(app);
    const set = json(await upload(member, pngBomb(3000)).expect(200), avatarSetResponseSchema);
    const decoded = await sharp((await served(set.avatarUrl)).bytes).metadata();
    expect([decoded.width, decoded.height]).toEqual([256, 256]);
  });
});
