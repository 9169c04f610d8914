/**
 * Renders one impression of a master: each output pixel is mapped back to the master through the
 * rigid placement and the Cappelli plastic distortion model (close contact → transition → outer
 * region moved by a small rotation/translation), then inked according to the contact region and
 * pressure (a threshold on the smooth ridge profile acts as erosion/dilation: dry prints get thin,
 * broken ridges, wet prints thick, merged ones), and finished with background, smoothing, noise
 * and scratches.
 */
import type { Impression, ImpressionTransform, Master, SynthParams } from './types.js';
import { rngFor, smoothNoise, STREAM } from './prng.js';
import { drawTransform } from './transform.js';

/** Scratch planes reused between impressions of the same size (one set per thread). */
const scratch: Float32Array[] = [];
function plane(k: number, n: number): Float32Array {
  if (scratch[k]?.length !== n) scratch[k] = new Float32Array(n);
  return scratch[k];
}

/** Bilinear sample of a width×height plane; 0 outside. */
function sample(plane: Float32Array, w: number, h: number, x: number, y: number): number {
  if (x < 0 || y < 0 || x >= w - 1 || y >= h - 1) return 0;
  const ix = x | 0;
  const iy = y | 0;
  const fx = x - ix;
  const fy = y - iy;
  const i = iy * w + ix;
  const a = plane[i] + (plane[i + 1] - plane[i]) * fx;
  const b = plane[i + w] + (plane[i + w + 1] - plane[i + w]) * fx;
  return a + (b - a) * fy;
}

/** Makes impression `impression` (1-based) of a master. */
export function makeImpression(master: Master, params: SynthParams, seed: number, impression: number): Impression {
  const t = drawTransform(master, params, seed, impression);
  const data = render(master, params, seed, impression, t);
  return { finger: master.finger, impression, width: params.width, height: params.height, dpi: params.dpi, data, transform: t };
}

/** Renders the pixels of an impression for a given transform. */
export function render(master: Master, params: SynthParams, seed: number, impression: number, t: ImpressionTransform): Uint8Array {
  const W = params.width;
  const H = params.height;
  const scale = params.dpi / 500;
  const f = master.finger;
  const mw = master.width;
  const mh = master.height;
  // Rigid placement: output centre ↔ a point slightly above the silhouette centre.
  const ax = master.shape.cx;
  const ay = master.shape.cy - 0.1 * master.shape.top;
  const rot = (t.rotation * Math.PI) / 180;
  const cr = Math.cos(rot);
  const sr = Math.sin(rot);
  const d = t.distortion;
  const drot = (d.rotation * Math.PI) / 180;
  const dc = Math.cos(drot) - 1;
  const ds = Math.sin(drot);
  const c = t.contact;

  const lowT = smoothNoise(rngFor(seed, f, impression, STREAM.pressure), W, H, 28 * scale, plane(0, W * H));
  const speck = smoothNoise(rngFor(seed, f, impression, STREAM.noise), W, H, 2.2 * scale, plane(1, W * H));
  const edge = smoothNoise(rngFor(seed, f, impression, STREAM.contact), W, H, 40 * scale, plane(2, W * H));
  const bgNoise = smoothNoise(rngFor(seed, f, impression, STREAM.background), W, H, 60 * scale, plane(3, W * H));
  const inkNoise = smoothNoise(rngFor(seed, f, impression, STREAM.pressure + 100), W, H, 14 * scale, plane(4, W * H));
  const fine = smoothNoise(rngFor(seed, f, impression, STREAM.pressure + 200), W, H, 5 * scale, plane(5, W * H));
  const out = plane(6, W * H);
  const bg = t.noise.background;
  const ridgeGrey = bg * (1 - t.noise.contrast);
  const thr0 = 0.12 - 0.3 * t.pressure;
  const speckLevel = 1 - 2 * t.noise.speckle;
  for (let v = 0; v < H; v++) {
    for (let u = 0; u < W; u++) {
      const i = v * W + u;
      // Output → master (inverse rigid transform).
      const ox = u - W / 2 - t.dx;
      const oy = v - H / 2 - t.dy;
      let x = ax + cr * ox + sr * oy;
      let y = ay - sr * ox + cr * oy;
      // Plastic distortion: displacement grows from 0 (close contact) to full (outer region).
      const rx = x - d.cx;
      const ry = y - d.cy;
      const dist = Math.sqrt(rx * rx + ry * ry) - d.radius;
      if (dist > 0) {
        const b = dist >= d.transition ? 1 : 0.5 * (1 - Math.cos((Math.PI * dist) / d.transition));
        x += b * (dc * rx - ds * ry + d.tx);
        y += b * (ds * rx + dc * ry + d.ty);
      }
      const m = sample(master.mask, mw, mh, x, y);
      const bgv = bg * (1 + 0.04 * bgNoise[i]);
      if (m <= 0) {
        out[i] = bgv;
        continue;
      }
      // Contact region: ellipse with an irregular border; pressure falls off towards it.
      const ex = (x - c.cx) / c.rx;
      const ey = (y - c.cy) / c.ry;
      const er = Math.sqrt(ex * ex + ey * ey) + c.irregularity * edge[i];
      const contact = er >= 1 ? 0 : er < 0.8 ? 1 : (1 - er) / 0.2;
      const cm = contact * m;
      if (cm <= 0) {
        out[i] = bgv;
        continue;
      }
      const r = sample(master.ridge, mw, mh, x, y);
      let thr = thr0 + 0.22 * lowT[i] + 0.3 * fine[i] + 0.55 * (1 - cm);
      if (speck[i] > speckLevel) thr += 1.5 * (speck[i] - speckLevel) / (1 - speckLevel + 1e-6) + 0.3;
      let ink = (r - thr) / 0.25 + 0.5;
      ink = ink <= 0 ? 0 : ink >= 1 ? 1 : ink * ink * (3 - 2 * ink);
      const depth = 0.9 + 0.3 * inkNoise[i] - 0.2 * (1 - cm);
      out[i] = bgv - (bgv - ridgeGrey) * ink * (depth > 1 ? 1 : depth);
    }
  }
  drawScratches(out, W, H, t.noise.scratches, rngFor(seed, f, impression, STREAM.scratches), bg, scale);
  return finish(out, W, H, t.noise.sigma, rngFor(seed, f, impression, STREAM.noise + 100));
}

/** Light, thin scratches (dust and marks on the sensor glass) along random gentle curves. */
function drawScratches(img: Float32Array, W: number, H: number, count: number, rng: ReturnType<typeof rngFor>, bg: number, scale: number): void {
  for (let s = 0; s < count; s++) {
    let x = rng.uniform(0, W);
    let y = rng.uniform(0, H);
    let a = rng.uniform(0, Math.PI * 2);
    const len = rng.uniform(30, 160) * scale;
    const curve = rng.normal() * 0.01;
    const light = rng.next() < 0.7;
    const level = light ? bg : bg * 0.35;
    const alpha = rng.uniform(0.4, 0.8);
    for (let k = 0; k < len; k++) {
      x += Math.cos(a);
      y += Math.sin(a);
      a += curve;
      const ix = Math.round(x);
      const iy = Math.round(y);
      if (ix < 0 || iy < 0 || ix >= W || iy >= H) continue;
      const i = iy * W + ix;
      img[i] += (level - img[i]) * alpha;
    }
  }
}

/** 3×3 binomial smoothing (sensor optics), Gaussian pixel noise, clamp and quantise. */
function finish(img: Float32Array, W: number, H: number, sigma: number, rng: ReturnType<typeof rngFor>): Uint8Array {
  const out = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    const y0 = y > 0 ? y - 1 : y;
    const y1 = y < H - 1 ? y + 1 : y;
    for (let x = 0; x < W; x++) {
      const x0 = x > 0 ? x - 1 : x;
      const x1 = x < W - 1 ? x + 1 : x;
      const a = img[y0 * W + x0] + 2 * img[y0 * W + x] + img[y0 * W + x1];
      const b = img[y * W + x0] + 2 * img[y * W + x] + img[y * W + x1];
      const c = img[y1 * W + x0] + 2 * img[y1 * W + x] + img[y1 * W + x1];
      let v = (a + 2 * b + c) / 16 + sigma * rng.fastNormal();
      v = v < 0 ? 0 : v > 255 ? 255 : v;
      out[y * W + x] = Math.round(v);
    }
  }
  return out;
}
