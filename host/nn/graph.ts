/**
 * Float model graph as the quantizer sees it: a chain of layers in NHWC order, batch 1.
 * Parsed from a tfjs layers model (tfjs.ts) and, after BatchNorm folding (fold.ts), run in float
 * for calibration and for the float-vs-int8 comparison.
 */

/** Activation functions the quantizer turns into lookup tables. */
export type ActivationName = 'linear' | 'relu' | 'relu6' | 'mish' | 'sigmoid' | 'tanh' | 'elu' | 'swish';

export const ACTIVATIONS: Record<ActivationName, (x: number) => number> = {
  linear: (x) => x,
  relu: (x) => (x > 0 ? x : 0),
  relu6: (x) => Math.min(Math.max(x, 0), 6),
  mish: (x) => x * Math.tanh(x > 20 ? x : Math.log1p(Math.exp(x))),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  tanh: (x) => Math.tanh(x),
  elu: (x) => (x > 0 ? x : Math.expm1(x)),
  swish: (x) => x / (1 + Math.exp(-x)),
};

export type Padding = 'same' | 'valid';
/** Explicit padding (ONNX): top, left, bottom, right. Overrides `padding` when present. */
export type Pads = [number, number, number, number];

/** Layers as read from a model file, before folding. */
export type RawLayer =
  | { kind: 'conv'; name: string; kh: number; kw: number; stride: number; padding: Padding; inC: number; outC: number;
      kernel: Float32Array /* [kh][kw][in][out] */; bias?: Float32Array; act: ActivationName; pads?: Pads }
  | { kind: 'bn'; name: string; gamma: Float32Array; beta: Float32Array; mean: Float32Array; variance: Float32Array; eps: number }
  | { kind: 'act'; name: string; fn: ActivationName }
  | { kind: 'maxpool' | 'avgpool'; name: string; k: number; stride: number; padding: Padding; pads?: Pads }
  | { kind: 'gap'; name: string }
  | { kind: 'flatten'; name: string }
  | { kind: 'dropout'; name: string }
  | { kind: 'dense'; name: string; inN: number; units: number; kernel: Float32Array /* [in][out] */; bias?: Float32Array; act: ActivationName }
  | { kind: 'l2'; name: string };

/** A parsed float model. */
export interface RawModel {
  name: string;
  inputShape: [number, number, number]; // H, W, C
  layers: RawLayer[];
}

/** Layers after folding: one per int8 layer. Weights are re-laid out as in the blob. */
export type FusedLayer =
  | { kind: 'conv'; name: string; kh: number; kw: number; stride: number; pt: number; pl: number;
      weights: Float32Array /* [out][kh][kw][in] */; bias: Float32Array; act?: ActivationName }
  | { kind: 'maxpool'; name: string; k: number; stride: number; pt: number; pl: number }
  | { kind: 'avgpool'; name: string; k: number; stride: number; act?: ActivationName }
  | { kind: 'gap'; name: string; act?: ActivationName }
  | { kind: 'dense'; name: string; weights: Float32Array /* [out][in] */; bias: Float32Array; act?: ActivationName }
  | { kind: 'lut'; name: string; act: ActivationName }
  | { kind: 'l2'; name: string };

/** Tensor shape H, W, C. */
export interface Shape { h: number; w: number; c: number }

/** A fused layer with its input and output shapes resolved. */
export interface ShapedLayer { layer: FusedLayer; inShape: Shape; outShape: Shape }

/** A fused float model. */
export interface FusedModel {
  name: string;
  input: Shape;
  layers: ShapedLayer[];
}

/** Output size and leading padding of 'same' / 'valid' padding (TensorFlow rules). */
export function padOut(inN: number, k: number, stride: number, padding: Padding): { out: number; pad: number } {
  if (padding === 'valid') return { out: Math.floor((inN - k) / stride) + 1, pad: 0 };
  const out = Math.ceil(inN / stride);
  const total = Math.max((out - 1) * stride + k - inN, 0);
  return { out, pad: Math.floor(total / 2) };
}

/** Output size and leading padding with explicit pads (lead, trail). */
export function padOutExplicit(inN: number, k: number, stride: number, lead: number, trail: number): { out: number; pad: number } {
  return { out: Math.floor((inN + lead + trail - k) / stride) + 1, pad: lead };
}
