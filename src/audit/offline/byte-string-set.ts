import { randomBytes } from 'node:crypto';
import { hasLoneSurrogate } from '../../platform/text/storable-text';

const EMPTY = 0;
const INITIAL_SLOTS = 1024;
const INITIAL_ARENA_BYTES = 64 * 1024;

/**
 * A set of byte strings (event ids, stream ids as their UTF-8 bytes), each given a dense index
 * in the order it was first added. The offline verifier asks it once per event of a bundle:
 * a Set<string> made the main thread turn each id into a string and keep 200,000 of them on the
 * heap, where the garbage collector walks them again and again; here an id is hashed and compared
 * where it sits in the chunk, and the entries live in typed arrays the collector never looks into.
 *
 * Open addressing with linear probing, at most half full. The hash is seeded per set, so that a
 * bundle crafted to collide cannot make the verifier quadratic without knowing the seed.
 */
export class ByteStringSet {
  /**
   * Two words per slot: the entry's hash, then its index + 1 (EMPTY: a free slot); side by side
   * so that a probe touches one cache line. A power of two slots.
   */
  private table = new Int32Array(2 * INITIAL_SLOTS);
  /** Entry i's bytes are arena[starts[i], starts[i + 1]). */
  private starts = new Int32Array(INITIAL_SLOTS / 2 + 1);
  private arena = new Uint8Array(INITIAL_ARENA_BYTES);
  private readonly seed: number;
  private count = 0;

  constructor(seed = randomBytes(4).readInt32LE(0)) {
    this.seed = seed;
  }

  /** Entries held; the next one added gets this index. */
  get size(): number {
    return this.count;
  }

  /** Adds bytes[start, end) if absent; true when it was added, false when the set held it already. */
  add(bytes: Uint8Array, start: number, end: number): boolean {
    const size = this.count;
    this.intern(bytes, start, end);
    return this.count > size;
  }

  /** The index of bytes[start, end), added as the next index if absent. */
  intern(bytes: Uint8Array, start: number, end: number): number {
    const hash = this.hash(bytes, start, end);
    const table = this.table;
    const mask = table.length / 2 - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = table[2 * slot + 1] - 1;
      if (entry === EMPTY - 1) {
        table[2 * slot] = hash;
        table[2 * slot + 1] = this.append(bytes, start, end) + 1;
        if (4 * this.count > table.length) this.grow();
        return this.count - 1;
      }
      if (table[2 * slot] === hash && this.holds(entry, bytes, start, end)) return entry;
    }
  }

  private holds(entry: number, bytes: Uint8Array, start: number, end: number): boolean {
    const from = this.starts[entry];
    if (this.starts[entry + 1] - from !== end - start) return false;
    const arena = this.arena;
    for (let offset = 0; offset < end - start; offset += 1)
      if (arena[from + offset] !== bytes[start + offset]) return false;
    return true;
  }

  private append(bytes: Uint8Array, start: number, end: number): number {
    const entry = this.count;
    if (entry + 1 === this.starts.length) this.starts = copied(this.starts, new Int32Array(2 * this.starts.length));
    const from = this.starts[entry];
    const to = from + end - start;
    if (to > this.arena.length) this.arena = copied(this.arena, new Uint8Array(Math.max(2 * this.arena.length, to)));
    // A loop rather than set(subarray()): ids are short, and a view per id costs more than copying it.
    const arena = this.arena;
    for (let offset = 0; offset < end - start; offset += 1) arena[from + offset] = bytes[start + offset];
    this.starts[entry + 1] = to;
    this.count = entry + 1;
    return entry;
  }

  /** Twice the slots, every entry placed again by its kept hash (its bytes are not read again). */
  private grow(): void {
    const old = this.table;
    const table = new Int32Array(2 * old.length);
    const mask = table.length / 2 - 1;
    for (let at = 0; at < old.length; at += 2) {
      if (old[at + 1] === EMPTY) continue;
      let slot = old[at] & mask;
      while (table[2 * slot + 1] !== EMPTY) slot = (slot + 1) & mask;
      table[2 * slot] = old[at];
      table[2 * slot + 1] = old[at + 1];
    }
    this.table = table;
  }

  /** FNV-1a over the bytes from the seed, then murmur3's finaliser so that the low bits (the slot) mix well. */
  protected hash(bytes: Uint8Array, start: number, end: number): number {
    let hash = this.seed ^ 0x811c9dc5;
    for (let at = start; at < end; at += 1) hash = Math.imul(hash ^ bytes[at], 0x01000193);
    hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
    hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
    return hash ^ (hash >>> 16);
  }
}

function copied<T extends Int32Array | Uint8Array>(array: T, larger: T): T {
  larger.set(array);
  return larger;
}

const NOT_IN_UTF8 = Uint8Array.of(0xff);

/**
 * The bytes a text is known by in a ByteStringSet: its UTF-8, which is what a line's bytes hold
 * for it where the fast path read it. A text with a lone surrogate has no UTF-8 (Buffer.from
 * would write U+FFFD, the bytes of a genuine U+FFFD), so it is keyed by its UTF-16 code units
 * after a 0xFF byte, which no UTF-8 holds: two different texts never share a key.
 */
export function textKey(text: string): Buffer {
  if (!hasLoneSurrogate(text)) return Buffer.from(text, 'utf8');
  return Buffer.concat([NOT_IN_UTF8, Buffer.from(text, 'utf16le')]);
}
