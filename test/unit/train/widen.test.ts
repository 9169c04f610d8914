import { buildModel, type NetConfig } from '../../../host/train/model.js';
import { widenMismatch, widenWeights } from '../../../host/train/widen.js';
import { tf, useWasmBackend } from '../../../host/train/wasm-backend.js';

const narrow: NetConfig = { input: 24, blocks: [{ filters: 4, stride: 2 }, { filters: 6, stride: 1 }, { filters: 5, stride: 2 }], embedding: 16, dropout: 0.2, seed: 3, head: 'flatten' };

/** Deterministic non-trivial weights: BatchNorm statistics away from their defaults too. */
function scramble(m: tf.LayersModel, seed: number): void {
  let s = seed;
  const rnd = (): number => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 4294967296; };
  m.setWeights(m.getWeights().map((w) => tf.tensor(Float32Array.from({ length: w.size }, () => (w.shape.length === 1 ? 0.5 + rnd() : rnd() - 0.5)), w.shape)));
}

test('widening: the wider network computes the trained one\'s embedding (added filters read with zero weights)', async () => {
  await useWasmBackend();
  const src = buildModel(narrow);
  scramble(src, 7);
  for (const blocks of [
    [{ filters: 4, stride: 2 }, { filters: 9, stride: 1 }, { filters: 5, stride: 2 }], // a middle block
    [{ filters: 6, stride: 2 }, { filters: 6, stride: 1 }, { filters: 8, stride: 2 }], // first and last (dense rows move)
  ] as NetConfig['blocks'][]) {
    const wideNet = { ...narrow, blocks };
    const dst = buildModel(wideNet);
    widenWeights(src, narrow, dst, wideNet);
    const x = tf.randomUniform([5, 24, 24, 1], -1, 1, 'float32', 11);
    const a = (src.predict(x) as tf.Tensor).dataSync();
    const b = (dst.predict(x) as tf.Tensor).dataSync();
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
    expect(worst).toBeLessThan(1e-5);
    // the added filters are not dead: their kernels are non-zero, only the weights reading them start at zero
    const k = dst.getLayer('conv1').getWeights()[0].dataSync();
    expect(k.some((v) => v !== 0)).toBe(true);
    x.dispose();
    dst.dispose();
  }
  src.dispose();
});

test('widening refuses anything but added filters, naming the difference', () => {
  expect(widenMismatch(narrow, { ...narrow, blocks: [{ filters: 4, stride: 2 }, { filters: 6, stride: 1 }, { filters: 5, stride: 2 }] })).toBeUndefined();
  expect(widenMismatch(narrow, { ...narrow, input: 32 })).toBe('input 24 → 32');
  expect(widenMismatch(narrow, { ...narrow, embedding: 32 })).toBe('embedding 16 → 32');
  expect(widenMismatch(narrow, { ...narrow, head: 'gap' })).toBe('head flatten → gap');
  expect(widenMismatch(narrow, { ...narrow, blocks: narrow.blocks.slice(0, 2) })).toBe('3 blocks → 2');
  expect(widenMismatch(narrow, { ...narrow, blocks: [{ filters: 4, stride: 2 }, { filters: 6, stride: 2 }, { filters: 5, stride: 2 }] })).toBe('block 1 stride 1 → 2');
  expect(widenMismatch(narrow, { ...narrow, blocks: [{ filters: 4, stride: 2 }, { filters: 3, stride: 1 }, { filters: 5, stride: 2 }] })).toBe('block 1 narrower (6 → 3 filters)');
  expect(() => widenWeights(buildModel(narrow), narrow, buildModel({ ...narrow, input: 32 }), { ...narrow, input: 32 })).toThrow(/not a widening: input 24 → 32/);
});
