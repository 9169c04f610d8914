/** Wire protocol v1 frame codec (docs/protocol.md). */
import { crc16, crc32 } from '../util/crc.js';

export const SOF0 = 0xa5;
export const SOF1 = 0x5a;
export const PROTOCOL_VERSION = 1;
export const HEADER_LEN = 12;
export const CRC_LEN = 4;
export const MAX_PAYLOAD = 4096;
export const MAX_FRAME = HEADER_LEN + MAX_PAYLOAD + CRC_LEN;
export const FLAG_RESPONSE = 0x01;

export enum Cmd {
  PING = 0x01,
  INFO = 0x02,
  RESET = 0x03,
  XFER_BEGIN = 0x10,
  XFER_CHUNK = 0x11,
  XFER_END = 0x12,
  FP_CAPTURE = 0x20,
  FP_ENROLL = 0x21,
  FP_VERIFY = 0x22,
  FP_IDENTIFY = 0x23,
  FP_DELETE = 0x24,
  FP_DELETE_ALL = 0x25,
  FP_LIST = 0x26,
  FP_THRESHOLD = 0x27,
  FP_STATS = 0x28,
}

/** Status codes, one list for every command (docs/protocol.md). */
export enum Status {
  OK = 0,
  E_UNKNOWN_CMD = 1,
  E_BAD_LENGTH = 2,
  E_BAD_PARAM = 3,
  E_BUSY = 4,
  E_VERSION = 5,
  E_BAD_FRAME = 6,
  E_SEQUENCE = 7,
  E_CRC = 8,
  E_NOT_FOUND = 9,
  E_NO_SPACE = 10,
  E_FLASH = 11,
  E_TIMEOUT = 12,
  E_QUALITY = 13,
  E_MISMATCH = 14,
  E_DUPLICATE = 15,
  E_NO_MODEL = 16,
  E_BAD_MODEL = 17,
  E_INTERNAL = 18,
}

export function statusName(code: number): string {
  return Status[code] ?? `E_UNKNOWN(${code})`;
}

export function cmdName(code: number): string {
  return Cmd[code] ?? `0x${code.toString(16).padStart(2, '0')}`;
}

export interface Frame {
  version: number;
  flags: number;
  seq: number;
  cmd: number;
  status: number;
  payload: Uint8Array;
}

/** Encodes a frame. Throws a TypeError for out-of-range fields. */
export function encodeFrame(f: Partial<Frame> & { cmd: number; seq: number }): Buffer {
  const payload = f.payload ?? new Uint8Array(0);
  const fields: Array<[string, number, number]> = [
    ['version', f.version ?? PROTOCOL_VERSION, 0xff],
    ['flags', f.flags ?? 0, 0xff],
    ['seq', f.seq, 0xffff],
    ['cmd', f.cmd, 0xff],
    ['status', f.status ?? 0, 0xff],
  ];
  for (const [name, v, max] of fields) {
    if (!Number.isInteger(v) || v < 0 || v > max) throw new TypeError(`frame field ${name} out of range: ${v}`);
  }
  if (payload.length > MAX_PAYLOAD) throw new TypeError(`payload of ${payload.length} bytes exceeds ${MAX_PAYLOAD}`);
  const buf = Buffer.alloc(HEADER_LEN + payload.length + CRC_LEN);
  buf[0] = SOF0;
  buf[1] = SOF1;
  buf[2] = fields[0][1];
  buf[3] = fields[1][1];
  buf.writeUInt16LE(f.seq, 4);
  buf[6] = f.cmd;
  buf[7] = fields[4][1];
  buf.writeUInt16LE(payload.length, 8);
  buf.writeUInt16LE(crc16(buf.subarray(0, 10)), 10);
  buf.set(payload, HEADER_LEN);
  buf.writeUInt32LE(crc32(buf.subarray(0, HEADER_LEN + payload.length)), HEADER_LEN + payload.length);
  return buf;
}

export type DecodeError = 'short' | 'sof' | 'hcrc' | 'len' | 'size' | 'crc';

/** Checks a 12-byte header; returns null if good, else the reason. */
export function checkHeader(b: Uint8Array, off = 0): DecodeError | null {
  if (b[off] !== SOF0 || b[off + 1] !== SOF1) return 'sof';
  const hcrc = b[off + 10] | (b[off + 11] << 8);
  if (crc16(b.subarray(off, off + 10)) !== hcrc) return 'hcrc';
  if ((b[off + 8] | (b[off + 9] << 8)) > MAX_PAYLOAD) return 'len';
  return null;
}

/** Decodes exactly one whole frame; returns the frame or the reason it is invalid. */
export function decodeFrame(b: Uint8Array): { frame: Frame } | { error: DecodeError } {
  if (b.length < HEADER_LEN + CRC_LEN || b.length > MAX_FRAME) return { error: 'short' };
  const h = checkHeader(b);
  if (h) return { error: h };
  const len = b[8] | (b[9] << 8);
  if (b.length !== HEADER_LEN + len + CRC_LEN) return { error: 'size' };
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (crc32(b.subarray(0, HEADER_LEN + len)) !== dv.getUint32(HEADER_LEN + len, true)) return { error: 'crc' };
  return { frame: frameAt(b, 0, len) };
}

/** Builds a Frame object from a validated frame at `off` (payload copied). */
export function frameAt(b: Uint8Array, off: number, len: number): Frame {
  return {
    version: b[off + 2],
    flags: b[off + 3],
    seq: b[off + 4] | (b[off + 5] << 8),
    cmd: b[off + 6],
    status: b[off + 7],
    payload: Uint8Array.prototype.slice.call(b, off + HEADER_LEN, off + HEADER_LEN + len),
  };
}
