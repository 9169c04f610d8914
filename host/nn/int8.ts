/**
 * Int8 reference runtime: the executable specification of docs/quantization.md. The C reference
 * kernels (firmware/nn/ref/) and the ARMv4T kernels must give the same bytes.
 */
import { WhorlError } from '../util/errors.js';
import { l2NormalizeI8, requantize } from './fixed.js';
import type { QLayer, QModel } from './qmodel.js';
import { Op, tensorSize } from './qmodel.js';

function lutApply(y: Int8Array, lut: Int8Array | undefined): void {
  if (!lut) return;
  for (let i = 0; i < y.length; i++) y[i] = lut[y[i] + 128];
}

/** CONV2D (NHWC, weights [out][kh][kw][in]), requantization per output channel, optional table. */
export function convI8(l: QLayer, x: Int8Array): Int8Array {
  const s = l.inShape, o = l.outShape;
  const { kh, kw, stride, pt, pl } = l;
  const w = l.weights!, b = l.bias!, M = l.mult!, sh = l.shift!;
  const y = new Int8Array(tensorSize(o));
  for (let oy = 0; oy < o.h; oy++) for (let ox = 0; ox < o.w; ox++) {
    for (let oc = 0; oc < o.c; oc++) {
      let acc = b[oc];
      for (let ky = 0; ky < kh; ky++) {
        const iy = oy * stride + ky - pt;
        if (iy < 0 || iy >= s.h) continue;
        for (let kx = 0; kx < kw; kx++) {
          const ix = ox * stride + kx - pl;
          if (ix < 0 || ix >= s.w) continue;
          const xb = (iy * s.w + ix) * s.c;
          const wb = ((oc * kh + ky) * kw + kx) * s.c;
          for (let c = 0; c < s.c; c++) acc += w[wb + c] * x[xb + c];
        }
      }
      y[(oy * o.w + ox) * o.c + oc] = requantize(acc | 0, M[oc], sh[oc]);
    }
  }
  lutApply(y, l.lut);
  return y;
}

/** DENSE: weights [out][in]. */
export function denseI8(l: QLayer, x: Int8Array): Int8Array {
  const n = tensorSize(l.inShape), o = l.outShape.c;
  const w = l.weights!, y = new Int8Array(o);
  for (let oc = 0; oc < o; oc++) {
    let acc = l.bias![oc];
    for (let i = 0; i < n; i++) acc += w[oc * n + i] * x[i];
    y[oc] = requantize(acc | 0, l.mult![oc], l.shift![oc]);
  }
  lutApply(y, l.lut);
  return y;
}

/** MAXPOOL over the cells of the window inside the input. */
export function maxPoolI8(l: QLayer, x: Int8Array): Int8Array {
  const s = l.inShape, o = l.outShape;
  const y = new Int8Array(tensorSize(o));
  for (let oy = 0; oy < o.h; oy++) for (let ox = 0; ox < o.w; ox++) for (let c = 0; c < o.c; c++) {
    let m = -128;
    for (let ky = 0; ky < l.kh; ky++) for (let kx = 0; kx < l.kw; kx++) {
      const iy = oy * l.stride + ky - l.pt, ix = ox * l.stride + kx - l.pl;
      if (iy >= 0 && iy < s.h && ix >= 0 && ix < s.w) { const v = x[(iy * s.w + ix) * s.c + c]; if (v > m) m = v; }
    }
    y[(oy * o.w + ox) * o.c + c] = m;
  }
  return y;
}

/** AVGPOOL (valid padding): window sum, requantized. */
export function avgPoolI8(l: QLayer, x: Int8Array): Int8Array {
  const s = l.inShape, o = l.outShape;
  const y = new Int8Array(tensorSize(o));
  for (let oy = 0; oy < o.h; oy++) for (let ox = 0; ox < o.w; ox++) for (let c = 0; c < o.c; c++) {
    let a = 0;
    for (let ky = 0; ky < l.kh; ky++) for (let kx = 0; kx < l.kw; kx++) a += x[((oy * l.stride + ky) * s.w + ox * l.stride + kx) * s.c + c];
    y[(oy * o.w + ox) * o.c + c] = requantize(a, l.mult![0], l.shift![0]);
  }
  lutApply(y, l.lut);
  return y;
}

/** GAP: per-channel sum over H·W, requantized. */
export function gapI8(l: QLayer, x: Int8Array): Int8Array {
  const s = l.inShape;
  const acc = new Int32Array(s.c);
  for (let p = 0; p < s.h * s.w; p++) for (let c = 0; c < s.c; c++) acc[c] += x[p * s.c + c];
  const y = new Int8Array(s.c);
  for (let c = 0; c < s.c; c++) y[c] = requantize(acc[c], l.mult![0], l.shift![0]);
  lutApply(y, l.lut);
  return y;
}

/** Runs one layer. */
export function runLayerI8(l: QLayer, x: Int8Array): Int8Array {
  if (x.length !== tensorSize(l.inShape)) {
    throw new WhorlError('NN_SHAPE', `layer ${l.name}: input has ${x.length} values, expected ${tensorSize(l.inShape)}`, { context: { layer: l.name } });
  }
  switch (l.op) {
    case Op.CONV2D: return convI8(l, x);
    case Op.DENSE: return denseI8(l, x);
    case Op.MAXPOOL: return maxPoolI8(l, x);
    case Op.AVGPOOL: return avgPoolI8(l, x);
    case Op.GAP: return gapI8(l, x);
    case Op.LUT: { const y = Int8Array.from(x); lutApply(y, l.lut); return y; }
    case Op.L2NORM: { const y = new Int8Array(x.length); l2NormalizeI8(x, y); return y; }
  }
}

/** Runs the model on an int8 input; returns every layer's output (the last is the embedding). */
export function forwardI8(m: QModel, input: Int8Array): Int8Array[] {
  const outs: Int8Array[] = [];
  let x = input;
  for (const l of m.layers) { x = runLayerI8(l, x); outs.push(x); }
  return outs;
}

/** Int8 network input from the u8 preprocessing output: u8 − 128. */
export function int8Input(u8: Uint8Array): Int8Array {
  const x = new Int8Array(u8.length);
  for (let i = 0; i < u8.length; i++) x[i] = u8[i] - 128;
  return x;
}

/** Embedding of a sensor image: preprocessing to the model input, u8 − 128, forward pass (as nn_embed). */
export function embedImage(m: QModel, sensor: Uint8Array, hs: number, ws: number, preprocessFn: (src: Uint8Array, hs: number, ws: number, h: number, w: number) => Uint8Array): Int8Array {
  const outs = forwardI8(m, int8Input(preprocessFn(sensor, hs, ws, m.input.h, m.input.w)));
  return outs[outs.length - 1];
}
