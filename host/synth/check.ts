/**
 * Realism check: statistics of a folder of fingerprint images, to compare a synthetic set with
 * reference sets — ridge period (x-signature on oriented blocks, Hong et al.), orientation coherence
 * (gradient structure tensor per block), foreground ratio (block-variance segmentation) and grey
 * levels of the foreground.
 */
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { WhorlError } from '../util/errors.js';

export const BLOCK = 16;

export interface ImageStats {
  foregroundRatio: number;
  coherence: number;
  periods: number[];
  greyMean: number;
  greyStd: number;
}

export interface SetStats {
  name: string;
  dir: string;
  images: number;
  foregroundRatio: number;
  coherence: number;
  period: { median: number; p10: number; p90: number; blocks: number };
  greyMean: number;
  greyStd: number;
}

/** Statistics of one 8-bit grey image. */
export function imageStats(px: Uint8Array, W: number, H: number): ImageStats {
  const bw = Math.floor(W / BLOCK);
  const bh = Math.floor(H / BLOCK);
  const std = new Float32Array(bw * bh);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      let s = 0;
      let s2 = 0;
      for (let y = by * BLOCK; y < (by + 1) * BLOCK; y++) {
        for (let x = bx * BLOCK; x < (bx + 1) * BLOCK; x++) {
          const v = px[y * W + x];
          s += v;
          s2 += v * v;
        }
      }
      const m = s / (BLOCK * BLOCK);
      std[by * bw + bx] = Math.sqrt(Math.max(0, s2 / (BLOCK * BLOCK) - m * m));
    }
  }
  const sorted = Array.from(std).sort((a, b) => a - b);
  const p90 = sorted[Math.floor(sorted.length * 0.9)] ?? 0;
  const thr = Math.max(12, 0.35 * p90);
  let fg = 0;
  let cohSum = 0;
  let gs = 0;
  let gs2 = 0;
  let gn = 0;
  const periods: number[] = [];
  const sig = new Float64Array(32);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      if (std[by * bw + bx] < thr) continue;
      fg++;
      let gxx = 0;
      let gyy = 0;
      let gxy = 0;
      for (let y = by * BLOCK; y < (by + 1) * BLOCK; y++) {
        for (let x = bx * BLOCK; x < (bx + 1) * BLOCK; x++) {
          const v = px[y * W + x];
          gs += v;
          gs2 += v * v;
          gn++;
          if (x < 1 || y < 1 || x >= W - 1 || y >= H - 1) continue;
          const gx = px[y * W + x + 1] - px[y * W + x - 1];
          const gy = px[(y + 1) * W + x] - px[(y - 1) * W + x];
          gxx += gx * gx;
          gyy += gy * gy;
          gxy += gx * gy;
        }
      }
      const den = gxx + gyy;
      cohSum += den > 0 ? Math.sqrt((gxx - gyy) ** 2 + 4 * gxy * gxy) / den : 0;
      // Ridge normal direction (the dominant gradient direction).
      const phi = 0.5 * Math.atan2(2 * gxy, gxx - gyy);
      const nx = Math.cos(phi);
      const ny = Math.sin(phi);
      const cx = bx * BLOCK + BLOCK / 2;
      const cy = by * BLOCK + BLOCK / 2;
      let ok = true;
      for (let k = 0; k < 32 && ok; k++) {
        let acc = 0;
        for (let l = -8; l < 8; l++) {
          const x = Math.round(cx + (k - 16) * nx - l * ny);
          const y = Math.round(cy + (k - 16) * ny + l * nx);
          if (x < 0 || y < 0 || x >= W || y >= H) {
            ok = false;
            break;
          }
          acc += px[y * W + x];
        }
        sig[k] = acc / 16;
      }
      if (!ok) continue;
      const p = signaturePeriod(sig);
      if (p > 0) periods.push(p);
    }
  }
  const gm = gn > 0 ? gs / gn : 0;
  return {
    foregroundRatio: fg / Math.max(1, bw * bh),
    coherence: fg > 0 ? cohSum / fg : 0,
    periods,
    greyMean: gm,
    greyStd: gn > 0 ? Math.sqrt(Math.max(0, gs2 / gn - gm * gm)) : 0,
  };
}

/** Period of an x-signature from its autocorrelation peak (lags 3..20); 0 when there is none. */
export function signaturePeriod(sig: Float64Array): number {
  const n = sig.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += sig[i];
  m /= n;
  const ac = new Float64Array(21);
  for (let lag = 0; lag <= 20; lag++) {
    let s = 0;
    for (let i = 0; i + lag < n; i++) s += (sig[i] - m) * (sig[i + lag] - m);
    ac[lag] = s / (n - lag);
  }
  if (ac[0] <= 1) return 0;
  let best = 0;
  for (let lag = 3; lag < 20; lag++) {
    if (ac[lag] > ac[lag - 1] && ac[lag] >= ac[lag + 1] && ac[lag] > 0.2 * ac[0]) {
      best = lag;
      break;
    }
  }
  if (best === 0) return 0;
  // Parabolic refinement of the peak.
  const a = ac[best - 1];
  const b = ac[best];
  const c = ac[best + 1];
  const d = a - 2 * b + c;
  return d < 0 ? best + (0.5 * (a - c)) / d : best;
}

const IMAGE_EXT = /\.(png|tif|tiff|bmp|jpg|jpeg|pgm)$/i;

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Statistics of every image in a folder. `limit` caps the number of images read. */
export async function folderStats(dir: string, limit = 200): Promise<SetStats> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => IMAGE_EXT.test(n)).sort();
  } catch (err) {
    throw new WhorlError('SYNTH_CHECK_DIR', `synth --check: cannot read folder ${dir}`, { context: { dir }, cause: err });
  }
  if (names.length === 0) throw new WhorlError('SYNTH_CHECK_EMPTY', `synth --check: no images in ${dir}`, { context: { dir } });
  names = names.slice(0, limit);
  const per: ImageStats[] = [];
  for (const n of names) {
    const { data, info } = await sharp(join(dir, n)).greyscale().raw().toBuffer({ resolveWithObject: true });
    const grey = info.channels === 1 ? new Uint8Array(data) : firstChannel(data, info.channels);
    per.push(imageStats(grey, info.width, info.height));
  }
  const mean = (f: (s: ImageStats) => number): number => per.reduce((a, s) => a + f(s), 0) / per.length;
  const all = per.flatMap((s) => s.periods).sort((a, b) => a - b);
  return {
    name: basename(dir),
    dir,
    images: per.length,
    foregroundRatio: mean((s) => s.foregroundRatio),
    coherence: mean((s) => s.coherence),
    period: { median: quantile(all, 0.5), p10: quantile(all, 0.1), p90: quantile(all, 0.9), blocks: all.length },
    greyMean: mean((s) => s.greyMean),
    greyStd: mean((s) => s.greyStd),
  };
}

function firstChannel(data: Buffer, ch: number): Uint8Array {
  const out = new Uint8Array(data.length / ch);
  for (let i = 0; i < out.length; i++) out[i] = data[i * ch];
  return out;
}

/** Formats set statistics side by side as a text table. */
export function formatStats(sets: SetStats[]): string {
  const rows: Array<[string, (s: SetStats) => string]> = [
    ['images', (s) => String(s.images)],
    ['ridge period median (px)', (s) => s.period.median.toFixed(2)],
    ['ridge period p10..p90 (px)', (s) => `${s.period.p10.toFixed(1)}..${s.period.p90.toFixed(1)}`],
    ['orientation coherence', (s) => s.coherence.toFixed(3)],
    ['foreground ratio', (s) => s.foregroundRatio.toFixed(3)],
    ['foreground grey mean', (s) => s.greyMean.toFixed(1)],
    ['foreground grey std', (s) => s.greyStd.toFixed(1)],
  ];
  const cols = sets.map((s) => s.name);
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const ws = cols.map((c, i) => Math.max(c.length, ...rows.map((r) => r[1](sets[i]).length)));
  const line = (a: string, cs: string[]): string => `${a.padEnd(w0)}  ${cs.map((c, i) => c.padStart(ws[i])).join('  ')}`;
  return [line('', cols), ...rows.map((r) => line(r[0], sets.map(r[1])))].join('\n');
}
