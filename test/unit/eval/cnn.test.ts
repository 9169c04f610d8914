/** The CNN matchers of `whorl eval`: float (tfjs) and int8 (host reference of the device). */
import '../../../host/eval/builtin.js';
import { readFileSync } from 'node:fs';
import { createMatcher } from '../../../host/eval/matcher.js';
import { DEFAULT_FLOAT_MODEL, DEFAULT_INT8_MODEL, FloatMatcher, floatModelPre, Int8Matcher } from '../../../host/eval/cnn.js';
import { maskToOverlap } from '../../../host/nn/overlap.js';
import { preprocessPrint } from '../../../host/nn/printpre.js';
import { floatInput } from '../../../host/nn/floatrun.js';
import { loadModel } from '../../../host/train/io.js';
import { embedAll } from '../../../host/train/validate.js';
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

test('float matcher, overlap=on: features are the crops; a pair is the cosine of the two crops masked to their common cells and embedded again', async () => {
  const m = createMatcher('float', { overlap: 'on' }) as FloatMatcher;
  const plain = createMatcher('float') as FloatMatcher;
  try {
    expect(m.version).not.toBe(plain.version);
    const [c1, c2, d1] = [await m.extract(a1), await m.extract(a2), await m.extract(b1)];
    const pre = floatModelPre(DEFAULT_FLOAT_MODEL);
    expect(c1.length).toBe(pre.size * pre.size);
    const r = preprocessPrint(a1.data, a1.height, a1.width, a1.dpi, pre);
    expect(Array.from(c1)).toEqual(Array.from(r.image));
    const got = await m.compareBatch!([[c1, c2], [c1, d1], [c1, c1]]);
    // by hand: mask, embed with the plain matcher's network, cosine
    const mk = maskToOverlap(Uint8Array.from(c1), Uint8Array.from(c2), pre.size);
    expect(mk.shared).toBeGreaterThan(0);
    const { model } = await loadModel(DEFAULT_FLOAT_MODEL);
    const e = (u: Uint8Array): Float32Array => embedAll(model, floatInput(u), 1, pre.size);
    expect(got[0]).toBeCloseTo(plain.compare(e(mk.a), e(mk.b)), 5);
    model.dispose();
    expect(got[2]).toBeCloseTo(1, 4); // a crop against itself is unchanged by the mask
    expect(got[1]).toBeLessThan(got[0]);
    expect(m.compare(c1, c2)).toBeCloseTo(got[0], 5);
  } finally {
    await m.close?.();
    await plain.close?.();
  }
}, 60000);

test('a wrong model option gives a clear error', () => {
  expect(() => createMatcher('float', { overlap: 'yes' })).toThrow(/float: overlap must be on or off, got "yes"/);
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
