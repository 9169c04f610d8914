/** Minimal protocol-buffers wire reader and writer (enough for ONNX models); no schema, no dependency. */
import { WhorlError } from '../util/errors.js';

/** One field of a message: number, wire type and the value (varint as bigint, bytes, or fixed bits). */
export interface PbField { no: number; wire: number; varint?: bigint; bytes?: Uint8Array; fixed32?: number; fixed64?: bigint }

/** Decodes the fields of one message. */
export function pbFields(buf: Uint8Array): PbField[] {
  const out: PbField[] = [];
  let i = 0;
  const varint = (): bigint => {
    let v = 0n, shift = 0n;
    for (;;) {
      if (i >= buf.length) throw new WhorlError('PROTOBUF', 'truncated varint', {});
      const b = buf[i++];
      v |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
      shift += 7n;
    }
  };
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  while (i < buf.length) {
    const key = Number(varint());
    const no = key >>> 3, wire = key & 7;
    if (wire === 0) out.push({ no, wire, varint: varint() });
    else if (wire === 2) {
      const n = Number(varint());
      if (i + n > buf.length) throw new WhorlError('PROTOBUF', `field ${no}: length ${n} past the end`, {});
      out.push({ no, wire, bytes: buf.subarray(i, i + n) });
      i += n;
    } else if (wire === 5) { out.push({ no, wire, fixed32: dv.getUint32(i, true) }); i += 4; }
    else if (wire === 1) { out.push({ no, wire, fixed64: dv.getBigUint64(i, true) }); i += 8; }
    else throw new WhorlError('PROTOBUF', `unsupported wire type ${wire} (field ${no})`, {});
  }
  return out;
}

/** Signed value of a varint int64 field. */
export function pbInt(f: PbField): number {
  return Number(BigInt.asIntN(64, f.varint ?? 0n));
}

/** Decodes packed or repeated varints. */
export function pbInts(fields: PbField[], no: number): number[] {
  const out: number[] = [];
  for (const f of fields.filter((x) => x.no === no)) {
    if (f.wire === 0) out.push(pbInt(f));
    else if (f.bytes) for (const g of pbFields(packedAsFields(f.bytes))) out.push(pbInt(g));
  }
  return out;
}

/** Packed varints re-keyed as field 1 so pbFields can read them. */
function packedAsFields(b: Uint8Array): Uint8Array {
  const out: number[] = [];
  let start = true;
  for (const x of b) { if (start) out.push(0x08); out.push(x); start = !(x & 0x80); }
  return Uint8Array.from(out);
}

/** Decodes packed or repeated floats. */
export function pbFloats(fields: PbField[], no: number): number[] {
  const out: number[] = [];
  for (const f of fields.filter((x) => x.no === no)) {
    if (f.wire === 5) out.push(new Float32Array(Uint32Array.of(f.fixed32!).buffer)[0]);
    else if (f.bytes) { const c = Uint8Array.from(f.bytes); out.push(...new Float32Array(c.buffer, 0, c.length >> 2)); }
  }
  return out;
}

export const pbString = (f: PbField | undefined): string => (f?.bytes ? new TextDecoder().decode(f.bytes) : '');

/** Message writer. */
export class PbWriter {
  private parts: number[] = [];
  private varint(v: bigint): void {
    let x = BigInt.asUintN(64, v);
    do { let b = Number(x & 0x7fn); x >>= 7n; if (x) b |= 0x80; this.parts.push(b); } while (x);
  }
  int(no: number, v: number): this { this.varint(BigInt((no << 3) | 0)); this.varint(BigInt(v)); return this; }
  bytes(no: number, b: Uint8Array): this { this.varint(BigInt((no << 3) | 2)); this.varint(BigInt(b.length)); this.parts.push(...b); return this; }
  string(no: number, s: string): this { return this.bytes(no, new TextEncoder().encode(s)); }
  msg(no: number, w: PbWriter): this { return this.bytes(no, w.finish()); }
  float(no: number, v: number): this { this.varint(BigInt((no << 3) | 5)); this.parts.push(...new Uint8Array(Float32Array.of(v).buffer)); return this; }
  finish(): Uint8Array { return Uint8Array.from(this.parts); }
}
