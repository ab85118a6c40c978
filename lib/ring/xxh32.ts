/**
 * XXH32 (xxHash, 32-bit variant, spec: github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md)
 * in plain TypeScript, so every process on every machine computes the same ring without a
 * native or wasm module. Strings are hashed over their UTF-8 bytes (lone surrogates become
 * U+FFFD, exactly like `TextEncoder`), seed {@link RING_HASH_SEED}. The test checks it against
 * the `xxhash-wasm` reference implementation.
 *
 * The lookup path (`hashInto`, used by `ownerOf`) allocates nothing: ASCII keys are hashed
 * straight from the string, other keys are encoded into a reused scratch buffer, and the result
 * is handed over in a typed array rather than as a (possibly boxed) return value.
 */

/** The seed of every hash on the ring (tokens and keys). Changing it reshuffles every ring. */
export const RING_HASH_SEED = 0;

/**
 * Where the `…Into` functions leave their result. A 32-bit hash does not fit V8's small integers,
 * so returning it from a function that is not inlined boxes it on the heap; handing it over in a
 * typed array keeps the lookup path free of allocations. Internal to lib/ring.
 */
export const HASH_OUT = new Uint32Array(1);

const P1 = 0x9e3779b1;
const P2 = 0x85ebca77;
const P3 = 0xc2b2ae3d;
const P4 = 0x27d4eb2f;
const P5 = 0x165667b1;

/** XXH32 of `length` bytes of `bytes` from offset 0, as an unsigned 32-bit integer. */
export function xxh32Bytes(bytes: Uint8Array, length: number, seed: number = RING_HASH_SEED): number {
  xxh32BytesInto(bytes, length, seed);
  return HASH_OUT[0];
}

/** Like {@link xxh32Bytes}, leaving the result in `HASH_OUT[0]` (allocation-free). */
export function xxh32BytesInto(bytes: Uint8Array, length: number, seed: number): void {
  let p = 0;
  let h: number;
  if (length >= 16) {
    let v1 = (seed + P1 + P2) | 0;
    let v2 = (seed + P2) | 0;
    let v3 = seed | 0;
    let v4 = (seed - P1) | 0;
    const limit = length - 16;
    while (p <= limit) {
      v1 = (v1 + Math.imul(bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (bytes[p + 3] << 24), P2)) | 0;
      v1 = Math.imul((v1 << 13) | (v1 >>> 19), P1);
      v2 = (v2 + Math.imul(bytes[p + 4] | (bytes[p + 5] << 8) | (bytes[p + 6] << 16) | (bytes[p + 7] << 24), P2)) | 0;
      v2 = Math.imul((v2 << 13) | (v2 >>> 19), P1);
      v3 = (v3 + Math.imul(bytes[p + 8] | (bytes[p + 9] << 8) | (bytes[p + 10] << 16) | (bytes[p + 11] << 24), P2)) | 0;
      v3 = Math.imul((v3 << 13) | (v3 >>> 19), P1);
      v4 = (v4 + Math.imul(bytes[p + 12] | (bytes[p + 13] << 8) | (bytes[p + 14] << 16) | (bytes[p + 15] << 24), P2)) | 0;
      v4 = Math.imul((v4 << 13) | (v4 >>> 19), P1);
      p += 16;
    }
    h = (((v1 << 1) | (v1 >>> 31)) + ((v2 << 7) | (v2 >>> 25)) + ((v3 << 12) | (v3 >>> 20)) + ((v4 << 18) | (v4 >>> 14))) | 0;
  } else {
    h = (seed + P5) | 0;
  }
  h = (h + length) | 0;
  while (p + 4 <= length) {
    h = (h + Math.imul(bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (bytes[p + 3] << 24), P3)) | 0;
    h = Math.imul((h << 17) | (h >>> 15), P4);
    p += 4;
  }
  while (p < length) {
    h = (h + Math.imul(bytes[p], P5)) | 0;
    h = Math.imul((h << 11) | (h >>> 21), P1);
    p++;
  }
  h ^= h >>> 15;
  h = Math.imul(h, P2);
  h ^= h >>> 13;
  h = Math.imul(h, P3);
  h ^= h >>> 16;
  HASH_OUT[0] = h;
}

/**
 * Writes the UTF-8 bytes of `text` into `out` from `offset` and returns the new end offset.
 * `out` must have room for `3 * text.length` bytes after `offset`.
 */
export function encodeUtf8Into(text: string, out: Uint8Array, offset: number): number {
  let o = offset;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out[o++] = c;
    } else if (c < 0x800) {
      out[o++] = 0xc0 | (c >> 6);
      out[o++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          i++;
          out[o++] = 0xf0 | (c >> 18);
          out[o++] = 0x80 | ((c >> 12) & 0x3f);
          out[o++] = 0x80 | ((c >> 6) & 0x3f);
          out[o++] = 0x80 | (c & 0x3f);
          continue;
        }
        c = 0xfffd; // lone surrogate, as TextEncoder does
      }
      out[o++] = 0xe0 | (c >> 12);
      out[o++] = 0x80 | ((c >> 6) & 0x3f);
      out[o++] = 0x80 | (c & 0x3f);
    }
  }
  return o;
}

let scratch = new Uint8Array(1024);

/** Makes sure the shared scratch buffer holds at least `bytes` bytes (grows rarely, never shrinks). */
function scratchFor(bytes: number): Uint8Array {
  if (scratch.length < bytes) scratch = new Uint8Array(Math.max(bytes, scratch.length * 2));
  return scratch;
}

/**
 * XXH32 of a string that is pure ASCII (every UTF-16 unit < 0x80), read straight from the
 * string: its UTF-8 bytes are its char codes. Same result as `xxh32Bytes` over the encoding.
 */
function xxh32AsciiInto(text: string, seed: number): void {
  const length = text.length;
  let p = 0;
  let h: number;
  if (length >= 16) {
    let v1 = (seed + P1 + P2) | 0;
    let v2 = (seed + P2) | 0;
    let v3 = seed | 0;
    let v4 = (seed - P1) | 0;
    const limit = length - 16;
    while (p <= limit) {
      v1 = (v1 + Math.imul(text.charCodeAt(p) | (text.charCodeAt(p + 1) << 8) | (text.charCodeAt(p + 2) << 16) | (text.charCodeAt(p + 3) << 24), P2)) | 0;
      v1 = Math.imul((v1 << 13) | (v1 >>> 19), P1);
      v2 = (v2 + Math.imul(text.charCodeAt(p + 4) | (text.charCodeAt(p + 5) << 8) | (text.charCodeAt(p + 6) << 16) | (text.charCodeAt(p + 7) << 24), P2)) | 0;
      v2 = Math.imul((v2 << 13) | (v2 >>> 19), P1);
      v3 = (v3 + Math.imul(text.charCodeAt(p + 8) | (text.charCodeAt(p + 9) << 8) | (text.charCodeAt(p + 10) << 16) | (text.charCodeAt(p + 11) << 24), P2)) | 0;
      v3 = Math.imul((v3 << 13) | (v3 >>> 19), P1);
      v4 = (v4 + Math.imul(text.charCodeAt(p + 12) | (text.charCodeAt(p + 13) << 8) | (text.charCodeAt(p + 14) << 16) | (text.charCodeAt(p + 15) << 24), P2)) | 0;
      v4 = Math.imul((v4 << 13) | (v4 >>> 19), P1);
      p += 16;
    }
    h = (((v1 << 1) | (v1 >>> 31)) + ((v2 << 7) | (v2 >>> 25)) + ((v3 << 12) | (v3 >>> 20)) + ((v4 << 18) | (v4 >>> 14))) | 0;
  } else {
    h = (seed + P5) | 0;
  }
  h = (h + length) | 0;
  while (p + 4 <= length) {
    h = (h + Math.imul(text.charCodeAt(p) | (text.charCodeAt(p + 1) << 8) | (text.charCodeAt(p + 2) << 16) | (text.charCodeAt(p + 3) << 24), P3)) | 0;
    h = Math.imul((h << 17) | (h >>> 15), P4);
    p += 4;
  }
  while (p < length) {
    h = (h + Math.imul(text.charCodeAt(p), P5)) | 0;
    h = Math.imul((h << 11) | (h >>> 21), P1);
    p++;
  }
  h ^= h >>> 15;
  h = Math.imul(h, P2);
  h ^= h >>> 13;
  h = Math.imul(h, P3);
  h ^= h >>> 16;
  HASH_OUT[0] = h;
}

/** XXH32 (seed {@link RING_HASH_SEED}) of the UTF-8 bytes of any string, into `HASH_OUT[0]`. */
function hashUtf8Into(text: string): void {
  const buffer = scratchFor(text.length * 3);
  xxh32BytesInto(buffer, encodeUtf8Into(text, buffer, 0), RING_HASH_SEED);
}

/** Hashes a key like {@link hashKey} and leaves the result in `HASH_OUT[0]`. Allocates nothing. */
export function hashInto(key: string): void {
  const n = key.length;
  for (let i = 0; i < n; i++) {
    if (key.charCodeAt(i) > 0x7f) {
      hashUtf8Into(key);
      return;
    }
  }
  xxh32AsciiInto(key, RING_HASH_SEED);
}

/**
 * The ring position of a key: XXH32 (seed 0) of the key's UTF-8 bytes, 0..2^32-1. ASCII keys
 * are hashed straight from the string, others through a reused scratch buffer (which grows only
 * for a key longer than any before it).
 */
export function hashKey(key: string): number {
  hashInto(key);
  return HASH_OUT[0];
}
