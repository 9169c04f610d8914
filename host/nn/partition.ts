/**
 * The model partition image (docs/flash-layout.md, image header; type 2): 64-byte `WIMG` header
 * followed by the model blob. Written by `whorl quantize` (`<name>.img`) for the flash image builder.
 */
import { crc32 } from '../util/crc.js';
import { WhorlError } from '../util/errors.js';
import { decodeBlob } from './blob.js';
import type { QModel } from './qmodel.js';
import { WNN_FORMAT_VERSION } from './qmodel.js';

export const WIMG_MAGIC = 0x474d4957;
export const WIMG_HEADER_SIZE = 64;
export const PART_TYPE_MODEL = 2;

/** Wraps a blob in the image header. */
export function modelImage(blob: Uint8Array, name: string): Uint8Array {
  const img = new Uint8Array(WIMG_HEADER_SIZE + blob.length);
  const dv = new DataView(img.buffer);
  dv.setUint32(0, WIMG_MAGIC, true);
  dv.setUint16(4, 1, true);
  dv.setUint16(6, PART_TYPE_MODEL, true);
  dv.setUint32(8, blob.length, true);
  dv.setUint32(12, crc32(blob), true);
  dv.setUint32(16, 0, true);
  dv.setUint32(20, 0, true);
  dv.setUint32(24, WNN_FORMAT_VERSION, true);
  img.set(new TextEncoder().encode(name).subarray(0, 31), 28);
  dv.setUint32(60, crc32(img.subarray(0, 60)), true);
  img.set(blob, WIMG_HEADER_SIZE);
  return img;
}

function bad(code: string, msg: string): never {
  throw new WhorlError(code, `model partition: ${msg}`, {});
}

/** Checks a model partition (header, CRCs, content version) and decodes its blob. */
export function readModelImage(part: Uint8Array): { name: string; blob: Uint8Array; model: QModel } {
  if (part.length < WIMG_HEADER_SIZE) bad('NN_IMAGE_SHORT', `${part.length} bytes is shorter than the image header`);
  const dv = new DataView(part.buffer, part.byteOffset, part.byteLength);
  const magic = dv.getUint32(0, true);
  if (magic === 0xffffffff) bad('NN_IMAGE_EMPTY', 'empty (erased)');
  if (magic !== WIMG_MAGIC || dv.getUint16(4, true) !== 1) bad('NN_IMAGE_HEADER', `no image header (magic 0x${magic.toString(16)})`);
  if (crc32(part.subarray(0, 60)) !== dv.getUint32(60, true)) bad('NN_IMAGE_HEADER', 'header CRC-32 mismatch');
  if (dv.getUint16(6, true) !== PART_TYPE_MODEL) bad('NN_IMAGE_HEADER', `image type ${dv.getUint16(6, true)} is not a model (2)`);
  if (dv.getUint32(24, true) !== WNN_FORMAT_VERSION) bad('NN_BLOB_VERSION', `model format version ${dv.getUint32(24, true)}, this runtime reads version ${WNN_FORMAT_VERSION}`);
  const len = dv.getUint32(8, true);
  if (len > part.length - WIMG_HEADER_SIZE) bad('NN_BLOB_LENGTH', `payload of ${len} bytes does not fit the ${part.length}-byte partition`);
  const blob = part.subarray(WIMG_HEADER_SIZE, WIMG_HEADER_SIZE + len);
  if (crc32(blob) !== dv.getUint32(12, true)) bad('NN_BLOB_CRC', 'payload CRC-32 mismatch');
  const nb = part.subarray(28, 60);
  const name = new TextDecoder().decode(nb.subarray(0, nb.indexOf(0) < 0 ? 32 : nb.indexOf(0)));
  return { name, blob, model: decodeBlob(Uint8Array.from(blob)) };
}
