/** Builds and inspects 64 MiB flash images (docs/flash-layout.md). */
import { readFile, writeFile, stat } from 'node:fs/promises';
import { crc32 } from '../util/crc.js';
import { WhorlError } from '../util/errors.js';
import { parseElf, loadAddress } from './elf.js';
import {
  BLOCK_SIZE, DEFAULT_PARTITIONS, FLASH_SIZE, IMG_HEADER_LEN, PartType, encodeStoreBlockHeader, storeBlockState, decodeImageHeader, decodePartitionTable,
  encodeImageHeader, encodePartitionTable, packVersion, unpackVersion, type Partition,
} from './layout.js';

export class FlashImageError extends WhorlError {
  constructor(message: string, context: Record<string, unknown>, cause?: unknown) {
    super('E_BAD_IMAGE', message, { context, cause });
  }
}

export interface BuildOptions {
  /** firmware ELF: load and entry addresses come from it */
  firmwareElf: string;
  /** raw firmware binary (objcopy -O binary of the ELF); default: the ELF path with .bin */
  firmwareBin?: string;
  /** firmware version "x.y.z" */
  version: string;
  /** build id stored in the header (at most 31 characters) */
  buildId: string;
  /** model partition payload (a model blob), optional */
  model?: Buffer;
  /** model name stored in its header */
  modelName?: string;
  /** model blob format version */
  modelVersion?: number;
  /** existing image whose store partition is kept (re-flashing firmware keeps enrolled templates) */
  keepStoreFrom?: string;
}

function place(img: Buffer, part: Partition, type: PartType, payload: Buffer, h: { load?: number; entry?: number; version: number; id: string }): void {
  if (IMG_HEADER_LEN + payload.length > part.size) {
    throw new FlashImageError(`${part.name} payload of ${payload.length} bytes does not fit the ${part.size}-byte partition`, { partition: part.name });
  }
  const header = encodeImageHeader({
    type, payloadLength: payload.length, payloadCrc: crc32(payload), loadAddress: h.load ?? 0, entryAddress: h.entry ?? 0,
    contentVersion: h.version, buildId: h.id,
  });
  header.copy(img, part.offset);
  payload.copy(img, part.offset + IMG_HEADER_LEN);
}

/** Returns a complete 64 MiB image: partition table, firmware, optional model, store erased. */
export async function buildFlashImage(opts: BuildOptions): Promise<Buffer> {
  const elfBuf = await readFile(opts.firmwareElf).catch((e: unknown) => {
    throw new FlashImageError(`cannot read firmware ELF ${opts.firmwareElf}`, { file: opts.firmwareElf }, e);
  });
  const elf = parseElf(elfBuf, opts.firmwareElf);
  const binPath = opts.firmwareBin ?? opts.firmwareElf.replace(/\.elf$/, '.bin');
  const bin = await readFile(binPath).catch((e: unknown) => {
    throw new FlashImageError(`cannot read firmware binary ${binPath}`, { file: binPath }, e);
  });
  const img = Buffer.alloc(FLASH_SIZE, 0xff);
  encodePartitionTable(DEFAULT_PARTITIONS).copy(img, 0);
  const byName = new Map(DEFAULT_PARTITIONS.map((p) => [p.name, p]));
  place(img, byName.get('firmware') as Partition, PartType.FIRMWARE, bin, {
    load: loadAddress(elf), entry: elf.entry, version: packVersion(opts.version), id: opts.buildId,
  });
  if (opts.model) {
    place(img, byName.get('model') as Partition, PartType.MODEL, opts.model, { version: opts.modelVersion ?? 1, id: opts.modelName ?? 'model' });
  }
  const store = byName.get('store') as Partition;
  if (opts.keepStoreFrom) {
    const old = await readFile(opts.keepStoreFrom).catch((e: unknown) => {
      throw new FlashImageError(`cannot read ${opts.keepStoreFrom} to keep its template store`, { file: opts.keepStoreFrom }, e);
    });
    if (old.length !== FLASH_SIZE) throw new FlashImageError(`bad flash image ${opts.keepStoreFrom}: not 64 MiB, cannot keep its store`, { file: opts.keepStoreFrom });
    old.copy(img, store.offset, store.offset, store.offset + store.size);
  } else {
    // a formatted, empty template store: every block gets its header (version, erase count 0, CRC)
    for (let off = store.offset; off < store.offset + store.size; off += BLOCK_SIZE) encodeStoreBlockHeader(0).copy(img, off);
  }
  return img;
}

export async function writeFlashImage(out: string, opts: BuildOptions): Promise<void> {
  await writeFile(out, await buildFlashImage(opts));
}

export interface PartitionReport {
  name: string;
  type: number;
  offset: number;
  size: number;
  state: 'ok' | 'empty' | 'corrupt' | 'raw';
  reason?: string;
  payloadLength?: number;
  version?: string;
  buildId?: string;
  loadAddress?: number;
  entryAddress?: number;
}

export interface ImageReport {
  file: string;
  ok: boolean;
  partitions: PartitionReport[];
}

/** Checks a flash image: size, partition table, each image header and payload CRC. */
export async function inspectFlashImage(file: string): Promise<ImageReport> {
  const info = await stat(file).catch((e: unknown) => {
    throw new FlashImageError(`bad flash image ${file}: cannot read it`, { file }, e);
  });
  if (info.size !== FLASH_SIZE) {
    throw new FlashImageError(`bad flash image ${file}: ${info.size} bytes, expected exactly ${FLASH_SIZE} (64 MiB)`, { file, size: info.size });
  }
  const img = await readFile(file);
  const table = decodePartitionTable(img);
  if (!table.ok) throw new FlashImageError(`bad flash image ${file}: partition table ${table.reason}`, { file, partition: 'ptable' });
  const partitions: PartitionReport[] = [];
  for (const p of table.partitions) {
    const base: PartitionReport = { name: p.name, type: p.type, offset: p.offset, size: p.size, state: 'raw' };
    if (p.offset + p.size > FLASH_SIZE) {
      partitions.push({ ...base, state: 'corrupt', reason: 'extends past the end of the flash' });
      continue;
    }
    if (p.type === PartType.PTABLE) {
      partitions.push({ ...base, state: 'ok' });
      continue;
    }
    if (p.type === PartType.STORE) {
      const states: string[] = [];
      for (let off = p.offset; off < p.offset + p.size; off += BLOCK_SIZE) states.push(storeBlockState(img.subarray(off, off + 32)));
      const count = (s: string) => states.filter((x) => x === s).length;
      if (count('erased') === states.length) partitions.push({ ...base, state: 'empty', reason: 'erased (the firmware formats it at first mount)' });
      else partitions.push({ ...base, state: 'ok', reason: `${states.length} blocks: ${count('used')} in use, ${count('free')} free, ${count('invalid') + count('erased')} to be formatted at mount` });
      continue;
    }
    const h = decodeImageHeader(img.subarray(p.offset, p.offset + IMG_HEADER_LEN));
    if (!h.ok) {
      partitions.push({ ...base, state: h.empty ? 'empty' : 'corrupt', reason: h.reason });
      continue;
    }
    const hd = h.header;
    const rep: PartitionReport = {
      ...base, payloadLength: hd.payloadLength, version: p.type === PartType.FIRMWARE ? unpackVersion(hd.contentVersion) : String(hd.contentVersion),
      buildId: hd.buildId, loadAddress: hd.loadAddress, entryAddress: hd.entryAddress, state: 'ok',
    };
    if (hd.type !== p.type) Object.assign(rep, { state: 'corrupt', reason: `header type ${hd.type} does not match partition type ${p.type}` });
    else if (IMG_HEADER_LEN + hd.payloadLength > p.size) Object.assign(rep, { state: 'corrupt', reason: 'payload longer than the partition' });
    else if (crc32(img.subarray(p.offset + IMG_HEADER_LEN, p.offset + IMG_HEADER_LEN + hd.payloadLength)) !== hd.payloadCrc) {
      Object.assign(rep, { state: 'corrupt', reason: 'payload CRC mismatch' });
    }
    partitions.push(rep);
  }
  return { file, ok: partitions.every((p) => p.state !== 'corrupt'), partitions };
}
