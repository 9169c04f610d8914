/** Flash-image helpers of the power-cut campaign (host/fp/powercut.ts): a smaller store partition,
 * and the store blocks' erase counts read back from the image. */
import { open } from 'node:fs/promises';
import { BLOCK_SIZE, DEFAULT_PARTITIONS, PartType, STORE_BLOCK_MAGIC, encodePartitionTable } from '../flash/layout.js';
import { crc32 } from '../util/crc.js';
import { WhorlError } from '../util/errors.js';

const STORE = DEFAULT_PARTITIONS.find((p) => p.type === PartType.STORE)!;
export const DEFAULT_STORE_BLOCKS = STORE.size / BLOCK_SIZE;

/** Rewrites the partition table of `file` with a store partition of `blocks` erase blocks. */
export async function resizeStore(file: string, blocks: number): Promise<void> {
  if (!Number.isInteger(blocks) || blocks < 3 || blocks * BLOCK_SIZE > STORE.size) throw new WhorlError('E_USAGE', `store blocks must be 3..${STORE.size / BLOCK_SIZE}, got ${blocks}`, { context: { blocks } });
  const fh = await open(file, 'r+');
  try {
    await fh.write(encodePartitionTable(DEFAULT_PARTITIONS.map((p) => (p === STORE ? { ...p, size: blocks * BLOCK_SIZE } : p))), 0, undefined, 0);
  } finally {
    await fh.close();
  }
}

/** Sum of the store blocks' erase counts in the image: formats at mount plus compactions. */
export async function storeErases(file: string, blocks: number): Promise<number> {
  const fh = await open(file, 'r');
  try {
    let n = 0;
    const h = Buffer.alloc(16);
    for (let b = 0; b < blocks; b++) {
      await fh.read(h, 0, 16, STORE.offset + b * BLOCK_SIZE);
      if (h.readUInt32LE(0) === STORE_BLOCK_MAGIC && crc32(h.subarray(0, 12)) === h.readUInt32LE(12)) n += h.readUInt32LE(8);
    }
    return n;
  } finally {
    await fh.close();
  }
}
