/**
 * Post-training quantization of a fused float model: per-channel symmetric int8 weights, int32 bias,
 * per-tensor symmetric int8 activations calibrated on images, fixed-point multipliers, activation tables.
 */
import { WhorlError } from '../util/errors.js';
import { AbsHistogram, type CalibMethod } from './calibrate.js';
import { clampI32, clampI8, quantizeMultiplier, roundHalfAway } from './fixed.js';
import { floatForward, floatInput } from './floatrun.js';
import type { ActivationName, FusedModel } from './graph.js';
import { ACTIVATIONS } from './graph.js';
import type { QLayer, QModel } from './qmodel.js';
import { Op } from './qmodel.js';

/** Histograms of one layer's float tensors over the calibration set. */
export interface LayerStats { pre?: AbsHistogram; out: AbsHistogram }

/** Options of quantizeModel. */
export interface QuantizeOptions {
  /** Threshold method (default percentile). */
  method?: CalibMethod;
  /** Percentile for method 'percentile' (default 99.99). */
  percentile?: number;
}

/** Runs the float model over calibration images (u8, input H×W×C) and gathers histograms. */
export function calibrate(fm: FusedModel, images: Uint8Array[], onImage?: () => void): LayerStats[] {
  if (images.length === 0) throw new WhorlError('QUANT_CALIB', 'no calibration images', {});
  const stats: LayerStats[] = fm.layers.map((sl) => ({
    pre: 'act' in sl.layer && sl.layer.act ? new AbsHistogram() : undefined,
    out: new AbsHistogram(),
  }));
  for (const img of images) {
    const tr = floatForward(fm, floatInput(img));
    tr.forEach((t, i) => { if (t.pre) stats[i].pre!.add(t.pre); stats[i].out.add(t.out); });
    onImage?.();
  }
  return stats;
}

/** Builds the 256-entry table of activation `act` from scale sIn to scale sOut. */
export function activationTable(act: ActivationName, sIn: number, sOut: number): Int8Array {
  const f = ACTIVATIONS[act];
  const t = new Int8Array(256);
  for (let q = -128; q < 128; q++) t[q + 128] = clampI8(roundHalfAway(f(q * sIn) / sOut));
  return t;
}

function scaleOf(t: number): number {
  return t > 0 && Number.isFinite(t) ? t / 127 : 1;
}

/** Quantizes weights [out][inner] per output channel; returns int8 weights and scales. */
export function quantizeWeights(w: Float32Array, outN: number): { q: Int8Array; scales: Float32Array } {
  const inner = w.length / outN;
  const q = new Int8Array(w.length);
  const scales = new Float32Array(outN);
  for (let o = 0; o < outN; o++) {
    let m = 0;
    for (let i = 0; i < inner; i++) m = Math.max(m, Math.abs(w[o * inner + i]));
    const s = m > 0 ? m / 127 : 1;
    scales[o] = s;
    for (let i = 0; i < inner; i++) q[o * inner + i] = Math.max(-127, Math.min(127, roundHalfAway(w[o * inner + i] / s)));
  }
  return { q, scales };
}

function multipliers(reals: number[], layer: string): { mult: Int32Array; shift: Int32Array } {
  const mult = new Int32Array(reals.length), shift = new Int32Array(reals.length);
  reals.forEach((m, i) => {
    try {
      const f = quantizeMultiplier(m);
      mult[i] = f.M; shift[i] = f.s;
    } catch (cause) {
      throw new WhorlError('QUANT_MULTIPLIER', `layer ${layer}: ${(cause as Error).message}`, { context: { layer, channel: i }, cause });
    }
  });
  return { mult, shift };
}

/** Quantizes a fused model with calibration statistics. */
export function quantizeModel(fm: FusedModel, stats: LayerStats[], opts: QuantizeOptions = {}): QModel {
  const method = opts.method ?? 'percentile';
  const thr = (h: AbsHistogram): number => scaleOf(h.threshold(method, opts.percentile ?? 99.99));
  let sIn = 1 / 128;
  const layers: QLayer[] = fm.layers.map((sl, i) => {
    const l = sl.layer;
    const base = { name: l.name, kh: 1, kw: 1, stride: 1, pt: 0, pl: 0, inShape: sl.inShape, outShape: sl.outShape };
    let q: QLayer;
    switch (l.kind) {
      case 'conv':
      case 'dense': {
        const outN = l.bias.length;
        const { q: wq, scales } = quantizeWeights(l.weights, outN);
        const bias = new Int32Array(outN);
        for (let o = 0; o < outN; o++) bias[o] = clampI32(roundHalfAway(l.bias[o] / (sIn * scales[o])));
        const sOut = thr(stats[i].out);
        const sPre = l.act ? thr(stats[i].pre!) : sOut;
        const { mult, shift } = multipliers(Array.from(scales, (sw) => (sIn * sw) / sPre), l.name);
        q = {
          ...base, op: l.kind === 'conv' ? Op.CONV2D : Op.DENSE, weights: wq, bias, mult, shift,
          lut: l.act ? activationTable(l.act, sPre, sOut) : undefined,
          info: { inScale: sIn, preScale: l.act ? sPre : undefined, outScale: sOut, weightScales: scales, act: l.act },
        };
        if (l.kind === 'conv') Object.assign(q, { kh: l.kh, kw: l.kw, stride: l.stride, pt: l.pt, pl: l.pl });
        sIn = sOut;
        break;
      }
      case 'maxpool':
        q = { ...base, op: Op.MAXPOOL, kh: l.k, kw: l.k, stride: l.stride, pt: l.pt, pl: l.pl, info: { inScale: sIn, outScale: sIn } };
        break;
      case 'avgpool':
      case 'gap': {
        const n = l.kind === 'gap' ? sl.inShape.h * sl.inShape.w : l.k * l.k;
        const sOut = l.act ? thr(stats[i].out) : sIn;
        const { mult, shift } = multipliers([1 / n], l.name);
        q = {
          ...base, op: l.kind === 'gap' ? Op.GAP : Op.AVGPOOL, mult, shift,
          lut: l.act ? activationTable(l.act, sIn, sOut) : undefined,
          info: { inScale: sIn, preScale: l.act ? sIn : undefined, outScale: sOut, act: l.act },
        };
        if (l.kind === 'avgpool') Object.assign(q, { kh: l.k, kw: l.k, stride: l.stride });
        sIn = sOut;
        break;
      }
      case 'lut': {
        const sOut = thr(stats[i].out);
        q = { ...base, op: Op.LUT, lut: activationTable(l.act, sIn, sOut), info: { inScale: sIn, outScale: sOut, act: l.act } };
        sIn = sOut;
        break;
      }
      case 'l2':
        q = { ...base, op: Op.L2NORM, info: { inScale: sIn, outScale: 1 / 127 } };
        sIn = 1 / 127;
        break;
    }
    return q;
  });
  return { name: fm.name, input: fm.input, pre: { h: fm.input.h, w: fm.input.w }, layers };
}
