/**
 * Reader and writer of the tfjs layers model format (model.json + little-endian float32 weight
 * files), without TensorFlow.js: the quantizer needs the topology and the weights only.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WhorlError } from '../util/errors.js';
import type { ActivationName, Padding, RawLayer, RawModel } from './graph.js';
import { ACTIVATIONS } from './graph.js';

interface KerasLayer { class_name: string; config: Record<string, unknown> & { name?: string } }
interface WeightEntry { name: string; shape: number[]; dtype?: string; quantization?: unknown }
interface ManifestGroup { paths: string[]; weights: WeightEntry[] }

/** Error in a model file: names the file and the layer. */
export class ModelFormatError extends WhorlError {}

function fail(msg: string, context: Record<string, unknown> = {}): never {
  throw new ModelFormatError('MODEL_FORMAT', msg, { context });
}

/** Reads all weights of a manifest into a name → Float32Array map. */
function readWeights(dir: string, groups: ManifestGroup[]): Map<string, { shape: number[]; data: Float32Array }> {
  const out = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const g of groups) {
    const bufs = g.paths.map((p) => readFileSync(join(dir, p)));
    const all = Buffer.concat(bufs);
    let off = 0;
    for (const w of g.weights) {
      const n = w.shape.reduce((a, b) => a * b, 1);
      if (w.quantization !== undefined) fail(`weight ${w.name}: quantized tfjs weights are not supported; save the model in float32`, { weight: w.name });
      if ((w.dtype ?? 'float32') !== 'float32') fail(`weight ${w.name}: dtype ${w.dtype} is not supported (float32 only)`, { weight: w.name });
      if (off + n * 4 > all.length) fail(`weight files of ${dir} are shorter than the manifest says (at ${w.name})`, { dir });
      const data = new Float32Array(n);
      for (let i = 0; i < n; i++) data[i] = all.readFloatLE(off + 4 * i);
      off += n * 4;
      out.set(w.name, { shape: w.shape, data });
    }
  }
  return out;
}

function activationOf(v: unknown, layer: string): ActivationName {
  const a = (v === undefined || v === null ? 'linear' : String(v)).toLowerCase();
  if (!(a in ACTIVATIONS)) fail(`layer ${layer}: activation '${a}' is not supported (supported: ${Object.keys(ACTIVATIONS).join(', ')})`, { layer });
  return a as ActivationName;
}

function pair(v: unknown, dflt: number): number {
  const a = Array.isArray(v) ? v : v === undefined || v === null ? [dflt, dflt] : [v, v];
  if (a[0] !== a[1]) fail(`non-square kernel/stride ${JSON.stringify(v)} is not supported`);
  return Number(a[0]);
}

/** Reads `DIR/model.json` and its weight files. Unsupported layers raise a ModelFormatError naming them. */
export function readTfjsModel(dir: string): RawModel {
  let json: { modelTopology?: unknown; weightsManifest?: ManifestGroup[] };
  const file = join(dir, 'model.json');
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new ModelFormatError('MODEL_READ', `cannot read ${file}: ${(cause as Error).message}`, { context: { file }, cause });
  }
  const topo = json.modelTopology as { model_config?: unknown; class_name?: string; config?: unknown } | undefined;
  const mc = (topo?.model_config ?? topo) as { class_name?: string; config?: { name?: string; layers?: KerasLayer[] } | KerasLayer[] } | undefined;
  if (!mc || !mc.config) fail(`${file}: no modelTopology`, { file });
  const layersIn: KerasLayer[] = Array.isArray(mc.config) ? mc.config : (mc.config.layers ?? []);
  const name = (!Array.isArray(mc.config) && mc.config.name) || 'model';
  const weights = readWeights(dir, json.weightsManifest ?? []);
  const getW = (layer: string, w: string, required = true): Float32Array | undefined => {
    for (const [k, v] of weights) if (k === `${layer}/${w}` || k.endsWith(`/${layer}/${w}`)) return v.data;
    if (required) fail(`layer ${layer}: weight '${w}' missing from the weights manifest`, { layer });
    return undefined;
  };

  let inputShape: [number, number, number] | undefined;
  const layers: RawLayer[] = [];
  let shape: number[] | undefined;
  for (const l of layersIn) {
    const c = l.config;
    const lname = String(c.name ?? l.class_name);
    const bis = (c.batch_input_shape ?? c.batchInputShape) as (number | null)[] | undefined;
    if (bis && !inputShape) {
      if (bis.length !== 4) fail(`layer ${lname}: input shape ${JSON.stringify(bis)} is not [batch, H, W, C]`, { layer: lname });
      inputShape = [Number(bis[1]), Number(bis[2]), Number(bis[3])];
      shape = [...inputShape];
    }
    if (!shape) fail(`layer ${lname}: the first layer does not give an input shape`, { layer: lname });
    if ((c.data_format ?? 'channels_last') !== 'channels_last') fail(`layer ${lname}: data_format ${c.data_format} (channels_last only)`, { layer: lname });
    switch (l.class_name) {
      case 'InputLayer':
        break;
      case 'Conv2D': {
        const kh = pair(c.kernel_size, 1);
        const stride = pair(c.strides, 1);
        if (pair(c.dilation_rate, 1) !== 1) fail(`layer ${lname}: dilation is not supported`, { layer: lname });
        const padding = String(c.padding ?? 'valid') as Padding;
        if (padding !== 'same' && padding !== 'valid') fail(`layer ${lname}: padding ${padding}`, { layer: lname });
        const inC = shape[2];
        const outC = Number(c.filters);
        const kernel = getW(lname, 'kernel')!;
        if (kernel.length !== kh * kh * inC * outC) fail(`layer ${lname}: kernel has ${kernel.length} values, expected ${kh}×${kh}×${inC}×${outC}`, { layer: lname });
        const bias = c.use_bias === false ? undefined : getW(lname, 'bias');
        layers.push({ kind: 'conv', name: lname, kh, kw: kh, stride, padding, inC, outC, kernel, bias, act: activationOf(c.activation, lname) });
        const oh = padding === 'same' ? Math.ceil(shape[0] / stride) : Math.floor((shape[0] - kh) / stride) + 1;
        const ow = padding === 'same' ? Math.ceil(shape[1] / stride) : Math.floor((shape[1] - kh) / stride) + 1;
        shape = [oh, ow, outC];
        break;
      }
      case 'BatchNormalization': {
        const n = shape[shape.length - 1];
        const axis = c.axis === undefined ? -1 : Number(Array.isArray(c.axis) ? c.axis[0] : c.axis);
        if (axis !== -1 && axis !== shape.length) fail(`layer ${lname}: BatchNormalization over axis ${axis} (channels only)`, { layer: lname });
        const ones = new Float32Array(n).fill(1);
        const zeros = new Float32Array(n);
        layers.push({
          kind: 'bn', name: lname, eps: Number(c.epsilon ?? 1e-3),
          gamma: c.scale === false ? ones : getW(lname, 'gamma')!,
          beta: c.center === false ? zeros : getW(lname, 'beta')!,
          mean: getW(lname, 'moving_mean')!, variance: getW(lname, 'moving_variance')!,
        });
        break;
      }
      case 'Mish':
        layers.push({ kind: 'act', name: lname, fn: 'mish' });
        break;
      case 'Activation':
      case 'ReLU':
        layers.push({ kind: 'act', name: lname, fn: activationOf(l.class_name === 'ReLU' ? 'relu' : c.activation, lname) });
        break;
      case 'MaxPooling2D':
      case 'AveragePooling2D': {
        const k = pair(c.pool_size, 2);
        const stride = pair(c.strides ?? c.pool_size, k);
        const padding = String(c.padding ?? 'valid') as Padding;
        if (l.class_name === 'AveragePooling2D' && padding !== 'valid') fail(`layer ${lname}: AveragePooling2D with padding '${padding}' is not supported (valid only)`, { layer: lname });
        layers.push({ kind: l.class_name === 'MaxPooling2D' ? 'maxpool' : 'avgpool', name: lname, k, stride, padding });
        const oh = padding === 'same' ? Math.ceil(shape[0] / stride) : Math.floor((shape[0] - k) / stride) + 1;
        const ow = padding === 'same' ? Math.ceil(shape[1] / stride) : Math.floor((shape[1] - k) / stride) + 1;
        shape = [oh, ow, shape[2]];
        break;
      }
      case 'GlobalAveragePooling2D':
        layers.push({ kind: 'gap', name: lname });
        shape = [1, 1, shape[2]];
        break;
      case 'Flatten':
        layers.push({ kind: 'flatten', name: lname });
        shape = [1, 1, shape.reduce((a, b) => a * b, 1)];
        break;
      case 'Dropout':
      case 'SpatialDropout2D':
      case 'GaussianNoise':
        layers.push({ kind: 'dropout', name: lname });
        break;
      case 'Dense': {
        const inN = shape.reduce((a, b) => a * b, 1);
        if (shape[0] !== 1 || shape[1] !== 1) fail(`layer ${lname}: Dense on a ${shape.join('×')} tensor (flatten or pool first)`, { layer: lname });
        const units = Number(c.units);
        const kernel = getW(lname, 'kernel')!;
        if (kernel.length !== inN * units) fail(`layer ${lname}: kernel has ${kernel.length} values, expected ${inN}×${units}`, { layer: lname });
        const bias = c.use_bias === false ? undefined : getW(lname, 'bias');
        layers.push({ kind: 'dense', name: lname, inN, units, kernel, bias, act: activationOf(c.activation, lname) });
        shape = [1, 1, units];
        break;
      }
      case 'L2Normalize':
      case 'UnitNormalization':
        layers.push({ kind: 'l2', name: lname });
        break;
      default:
        fail(`layer ${lname}: layer class '${l.class_name}' is not supported by the int8 quantizer (supported: Conv2D, BatchNormalization, Mish, Activation, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, Flatten, Dense, Dropout, L2Normalize)`, { layer: lname, className: l.class_name });
    }
  }
  if (!inputShape) fail(`${file}: no input shape`, { file });
  return { name, inputShape, layers };
}

/** One layer for writeTfjsModel: keras class name, config, and its weights in manifest order. */
export interface TfjsLayerSpec {
  className: string;
  config: Record<string, unknown> & { name: string };
  weights?: { name: string; shape: number[]; data: Float32Array }[];
}

/** Writes a Sequential tfjs layers model (model.json + weights.bin) into `dir`. */
export function writeTfjsModel(dir: string, name: string, layers: TfjsLayerSpec[]): void {
  mkdirSync(dir, { recursive: true });
  const weights: WeightEntry[] = [];
  const chunks: Buffer[] = [];
  for (const l of layers) {
    for (const w of l.weights ?? []) {
      weights.push({ name: `${l.config.name}/${w.name}`, shape: w.shape, dtype: 'float32' });
      const b = Buffer.alloc(w.data.length * 4);
      w.data.forEach((v, i) => b.writeFloatLE(v, i * 4));
      chunks.push(b);
    }
  }
  const json = {
    format: 'layers-model',
    generatedBy: 'whorl',
    convertedBy: null,
    modelTopology: {
      class_name: 'Sequential',
      config: { name, layers: layers.map((l) => ({ class_name: l.className, config: l.config })) },
      keras_version: 'tfjs-layers', backend: 'tensor_flow.js',
    },
    weightsManifest: [{ paths: ['weights.bin'], weights }],
  };
  writeFileSync(join(dir, 'model.json'), JSON.stringify(json, null, 1));
  writeFileSync(join(dir, 'weights.bin'), Buffer.concat(chunks));
}
