/**
 * Partial contact on the image's own pixels: the preprocessing's foreground mask mapped back onto
 * the image, and a straight cut keeping a fraction of the foreground (the overlap factor of the
 * robustness curves, docs/robustness.md, and the `data.cut` training augmentation).
 */
import type { GreyImage } from '../data/grey.js';
import { WhorlError } from '../util/errors.js';
import { areaResize } from './preprocess.js';
import { DEFAULT_PRINT_PRE, resampledSide, type PrintPreParams } from './printpre.js';

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
  if (!(fraction > 0 && fraction <= 1)) throw new WhorlError('NN_CONTACT', `overlap ${fraction} is outside (0, 1]`, { context: { fraction } });
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
