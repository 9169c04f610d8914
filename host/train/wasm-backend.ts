/**
 * The tfjs wasm backend (SIMD) for training, with the kernel it lacks: Conv2DBackpropFilter.
 * The weight gradient of y = conv2d(x, W, stride, pad) is computed as a conv2d of the transposed
 * input (channels as batch, batch as channels) with the transposed output gradient used as the
 * filter, at dilation = stride; the input gradient already exists (Conv2DBackpropInput).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

type Pair = [number, number];
const pair = (v: number | number[]): Pair => (Array.isArray(v) ? [v[0], v[1] ?? v[0]] : [v, v]);

/** dW[kh, kw, ci, co] for NHWC input `x` and output gradient `dy`. */
export function conv2dFilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: number[], strides: number | number[], pad: 'same' | 'valid' | number): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw] = filterShape;
    const [sh, sw] = pair(strides);
    const [, H, W] = x.shape;
    const [, oh, ow] = dy.shape;
    let pt = 0;
    let pl = 0;
    if (pad === 'same') {
      pt = Math.floor(Math.max((oh - 1) * sh + kh - H, 0) / 2);
      pl = Math.floor(Math.max((ow - 1) * sw + kw - W, 0) / 2);
    } else if (typeof pad === 'number') {
      pt = pad;
      pl = pad;
    }
    const Hp = kh + (oh - 1) * sh;
    const Wp = kw + (ow - 1) * sw;
    const pb = Hp - H - pt;
    const pr = Wp - W - pl;
    let xt = tf.transpose(x, [3, 1, 2, 0]) as tf.Tensor4D; // [ci, H, W, B]
    xt = tf.pad(xt, [[0, 0], [pt, Math.max(pb, 0)], [pl, Math.max(pr, 0)], [0, 0]]);
    if (pb < 0 || pr < 0) xt = tf.slice(xt, [0, 0, 0, 0], [-1, Hp, Wp, -1]);
    const dyt = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D; // [oh, ow, B, co] as a filter
    const g = tf.conv2d(xt, dyt, 1, 'valid', 'NHWC', [sh, sw]); // [ci, kh, kw, co]
    return tf.transpose(g, [1, 2, 0, 3]) as tf.Tensor4D;
  });
}

let registered = false;

/** Selects the wasm backend (registering the missing kernel once). */
export async function useWasmBackend(): Promise<void> {
  if (!registered) {
    tf.registerKernel({
      kernelName: 'Conv2DBackpropFilter',
      backendName: 'wasm',
      kernelFunc: ({ inputs, backend, attrs }) => {
        const x = tf.engine().makeTensorFromTensorInfo(inputs.x as tf.TensorInfo) as tf.Tensor4D;
        const dy = tf.engine().makeTensorFromTensorInfo(inputs.dy as tf.TensorInfo) as tf.Tensor4D;
        const a = attrs as unknown as { filterShape: number[]; strides: number | number[]; pad: 'same' | 'valid' | number; dilations?: number | number[] };
        if (pair(a.dilations ?? 1).some((d) => d !== 1)) throw new Error('Conv2DBackpropFilter (wasm): dilated convolutions are not supported');
        const r = conv2dFilterGrad(x, dy, a.filterShape, a.strides, a.pad);
        (backend as unknown as { incRef(id: object): void }).incRef(r.dataId);
        const out = { dataId: r.dataId, shape: r.shape, dtype: r.dtype };
        r.dispose();
        return out;
      },
    });
    registered = true;
  }
  await tf.setBackend('wasm');
  await tf.ready();
}

export { tf };
