/**
 * Ridge-period map of a master fingerprint (SFinGe): a per-finger base period with slow random
 * variation, longer periods (lower frequency) around the cores and in the region above them, and
 * slightly shorter periods below the deltas, as observed on real prints.
 */
import type { Point } from './types.js';
import { smoothNoise, type Rng } from './prng.js';
import type { Shape } from './shape.js';

/**
 * Returns the period (pixels) at every pixel of a width×height canvas (only where `mask` > 0 when
 * given; elsewhere the value is unspecified). `base` is the finger's mean
 * period in pixels at the canvas resolution.
 */
export function periodMap(
  rng: Rng,
  base: number,
  cores: Point[],
  deltas: Point[],
  s: Shape,
  width: number,
  height: number,
  mask?: Float32Array,
): Float32Array {
  const out = smoothNoise(rng, width, height, Math.round(base * 9));
  const vary = rng.uniform(0.03, 0.07);
  const coreGain = rng.uniform(0.08, 0.16);
  const aboveGain = rng.uniform(0.04, 0.1);
  const rCore = base * 5;
  let topY = s.cy - s.top * 0.2;
  for (const c of cores) topY = Math.min(topY, c.y);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (mask && mask[i] <= 0) continue;
      let f = 1 + vary * out[i];
      for (const c of cores) {
        const dx = x - c.x;
        const dy = y - c.y;
        f += coreGain * Math.exp(-(dx * dx + dy * dy) / (2 * rCore * rCore));
      }
      for (const d of deltas) {
        const dx = x - d.x;
        const dy = y - d.y;
        f += 0.5 * coreGain * Math.exp(-(dx * dx + dy * dy) / (2 * rCore * rCore));
      }
      if (y < topY) f += aboveGain * Math.min(1, (topY - y) / (0.6 * s.top));
      else f -= 0.5 * aboveGain * Math.min(1, (y - topY) / s.bottom);
      out[i] = base * f;
    }
  }
  return out;
}
