/** Validation during training: embeddings of a fixed held-out set and their FVC EER. */
import { computeMetrics } from '../eval/metrics.js';
import { makePairs } from '../eval/pairs.js';
import { tf } from './wasm-backend.js';

/** Embeddings (inference mode) of n size×size images, in chunks. */
export function embedAll(model: tf.LayersModel, x: Float32Array, n: number, size: number, chunk = 64): Float32Array {
  const parts: Float32Array[] = [];
  for (let i = 0; i < n; i += chunk) {
    const m = Math.min(chunk, n - i);
    parts.push(tf.tidy(() => (model.predict(tf.tensor4d(x.subarray(i * size * size, (i + m) * size * size), [m, size, size, 1])) as tf.Tensor).dataSync() as Float32Array));
  }
  const d = parts[0].length / Math.min(chunk, n);
  const out = new Float32Array(n * d);
  parts.forEach((p, k) => out.set(p, k * chunk * d));
  return out;
}

/** FVC protocol EER (host/eval/pairs.ts) of cosine scores for fingers × k images in finger order. */
export function fvcEer(e: Float32Array, fingers: number, k: number, d: number): number {
  const dot = (i: number, j: number): number => { let s = 0; for (let t = 0; t < d; t++) s += e[i * d + t] * e[j * d + t]; return s; };
  const items = new Map<number, Array<{ impression: number; index: number }>>();
  for (let f = 0; f < fingers; f++) items.set(f, Array.from({ length: k }, (_, i) => ({ impression: i + 1, index: f * k + i })));
  const p = makePairs(items);
  return computeMetrics(p.genuine.map((q) => dot(q.a.index, q.b.index)), p.impostor.map((q) => dot(q.a.index, q.b.index))).eer;
}
