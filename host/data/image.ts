import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { decodeBmp } from './bmp.js';
import { decodePgm } from './pgm.js';
import { ImageFormatError } from './errors.js';
import { luma, type GreyImage } from './grey.js';

/** Image file kinds a dataset may hold, by file extension (lower case, no dot). */
export const IMAGE_EXTENSIONS: Record<string, ImageKind> = {
  png: 'png', tif: 'tiff', tiff: 'tiff', bmp: 'bmp', pgm: 'pgm', jpg: 'jpeg', jpeg: 'jpeg',
};
export type ImageKind = 'png' | 'tiff' | 'bmp' | 'pgm' | 'jpeg';

/**
 * Decodes an image file held in `buf` to 8-bit grey. PNG, TIFF and JPEG go through sharp
 * (palette and colour become grey, alpha is dropped); BMP and PGM through the small readers here.
 * Anything that is not 8 bits per sample is refused.
 */
export async function decodeGrey(buf: Uint8Array, kind: ImageKind, file: string): Promise<{ width: number; height: number; data: Uint8Array }> {
  if (kind === 'bmp') return decodeBmp(buf, file);
  if (kind === 'pgm') return decodePgm(buf, file);
  let meta: sharp.Metadata;
  try {
    meta = await sharp(buf).metadata();
  } catch (cause) {
    throw new ImageFormatError('IMAGE_UNREADABLE', `${file}: cannot decode as ${kind.toUpperCase()} (${(cause as Error).message})`, { context: { file, kind }, cause });
  }
  const fmt = meta.format === 'jpg' ? 'jpeg' : meta.format;
  if (fmt !== kind) {
    throw new ImageFormatError('IMAGE_WRONG_FORMAT', `${file}: extension says ${kind.toUpperCase()} but the content is ${String(meta.format).toUpperCase()}`, { context: { file, kind, format: meta.format } });
  }
  if (meta.depth !== 'uchar' && meta.depth !== 'char') {
    const bits = meta.depth === 'ushort' || meta.depth === 'short' ? 16 : meta.depth;
    throw new ImageFormatError('IMAGE_DEPTH', `${file}: ${bits}-bit samples; only 8-bit grey, palette or RGB images are supported`, { context: { file, depth: meta.depth } });
  }
  try {
    // Raw samples, then BT.601 luma here (sharp's greyscale() weighs colours differently), so that
    // every reader turns the same RGB into the same grey.
    const { data, info } = await sharp(buf).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const n = info.width * info.height;
    const out = new Uint8Array(n);
    const c = info.channels;
    if (c === 1) out.set(data.subarray(0, n));
    else for (let i = 0; i < n; i++) out[i] = luma(data[i * c], data[i * c + 1], data[i * c + 2]);
    return { width: info.width, height: info.height, data: out };
  } catch (cause) {
    throw new ImageFormatError('IMAGE_UNREADABLE', `${file}: cannot decode (${(cause as Error).message})`, { context: { file, kind }, cause });
  }
}

/** Reads and decodes one image file to grey at the given resolution. */
export async function readGreyFile(path: string, kind: ImageKind, dpi: number): Promise<GreyImage> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (cause) {
    throw new ImageFormatError('IMAGE_UNREADABLE', `${path}: cannot read (${(cause as Error).message})`, { context: { file: path }, cause });
  }
  const g = await decodeGrey(buf, kind, path);
  return { ...g, dpi };
}
