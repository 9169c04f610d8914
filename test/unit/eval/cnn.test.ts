/** The CNN matchers of `whorl eval`: float (tfjs) and int8 (host reference of the device). */
import '../../../host/eval/builtin.js';
import { readFileSync } from 'node:fs';
import { createMatcher } from '../../../host/eval/matcher.js';
import { DEFAULT_INT8_MODEL, Int8Matcher } from '../../../host/eval/cnn.js';
import { crc32 } from '../../../host/util/crc.js';
import { Int8Reference } from '../../../host/fp/reference.js';
import { syntheticImage } from '../../../host/fp/client.js';
import { resolveParams } from '../../../host/synth/index.js';

const P = resolveParams({ width: 288, height: 384, dpi: 500, rotation: 15 });
const a1 = syntheticImage(P, 424242, 1, 1), a2 = syntheticImage(P, 424242, 1, 2), b1 = syntheticImage(P, 424242, 2, 1);

test('int8 matcher: embeddings and scores are the device reference, and survive the cache bytes', async () => {
  const m = createMatcher('int8');
  const ref = Int8Reference.fromFile(DEFAULT_INT8_MODEL);
  const [e1, e2] = [await m.extract(a1), await m.extract(a2)];
  expect(Array.from(e1 as Int8Array)).toEqual(Array.from(ref.embed(a1).embedding));
  expect(m.compare(e1, e2)).toBe(Int8Reference.score([ref.embed(a1).embedding], ref.embed(a2).embedding));
  expect(m.compare(m.deserialize(m.serialize(e1)), e2)).toBe(m.compare(e1, e2));
  expect(m.threadSafe).toBe(true);
});

test('float matcher: unit embeddings (self score 1), another finger scores below 1, cache bytes round-trip', async () => {
  const m = createMatcher('float');
  try {
    const [e1, e2, f1] = [await m.extract(a1), await m.extract(a2), await m.extract(b1)];
    expect(m.compare(e1, e1)).toBeCloseTo(1, 4);
    expect(m.compare(m.deserialize(m.serialize(e1)), e2)).toBe(m.compare(e1, e2));
    expect(m.compare(e1, f1)).toBeLessThan(1);
  } finally {
    await m.close?.();
  }
}, 60000);

test('a wrong model option gives a clear error', () => {
  expect(() => createMatcher('int8', { model: '/nonexistent.wnn' })).toThrow(/int8: cannot read \/nonexistent.wnn/);
  expect(() => createMatcher('float', { model: '/nonexistent' })).toThrow(/float: cannot read \/nonexistent\/manifest.json/);
  expect(() => createMatcher('int8', { size: '3' })).toThrow(/unknown option "size"/);
});

test('int8 matcher: two valid blobs have different cache versions (the blob CRC alone is a constant residue)', () => {
  const a = readFileSync(DEFAULT_INT8_MODEL);
  const b = Buffer.from(a);
  b[100] ^= 1;
  b.writeUInt32LE(crc32(b.subarray(0, b.length - 4)), b.length - 4);
  expect(crc32(a)).toBe(crc32(b)); // why the whole-blob CRC cannot name a model
  expect(new Int8Matcher('a.wnn', a).version).not.toBe(new Int8Matcher('b.wnn', b).version);
});
