import type { GreyImage } from '../data/grey.js';

/** A grey image as floats, row-major. */
export interface FloatImage {
  w: number;
  h: number;
  v: Float32Array;
}

/** Resamples to `dpi` with a box pre-filter (area averaging when shrinking) and bilinear sampling. */
export function resampleTo(img: GreyImage, dpi: number): FloatImage {
  const s = dpi / img.dpi;
  const src = boxBlur({ w: img.width, h: img.height, v: Float32Array.from(img.data) }, s < 1 ? Math.floor(0.5 / s) : 0);
  const w = Math.max(1, Math.round(img.width * s));
  const h = Math.max(1, Math.round(img.height * s));
  const v = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(img.height - 1, Math.max(0, (y + 0.5) / s - 0.5));
    for (let x = 0; x < w; x++) {
      const sx = Math.min(img.width - 1, Math.max(0, (x + 0.5) / s - 0.5));
      v[y * w + x] = bilinear(src, sx, sy);
    }
  }
  return { w, h, v };
}

/** Bilinear sample of `im` at (x, y), clamped to the edges. */
export function bilinear(im: FloatImage, x: number, y: number): number {
  const x0 = Math.min(im.w - 1, Math.max(0, Math.floor(x)));
  const y0 = Math.min(im.h - 1, Math.max(0, Math.floor(y)));
  const x1 = Math.min(im.w - 1, x0 + 1);
  const y1 = Math.min(im.h - 1, y0 + 1);
  const fx = x - x0;
  const fy = y - y0;
  const a = im.v[y0 * im.w + x0] * (1 - fx) + im.v[y0 * im.w + x1] * fx;
  const b = im.v[y1 * im.w + x0] * (1 - fx) + im.v[y1 * im.w + x1] * fx;
  return a * (1 - fy) + b * fy;
}

/** Mean over a (2r+1)² window, edges handled by clamping the window (integral image). */
export function boxBlur(im: FloatImage, r: number): FloatImage {
  if (r <= 0) return im;
  const { w, h } = im;
  const ii = new Float64Array((w + 1) * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) {
      row += im.v[y * w + x];
      ii[(y + 1) * (w + 1) + x + 1] = ii[y * (w + 1) + x + 1] + row;
    }
  }
  const v = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const ya = Math.max(0, y - r);
    const yb = Math.min(h, y + r + 1);
    for (let x = 0; x < w; x++) {
      const xa = Math.max(0, x - r);
      const xb = Math.min(w, x + r + 1);
      const s = ii[yb * (w + 1) + xb] - ii[ya * (w + 1) + xb] - ii[yb * (w + 1) + xa] + ii[ya * (w + 1) + xa];
      v[y * w + x] = s / ((yb - ya) * (xb - xa));
    }
  }
  return { w, h, v };
}

/**
 * Local normalisation: (I − local mean) / local standard deviation over a (2r+1)² window, which
 * turns ridges into a zero-mean pattern of unit contrast. Also returns the local deviation.
 */
export function normaliseLocal(im: FloatImage, r: number): { norm: FloatImage; std: Float32Array } {
  const mean = boxBlur(im, r);
  const sq = boxBlur({ w: im.w, h: im.h, v: im.v.map((x) => x * x) }, r);
  const std = new Float32Array(im.v.length);
  const v = new Float32Array(im.v.length);
  for (let i = 0; i < v.length; i++) {
    std[i] = Math.sqrt(Math.max(0, sq.v[i] - mean.v[i] * mean.v[i]));
    v[i] = (im.v[i] - mean.v[i]) / (std[i] + 4);
  }
  return { norm: { w: im.w, h: im.h, v }, std };
}

/**
 * Foreground mask from block contrast: a block of `bs` pixels is fingerprint when its mean local
 * deviation exceeds `frac` of the 95th percentile over blocks. Isolated blocks are dropped, holes
 * filled, and the border eroded by one block.
 */
export function segment(std: Float32Array, w: number, h: number, bs = 8, frac = 0.35): Uint8Array {
  const bw = Math.ceil(w / bs);
  const bh = Math.ceil(h / bs);
  const bv = new Float32Array(bw * bh);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) bv[((y / bs) | 0) * bw + ((x / bs) | 0)] += std[y * w + x];
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      const n = (Math.min(h, (by + 1) * bs) - by * bs) * (Math.min(w, (bx + 1) * bs) - bx * bs);
      bv[by * bw + bx] /= n;
    }
  }
  const sorted = Float32Array.from(bv).sort();
  const thr = frac * sorted[Math.floor(0.95 * (sorted.length - 1))];
  let bm: Uint8Array = Uint8Array.from(bv, (x) => (x > thr ? 1 : 0));
  const neigh = (m: Uint8Array, bx: number, by: number): number => {
    let c = 0;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        if (!dx && !dy) continue;
        const X = bx + dx;
        const Y = by + dy;
        if (X >= 0 && Y >= 0 && X < bw && Y < bh) c += m[Y * bw + X];
      }
    }
    return c;
  };
  const pass = (m: Uint8Array, f: (cur: number, n: number) => number): Uint8Array => {
    const o = new Uint8Array(m.length);
    for (let by = 0; by < bh; by++) for (let bx = 0; bx < bw; bx++) o[by * bw + bx] = f(m[by * bw + bx], neigh(m, bx, by));
    return o;
  };
  bm = pass(bm, (c, n) => (c && n >= 3 ? 1 : !c && n >= 6 ? 1 : 0));
  bm = pass(bm, (c, n) => (c && n === 8 ? 1 : 0)); // erode (image border counts as background)
  const mask = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) mask[y * w + x] = bm[((y / bs) | 0) * bw + ((x / bs) | 0)];
  return mask;
}
