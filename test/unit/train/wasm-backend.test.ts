import { tf, useWasmBackend } from '../../../host/train/wasm-backend.js';

// the CPU backend is only the reference here: silence its "install tfjs-node" notice
tf.env().set('IS_TEST', true);

async function filterGrad(backend: 'cpu' | 'wasm', x: tf.Tensor4D, w0: tf.Tensor4D, stride: number, pad: 'same' | 'valid'): Promise<Float32Array> {
  if (backend === 'wasm') await useWasmBackend();
  else await tf.setBackend('cpu');
  const xv = tf.tensor4d(x.dataSync(), x.shape);
  const w = tf.variable(tf.tensor4d(w0.dataSync(), w0.shape));
  const { grads, value } = tf.variableGrads(() => tf.conv2d(xv, w, stride, pad).square().sum() as tf.Scalar, [w]);
  const g = Object.values(grads)[0].dataSync() as Float32Array;
  tf.dispose([xv, w, value, ...Object.values(grads)]);
  return g;
}

test.each([
  [9, 10, 1, 4, 1, 'same'],
  [10, 10, 3, 5, 2, 'same'],
  [11, 13, 2, 3, 2, 'same'],
  [16, 16, 8, 16, 2, 'same'],
  [12, 9, 4, 4, 1, 'valid'],
  [13, 13, 2, 6, 2, 'valid'],
] as const)('Conv2DBackpropFilter on wasm matches the CPU backend (%i x %i, ci %i, co %i, stride %i, %s)', async (H, W, ci, co, s, pad) => {
  await tf.setBackend('cpu');
  const x = tf.randomNormal([3, H, W, ci], 0, 1, 'float32', 7) as tf.Tensor4D;
  const w = tf.randomNormal([3, 3, ci, co], 0, 1, 'float32', 11) as tf.Tensor4D;
  const a = await filterGrad('cpu', x, w, s, pad);
  const b = await filterGrad('wasm', x, w, s, pad);
  let err = 0;
  for (let i = 0; i < a.length; i++) err = Math.max(err, Math.abs(a[i] - b[i]) / (1 + Math.abs(a[i])));
  expect(err).toBeLessThan(1e-4);
  expect(b.length).toBe(9 * ci * co);
}, 60000);
