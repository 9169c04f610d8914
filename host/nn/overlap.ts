/**
 * Mutual overlap masking of two preprocessed crops (docs/architecture.md, "Overlap masking"): each
 * crop's foreground is read from the crop itself at a grid of `cell`×`cell` pixels (a cell is
 * foreground when at least a quarter of its pixels differ from the background grey 128, which the
 * preprocessing writes outside the segmented foreground), and both crops keep only the cells that
 * are foreground in both, the rest set to 128. Two impressions of one finger with different contact
 * areas then show the network the same part of the finger. Integer-only, as on the device.
 */
import { WhorlError } from '../util/errors.js';

/** Background grey of a preprocessed crop (host/nn/printpre.ts). */
export const CROP_BACKGROUND = 128;

/** Foreground cells of a size×size crop, row-major (size/cell)² bytes of 0/1. */
export function cropCells(image: Uint8Array, size: number, cell = 4): Uint8Array {
  if (!(Number.isInteger(size) && Number.isInteger(cell) && cell >= 1 && size % cell === 0 && image.length >= size * size)) {
    throw new WhorlError('NN_OVERLAP', `crop ${size}×${size} cannot be split in cells of ${cell} pixels`, { context: { size, cell, have: image.length } });
  }
  const g = size / cell;
  const out = new Uint8Array(g * g);
  const need = Math.ceil((cell * cell) / 4);
  for (let gy = 0; gy < g; gy++) for (let gx = 0; gx < g; gx++) {
    let n = 0;
    for (let y = gy * cell; y < gy * cell + cell; y++) for (let x = gx * cell; x < gx * cell + cell; x++) if (image[y * size + x] !== CROP_BACKGROUND) n++;
    out[gy * g + gx] = n >= need ? 1 : 0;
  }
  return out;
}

/** Copy of `image` keeping only the pixels of cells set in `cells`, others 128. */
export function applyCells(image: Uint8Array, cells: Uint8Array, size: number, cell = 4): Uint8Array {
  const g = size / cell;
  const out = image.slice(0, size * size);
  for (let y = 0; y < size; y++) {
    const row = Math.floor(y / cell) * g;
    for (let x = 0; x < size; x++) if (!cells[row + Math.floor(x / cell)]) out[y * size + x] = CROP_BACKGROUND;
  }
  return out;
}

/** Both crops masked to the cells that are foreground in both; `shared` counts those cells. */
export function maskToOverlap(a: Uint8Array, b: Uint8Array, size: number, cell = 4): { a: Uint8Array; b: Uint8Array; shared: number } {
  const ca = cropCells(a, size, cell), cb = cropCells(b, size, cell);
  let shared = 0;
  for (let i = 0; i < ca.length; i++) { ca[i] &= cb[i]; shared += ca[i]; }
  return { a: applyCells(a, ca, size, cell), b: applyCells(b, ca, size, cell), shared };
}
