import { describe, expect, it } from 'vitest';
import { ByteStringSet, textKey } from '../../../src/audit/offline/byte-string-set';

/** Every entry in one slot chain: what a bundle crafted to collide would do, were the seed known. */
class CollidingSet extends ByteStringSet {
  protected override hash(): number {
    return 7;
  }
}

const key = (text: string) => Buffer.from(text, 'utf8');
const add = (set: ByteStringSet, text: string) => set.add(key(text), 0, key(text).length);
const uuid = (number: number) => `00000000-0000-4000-8000-${number.toString(16).padStart(12, '0')}`;

describe('ByteStringSet, the offline verifier’s set of event and stream ids', () => {
  it('adds an id once and knows it after: a duplicate is refused', () => {
    const set = new ByteStringSet();
    expect(add(set, 'event-1')).toBe(true);
    expect(add(set, 'event-2')).toBe(true);
    expect(add(set, 'event-1')).toBe(false);
    expect(set.size).toBe(2);
  });

  it('tells apart ids where one is the start of the other, and ids that differ in one byte', () => {
    const set = new ByteStringSet();
    for (const id of ['abc', 'abcd', 'ab', 'abd', 'Abc', 'é', 'e\u0301', '']) expect(add(set, id)).toBe(true);
    expect(add(set, '')).toBe(false);
    expect(set.size).toBe(8);
  });

  it('reads an id where it sits in a larger buffer, as the verifier reads it in a chunk', () => {
    const set = new ByteStringSet();
    const chunk = Buffer.from('{"eventId":"id-1"}{"eventId":"id-1"}{"eventId":"id-2"}');
    expect(set.add(chunk, 12, 16)).toBe(true);
    expect(set.add(chunk, 30, 34)).toBe(false);
    expect(set.add(chunk, 48, 52)).toBe(true);
    expect(add(set, 'id-2')).toBe(false);
  });

  it('gives each id a dense index in the order added, kept as the table grows', () => {
    const set = new ByteStringSet();
    const ids = Array.from({ length: 50_000 }, (_, number) => uuid(number));
    // Compared as whole arrays: an expect() per id would take most of the test's time.
    expect(ids.map((id) => set.intern(key(id), 0, 36))).toEqual(ids.map((_, index) => index));
    expect(set.size).toBe(ids.length);
    expect(set.intern(key(ids[12_345]), 0, 36)).toBe(12_345);
    expect(ids.filter((id) => add(set, id))).toEqual([]);
    expect(set.size).toBe(ids.length);
  });

  it('stays exact when every id has the same hash: each is compared byte for byte', () => {
    const set = new CollidingSet();
    const ids = Array.from({ length: 3000 }, (_, number) => `id-${number}`);
    for (const id of ids) expect(add(set, id)).toBe(true);
    for (const id of ids) expect(add(set, id)).toBe(false);
    expect(add(set, 'id-3000')).toBe(true);
    expect(set.size).toBe(3001);
  });

  it('agrees with a Set<string> on ids of many lengths, long ones that outgrow the byte store included', () => {
    const set = new ByteStringSet(12345);
    const model = new Set<string>();
    let state = 1;
    const next = () => (state = (Math.imul(state, 48271) >>> 0) % 2147483647);
    for (let step = 0; step < 20_000; step += 1) {
      const id = 'x'.repeat(next() % 5) + String(next() % 7000) + (next() % 50 === 0 ? 'y'.repeat(5000) : '');
      expect(add(set, id)).toBe(!model.has(id));
      model.add(id);
    }
    expect(set.size).toBe(model.size);
  });
});

describe('textKey, the bytes a parsed id is known by', () => {
  it('is the UTF-8 of a well-formed text: what a line of the file holds for it', () => {
    expect(textKey('wallet-ünï-😀')).toEqual(Buffer.from('wallet-ünï-😀', 'utf8'));
  });

  it('never gives a text with a lone surrogate the key of another text, such as U+FFFD', () => {
    const keys = ['a\ud800', 'a\ufffd', 'a\udc00', 'a\ud800\ud800'].map((text) => textKey(text).toString('hex'));
    expect(new Set(keys).size).toBe(4);
  });
});
