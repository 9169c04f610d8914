/**
 * Loads calibration / evaluation images as the device sees them: greyscale u8 at native size, then
 * the fixed-point preprocessing (preprocess.ts) to the model input size.
 */
import { readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import sharp from 'sharp';
import { WhorlError } from '../util/errors.js';
import { preprocess } from './preprocess.js';
import { preprocessPrint, type PrintPreParams } from './printpre.js';

const EXTS = new Set(['.png', '.tif', '.tiff', '.bmp', '.jpg', '.jpeg', '.pgm', '.webp']);

/** Reads every image of `dir` (sorted by name) and preprocesses it to h×w. */
/** With `print`, images go through the fingerprint preprocessing at `dpi` (default 500) instead. */
export async function loadImages(dir: string, h: number, w: number, limit = Infinity, onImage?: () => void, print?: { pre: PrintPreParams; dpi?: number }): Promise<{ names: string[]; images: Uint8Array[] }> {
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
    let raw: { data: Buffer; info: sharp.OutputInfo };
    try {
      raw = await sharp(join(dir, f)).greyscale().raw().toBuffer({ resolveWithObject: true });
    } catch (cause) {
      throw new WhorlError('QUANT_CALIB', `cannot decode image ${join(dir, f)}: ${(cause as Error).message}`, { context: { file: f }, cause });
    }
    const { width, height, channels } = raw.info;
    let grey = new Uint8Array(raw.data.buffer, raw.data.byteOffset, width * height * channels);
    if (channels !== 1) grey = grey.filter((_, i) => i % channels === 0);
    images.push(print ? preprocessPrint(grey, height, width, print.dpi ?? 500, print.pre).image : preprocess(grey, height, width, h, w));
    onImage?.();
  }
  return { names: files.map((f) => basename(f, extname(f))), images };
}
