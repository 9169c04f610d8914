/**
 * Warm start of a wider network from a trained one (`train.init` with more filters in some blocks).
 * The wider network computes exactly the same embedding as the trained one at the start: every
 * weight of the trained network is copied to its place, the added filters keep their fresh
 * initialisation, and the weights that read an added channel (in the next convolution, or in the
 * dense layer after the flattened last map) start at zero. Training then grows the added channels
 * from there (their outgoing weights receive gradients at once), so the run starts from the trained
 * model's accuracy instead of from scratch.
 */
import type { NetConfig } from './model.js';
import { tf } from './wasm-backend.js';

/** Why `dst` is not `src` with some blocks widened (undefined when it is). */
export function widenMismatch(src: NetConfig, dst: NetConfig): string | undefined {
  if (src.input !== dst.input) return `input ${src.input} → ${dst.input}`;
  if ((src.head ?? 'gap') !== (dst.head ?? 'gap')) return `head ${src.head ?? 'gap'} → ${dst.head ?? 'gap'}`;
  if (src.embedding !== dst.embedding) return `embedding ${src.embedding} → ${dst.embedding}`;
  if (src.blocks.length !== dst.blocks.length) return `${src.blocks.length} blocks → ${dst.blocks.length}`;
  for (const [i, b] of src.blocks.entries()) {
    const d = dst.blocks[i];
    if (b.stride !== d.stride) return `block ${i} stride ${b.stride} → ${d.stride}`;
    if (d.filters < b.filters) return `block ${i} narrower (${b.filters} → ${d.filters} filters)`;
  }
  return undefined;
}

/** Copies `from` (shape fs) into the leading corner of `into` (shape ts, each side ≥ fs), row-major. */
function embed(into: Float32Array, ts: number[], from: Float32Array, fs: number[]): void {
  const n = fs.length;
  const idx = new Array<number>(n).fill(0);
  const tStride = ts.map((_, k) => ts.slice(k + 1).reduce((a, b) => a * b, 1));
  for (let i = 0; i < from.length; i++) {
    let o = 0;
    for (let k = 0; k < n; k++) o += idx[k] * tStride[k];
    into[o] = from[i];
    for (let k = n - 1; k >= 0 && ++idx[k] === fs[k]; k--) idx[k] = 0;
  }
}

/**
 * Sets the weights of `dst` (built from `dstNet`, a widening of `srcNet`) from `src`.
 * Convolutions [3,3,cin,cout]: the trained kernel in the leading corner; input channels added by the
 * previous block read with zero weights, added output filters keep their initialisation. BatchNorm:
 * trained values for the trained channels, fresh ones (γ 1, β 0, mean 0, variance 1) for the added.
 * Dense: the row of flattened position p and trained channel c moves to p·C' + c; rows of added
 * channels are zero.
 */
export function widenWeights(src: tf.LayersModel, srcNet: NetConfig, dst: tf.LayersModel, dstNet: NetConfig): void {
  const why = widenMismatch(srcNet, dstNet);
  if (why) throw new TypeError(`not a widening: ${why}`);
  const sw = src.getWeights();
  const dw = dst.getWeights();
  if (sw.length !== dw.length) throw new TypeError(`weight lists differ (${sw.length} against ${dw.length})`);
  const out = dw.map((d, i) => {
    const s = sw[i];
    const ts = d.shape;
    const fs = s.shape;
    const t = d.dataSync().slice() as Float32Array;
    const f = s.dataSync() as Float32Array;
    if (ts.length === 4) {
      // conv kernel: zero the rows of added input channels, keep fresh added output filters
      const [kh, kw, ci, co] = ts;
      for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) for (let c = fs[2] ?? ci; c < ci; c++) t.fill(0, ((y * kw + x) * ci + c) * co, ((y * kw + x) * ci + c + 1) * co);
      embed(t, ts, f, fs);
    } else if (ts.length === 2 && ts[0] !== fs[0]) {
      // dense after a widened flattened map: rows (position, channel)
      const cNew = dstNet.blocks[dstNet.blocks.length - 1].filters;
      const cOld = srcNet.blocks[srcNet.blocks.length - 1].filters;
      const units = ts[1];
      t.fill(0);
      for (let p = 0; p < fs[0] / cOld; p++) for (let c = 0; c < cOld; c++) t.set(f.subarray((p * cOld + c) * units, (p * cOld + c + 1) * units), (p * cNew + c) * units);
    } else {
      embed(t, ts, f, fs);
    }
    return tf.tensor(t, ts);
  });
  dst.setWeights(out);
  out.forEach((x) => x.dispose());
}
