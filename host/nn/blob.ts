/** Encoder and checking decoder of the model blob (docs/quantization.md, Model blob). */
import { crc32 } from '../util/crc.js';
import { WhorlError } from '../util/errors.js';
import type { QLayer, QModel } from './qmodel.js';
import { validatePrintParams, type PrintRegister } from './printpre.js';
import {
  Op, PREPROC_PRINT, PREPROC_U8_MINUS_128, WNN_NAME_MAX, WNN_FORMAT_VERSION, WNN_HEADER_SIZE, WNN_LAYER_SIZE, WNN_MAGIC, WNN_MAX_LAYERS,
  arenaOf, embeddingLength, tensorSize,
} from './qmodel.js';

/** A blob the loader refuses; `code` says why (NN_BLOB_MAGIC, NN_BLOB_VERSION, NN_BLOB_CRC, ...). */
export class BlobError extends WhorlError {}

const align4 = (n: number): number => (n + 3) & ~3;

/** Serializes a model into a blob. */
export function encodeBlob(m: QModel): Uint8Array {
  if (m.layers.length > WNN_MAX_LAYERS) throw new BlobError('NN_BLOB_LAYERS', `${m.layers.length} layers (at most ${WNN_MAX_LAYERS})`, {});
  const arrays: { layer: number; field: number; bytes: Uint8Array }[] = [];
  const asBytes = (a: Int8Array | Int32Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  m.layers.forEach((l, i) => {
    if (l.weights) arrays.push({ layer: i, field: 20, bytes: asBytes(l.weights) });
    if (l.bias) arrays.push({ layer: i, field: 24, bytes: asBytes(l.bias) });
    if (l.mult) arrays.push({ layer: i, field: 28, bytes: asBytes(l.mult) });
    if (l.shift) arrays.push({ layer: i, field: 32, bytes: asBytes(l.shift) });
    if (l.lut) arrays.push({ layer: i, field: 36, bytes: asBytes(l.lut) });
  });
  let off = WNN_HEADER_SIZE + WNN_LAYER_SIZE * m.layers.length;
  const offsets = arrays.map((a) => { const o = off; off = align4(off + a.bytes.length); return o; });
  const total = off + 4;
  const buf = new Uint8Array(total);
  const dv = new DataView(buf.buffer);
  const { arena, maxTensor } = arenaOf(m);
  dv.setUint32(0, WNN_MAGIC, true);
  dv.setUint16(4, WNN_FORMAT_VERSION, true);
  dv.setUint16(6, WNN_HEADER_SIZE, true);
  dv.setUint32(8, total, true);
  dv.setUint16(12, m.layers.length, true);
  dv.setUint16(14, embeddingLength(m), true);
  dv.setUint16(16, m.input.h, true);
  dv.setUint16(18, m.input.w, true);
  dv.setUint16(20, m.input.c, true);
  dv.setUint16(22, m.print ? PREPROC_PRINT : PREPROC_U8_MINUS_128, true);
  dv.setUint32(24, arena, true);
  dv.setUint32(28, maxTensor, true);
  dv.setUint32(32, ((m.pre.h << 16) | m.pre.w) >>> 0, true);
  buf.set(new TextEncoder().encode(m.name).subarray(0, WNN_NAME_MAX), 36);
  if (m.print) {
    const p = m.print;
    if (p.size !== m.pre.h || p.size !== m.pre.w) throw new BlobError('NN_BLOB_FIELD', `preprocessing size ${p.size} differs from the model input ${m.pre.h}x${m.pre.w}`, {});
    // the device centres its crop on the registration point; a model trained on an off-centre crop
    // (PrintPreParams.lead, a training experiment) has no blob form
    if (p.lead !== undefined && p.lead * 2 !== p.size) throw new BlobError('NN_BLOB_FIELD', `preprocessing lead ${p.lead} (crop not centred on the registration point) has no blob form; the device centres its ${p.size}-pixel crop`, { context: { lead: p.lead, size: p.size } });
    dv.setUint16(56, p.dpi, true);
    buf[58] = p.block; buf[59] = p.stdMin; buf[60] = p.minFgPct; buf[61] = p.minRidgePct; buf[62] = p.register ?? 0;
  }
  m.layers.forEach((l, i) => {
    const r = WNN_HEADER_SIZE + i * WNN_LAYER_SIZE;
    buf[r] = l.op; buf[r + 1] = l.lut ? 1 : 0; buf[r + 2] = l.kh; buf[r + 3] = l.kw;
    buf[r + 4] = l.stride; buf[r + 5] = l.pt; buf[r + 6] = l.pl;
    [l.inShape.h, l.inShape.w, l.inShape.c, l.outShape.h, l.outShape.w, l.outShape.c].forEach((v, k) => dv.setUint16(r + 8 + 2 * k, v, true));
    dv.setUint32(r + 40, l.mult ? l.mult.length : 0, true);
  });
  arrays.forEach((a, k) => {
    buf.set(a.bytes, offsets[k]);
    dv.setUint32(WNN_HEADER_SIZE + a.layer * WNN_LAYER_SIZE + a.field, offsets[k], true);
  });
  dv.setUint32(total - 4, crc32(buf.subarray(0, total - 4)), true);
  return buf;
}

function bad(code: string, msg: string, context: Record<string, unknown> = {}): never {
  throw new BlobError(code, `model blob: ${msg}`, { context });
}

/** Parses and checks a blob exactly as the firmware loader does; throws BlobError on any defect. */
export function decodeBlob(blob: Uint8Array): QModel {
  if (blob.length < WNN_HEADER_SIZE + 4) bad('NN_BLOB_SHORT', `${blob.length} bytes is shorter than a header`);
  const dv = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  if (dv.getUint32(0, true) !== WNN_MAGIC) bad('NN_BLOB_MAGIC', `bad magic 0x${dv.getUint32(0, true).toString(16)} (expected 'WNN1')`);
  const version = dv.getUint16(4, true);
  if (version !== WNN_FORMAT_VERSION) bad('NN_BLOB_VERSION', `format version ${version}, this runtime reads version ${WNN_FORMAT_VERSION}`, { version });
  const total = dv.getUint32(8, true);
  if (dv.getUint16(6, true) !== WNN_HEADER_SIZE || total !== blob.length || total % 4 !== 0) bad('NN_BLOB_LENGTH', `length field ${total} does not match the ${blob.length} bytes given`);
  const crc = crc32(blob.subarray(0, total - 4));
  if (crc !== dv.getUint32(total - 4, true)) bad('NN_BLOB_CRC', `CRC-32 mismatch (stored 0x${dv.getUint32(total - 4, true).toString(16)}, computed 0x${crc.toString(16)})`);
  const n = dv.getUint16(12, true);
  if (n === 0 || n > WNN_MAX_LAYERS || WNN_HEADER_SIZE + n * WNN_LAYER_SIZE > total - 4) bad('NN_BLOB_LAYERS', `layer count ${n}`);
  const kind = dv.getUint16(22, true);
  if (kind !== PREPROC_U8_MINUS_128 && kind !== PREPROC_PRINT) bad('NN_BLOB_FIELD', `unknown preprocessing ${kind}`);
  const input = { h: dv.getUint16(16, true), w: dv.getUint16(18, true), c: dv.getUint16(20, true) };
  const pre = dv.getUint32(32, true);
  const nameBytes = blob.subarray(36, 36 + WNN_NAME_MAX + 1);
  const name = new TextDecoder().decode(nameBytes.subarray(0, nameBytes.indexOf(0) < 0 ? WNN_NAME_MAX : nameBytes.indexOf(0)));
  let print: QModel['print'];
  if (kind === PREPROC_PRINT) {
    print = { size: pre >>> 16, dpi: dv.getUint16(56, true), block: blob[58], stdMin: blob[59], minFgPct: blob[60], minRidgePct: blob[61], register: blob[62] as PrintRegister };
    try { validatePrintParams(print); } catch { bad('NN_BLOB_FIELD', `preprocessing parameters out of range: ${JSON.stringify(print)}`); }
    if ((pre >>> 16) !== (pre & 0xffff) || (pre >>> 16) !== input.h || input.w !== input.h || input.c !== 1) bad('NN_BLOB_FIELD', 'fingerprint preprocessing needs a square single-channel input of its size');
  }
  let prevSize = tensorSize(input);
  const layers: QLayer[] = [];
  for (let i = 0; i < n; i++) {
    const r = WNN_HEADER_SIZE + i * WNN_LAYER_SIZE;
    const u16 = (k: number): number => dv.getUint16(r + 8 + 2 * k, true);
    const op = blob[r] as Op;
    if (!(op >= Op.CONV2D && op <= Op.LUT)) bad('NN_BLOB_OP', `layer ${i}: unknown op ${op}`, { layer: i });
    const l: QLayer = {
      op, name: `layer${i}`, kh: blob[r + 2], kw: blob[r + 3], stride: blob[r + 4], pt: blob[r + 5], pl: blob[r + 6],
      inShape: { h: u16(0), w: u16(1), c: u16(2) }, outShape: { h: u16(3), w: u16(4), c: u16(5) },
    };
    const fieldOk = ((): boolean => {
      const { inShape: a, outShape: b } = l;
      switch (op) {
        case Op.CONV2D: return l.kh > 0 && l.kw > 0 && l.stride > 0 && b.h > 0 && b.w > 0 && (b.h - 1) * l.stride < a.h + l.pt && (b.w - 1) * l.stride < a.w + l.pl;
        case Op.MAXPOOL: return l.kh > 0 && l.kw > 0 && l.stride > 0 && a.c === b.c && b.h > 0 && b.w > 0 && (b.h - 1) * l.stride < a.h + l.pt && (b.w - 1) * l.stride < a.w + l.pl;
        case Op.AVGPOOL: return l.kh > 0 && l.kw > 0 && l.stride > 0 && a.c === b.c && b.h > 0 && b.w > 0 && (b.h - 1) * l.stride + l.kh <= a.h && (b.w - 1) * l.stride + l.kw <= a.w;
        case Op.GAP: return b.h === 1 && b.w === 1 && b.c === a.c;
        case Op.DENSE: return b.h === 1 && b.w === 1;
        case Op.LUT: return tensorSize(a) === tensorSize(b);
        case Op.L2NORM: return tensorSize(a) === tensorSize(b) && tensorSize(a) <= 256;
      }
    })();
    if (tensorSize(l.inShape) !== prevSize) bad('NN_BLOB_SHAPE', `layer ${i}: input size ${tensorSize(l.inShape)} is not the previous output size ${prevSize}`, { layer: i });
    if (!fieldOk) bad('NN_BLOB_FIELD', `layer ${i}: window, stride or output shape inconsistent with the input`, { layer: i });
    prevSize = tensorSize(l.outShape);
    const nMult = dv.getUint32(r + 40, true);
    const arr = (field: number, bytes: number, required: boolean): number | undefined => {
      const o = dv.getUint32(r + field, true);
      if (o === 0) { if (required) bad('NN_BLOB_FIELD', `layer ${i}: missing array at record offset ${field}`, { layer: i }); return undefined; }
      if (o % 4 !== 0 || o < WNN_HEADER_SIZE + n * WNN_LAYER_SIZE || o + bytes > total - 4) bad('NN_BLOB_BOUNDS', `layer ${i}: array at ${o} (${bytes} bytes) outside the blob or misaligned`, { layer: i });
      return o;
    };
    const needW = op === Op.CONV2D || op === Op.DENSE;
    const outC = l.outShape.c;
    const wBytes = op === Op.CONV2D ? outC * l.kh * l.kw * l.inShape.c : op === Op.DENSE ? outC * tensorSize(l.inShape) : 0;
    const needM = needW || op === Op.AVGPOOL || op === Op.GAP;
    if (needM && nMult !== (needW ? outC : 1)) bad('NN_BLOB_FIELD', `layer ${i}: n_mult ${nMult}`, { layer: i });
    const ow = arr(20, wBytes, needW), ob = arr(24, 4 * outC, needW), om = arr(28, 4 * nMult, needM), os = arr(32, 4 * nMult, needM);
    const ol = arr(36, 256, op === Op.LUT || blob[r + 1] === 1);
    if (needW) { l.weights = new Int8Array(blob.slice(ow!, ow! + wBytes).buffer); l.bias = new Int32Array(blob.slice(ob!, ob! + 4 * outC).buffer); }
    if (needM) {
      l.mult = new Int32Array(blob.slice(om!, om! + 4 * nMult).buffer);
      l.shift = new Int32Array(blob.slice(os!, os! + 4 * nMult).buffer);
      for (let k = 0; k < nMult; k++) if (l.shift[k] < 16 || l.shift[k] > 62 || l.mult[k] < 0) bad('NN_BLOB_FIELD', `layer ${i}: multiplier/shift out of range`, { layer: i });
    }
    if (ol !== undefined) l.lut = new Int8Array(blob.slice(ol, ol + 256).buffer);
    layers.push(l);
  }
  const m: QModel = { name, input, pre: { h: pre >>> 16, w: pre & 0xffff }, layers, ...(print ? { print } : {}) };
  const a = arenaOf(m);
  if (dv.getUint32(24, true) !== a.arena || dv.getUint32(28, true) !== a.maxTensor || dv.getUint16(14, true) !== embeddingLength(m)) bad('NN_BLOB_FIELD', 'arena or embedding size fields are inconsistent with the layers');
  return m;
}
