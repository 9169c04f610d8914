/** An 8-bit grey image, row-major, top row first, one byte per pixel (0 = black). */
export interface GreyImage {
  width: number;
  height: number;
  /** Resolution in dots per inch. */
  dpi: number;
  data: Uint8Array;
}

/** ITU-R BT.601 luma of an 8-bit RGB triple, rounded (the conversion every reader here uses). */
export function luma(r: number, g: number, b: number): number {
  return Math.round(0.299 * r + 0.587 * g + 0.114 * b);
}
