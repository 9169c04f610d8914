/**
 * The Gabor kernel bank of the ridge growth (host/synth/gabor.ts): kernels quantised in orientation
 * and period, stored as flat tap lists (offset, weight) over a padded canvas, so the inner loop of the
 * growth is a plain multiply-add without bounds checks. Banks are cached per stride and period range.
 */

export const ORIENTATION_BINS = 32;

export interface GaborBank {
  /** Padded canvas stride the offsets are computed for. */
  stride: number;
  pad: number;
  periods: Float32Array;
  /** Tap ranges: kernel k uses taps start[k] .. start[k+1]-1. */
  start: Int32Array;
  offsets: Int32Array;
  weights: Float32Array;
}

const bankCache = new Map<string, GaborBank>();

/** Envelope widths (in periods) across and along the ridges, and the cut-off (in σ). */
const SIGMA_ACROSS = 0.35;
const SIGMA_ALONG = 0.36;
const CUT = 1.75;

/** Padding needed around the canvas for the largest kernel of a bank. */
export function kernelPad(maxPeriod: number): number {
  return Math.ceil(maxPeriod * Math.max(SIGMA_ACROSS, SIGMA_ALONG) * CUT) + 1;
}

/** Builds (or reuses) the bank for a canvas stride and a period range in pixels. */
export function gaborBank(stride: number, minPeriod: number, maxPeriod: number): GaborBank {
  const key = `${stride}:${minPeriod.toFixed(2)}:${maxPeriod.toFixed(2)}`;
  const hit = bankCache.get(key);
  if (hit) return hit;
  const nP = Math.max(2, Math.ceil((maxPeriod - minPeriod) / 0.4) + 1);
  const periods = new Float32Array(nP);
  for (let j = 0; j < nP; j++) periods[j] = minPeriod + ((maxPeriod - minPeriod) * j) / (nP - 1);
  const pad = kernelPad(maxPeriod);
  const offs: number[] = [];
  const wts: number[] = [];
  const start = new Int32Array(ORIENTATION_BINS * nP + 1);
  for (let o = 0; o < ORIENTATION_BINS; o++) {
    const th = (Math.PI * o) / ORIENTATION_BINS;
    const ct = Math.cos(th);
    const st = Math.sin(th);
    for (let j = 0; j < nP; j++) {
      const P = periods[j];
      // Across-ridge envelope and carrier: with σ = 0.35·P the envelope and the DC removal pull the
      // filter's peak towards higher frequencies; a carrier period of 1.2·P puts the peak (the
      // frequency the iteration converges to) back at 1/P.
      const sn = SIGMA_ACROSS * P;
      const Pc = 1.2 * P;
      const sr = SIGMA_ALONG * P; // along the ridges
      const cut = CUT;
      const taps: Array<[number, number, number, number]> = []; // dx, dy, envelope, carrier
      for (let dy = -pad; dy <= pad; dy++) {
        for (let dx = -pad; dx <= pad; dx++) {
          const xr = dx * ct + dy * st;
          const xn = -dx * st + dy * ct;
          const q = (xn * xn) / (sn * sn) + (xr * xr) / (sr * sr);
          if (q > cut * cut) continue;
          taps.push([dx, dy, Math.exp(-q / 2), Math.cos((2 * Math.PI * xn) / Pc)]);
        }
      }
      // Remove the DC part (envelope-weighted), then scale to unit gain on a matching sinusoid.
      let se = 0;
      let sec = 0;
      for (const t of taps) {
        se += t[2];
        sec += t[2] * t[3];
      }
      const dc = sec / se;
      let gain = 0;
      const ws = taps.map((t) => t[2] * (t[3] - dc));
      taps.forEach((t, i) => {
        gain += ws[i] * t[3];
      });
      start[o * nP + j] = offs.length;
      let wmax = 0;
      for (const w of ws) wmax = Math.max(wmax, Math.abs(w));
      taps.forEach((t, i) => {
        const w = ws[i] / gain;
        if (Math.abs(ws[i]) < 0.08 * wmax) return;
        offs.push(t[1] * stride + t[0]);
        wts.push(w);
      });
    }
  }
  start[ORIENTATION_BINS * nP] = offs.length;
  const bank: GaborBank = {
    stride,
    pad,
    periods,
    start,
    offsets: Int32Array.from(offs),
    weights: Float32Array.from(wts),
  };
  if (bankCache.size > 8) bankCache.clear();
  bankCache.set(key, bank);
  return bank;
}
