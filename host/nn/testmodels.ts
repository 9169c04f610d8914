/**
 * Small tfjs layers models with random weights, written as the CNN trainer writes them: used by the
 * golden vectors, the tests and the benchmark.
 */
import type { TfjsLayerSpec } from './tfjs.js';
import { Rng } from './rng.js';

/** Builder of a Sequential layer list with deterministic random weights. */
export class ModelBuilder {
  readonly layers: TfjsLayerSpec[] = [];
  private n = 0;
  private c: number;
  constructor(private readonly rng: Rng, readonly input: [number, number, number]) { this.c = input[2]; }

  private name(k: string): string { return `${k}_${++this.n}`; }
  private first(): Record<string, unknown> {
    return this.layers.length === 0 ? { batch_input_shape: [null, ...this.input] } : {};
  }

  conv(filters: number, k: number, stride: number, opts: { bias?: boolean; activation?: string; padding?: string } = {}): this {
    const name = this.name('conv2d');
    const fanIn = k * k * this.c;
    const weights = [{ name: 'kernel', shape: [k, k, this.c, filters], data: this.rng.normals(k * k * this.c * filters, Math.sqrt(2 / fanIn)) }];
    if (opts.bias) weights.push({ name: 'bias', shape: [filters], data: this.rng.normals(filters, 0.1) });
    this.layers.push({ className: 'Conv2D', config: { ...this.first(), name, filters, kernel_size: [k, k], strides: [stride, stride], padding: opts.padding ?? 'same', use_bias: !!opts.bias, activation: opts.activation ?? 'linear', data_format: 'channels_last' }, weights });
    this.c = filters;
    return this;
  }

  bn(): this {
    const name = this.name('batch_normalization');
    const n = this.c;
    const gamma = Float32Array.from({ length: n }, () => 0.5 + this.rng.next());
    const beta = this.rng.normals(n, 0.2);
    const mean = this.rng.normals(n, 0.3);
    const variance = Float32Array.from({ length: n }, () => 0.3 + this.rng.next() * 2);
    this.layers.push({ className: 'BatchNormalization', config: { name, axis: -1, epsilon: 0.001, center: true, scale: true }, weights: [
      { name: 'gamma', shape: [n], data: gamma }, { name: 'beta', shape: [n], data: beta },
      { name: 'moving_mean', shape: [n], data: mean }, { name: 'moving_variance', shape: [n], data: variance },
    ] });
    return this;
  }

  mish(): this { this.layers.push({ className: 'Mish', config: { name: this.name('mish') } }); return this; }
  act(activation: string): this { this.layers.push({ className: 'Activation', config: { name: this.name('activation'), activation } }); return this; }
  pool(kind: 'max' | 'avg', k = 2, stride = 2, padding = 'valid'): this {
    this.layers.push({ className: kind === 'max' ? 'MaxPooling2D' : 'AveragePooling2D', config: { name: this.name(`${kind}_pooling2d`), pool_size: [k, k], strides: [stride, stride], padding } });
    return this;
  }
  gap(): this { this.layers.push({ className: 'GlobalAveragePooling2D', config: { name: this.name('gap') } }); return this; }
  flatten(size: number): this { this.layers.push({ className: 'Flatten', config: { name: this.name('flatten') } }); this.c = size; return this; }
  dropout(): this { this.layers.push({ className: 'Dropout', config: { name: this.name('dropout'), rate: 0.3 } }); return this; }
  dense(units: number, opts: { bias?: boolean; activation?: string } = {}): this {
    const name = this.name('dense');
    const weights = [{ name: 'kernel', shape: [this.c, units], data: this.rng.normals(this.c * units, Math.sqrt(1 / this.c)) }];
    if (opts.bias !== false) weights.push({ name: 'bias', shape: [units], data: this.rng.normals(units, 0.1) });
    this.layers.push({ className: 'Dense', config: { name, units, use_bias: opts.bias !== false, activation: opts.activation ?? 'linear' }, weights });
    this.c = units;
    return this;
  }
  l2(): this { this.layers.push({ className: 'L2Normalize', config: { name: this.name('l2_normalize') } }); return this; }
}

/** Deterministic u8 test images of H×W: smooth ridges plus noise, and two saturating extremes. */
export function testImages(rng: Rng, h: number, w: number, count: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let n = 0; n < count; n++) {
    const img = new Uint8Array(h * w);
    if (n === 0) img.fill(255);
    else if (n === 1) img.fill(0);
    else {
      const f = 0.3 + rng.next() * 0.8, a = rng.next() * Math.PI, ph = rng.next() * 6;
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
        const v = 128 + 100 * Math.sin(f * (x * Math.cos(a) + y * Math.sin(a)) + ph) + rng.normal() * 25;
        img[y * w + x] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
    out.push(img);
  }
  return out;
}

/** The golden cases: name → builder producing the layer list. */
export const GOLDEN_CASES: Record<string, { input: [number, number, number]; build: (b: ModelBuilder) => void; calibContrast?: number }> = {
  // Odd sizes, stride 2 on odd input, 'same' max pooling, a standalone activation table (elu), bias,
  // relu6 and tanh fused, GAP.
  tiny: { input: [7, 5, 1], build: (b) => b.conv(3, 3, 1, { bias: true }).bn().mish().pool('max', 3, 2, 'same').act('elu').conv(5, 3, 2, { activation: 'relu6', bias: true }).conv(4, 1, 1).gap().act('tanh').dense(6).l2() },
  // Saturation both ways: calibrated on low-contrast images, run on full-contrast ones and the extremes;
  // linear layers so that the requantization clamps show in the outputs; odd sizes, valid avg pooling.
  sat: { input: [9, 11, 1], calibContrast: 0.15, build: (b) => b.conv(6, 3, 1, { bias: true }).conv(5, 3, 2, { padding: 'valid' }).pool('avg').flatten(2 * 2 * 5).dense(4).l2() },
  // Long dot products (K = 3·3·72 = 648 > 516): the ARMv4T kernel splits them; 5 output channels.
  // Also a 2x2/2 max pooling on an odd size (ARMv4T fast path).
  wide: { input: [5, 7, 1], build: (b) => b.conv(72, 1, 1).mish().pool('max').conv(5, 3, 1).bn().mish().gap().dense(3).l2() },
  // A small fingerprint-like stack: stride-2 convs with BN + Mish, average pooling, flatten, dense, L2.
  net: { input: [24, 24, 1], build: (b) => b.conv(8, 3, 2).bn().mish().conv(12, 3, 1).bn().mish().pool('avg').conv(16, 1, 1).bn().mish().conv(16, 3, 2).bn().mish().flatten(3 * 3 * 16).dropout().dense(16).bn().mish().dense(8).l2() },
};
