/**
 * The probe views of the robustness curves (docs/robustness.md): the preprocessing's foreground mask
 * on the image's own pixels, a straight cut keeping a fraction of the foreground, a resampling to
 * another sensor resolution, and a generator impression at a forced rotation.
 */
import type { GreyImage } from '../data/grey.js';
import { drawTransform, render, type Master, type SynthParams } from '../synth/index.js';
import { areaResize } from '../nn/preprocess.js';
import { DEFAULT_PRINT_PRE, resampledSide, type PrintPreParams } from '../nn/printpre.js';
import { WhorlError } from '../util/errors.js';

export class RobustnessError extends WhorlError {}

/**
 * Foreground pixels (1) as the fingerprint preprocessing segments them (docs/architecture.md,
 * Preprocessing, step 2): the image area-averaged to `pre.dpi`, blocks of `pre.block` pixels whose
 * standard deviation is at least `pre.stdMin`, mapped back onto the image's own pixels.
 */
export function foregroundMask(img: GreyImage, pre: Pick<PrintPreParams, 'dpi' | 'block' | 'stdMin'> = DEFAULT_PRINT_PRE): Uint8Array {
  const { width: W, height: H } = img;
  const h = resampledSide(H, img.dpi, pre.dpi), w = resampledSide(W, img.dpi, pre.dpi);
  const r = areaResize(img.data, H, W, h, w);
  const B = pre.block, n = B * B, nbw = Math.floor(w / B), nbh = Math.floor(h / B);
  const blocks = new Uint8Array(nbw * nbh);
  for (let by = 0; by < nbh; by++) for (let bx = 0; bx < nbw; bx++) {
    let s1 = 0, s2 = 0;
    for (let y = by * B; y < by * B + B; y++) for (let x = bx * B; x < bx * B + B; x++) { const v = r[y * w + x]; s1 += v; s2 += v * v; }
    const v = n * s2 - s1 * s1;
    blocks[by * nbw + bx] = v > 0 && v >= pre.stdMin * pre.stdMin * n * n ? 1 : 0;
  }
  const mask = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    const by = Math.floor(Math.floor((y * h) / H) / B);
    if (by >= nbh) continue;
    for (let x = 0; x < W; x++) {
      const bx = Math.floor(Math.floor((x * w) / W) / B);
      if (bx < nbw) mask[y * W + x] = blocks[by * nbw + bx];
    }
  }
  return mask;
}

/**
 * Keeps `fraction` of the foreground of `img`: pixels on the far side of a line perpendicular to the
 * direction `angle` (radians) become the background grey (median of the background pixels). Returns
 * the new image and the fraction of foreground pixels actually kept.
 */
export function cropToOverlap(img: GreyImage, fraction: number, angle: number): { image: GreyImage; kept: number } {
  if (!(fraction > 0 && fraction <= 1)) throw new RobustnessError('ROBUSTNESS_VALUE', `overlap ${fraction} is outside (0, 1]`, { context: { fraction } });
  const { width: W, height: H } = img;
  const mask = foregroundMask(img);
  const ux = Math.cos(angle), uy = Math.sin(angle);
  const proj = (i: number): number => (i % W) * ux + Math.floor(i / W) * uy;
  const fg: number[] = [];
  const bgHist = new Uint32Array(256);
  let bgCount = 0;
  for (let i = 0; i < W * H; i++) if (mask[i]) fg.push(proj(i)); else { bgHist[img.data[i]]++; bgCount++; }
  if (fg.length === 0 || fraction >= 1) return { image: { ...img, data: img.data.slice() }, kept: 1 };
  fg.sort((a, b) => a - b);
  const cut = fg[Math.min(fg.length - 1, Math.floor((1 - fraction) * fg.length))];
  let bg = 255;
  for (let v = 0, c = 0; v < 256 && bgCount > 0; v++) if ((c += bgHist[v]) * 2 >= bgCount) { bg = v; break; }
  const data = img.data.slice();
  let kept = 0;
  for (let i = 0; i < W * H; i++) {
    if (proj(i) < cut) data[i] = bg;
    else if (mask[i]) kept++;
  }
  return { image: { ...img, data }, kept: kept / fg.length };
}

/** Source taps of each output index: area averaging when shrinking, bilinear when enlarging. */
function taps(n: number, m: number, s: number): Array<Array<[number, number]>> {
  const out: Array<Array<[number, number]>> = [];
  for (let o = 0; o < m; o++) {
    const t: Array<[number, number]> = [];
    if (s < 1) {
      const a = o / s, b = Math.min(n, (o + 1) / s);
      for (let i = Math.floor(a); i < b; i++) t.push([i, (Math.min(b, i + 1) - Math.max(a, i)) / (b - a)]);
    } else {
      const c = Math.min(n - 1, Math.max(0, (o + 0.5) / s - 0.5));
      const i = Math.floor(c), f = c - i;
      t.push([i, 1 - f]);
      if (f > 0) t.push([i + 1, f]);
    }
    out.push(t);
  }
  return out;
}

/** The image as a sensor of `dpi` would see it: floor(side·dpi/img.dpi) pixels, resolution `dpi`. */
export function resampleDpi(img: GreyImage, dpi: number): GreyImage {
  if (!(Number.isInteger(dpi) && dpi >= 100 && dpi <= 2000)) throw new RobustnessError('ROBUSTNESS_VALUE', `resolution ${dpi} dpi is outside 100..2000`, { context: { dpi } });
  if (dpi === img.dpi) return { ...img, data: img.data.slice() };
  const s = dpi / img.dpi;
  const w = Math.max(1, Math.floor(img.width * s)), h = Math.max(1, Math.floor(img.height * s));
  const tx = taps(img.width, w, s), ty = taps(img.height, h, s);
  const rows = new Float32Array(img.height * w);
  for (let y = 0; y < img.height; y++) for (let x = 0; x < w; x++) {
    let a = 0;
    for (const [i, wt] of tx[x]) a += wt * img.data[y * img.width + i];
    rows[y * w + x] = a;
  }
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    let a = 0;
    for (const [i, wt] of ty[y]) a += wt * rows[i * w + x];
    data[y * w + x] = Math.max(0, Math.min(255, Math.round(a)));
  }
  return { width: w, height: h, dpi, data };
}

/** Impression `k` of a master rendered by the generator with its rotation forced to `rotation` degrees. */
export function rotatedImpression(master: Master, params: SynthParams, seed: number, k: number, rotation: number): GreyImage {
  const t = drawTransform(master, params, seed, k);
  return { width: params.width, height: params.height, dpi: params.dpi, data: render(master, params, seed, k, { ...t, rotation }) };
}
