/** Human-readable description of a model blob or model partition image (`whorl quantize inspect`). */
import { readFileSync } from 'node:fs';
import { crc32Hex } from '../util/crc.js';
import { decodeBlob } from './blob.js';
import { readModelImage, WIMG_MAGIC } from './partition.js';
import { arenaOf, embeddingLength, Op, type QModel } from './qmodel.js';
import { layerMacs } from './bench.js';

export interface BlobSummary {
  file: string; kind: 'blob' | 'image'; name: string; bytes: number; crc32: number; formatVersion: number;
  input: string; embedding: number; arenaBytes: number; macs: number;
  layers: { index: number; op: string; in: string; out: string; kernel?: string; activationTable: boolean; macs: number }[];
}

const OPS: Record<number, string> = { [Op.CONV2D]: 'conv', [Op.MAXPOOL]: 'maxpool', [Op.AVGPOOL]: 'avgpool', [Op.GAP]: 'gap', [Op.DENSE]: 'dense', [Op.L2NORM]: 'l2norm', [Op.LUT]: 'lut' };
const sh = (s: { h: number; w: number; c: number }): string => `${s.h}x${s.w}x${s.c}`;

/** Reads and checks `file` (.wnn blob or .img partition image); throws the loader's error if bad. */
export function inspectModelFile(file: string): BlobSummary {
  const buf = new Uint8Array(readFileSync(file));
  const isImage = buf.length >= 4 && new DataView(buf.buffer, buf.byteOffset).getUint32(0, true) === WIMG_MAGIC;
  const blob = isImage ? readModelImage(buf).blob : buf;
  const m: QModel = decodeBlob(Uint8Array.from(blob));
  const dv = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const layers = m.layers.map((l, i) => ({
    index: i, op: OPS[l.op], in: sh(l.inShape), out: sh(l.outShape),
    kernel: l.op === Op.CONV2D || l.op === Op.MAXPOOL || l.op === Op.AVGPOOL ? `${l.kh}x${l.kw}/${l.stride}` : undefined,
    activationTable: !!l.lut && l.op !== Op.LUT, macs: layerMacs(l),
  }));
  return {
    file, kind: isImage ? 'image' : 'blob', name: m.name, bytes: blob.length, crc32: dv.getUint32(blob.length - 4, true),
    formatVersion: dv.getUint16(4, true), input: sh(m.input), embedding: embeddingLength(m), arenaBytes: arenaOf(m).arena,
    macs: layers.reduce((a, l) => a + l.macs, 0),
    layers: layers.map((l) => ({ ...l, macs: l.macs || 0 })),
  };
}

/** Text form of a summary. */
export function formatSummary(s: BlobSummary): string {
  const head = `${s.file}: ${s.kind === 'image' ? 'model partition image, ' : ''}model '${s.name}', blob ${s.bytes} bytes, format ${s.formatVersion}, CRC-32 ${crc32Hex(s.crc32)} (ok)\ninput ${s.input}, embedding ${s.embedding}, arena ${s.arenaBytes} bytes, ${s.macs} MACs`;
  const rows = s.layers.map((l) => `  ${String(l.index).padStart(2)} ${l.op.padEnd(8)} ${l.in.padEnd(10)} -> ${l.out.padEnd(10)} ${(l.kernel ?? '').padEnd(7)} ${l.activationTable ? 'table' : '     '} ${l.macs || ''}`);
  return [head, ...rows].join('\n');
}
