/**
 * Activation calibration: a histogram of |v| per tensor that widens itself as values grow, and the
 * three threshold methods of docs/quantization.md (minmax, percentile, entropy).
 */
import { WhorlError } from '../util/errors.js';

export type CalibMethod = 'minmax' | 'percentile' | 'entropy';
export const CALIB_METHODS: CalibMethod[] = ['minmax', 'percentile', 'entropy'];

const BINS = 2048;

/** Histogram of absolute values with BINS bins of equal width starting at 0. */
export class AbsHistogram {
  bins = new Float64Array(BINS);
  width = 0;
  max = 0;
  count = 0;

  /** Adds every value of a tensor. */
  add(x: Float32Array): void {
    let m = 0;
    for (let i = 0; i < x.length; i++) { const a = Math.abs(x[i]); if (a > m) m = a; }
    if (m > this.max) this.max = m;
    if (this.width === 0) {
      if (m === 0) { this.bins[0] += x.length; this.count += x.length; return; }
      this.width = m / (BINS - 1);
    }
    while (m >= this.width * BINS) this.widen();
    const inv = 1 / this.width;
    for (let i = 0; i < x.length; i++) {
      const b = Math.min(BINS - 1, Math.floor(Math.abs(x[i]) * inv));
      this.bins[b] += 1;
    }
    this.count += x.length;
  }

  private widen(): void {
    const nb = new Float64Array(BINS);
    for (let i = 0; i < BINS; i++) nb[i >> 1] += this.bins[i];
    this.bins = nb;
    this.width *= 2;
  }

  /** Fraction of values above t. */
  fractionAbove(t: number): number {
    if (this.count === 0 || this.width === 0) return 0;
    let above = 0;
    for (let i = 0; i < BINS; i++) {
      const lo = i * this.width, hi = lo + this.width;
      if (lo >= t) above += this.bins[i];
      else if (hi > t) above += (this.bins[i] * (hi - t)) / this.width;
    }
    return Math.min(above, this.count) / this.count;
  }

  /** Value below which a fraction p (0..1) of the values lie (linear inside a bin). */
  percentile(p: number): number {
    if (this.width === 0) return 0;
    const target = p * this.count;
    let cum = 0;
    for (let i = 0; i < BINS; i++) {
      if (cum + this.bins[i] >= target) {
        const f = this.bins[i] > 0 ? (target - cum) / this.bins[i] : 0;
        return Math.min(this.max, (i + f) * this.width);
      }
      cum += this.bins[i];
    }
    return this.max;
  }

  /** TensorRT-style KL-divergence threshold over 128 quantization levels. */
  entropyThreshold(): number {
    if (this.width === 0) return 0;
    const levels = 128;
    let best = Infinity, bestI = BINS;
    const used = Math.min(BINS, Math.ceil(this.max / this.width) + 1);
    if (used <= levels) return this.max;
    for (let i = levels; i <= used; i++) {
      const p = new Float64Array(i);
      for (let k = 0; k < i; k++) p[k] = this.bins[k];
      let outliers = 0;
      for (let k = i; k < BINS; k++) outliers += this.bins[k];
      p[i - 1] += outliers;
      const q = new Float64Array(i);
      const step = i / levels;
      for (let j = 0; j < levels; j++) {
        const a = Math.floor(j * step), b = j === levels - 1 ? i : Math.floor((j + 1) * step);
        let sum = 0, nz = 0;
        // levels hold the clipped-off histogram; their mass spreads over the bins where P is non-zero
        for (let k = a; k < b; k++) { sum += this.bins[k]; if (p[k] > 0) nz++; }
        if (nz > 0) for (let k = a; k < b; k++) if (p[k] > 0) q[k] = sum / nz;
      }
      let ps = 0, qs = 0;
      for (let k = 0; k < i; k++) { ps += p[k]; qs += q[k]; }
      if (ps === 0 || qs === 0) continue;
      let kl = 0;
      for (let k = 0; k < i; k++) {
        if (p[k] === 0) continue;
        const pk = p[k] / ps, qk = q[k] / qs;
        kl += pk * Math.log(pk / Math.max(qk, 1e-6)); // an empty Q bin where P has mass: smoothed
      }
      if (kl < best) { best = kl; bestI = i; }
    }
    return Math.min(this.max, bestI * this.width);
  }

  /** Threshold T (scale = T / 127) by method. */
  threshold(method: CalibMethod, percentile = 99.99): number {
    switch (method) {
      case 'minmax': return this.max;
      case 'percentile':
        if (!(percentile > 0 && percentile <= 100)) throw new WhorlError('QUANT_OPTION', `percentile ${percentile} is not in (0, 100]`, { context: { percentile } });
        return this.percentile(percentile / 100);
      case 'entropy': return this.entropyThreshold();
    }
  }
}
