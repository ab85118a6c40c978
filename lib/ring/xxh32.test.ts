import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import xxhash from "xxhash-wasm";
import { encodeUtf8Into, hashKey, RING_HASH_SEED, xxh32Bytes } from "./xxh32";

const reference = await xxhash();

test("XXH32 matches the published test vectors (seed 0)", () => {
  assert.equal(RING_HASH_SEED, 0);
  assert.equal(hashKey(""), 0x02cc5d05);
  assert.equal(hashKey("a"), 0x550d7456);
  assert.equal(hashKey("abc"), 0x32d153ff);
});

test("hashKey equals the xxhash-wasm reference over UTF-8 for any string (ASCII fast path and UTF-8 path)", () => {
  const anyString = fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.string({ maxLength: 80, unit: "binary" }),
    fc.string({ maxLength: 40, unit: "grapheme" }),
    // lone surrogates are encoded as U+FFFD, like TextEncoder
    fc.array(fc.integer({ min: 0xd7f0, max: 0xe010 }), { maxLength: 8 }).map((codes) => String.fromCharCode(...codes)),
  );
  fc.assert(
    fc.property(anyString, (text) => {
      assert.equal(hashKey(text), reference.h32(text, 0));
    }),
    { numRuns: 2_000 },
  );
});

test("xxh32Bytes equals the reference over raw bytes for any seed and length", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 100 }), fc.nat({ max: 0xffffffff }), (bytes, seed) => {
      assert.equal(xxh32Bytes(bytes, bytes.length, seed), reference.h32Raw(bytes, seed));
    }),
    { numRuns: 1_000 },
  );
});

test("encodeUtf8Into writes what TextEncoder writes", () => {
  const encoder = new TextEncoder();
  fc.assert(
    fc.property(fc.string({ maxLength: 50, unit: "binary" }), (text) => {
      const out = new Uint8Array(text.length * 3 + 4);
      const end = encodeUtf8Into(text, out, 2);
      assert.deepEqual(out.subarray(2, end), encoder.encode(text));
    }),
    { numRuns: 500 },
  );
});

test("a key longer than the scratch buffer still hashes correctly", () => {
  const long = "é".repeat(5_000) + "x".repeat(3_001);
  assert.equal(hashKey(long), reference.h32(long, 0));
  assert.equal(hashKey("after"), reference.h32("after", 0));
});
