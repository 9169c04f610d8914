import { afterAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobError, decodeBlob, encodeBlob } from '../../../host/nn/blob.js';
import { AbsHistogram } from '../../../host/nn/calibrate.js';
import { foldModel } from '../../../host/nn/fold.js';
import { forwardI8, int8Input } from '../../../host/nn/int8.js';
import { calibrate, quantizeModel } from '../../../host/nn/quantize.js';
import { Rng } from '../../../host/nn/rng.js';
import { GOLDEN_CASES, ModelBuilder, testImages } from '../../../host/nn/testmodels.js';
import { readTfjsModel, writeTfjsModel } from '../../../host/nn/tfjs.js';
import { crc32 } from '../../../host/util/crc.js';

const tmp = mkdtempSync(join(tmpdir(), 'whorl-quant-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const f32 = (...v: number[]): Float32Array => Float32Array.from(v);

describe('quantizer on a hand-checked model', () => {
  // input 2×2×1; conv 1×1 (w = 0.5, no bias) + BN (γ 2, β 0.1, μ 0, σ² = 1 − ε) → w' = 1, b' = 0.1
  const dir = join(tmp, 'hand');
  writeTfjsModel(dir, 'hand', [
    { className: 'Conv2D', config: { name: 'c', batch_input_shape: [null, 2, 2, 1], filters: 1, kernel_size: [1, 1], strides: [1, 1], padding: 'same', use_bias: false }, weights: [{ name: 'kernel', shape: [1, 1, 1, 1], data: f32(0.5) }] },
    { className: 'BatchNormalization', config: { name: 'bn', epsilon: 0.001 }, weights: [
      { name: 'gamma', shape: [1], data: f32(2) }, { name: 'beta', shape: [1], data: f32(0.1) },
      { name: 'moving_mean', shape: [1], data: f32(0) }, { name: 'moving_variance', shape: [1], data: f32(0.999) }] },
  ]);
  const fm = foldModel(readTfjsModel(dir));
  const calib = [Uint8Array.from([0, 255, 128, 200])];
  const qm = quantizeModel(fm, calibrate(fm, calib), { method: 'minmax' });
  const l = qm.layers[0];

  test('BatchNorm folds into the convolution', () => {
    expect(fm.layers).toHaveLength(1);
    const c = fm.layers[0].layer as { weights: Float32Array; bias: Float32Array };
    expect(c.weights[0]).toBeCloseTo(1, 6);
    expect(c.bias[0]).toBeCloseTo(0.1, 6);
  });
  test('weights, bias and multiplier by hand', () => {
    // s_w = 1/127 → w_q = 127; bias = round(0.1 / (1/128 · 1/127)) = round(1625.6) = 1626
    expect(Array.from(l.weights!)).toEqual([127]);
    expect(Array.from(l.bias!)).toEqual([1626]);
    // minmax: T = max |x + 0.1| = 127/128 + 0.1 → s_out = T/127, m = 1 / (128 T)
    const T = 127 / 128 + 0.1;
    expect(l.info!.outScale).toBeCloseTo(T / 127, 6);
    const m = l.mult![0] / 2 ** l.shift![0];
    expect(m).toBeCloseTo(1 / (128 * T), 8);
  });
  test('int8 output by hand', () => {
    // u8 200 → int8 72: acc = 127·72 + 1626 = 10770 → 10770 · m = 77.04 → 77; u8 255 → 127; u8 0 → acc = −14630 → −104.6 → −105
    const y = forwardI8(qm, int8Input(Uint8Array.from([200, 255, 0, 128])))[0];
    expect(Array.from(y)).toEqual([77, 127, -105, 12]);
  });
});

describe('model reader errors', () => {
  test('an unsupported layer is named', () => {
    const dir = join(tmp, 'bad');
    writeTfjsModel(dir, 'bad', [
      { className: 'Conv2D', config: { name: 'c1', batch_input_shape: [null, 4, 4, 1], filters: 1, kernel_size: [1, 1], use_bias: false }, weights: [{ name: 'kernel', shape: [1, 1, 1, 1], data: f32(1) }] },
      { className: 'Conv2DTranspose', config: { name: 'up1' } },
    ]);
    expect(() => readTfjsModel(dir)).toThrow(/layer up1: layer class 'Conv2DTranspose' is not supported/);
  });
  test('a missing weight is named', () => {
    const dir = join(tmp, 'nowt');
    writeTfjsModel(dir, 'nowt', [{ className: 'Dense', config: { name: 'd', batch_input_shape: [null, 1, 1, 2], units: 1 } }]);
    expect(() => readTfjsModel(dir)).toThrow(/layer d: weight 'kernel' missing/);
  });
  test('BatchNorm after an activation is refused', () => {
    const dir = join(tmp, 'bnact');
    writeTfjsModel(dir, 'bnact', [
      { className: 'Conv2D', config: { name: 'c', batch_input_shape: [null, 2, 2, 1], filters: 1, kernel_size: [1, 1], use_bias: false, activation: 'relu' }, weights: [{ name: 'kernel', shape: [1, 1, 1, 1], data: f32(1) }] },
      { className: 'BatchNormalization', config: { name: 'bn' }, weights: ['gamma', 'beta', 'moving_mean', 'moving_variance'].map((n) => ({ name: n, shape: [1], data: f32(1) })) },
    ]);
    expect(() => foldModel(readTfjsModel(dir))).toThrow(/bn: BatchNormalization after the activation of c cannot be folded/);
  });
  test('a missing folder is a clear error', () => {
    expect(() => readTfjsModel(join(tmp, 'nope'))).toThrow(/cannot read .*model.json/);
  });
});

describe('calibration methods', () => {
  const h = new AbsHistogram();
  const v = new Rng(3).normals(10000, 1); // normal(0, 1)
  v[0] = 50; // one outlier
  h.add(v);
  test('minmax takes the outlier, percentile and entropy do not', () => {
    expect(h.threshold('minmax')).toBe(50);
    expect(h.threshold('percentile', 99)).toBeGreaterThan(2.4); // |N(0,1)| 99th percentile: 2.58
    expect(h.threshold('percentile', 99)).toBeLessThan(2.8);
    const e = h.threshold('entropy');
    expect(e).toBeGreaterThan(2);
    expect(e).toBeLessThan(10);
  });
  test('saturation rate', () => {
    expect(h.fractionAbove(10)).toBeCloseTo(1 / 10000, 6); // only the outlier
    expect(h.fractionAbove(1)).toBeCloseTo(0.317, 1); // P(|N(0,1)| > 1)
  });
});

describe('model blob', () => {
  const rng = new Rng(5);
  const b = new ModelBuilder(rng, GOLDEN_CASES.net.input);
  GOLDEN_CASES.net.build(b);
  const dir = join(tmp, 'net');
  writeTfjsModel(dir, 'net', b.layers);
  const fm = foldModel(readTfjsModel(dir));
  const qm = quantizeModel(fm, calibrate(fm, testImages(rng, 24, 24, 4)), { method: 'entropy' });
  const blob = encodeBlob(qm);
  const refix = (x: Uint8Array): Uint8Array => { new DataView(x.buffer).setUint32(x.length - 4, crc32(x.subarray(0, x.length - 4)), true); return x; };
  const code = (x: Uint8Array): string => { try { decodeBlob(x); return 'ok'; } catch (e) { return (e as BlobError).code; } };

  test('round trip', () => {
    const back = decodeBlob(blob);
    expect(encodeBlob({ ...back, name: qm.name })).toEqual(blob);
  });
  test('corrupt or mismatched blobs are refused with their reason', () => {
    const c = (): Uint8Array => Uint8Array.from(blob);
    let x = c(); x[0] = 0; expect(code(x)).toBe('NN_BLOB_MAGIC');
    x = c(); x[4] = 3; expect(code(refix(x))).toBe('NN_BLOB_VERSION');
    x = c(); x[200] ^= 1; expect(code(x)).toBe('NN_BLOB_CRC');
    expect(code(blob.subarray(0, blob.length - 4))).toBe('NN_BLOB_LENGTH');
    x = c(); x[64] = 9; expect(code(refix(x))).toBe('NN_BLOB_OP');
    x = c(); x[64 + 8] += 1; expect(code(refix(x))).toBe('NN_BLOB_SHAPE');
    x = c(); x[64 + 23] = 0x7f; expect(code(refix(x))).toBe('NN_BLOB_BOUNDS');
    x = c(); expect(x[64 + 2 * 48]).toBe(3); x[64 + 2 * 48 + 14] += 1; expect(code(refix(x))).toBe('NN_BLOB_FIELD'); // avgpool window past the input
    expect(() => decodeBlob(Uint8Array.from(blob).fill(0xff))).toThrow(/bad magic 0xffffffff/);
  });
  test('fingerprint preprocessing in the header: registration 0..4 is read back, anything else refused', () => {
    const committed = new Uint8Array(readFileSync(fileURLToPath(new URL('../../../../models/whorl-default/whorl_default.wnn', import.meta.url))));
    expect(decodeBlob(committed).print).toBeDefined();
    for (const r of [0, 1, 2, 3, 4]) {
      const x = Uint8Array.from(committed); x[62] = r;
      expect(decodeBlob(refix(x)).print?.register).toBe(r);
    }
    const x = Uint8Array.from(committed); x[62] = 5;
    expect(code(refix(x))).toBe('NN_BLOB_FIELD');
    // a crop off the registration point (PrintPreParams.lead, training only) has no blob form: refused, not dropped
    const m = decodeBlob(committed);
    expect(encodeBlob({ ...m, print: { ...m.print!, lead: m.print!.size / 2 } })).toEqual(committed);
    expect(() => encodeBlob({ ...m, print: { ...m.print!, lead: 40 } })).toThrow(/preprocessing lead 40 .* has no blob form/);
  });
});
