/** Float forward pass of a fused model (calibration and the float-vs-int8 comparison). */
import type { FusedModel, ShapedLayer } from './graph.js';
import { ACTIVATIONS } from './graph.js';

/** Float tensors recorded for one layer: the pre-activation one exists when the layer has an activation. */
export interface FloatTrace { pre?: Float32Array; out: Float32Array }

function applyAct(x: Float32Array, act: string | undefined): Float32Array {
  if (!act) return x;
  const f = ACTIVATIONS[act as keyof typeof ACTIVATIONS];
  const y = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = f(x[i]);
  return y;
}

/** Runs one fused layer in float. */
export function floatLayer(sl: ShapedLayer, x: Float32Array): FloatTrace {
  const { layer: l, inShape: s, outShape: o } = sl;
  switch (l.kind) {
    case 'conv': {
      const y = new Float32Array(o.h * o.w * o.c);
      const { kh, kw, stride, pt, pl } = l;
      const inC = s.c;
      for (let oy = 0; oy < o.h; oy++) for (let ox = 0; ox < o.w; ox++) {
        for (let oc = 0; oc < o.c; oc++) {
          let acc = l.bias[oc];
          for (let ky = 0; ky < kh; ky++) {
            const iy = oy * stride + ky - pt;
            if (iy < 0 || iy >= s.h) continue;
            for (let kx = 0; kx < kw; kx++) {
              const ix = ox * stride + kx - pl;
              if (ix < 0 || ix >= s.w) continue;
              const xb = (iy * s.w + ix) * inC;
              const wb = ((oc * kh + ky) * kw + kx) * inC;
              for (let c = 0; c < inC; c++) acc += l.weights[wb + c] * x[xb + c];
            }
          }
          y[(oy * o.w + ox) * o.c + oc] = acc;
        }
      }
      return l.act ? { pre: y, out: applyAct(y, l.act) } : { out: y };
    }
    case 'dense': {
      const n = s.h * s.w * s.c;
      const y = new Float32Array(o.c);
      for (let oc = 0; oc < o.c; oc++) {
        let acc = l.bias[oc];
        for (let i = 0; i < n; i++) acc += l.weights[oc * n + i] * x[i];
        y[oc] = acc;
      }
      return l.act ? { pre: y, out: applyAct(y, l.act) } : { out: y };
    }
    case 'maxpool': {
      const y = new Float32Array(o.h * o.w * o.c);
      for (let oy = 0; oy < o.h; oy++) for (let ox = 0; ox < o.w; ox++) for (let c = 0; c < o.c; c++) {
        let m = -Infinity;
        for (let ky = 0; ky < l.k; ky++) for (let kx = 0; kx < l.k; kx++) {
          const iy = oy * l.stride + ky - l.pt, ix = ox * l.stride + kx - l.pl;
          if (iy >= 0 && iy < s.h && ix >= 0 && ix < s.w) m = Math.max(m, x[(iy * s.w + ix) * s.c + c]);
        }
        y[(oy * o.w + ox) * o.c + c] = m;
      }
      return { out: y };
    }
    case 'avgpool': {
      const y = new Float32Array(o.h * o.w * o.c);
      for (let oy = 0; oy < o.h; oy++) for (let ox = 0; ox < o.w; ox++) for (let c = 0; c < o.c; c++) {
        let a = 0;
        for (let ky = 0; ky < l.k; ky++) for (let kx = 0; kx < l.k; kx++) a += x[((oy * l.stride + ky) * s.w + ox * l.stride + kx) * s.c + c];
        y[(oy * o.w + ox) * o.c + c] = a / (l.k * l.k);
      }
      return l.act ? { pre: y, out: applyAct(y, l.act) } : { out: y };
    }
    case 'gap': {
      const y = new Float32Array(s.c);
      for (let p = 0; p < s.h * s.w; p++) for (let c = 0; c < s.c; c++) y[c] += x[p * s.c + c];
      for (let c = 0; c < s.c; c++) y[c] /= s.h * s.w;
      return l.act ? { pre: y, out: applyAct(y, l.act) } : { out: y };
    }
    case 'lut':
      return { out: applyAct(x, l.act) };
    case 'l2': {
      let ss = 0;
      for (let i = 0; i < x.length; i++) ss += x[i] * x[i];
      const k = ss > 0 ? 1 / Math.sqrt(ss) : 0;
      return { out: x.map((v) => v * k) };
    }
  }
}

/** Runs the whole fused model; returns one trace per layer. */
export function floatForward(m: FusedModel, input: Float32Array): FloatTrace[] {
  const traces: FloatTrace[] = [];
  let x = input;
  for (const sl of m.layers) {
    const t = floatLayer(sl, x);
    traces.push(t);
    x = t.out;
  }
  return traces;
}

/** Float input of the network from the u8 preprocessing output: (u8 − 128) / 128. */
export function floatInput(u8: Uint8Array): Float32Array {
  const x = new Float32Array(u8.length);
  for (let i = 0; i < u8.length; i++) x[i] = (u8[i] - 128) / 128;
  return x;
}
