/** Flash layout v1 (docs/flash-layout.md): partition table and image headers. */
import { crc32 } from '../util/crc.js';

export const FLASH_SIZE = 64 * 1024 * 1024;
export const BLOCK_SIZE = 256 * 1024;
export const PT_MAGIC = 0x31545057; // "WPT1"
export const IMG_MAGIC = 0x474d4957; // "WIMG"
export const PT_VERSION = 1;
export const IMG_HEADER_VERSION = 1;
export const IMG_HEADER_LEN = 64;
export const PT_MAX_ENTRIES = 8;
export const PT_CRC_OFFSET = 16 + 32 * PT_MAX_ENTRIES; // 272

export enum PartType {
  PTABLE = 0,
  FIRMWARE = 1,
  MODEL = 2,
  STORE = 3,
}

export interface Partition {
  name: string;
  type: PartType;
  offset: number;
  size: number;
  flags: number;
}

/** The default partitions of layout v1. */
export const DEFAULT_PARTITIONS: Partition[] = [
  { name: 'ptable', type: PartType.PTABLE, offset: 0, size: BLOCK_SIZE, flags: 0 },
  { name: 'firmware', type: PartType.FIRMWARE, offset: 1 * BLOCK_SIZE, size: 8 * BLOCK_SIZE, flags: 0 },
  { name: 'model', type: PartType.MODEL, offset: 9 * BLOCK_SIZE, size: 4 * BLOCK_SIZE, flags: 0 },
  { name: 'store', type: PartType.STORE, offset: 16 * BLOCK_SIZE, size: 32 * BLOCK_SIZE, flags: 0 },
];

export function encodePartitionTable(parts: Partition[]): Buffer {
  if (parts.length > PT_MAX_ENTRIES) throw new RangeError(`at most ${PT_MAX_ENTRIES} partitions`);
  const b = Buffer.alloc(PT_CRC_OFFSET + 4, 0xff);
  b.writeUInt32LE(PT_MAGIC, 0);
  b.writeUInt16LE(PT_VERSION, 4);
  b.writeUInt16LE(parts.length, 6);
  b.writeUInt32LE(FLASH_SIZE, 8);
  b.writeUInt32LE(BLOCK_SIZE, 12);
  parts.forEach((p, i) => {
    const o = 16 + 32 * i;
    b.fill(0, o, o + 16);
    b.write(p.name, o, 15, 'ascii');
    b.writeUInt32LE(p.type, o + 16);
    b.writeUInt32LE(p.offset, o + 20);
    b.writeUInt32LE(p.size, o + 24);
    b.writeUInt32LE(p.flags, o + 28);
  });
  b.writeUInt32LE(crc32(b.subarray(0, PT_CRC_OFFSET)), PT_CRC_OFFSET);
  return b;
}

export type TableResult = { ok: true; partitions: Partition[] } | { ok: false; reason: string };

export function decodePartitionTable(b: Buffer): TableResult {
  const magic = b.readUInt32LE(0);
  if (magic === 0xffffffff || magic === 0) return { ok: false, reason: 'empty (no partition table)' };
  if (magic !== PT_MAGIC) return { ok: false, reason: `bad magic 0x${magic.toString(16)}` };
  if (b.readUInt16LE(4) !== PT_VERSION) return { ok: false, reason: `unsupported version ${b.readUInt16LE(4)}` };
  if (crc32(b.subarray(0, PT_CRC_OFFSET)) !== b.readUInt32LE(PT_CRC_OFFSET)) return { ok: false, reason: 'CRC mismatch' };
  const count = b.readUInt16LE(6);
  if (count > PT_MAX_ENTRIES) return { ok: false, reason: `entry count ${count} over ${PT_MAX_ENTRIES}` };
  const partitions: Partition[] = [];
  for (let i = 0; i < count; i++) {
    const o = 16 + 32 * i;
    const name = b.subarray(o, o + 16).toString('ascii').replace(/\0.*$/s, '');
    partitions.push({ name, type: b.readUInt32LE(o + 16), offset: b.readUInt32LE(o + 20), size: b.readUInt32LE(o + 24), flags: b.readUInt32LE(o + 28) });
  }
  return { ok: true, partitions };
}

export interface ImageHeader {
  type: PartType;
  payloadLength: number;
  payloadCrc: number;
  loadAddress: number;
  entryAddress: number;
  contentVersion: number;
  buildId: string;
}

export function encodeImageHeader(h: ImageHeader): Buffer {
  const b = Buffer.alloc(IMG_HEADER_LEN, 0);
  b.writeUInt32LE(IMG_MAGIC, 0);
  b.writeUInt16LE(IMG_HEADER_VERSION, 4);
  b.writeUInt16LE(h.type, 6);
  b.writeUInt32LE(h.payloadLength, 8);
  b.writeUInt32LE(h.payloadCrc, 12);
  b.writeUInt32LE(h.loadAddress >>> 0, 16);
  b.writeUInt32LE(h.entryAddress >>> 0, 20);
  b.writeUInt32LE(h.contentVersion >>> 0, 24);
  b.write(h.buildId, 28, 31, 'ascii');
  b.writeUInt32LE(crc32(b.subarray(0, 60)), 60);
  return b;
}

export type HeaderResult = { ok: true; header: ImageHeader } | { ok: false; empty: boolean; reason: string };

export function decodeImageHeader(b: Buffer): HeaderResult {
  const magic = b.readUInt32LE(0);
  if (magic === 0xffffffff) return { ok: false, empty: true, reason: 'empty' };
  if (magic !== IMG_MAGIC) return { ok: false, empty: false, reason: `bad image magic 0x${magic.toString(16)}` };
  if (crc32(b.subarray(0, 60)) !== b.readUInt32LE(60)) return { ok: false, empty: false, reason: 'image header CRC mismatch' };
  return {
    ok: true,
    header: {
      type: b.readUInt16LE(6),
      payloadLength: b.readUInt32LE(8),
      payloadCrc: b.readUInt32LE(12),
      loadAddress: b.readUInt32LE(16),
      entryAddress: b.readUInt32LE(20),
      contentVersion: b.readUInt32LE(24),
      buildId: b.subarray(28, 60).toString('ascii').replace(/\0.*$/s, ''),
    },
  };
}

/** "1.2.3" → 0x010203 (major<<16 | minor<<8 | patch). */
export function packVersion(v: string): number {
  const [a = 0, b = 0, c = 0] = v.split('.').map((x) => Number.parseInt(x, 10) || 0);
  return ((a & 0xff) << 16) | ((b & 0xff) << 8) | (c & 0xff);
}

export function unpackVersion(v: number): string {
  return `${(v >>> 16) & 0xff}.${(v >>> 8) & 0xff}.${v & 0xff}`;
}

/** Template store block header (docs/flash-layout.md, "Store partition"): a freshly formatted
 * block, erase count `eraseCount`; bytes 16..31 stay erased. */
export const STORE_BLOCK_MAGIC = 0x31425357; // "WSB1"
export function encodeStoreBlockHeader(eraseCount = 0): Buffer {
  const b = Buffer.alloc(32, 0xff);
  b.writeUInt32LE(STORE_BLOCK_MAGIC, 0);
  b.writeUInt16LE(1, 4);
  b.writeUInt16LE(0, 6);
  b.writeUInt32LE(eraseCount >>> 0, 8);
  b.writeUInt32LE(crc32(b.subarray(0, 12)), 12);
  return b;
}

export type StoreBlockState = 'free' | 'used' | 'erased' | 'invalid';
export function storeBlockState(h: Buffer): StoreBlockState {
  if (h.subarray(0, 32).every((x) => x === 0xff)) return 'erased';
  if (h.readUInt32LE(0) !== STORE_BLOCK_MAGIC || h.readUInt16LE(4) !== 1 || crc32(h.subarray(0, 12)) !== h.readUInt32LE(12)) return 'invalid';
  return h.readUInt32LE(16) === 0xffffffff ? 'free' : 'used';
}
