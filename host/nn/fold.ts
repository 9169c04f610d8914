/**
 * BatchNorm folding and layer fusion: turns a parsed float model into one fused layer per int8 layer
 * (docs/quantization.md). Activations directly after a conv/dense/pooling layer are fused into it.
 */
import { WhorlError } from '../util/errors.js';
import type { ActivationName, FusedLayer, FusedModel, RawLayer, RawModel, Shape, ShapedLayer } from './graph.js';
import { padOut, padOutExplicit } from './graph.js';

function fail(msg: string, layer: string): never {
  throw new WhorlError('QUANT_UNSUPPORTED', msg, { context: { layer } });
}

/** Folds BatchNorm parameters into weights laid out [out][...] (inner = values per output channel). */
function foldBn(w: Float32Array, b: Float32Array, bn: Extract<RawLayer, { kind: 'bn' }>, outN: number): void {
  if (bn.gamma.length !== outN) fail(`layer ${bn.name}: BatchNormalization over ${bn.gamma.length} channels after a layer with ${outN}`, bn.name);
  const inner = w.length / outN;
  for (let o = 0; o < outN; o++) {
    const k = bn.gamma[o] / Math.sqrt(bn.variance[o] + bn.eps);
    for (let i = 0; i < inner; i++) w[o * inner + i] *= k;
    b[o] = bn.beta[o] + (b[o] - bn.mean[o]) * k;
  }
}

/** Folds BatchNorm, drops Flatten/Dropout and fuses activations. */
export function foldModel(raw: RawModel): FusedModel {
  let shape: Shape = { h: raw.inputShape[0], w: raw.inputShape[1], c: raw.inputShape[2] };
  const out: ShapedLayer[] = [];
  // an activation after Flatten/Dropout acts element-wise: move it before them so that it fuses
  const L = [...raw.layers];
  for (let k = 1; k < L.length; k++) {
    for (let j = k; j > 0 && L[j].kind === 'act' && (L[j - 1].kind === 'flatten' || L[j - 1].kind === 'dropout'); j--) [L[j - 1], L[j]] = [L[j], L[j - 1]];
  }
  let i = 0;
  const takeBn = (): Extract<RawLayer, { kind: 'bn' }> | undefined => {
    const n = L[i];
    if (n && n.kind === 'bn') { i++; return n; }
    return undefined;
  };
  const takeAct = (): ActivationName | undefined => {
    const n = L[i];
    if (n && n.kind === 'act') { i++; return n.fn; }
    return undefined;
  };
  const push = (layer: FusedLayer, o: Shape): void => { out.push({ layer, inShape: shape, outShape: o }); shape = o; };
  while (i < L.length) {
    const l = L[i++];
    switch (l.kind) {
      case 'conv': {
        const { kh, kw, inC, outC } = l;
        const w = new Float32Array(outC * kh * kw * inC);
        for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) for (let c = 0; c < inC; c++) for (let o = 0; o < outC; o++) {
          w[((o * kh + y) * kw + x) * inC + c] = l.kernel[((y * kw + x) * inC + c) * outC + o];
        }
        const b = l.bias ? Float32Array.from(l.bias) : new Float32Array(outC);
        let act: ActivationName | undefined = l.act === 'linear' ? undefined : l.act;
        const bn = takeBn();
        if (bn) {
          if (act) fail(`layer ${bn.name}: BatchNormalization after the activation of ${l.name} cannot be folded`, bn.name);
          foldBn(w, b, bn, outC);
        }
        if (!act) act = takeAct();
        const ph = l.pads ? padOutExplicit(shape.h, kh, l.stride, l.pads[0], l.pads[2]) : padOut(shape.h, kh, l.stride, l.padding);
        const pw = l.pads ? padOutExplicit(shape.w, kw, l.stride, l.pads[1], l.pads[3]) : padOut(shape.w, kw, l.stride, l.padding);
        push({ kind: 'conv', name: l.name, kh, kw, stride: l.stride, pt: ph.pad, pl: pw.pad, weights: w, bias: b, act }, { h: ph.out, w: pw.out, c: outC });
        break;
      }
      case 'dense': {
        const { inN, units } = l;
        const w = new Float32Array(units * inN);
        for (let k = 0; k < inN; k++) for (let o = 0; o < units; o++) w[o * inN + k] = l.kernel[k * units + o];
        const b = l.bias ? Float32Array.from(l.bias) : new Float32Array(units);
        let act: ActivationName | undefined = l.act === 'linear' ? undefined : l.act;
        const bn = takeBn();
        if (bn) {
          if (act) fail(`layer ${bn.name}: BatchNormalization after the activation of ${l.name} cannot be folded`, bn.name);
          foldBn(w, b, bn, units);
        }
        if (!act) act = takeAct();
        push({ kind: 'dense', name: l.name, weights: w, bias: b, act }, { h: 1, w: 1, c: units });
        break;
      }
      case 'bn':
        fail(`layer ${l.name}: BatchNormalization must follow a Conv2D or Dense layer to be folded`, l.name);
        break;
      case 'act':
        if (l.fn !== 'linear') push({ kind: 'lut', name: l.name, act: l.fn }, shape);
        break;
      case 'maxpool': {
        const ph = l.pads ? padOutExplicit(shape.h, l.k, l.stride, l.pads[0], l.pads[2]) : padOut(shape.h, l.k, l.stride, l.padding);
        const pw = l.pads ? padOutExplicit(shape.w, l.k, l.stride, l.pads[1], l.pads[3]) : padOut(shape.w, l.k, l.stride, l.padding);
        push({ kind: 'maxpool', name: l.name, k: l.k, stride: l.stride, pt: ph.pad, pl: pw.pad }, { h: ph.out, w: pw.out, c: shape.c });
        break;
      }
      case 'avgpool': {
        if (l.pads && l.pads.some((p) => p !== 0)) fail(`layer ${l.name}: average pooling with padding is not supported (valid only)`, l.name);
        const ph = padOut(shape.h, l.k, l.stride, 'valid');
        const pw = padOut(shape.w, l.k, l.stride, 'valid');
        push({ kind: 'avgpool', name: l.name, k: l.k, stride: l.stride, act: takeAct() }, { h: ph.out, w: pw.out, c: shape.c });
        break;
      }
      case 'gap':
        push({ kind: 'gap', name: l.name, act: takeAct() }, { h: 1, w: 1, c: shape.c });
        break;
      case 'flatten':
        shape = { h: 1, w: 1, c: shape.h * shape.w * shape.c };
        break;
      case 'dropout':
        break;
      case 'l2':
        push({ kind: 'l2', name: l.name }, shape);
        break;
    }
  }
  return { name: raw.name, input: { h: raw.inputShape[0], w: raw.inputShape[1], c: raw.inputShape[2] }, layers: out };
}
