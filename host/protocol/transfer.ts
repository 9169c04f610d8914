/** Chunked transfers (XFER_BEGIN/CHUNK/END): large objects in acknowledged chunks, so the host
 * never outruns the device; each chunk is one request answered before the next is sent. */
import { crc32 } from '../util/crc.js';
import type { DeviceClient } from './client.js';
import { Cmd, MAX_PAYLOAD, Status } from './codec.js';
import { LinkError } from './errors.js';

export interface TransferOptions {
  /** bytes of data per chunk (default and maximum MAX_PAYLOAD - 4) */
  chunkSize?: number;
  /** called after each acknowledged chunk */
  onProgress?: (sent: number, total: number) => void;
}

/** Sends `data` to transfer target `target`; resolves with the target's commit response. */
export async function transfer(client: DeviceClient, target: number, data: Uint8Array, opts: TransferOptions = {}): Promise<Uint8Array> {
  const chunk = opts.chunkSize ?? MAX_PAYLOAD - 4;
  if (!Number.isInteger(chunk) || chunk < 1 || chunk > MAX_PAYLOAD - 4) throw new TypeError(`option chunkSize must be 1..${MAX_PAYLOAD - 4}, got ${chunk}`);
  if (!Number.isInteger(target) || target < 0 || target > 255) throw new TypeError(`target must be 0..255, got ${target}`);
  const begin = Buffer.alloc(12);
  begin[0] = target;
  begin.writeUInt32LE(data.length, 4);
  begin.writeUInt32LE(crc32(data), 8);
  await client.request(Cmd.XFER_BEGIN, begin);
  let off = 0;
  while (off < data.length) {
    const n = Math.min(chunk, data.length - off);
    const req = Buffer.alloc(4 + n);
    req.writeUInt32LE(off, 0);
    req.set(data.subarray(off, off + n), 4);
    const f = await client.request(Cmd.XFER_CHUNK, req, { allowError: true });
    const next = f.payload.length >= 4 ? Buffer.from(f.payload).readUInt32LE(0) : -1;
    if (f.status === Status.E_SEQUENCE && next >= 0 && next <= data.length) {
      off = next; // the device tells where it is: resume from there
      continue;
    }
    if (f.status !== Status.OK || next !== off + n) {
      throw new LinkError(`transfer to target ${target} failed at offset ${off}: status ${f.status}, device at ${next}`, { target, offset: off, status: f.status });
    }
    off = next;
    opts.onProgress?.(off, data.length);
  }
  return (await client.request(Cmd.XFER_END)).payload;
}
