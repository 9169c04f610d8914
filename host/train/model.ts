/** The embedding network: blocks of 3×3 conv → BatchNorm → Mish, then global average pooling
 * (head 'gap') or the flattened last feature map (head 'flatten', which keeps where features are
 * relative to the registered core), dropout, dense embedding, L2 normalisation. Built from a JSON config. */
import { tf } from './wasm-backend.js';
import { L2Normalize, Mish } from './layers.js';
import { padOut } from '../nn/graph.js';

export interface NetConfig {
  /** square input side in pixels (the preprocessing output) */
  input: number;
  /** one block per entry: output channels, stride (1 or 2) and padding ('same', the default, or
   * 'valid': no border, an output cell only where the 3×3 window lies wholly inside the map) */
  blocks: Array<{ filters: number; stride: 1 | 2; padding?: 'same' | 'valid' }>;
  /** embedding dimension (64..256) */
  embedding: number;
  /** dropout rate before the dense layer (training only) */
  dropout: number;
  /** initialiser seed */
  seed: number;
  /** pooling before the embedding: 'gap' global average (default) or 'flatten' */
  head?: 'gap' | 'flatten';
}

export const DEFAULT_NET: NetConfig = {
  input: 96,
  blocks: [{ filters: 16, stride: 2 }, { filters: 32, stride: 2 }, { filters: 48, stride: 1 }, { filters: 64, stride: 2 }, { filters: 128, stride: 2 }, { filters: 48, stride: 2 }],
  embedding: 128,
  dropout: 0.2,
  seed: 1,
  head: 'flatten',
};

export interface Budget {
  /** multiply-accumulates for one embedding */
  macs: number;
  /** trainable parameters */
  params: number;
  /** int8 weight bytes after quantisation (conv and dense kernels; BN folds into them) */
  int8WeightBytes: number;
}

export const MAX_MACS = 25_000_000;
export const MAX_INT8_WEIGHT_BYTES = 256 * 1024;

export function validateNetConfig(c: NetConfig): void {
  if (!Number.isInteger(c.input) || c.input < 16 || c.input > 256) throw new TypeError(`net.input must be 16..256, got ${c.input}`);
  if (!Array.isArray(c.blocks) || c.blocks.length === 0) throw new TypeError('net.blocks must list at least one block');
  for (const b of c.blocks) {
    if (!Number.isInteger(b.filters) || b.filters < 1 || b.filters > 512) throw new TypeError(`net.blocks[].filters must be 1..512, got ${b.filters}`);
    if (b.stride !== 1 && b.stride !== 2) throw new TypeError(`net.blocks[].stride must be 1 or 2, got ${b.stride}`);
    if (b.padding !== undefined && b.padding !== 'same' && b.padding !== 'valid') throw new TypeError(`net.blocks[].padding must be 'same' or 'valid', got ${String(b.padding)}`);
  }
  if (!Number.isInteger(c.embedding) || c.embedding < 8 || c.embedding > 512) throw new TypeError(`net.embedding must be 8..512, got ${c.embedding}`);
  if (!(c.dropout >= 0 && c.dropout < 1)) throw new TypeError(`net.dropout must be in [0, 1), got ${c.dropout}`);
  if (c.head !== undefined && c.head !== 'gap' && c.head !== 'flatten') throw new TypeError(`net.head must be 'gap' or 'flatten', got ${String(c.head)}`);
}

/** MACs and weights of the network described by `c`, from the layer shapes. */
export function netBudget(c: NetConfig): Budget {
  let h = c.input;
  let ch = 1;
  let macs = 0;
  let params = 0;
  let w8 = 0;
  for (const [i, b] of c.blocks.entries()) {
    h = padOut(h, 3, b.stride, b.padding ?? 'same').out;
    if (h < 1) throw new TypeError(`net: block ${i} leaves no output cell (input ${c.input})`);
    const k = 9 * ch * b.filters;
    macs += h * h * k;
    params += k + 4 * b.filters; // conv kernel + BN (gamma, beta, moving mean, moving variance)
    w8 += k;
    ch = b.filters;
  }
  const feat = c.head === 'flatten' ? h * h * ch : ch;
  macs += feat * c.embedding;
  params += feat * c.embedding + c.embedding;
  w8 += feat * c.embedding;
  return { macs, params, int8WeightBytes: w8 };
}

export function buildModel(c: NetConfig): tf.LayersModel {
  validateNetConfig(c);
  const m = tf.sequential({ name: 'whorl_matcher' });
  let seed = c.seed;
  c.blocks.forEach((b, i) => {
    m.add(tf.layers.conv2d({
      ...(i === 0 ? { inputShape: [c.input, c.input, 1] } : {}),
      name: `conv${i}`, filters: b.filters, kernelSize: 3, strides: b.stride, padding: b.padding ?? 'same', useBias: false,
      kernelInitializer: tf.initializers.heNormal({ seed: seed++ }),
    }));
    m.add(tf.layers.batchNormalization({ name: `bn${i}`, momentum: 0.9, epsilon: 1e-3 }));
    m.add(new Mish({ name: `mish${i}` }));
  });
  if (c.head === 'flatten') m.add(tf.layers.flatten({ name: 'flatten' }));
  else m.add(tf.layers.globalAveragePooling2d({ name: 'gap' }));
  m.add(tf.layers.dropout({ name: 'dropout', rate: c.dropout, seed: seed++ }));
  m.add(tf.layers.dense({ name: 'embedding', units: c.embedding, kernelInitializer: tf.initializers.glorotUniform({ seed: seed++ }) }));
  m.add(new L2Normalize({ name: 'l2' }));
  return m;
}
