/** Loads calibration / evaluation images as u8 greyscale tensors of the model input size. */
import { readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import sharp from 'sharp';
import { WhorlError } from '../util/errors.js';

const EXTS = new Set(['.png', '.tif', '.tiff', '.bmp', '.jpg', '.jpeg', '.pgm', '.webp']);

/** Reads every image of `dir` (sorted by name), greyscale, resized to w×h (fill). */
export async function loadImages(dir: string, h: number, w: number, limit = Infinity, onImage?: () => void): Promise<{ names: string[]; images: Uint8Array[] }> {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => EXTS.has(extname(f).toLowerCase())).sort();
  } catch (cause) {
    throw new WhorlError('QUANT_CALIB', `cannot read image folder ${dir}: ${(cause as Error).message}`, { context: { dir }, cause });
  }
  if (files.length === 0) throw new WhorlError('QUANT_CALIB', `no images (${[...EXTS].join(' ')}) in ${dir}`, { context: { dir } });
  files = files.slice(0, limit);
  const images: Uint8Array[] = [];
  for (const f of files) {
    const buf = await sharp(join(dir, f)).greyscale().resize(w, h, { fit: 'fill' }).raw().toBuffer();
    images.push(new Uint8Array(buf.buffer, buf.byteOffset, h * w));
    onImage?.();
  }
  return { names: files.map((f) => basename(f, extname(f))), images };
}
