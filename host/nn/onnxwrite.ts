/**
 * Writes a Sequential layer list (the TfjsLayerSpec of tfjs.ts, NHWC weights) as an equivalent ONNX
 * model (NCHW, explicit pads reproducing TensorFlow 'same' padding). Used to test the ONNX reader
 * against the tfjs one and to hand models to ONNX tools.
 */
import { writeFileSync } from 'node:fs';
import { padOut } from './graph.js';
import { PbWriter } from './protobuf.js';
import type { TfjsLayerSpec } from './tfjs.js';

const ONNX_OP: Record<string, string> = { Mish: 'Mish', relu: 'Relu', sigmoid: 'Sigmoid', tanh: 'Tanh', elu: 'Elu', mish: 'Mish' };

function tensor(name: string, dims: number[], data: Float32Array): PbWriter {
  const t = new PbWriter();
  for (const d of dims) t.int(1, d);
  return t.int(2, 1).string(8, name).bytes(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}
function attrInts(name: string, v: number[]): PbWriter { const a = new PbWriter().string(1, name); for (const x of v) a.int(8, x); return a.int(20, 7); }
function attrInt(name: string, v: number): PbWriter { return new PbWriter().string(1, name).int(3, v).int(20, 2); }
function attrFloat(name: string, v: number): PbWriter { return new PbWriter().string(1, name).float(2, v).int(20, 1); }
function valueInfo(name: string, dims: number[]): PbWriter {
  const shape = new PbWriter();
  for (const d of dims) shape.msg(1, new PbWriter().int(1, d));
  return new PbWriter().string(1, name).msg(2, new PbWriter().msg(1, new PbWriter().int(1, 1).msg(2, shape)));
}

/** Converts and writes `layers` (input H×W×C) to `file`. */
export function writeOnnxFromLayers(file: string, name: string, input: [number, number, number], layers: TfjsLayerSpec[]): void {
  const g = new PbWriter().string(2, name);
  let cur = 'input';
  let [H, W, C] = input;
  let flat: [number, number, number] | undefined;
  const nodes: PbWriter[] = [];
  const inits: PbWriter[] = [];
  const node = (op: string, nm: string, inputs: string[], attrs: PbWriter[] = []): void => {
    const n = new PbWriter();
    for (const i of inputs) n.string(1, i);
    const out = `${nm}_out`;
    n.string(2, out).string(3, nm).string(4, op);
    for (const a of attrs) n.msg(5, a);
    nodes.push(n);
    cur = out;
  };
  const weight = (l: TfjsLayerSpec, k: string): Float32Array | undefined => l.weights?.find((x) => x.name === k)?.data;
  for (const l of layers) {
    const c = l.config, nm = c.name;
    switch (l.className) {
      case 'Conv2D': {
        const k = (c.kernel_size as number[])[0], s = (c.strides as number[])[0], outC = Number(c.filters);
        const kern = weight(l, 'kernel')!;
        const wt = new Float32Array(kern.length);
        for (let y = 0; y < k; y++) for (let x = 0; x < k; x++) for (let ci = 0; ci < C; ci++) for (let o = 0; o < outC; o++) {
          wt[((o * C + ci) * k + y) * k + x] = kern[((y * k + x) * C + ci) * outC + o];
        }
        inits.push(tensor(`${nm}_W`, [outC, C, k, k], wt));
        const ins = [cur, `${nm}_W`];
        const b = weight(l, 'bias');
        if (b) { inits.push(tensor(`${nm}_B`, [outC], b)); ins.push(`${nm}_B`); }
        const same = c.padding === 'same';
        const ph = padOut(H, k, s, same ? 'same' : 'valid'), pw = padOut(W, k, s, same ? 'same' : 'valid');
        const pads = same ? [ph.pad, pw.pad, Math.max((ph.out - 1) * s + k - H, 0) - ph.pad, Math.max((pw.out - 1) * s + k - W, 0) - pw.pad] : [0, 0, 0, 0];
        node('Conv', nm, ins, [attrInts('kernel_shape', [k, k]), attrInts('strides', [s, s]), attrInts('pads', pads)]);
        [H, W, C] = [ph.out, pw.out, outC];
        const act = String(c.activation ?? 'linear');
        if (act === 'relu6') {
          inits.push(tensor(`${nm}_min`, [], Float32Array.of(0)), tensor(`${nm}_max`, [], Float32Array.of(6)));
          node('Clip', `${nm}_act`, [cur, `${nm}_min`, `${nm}_max`]);
        } else if (act !== 'linear') node(ONNX_OP[act], `${nm}_act`, [cur]);
        break;
      }
      case 'BatchNormalization':
        for (const k of ['gamma', 'beta', 'moving_mean', 'moving_variance']) inits.push(tensor(`${nm}_${k}`, [C], weight(l, k)!));
        node('BatchNormalization', nm, [cur, `${nm}_gamma`, `${nm}_beta`, `${nm}_moving_mean`, `${nm}_moving_variance`], [attrFloat('epsilon', Number(c.epsilon ?? 1e-3))]);
        break;
      case 'Mish': node('Mish', nm, [cur]); break;
      case 'Activation': node(ONNX_OP[String(c.activation)], nm, [cur]); break;
      case 'MaxPooling2D': case 'AveragePooling2D': {
        const k = (c.pool_size as number[])[0], s = (c.strides as number[])[0];
        const same = c.padding === 'same';
        const ph = padOut(H, k, s, same ? 'same' : 'valid'), pw = padOut(W, k, s, same ? 'same' : 'valid');
        const pads = same ? [ph.pad, pw.pad, Math.max((ph.out - 1) * s + k - H, 0) - ph.pad, Math.max((pw.out - 1) * s + k - W, 0) - pw.pad] : [0, 0, 0, 0];
        node(l.className === 'MaxPooling2D' ? 'MaxPool' : 'AveragePool', nm, [cur], [attrInts('kernel_shape', [k, k]), attrInts('strides', [s, s]), attrInts('pads', pads)]);
        [H, W] = [ph.out, pw.out];
        break;
      }
      case 'GlobalAveragePooling2D': node('GlobalAveragePool', nm, [cur]); node('Flatten', `${nm}_flat`, [cur], [attrInt('axis', 1)]); [H, W] = [1, 1]; break;
      case 'Flatten': flat = [H, W, C]; node('Flatten', nm, [cur], [attrInt('axis', 1)]); C = H * W * C; H = W = 1; break;
      case 'Dropout': node('Dropout', nm, [cur]); break;
      case 'Dense': {
        const units = Number(c.units), kern = weight(l, 'kernel')!;
        const inN = kern.length / units;
        const [fh, fw, fc] = flat ?? [1, 1, inN];
        const B = new Float32Array(kern.length);
        for (let i = 0; i < inN; i++) { const ch = Math.floor(i / (fh * fw)), hw = i % (fh * fw); for (let o = 0; o < units; o++) B[i * units + o] = kern[(hw * fc + ch) * units + o]; }
        inits.push(tensor(`${nm}_W`, [inN, units], B));
        const ins = [cur, `${nm}_W`];
        const b = weight(l, 'bias');
        if (b) { inits.push(tensor(`${nm}_B`, [units], b)); ins.push(`${nm}_B`); }
        node('Gemm', nm, ins);
        const act = String(c.activation ?? 'linear');
        if (act !== 'linear') node(ONNX_OP[act], `${nm}_act`, [cur]);
        flat = undefined; C = units;
        break;
      }
      case 'L2Normalize': node('LpNormalization', nm, [cur], [attrInt('axis', 1), attrInt('p', 2)]); break;
      default: throw new Error(`writeOnnxFromLayers: ${l.className} not supported`);
    }
  }
  for (const n of nodes) g.msg(1, n);
  for (const t of inits) g.msg(5, t);
  g.msg(11, valueInfo('input', [1, input[2], input[0], input[1]]));
  g.msg(12, valueInfo(cur, [1, C]));
  const model = new PbWriter().int(1, 8).string(2, 'whorl').msg(7, g).msg(8, new PbWriter().string(1, '').int(2, 18));
  writeFileSync(file, model.finish());
}
