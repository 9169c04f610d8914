/**
 * ONNX reader for the quantizer: a chain of Conv, BatchNormalization, activations (Mish, Relu, ...),
 * pooling, Flatten, Gemm/MatMul(+Add), LpNormalization in NCHW, converted to the NHWC RawModel of
 * graph.ts (weights re-laid out; Flatten followed by a dense layer gets its weights permuted from CHW
 * to HWC order). Unsupported operators are named in the error.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { WhorlError } from '../util/errors.js';
import type { ActivationName, Pads, RawLayer, RawModel } from './graph.js';
import { pbFields, pbFloats, pbInt, pbInts, pbString, type PbField } from './protobuf.js';

interface Node { name: string; op: string; inputs: string[]; outputs: string[]; attrs: Map<string, PbField[]> }
interface Tensor { dims: number[]; data: Float32Array }

function fail(msg: string, context: Record<string, unknown> = {}): never {
  throw new WhorlError('MODEL_FORMAT', msg, { context });
}

function tensorOf(b: Uint8Array): { name: string; t: Tensor } {
  const f = pbFields(b);
  const dims = pbInts(f, 1);
  const type = pbInt(f.find((x) => x.no === 2) ?? { no: 2, wire: 0, varint: 1n });
  const name = pbString(f.find((x) => x.no === 8));
  if (type !== 1) fail(`initializer ${name}: data type ${type} is not float32`, { name });
  const raw = f.find((x) => x.no === 9)?.bytes;
  const data = raw ? new Float32Array(Uint8Array.from(raw).buffer) : Float32Array.from(pbFloats(f, 4));
  if (data.length !== dims.reduce((a, c) => a * c, 1)) fail(`initializer ${name}: ${data.length} values for dims ${dims.join('×')}`, { name });
  return { name, t: { dims, data } };
}

function nodeOf(b: Uint8Array): Node {
  const f = pbFields(b);
  const attrs = new Map<string, PbField[]>();
  for (const a of f.filter((x) => x.no === 5)) {
    const af = pbFields(a.bytes!);
    attrs.set(pbString(af.find((x) => x.no === 1)), af);
  }
  return {
    name: pbString(f.find((x) => x.no === 3)), op: pbString(f.find((x) => x.no === 4)),
    inputs: f.filter((x) => x.no === 1).map(pbString), outputs: f.filter((x) => x.no === 2).map(pbString), attrs,
  };
}

const attrInt = (n: Node, k: string, d: number): number => { const a = n.attrs.get(k)?.find((x) => x.no === 3); return a ? pbInt(a) : d; };
const attrInts = (n: Node, k: string): number[] | undefined => { const a = n.attrs.get(k); return a ? pbInts(a, 8) : undefined; };
const attrFloat = (n: Node, k: string, d: number): number => { const a = n.attrs.get(k); return a ? (pbFloats(a, 2)[0] ?? d) : d; };
const attrStr = (n: Node, k: string): string => pbString(n.attrs.get(k)?.find((x) => x.no === 4));

const ACT: Record<string, ActivationName> = { Mish: 'mish', Relu: 'relu', Sigmoid: 'sigmoid', Tanh: 'tanh', Elu: 'elu' };

/** Reads an .onnx file into a RawModel (NHWC). */
export function readOnnxModel(file: string): RawModel {
  let buf: Uint8Array;
  try { buf = new Uint8Array(readFileSync(file)); } catch (cause) {
    throw new WhorlError('MODEL_READ', `cannot read ${file}: ${(cause as Error).message}`, { context: { file }, cause });
  }
  const graphB = pbFields(buf).find((x) => x.no === 7)?.bytes;
  if (!graphB) fail(`${file}: no graph (not an ONNX model?)`, { file });
  const g = pbFields(graphB);
  const inits = new Map<string, Tensor>();
  for (const f of g.filter((x) => x.no === 5)) { const { name, t } = tensorOf(f.bytes!); inits.set(name, t); }
  const nodes = g.filter((x) => x.no === 1).map((x) => nodeOf(x.bytes!));
  const inputs = g.filter((x) => x.no === 11).map((x) => pbFields(x.bytes!));
  const inp = inputs.find((v) => !inits.has(pbString(v.find((x) => x.no === 1))));
  if (!inp) fail(`${file}: no graph input`, { file });
  let cur = pbString(inp.find((x) => x.no === 1));
  const tt = pbFields(pbFields(inp.find((x) => x.no === 2)!.bytes!).find((x) => x.no === 1)!.bytes!);
  const dims = pbFields(tt.find((x) => x.no === 2)!.bytes!).filter((x) => x.no === 1).map((d) => { const v = pbFields(d.bytes!).find((x) => x.no === 1); return v ? pbInt(v) : 1; });
  if (dims.length !== 4) fail(`${file}: input ${cur} has shape ${dims.join('×')}, expected N×C×H×W`, { file });
  const inputShape: [number, number, number] = [dims[2], dims[3], dims[1]];
  let shape = [...inputShape]; // H, W, C
  let flattenedFrom: number[] | undefined;
  const layers: RawLayer[] = [];
  const w = (n: Node, i: number): Tensor => {
    const t = inits.get(n.inputs[i]);
    if (!t) fail(`node ${n.name} (${n.op}): input ${n.inputs[i]} must be a constant initializer`, { node: n.name });
    return t;
  };
  for (let k = 0; k < nodes.length; k++) {
    const n = nodes[k];
    const name = n.name || `${n.op}_${k}`;
    if (n.inputs[0] !== cur) fail(`node ${name} (${n.op}): the graph is not a single chain (input ${n.inputs[0]}, expected ${cur})`, { node: name });
    cur = n.outputs[0];
    const pads = (): Pads => {
      if (attrStr(n, 'auto_pad') && attrStr(n, 'auto_pad') !== 'NOTSET') fail(`node ${name}: auto_pad ${attrStr(n, 'auto_pad')} is not supported, export explicit pads`, { node: name });
      const p = attrInts(n, 'pads') ?? [0, 0, 0, 0];
      return [p[0], p[1], p[2], p[3]];
    };
    const square = (v: number[] | undefined, d: number): number => {
      const a = v ?? [d, d];
      if (a[0] !== a[1]) fail(`node ${name}: non-square ${JSON.stringify(a)} is not supported`, { node: name });
      return a[0];
    };
    switch (n.op) {
      case 'Conv': {
        const W = w(n, 0 + 1);
        const [outC, inC, kh, kw] = W.dims;
        if (attrInt(n, 'group', 1) !== 1) fail(`node ${name}: grouped convolution is not supported`, { node: name });
        if (square(attrInts(n, 'dilations'), 1) !== 1) fail(`node ${name}: dilation is not supported`, { node: name });
        if (kh !== kw || inC !== shape[2]) fail(`node ${name}: kernel ${W.dims.join('×')} does not fit input channels ${shape[2]}`, { node: name });
        const stride = square(attrInts(n, 'strides'), 1);
        const kernel = new Float32Array(kh * kw * inC * outC);
        for (let o = 0; o < outC; o++) for (let c = 0; c < inC; c++) for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) {
          kernel[((y * kw + x) * inC + c) * outC + o] = W.data[((o * inC + c) * kh + y) * kw + x];
        }
        const p = pads();
        layers.push({ kind: 'conv', name, kh, kw, stride, padding: 'valid', pads: p, inC, outC, kernel, bias: n.inputs[2] ? w(n, 2).data : undefined, act: 'linear' });
        shape = [Math.floor((shape[0] + p[0] + p[2] - kh) / stride) + 1, Math.floor((shape[1] + p[1] + p[3] - kw) / stride) + 1, outC];
        break;
      }
      case 'BatchNormalization':
        layers.push({ kind: 'bn', name, gamma: w(n, 1).data, beta: w(n, 2).data, mean: w(n, 3).data, variance: w(n, 4).data, eps: attrFloat(n, 'epsilon', 1e-5) });
        break;
      case 'Mish': case 'Relu': case 'Sigmoid': case 'Tanh': case 'Elu':
        if (n.op === 'Elu' && attrFloat(n, 'alpha', 1) !== 1) fail(`node ${name}: Elu alpha ≠ 1 is not supported`, { node: name });
        layers.push({ kind: 'act', name, fn: ACT[n.op] });
        break;
      case 'Clip': {
        const lo = n.inputs[1] ? w(n, 1).data[0] : -Infinity, hi = n.inputs[2] ? w(n, 2).data[0] : Infinity;
        if (lo !== 0 || (hi !== 6 && hi !== Infinity)) fail(`node ${name}: Clip(${lo}, ${hi}) is not supported (Clip(0, 6) or Clip(0))`, { node: name });
        layers.push({ kind: 'act', name, fn: hi === 6 ? 'relu6' : 'relu' });
        break;
      }
      case 'MaxPool': case 'AveragePool': {
        const k = square(attrInts(n, 'kernel_shape'), 1);
        const stride = square(attrInts(n, 'strides'), 1);
        const p = pads();
        if (attrInt(n, 'ceil_mode', 0) !== 0) fail(`node ${name}: ceil_mode is not supported`, { node: name });
        layers.push({ kind: n.op === 'MaxPool' ? 'maxpool' : 'avgpool', name, k, stride, padding: 'valid', pads: p });
        shape = [Math.floor((shape[0] + p[0] + p[2] - k) / stride) + 1, Math.floor((shape[1] + p[1] + p[3] - k) / stride) + 1, shape[2]];
        break;
      }
      case 'GlobalAveragePool':
        layers.push({ kind: 'gap', name });
        shape = [1, 1, shape[2]];
        break;
      case 'Flatten':
        if (attrInt(n, 'axis', 1) !== 1) fail(`node ${name}: Flatten axis ${attrInt(n, 'axis', 1)} (1 only)`, { node: name });
        if (shape[0] * shape[1] > 1) flattenedFrom = [...shape];
        layers.push({ kind: 'flatten', name });
        shape = [1, 1, shape[0] * shape[1] * shape[2]];
        break;
      case 'Gemm': case 'MatMul': {
        const B = w(n, 1);
        const transB = n.op === 'Gemm' ? attrInt(n, 'transB', 0) : 0;
        if (n.op === 'Gemm' && (attrFloat(n, 'alpha', 1) !== 1 || attrFloat(n, 'beta', 1) !== 1 || attrInt(n, 'transA', 0) !== 0)) fail(`node ${name}: Gemm with alpha/beta ≠ 1 or transA is not supported`, { node: name });
        const [inN, units] = transB ? [B.dims[1], B.dims[0]] : [B.dims[0], B.dims[1]];
        if (inN !== shape[0] * shape[1] * shape[2] || shape[0] * shape[1] !== 1) fail(`node ${name}: ${n.op} of ${inN} inputs on a ${shape.join('×')} tensor`, { node: name });
        const kernel = new Float32Array(inN * units);
        const [H, W, C] = flattenedFrom ?? [1, 1, inN];
        for (let i = 0; i < inN; i++) {
          // ONNX flattens C,H,W; the int8 runtime keeps H,W,C
          const c = Math.floor(i / (H * W)), hw = i % (H * W);
          const ours = hw * C + c;
          for (let o = 0; o < units; o++) kernel[ours * units + o] = transB ? B.data[o * inN + i] : B.data[i * units + o];
        }
        let bias = n.op === 'Gemm' && n.inputs[2] ? w(n, 2).data : undefined;
        const next = nodes[k + 1];
        if (n.op === 'MatMul' && next?.op === 'Add' && next.inputs[0] === cur && inits.has(next.inputs[1])) {
          bias = inits.get(next.inputs[1])!.data; cur = next.outputs[0]; k++;
        }
        layers.push({ kind: 'dense', name, inN, units, kernel, bias, act: 'linear' });
        shape = [1, 1, units];
        flattenedFrom = undefined;
        break;
      }
      case 'LpNormalization':
        if (attrInt(n, 'p', 2) !== 2) fail(`node ${name}: LpNormalization p=${attrInt(n, 'p', 2)} (2 only)`, { node: name });
        layers.push({ kind: 'l2', name });
        break;
      case 'Dropout': case 'Identity':
        layers.push({ kind: 'dropout', name });
        break;
      default:
        fail(`node ${name}: ONNX operator '${n.op}' is not supported by the int8 quantizer (supported: Conv, BatchNormalization, Mish, Relu, Clip(0, 6), Sigmoid, Tanh, Elu, MaxPool, AveragePool, GlobalAveragePool, Flatten, Gemm, MatMul(+Add), LpNormalization, Dropout, Identity)`, { node: name, op: n.op });
    }
  }
  const graphName = pbString(g.find((x) => x.no === 2)) || basename(file, '.onnx');
  return { name: graphName, inputShape, layers };
}
