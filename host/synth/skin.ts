/**
 * Skin details of a master that every impression of the finger shares: sweat pores (small light
 * dots on the ridges) and creases (thin light lines, mostly across the finger, more often in its
 * lower half). Applied to the ridge field in place.
 */
import type { Rng } from './prng.js';
import type { Master } from './types.js';

export interface SkinDetails {
  pores: number;
  creases: number;
}

/** Carves pores and creases into `ridge` (width×height) inside `mask`. */
export function addSkinDetails(rng: Rng, m: Pick<Master, 'ridge' | 'mask' | 'width' | 'height' | 'shape' | 'meanPeriod'>, scale: number): SkinDetails {
  const { ridge, mask, width: W, height: H, shape: s } = m;
  // Pores: about one per 2.5 periods of ridge length.
  const poreDensity = rng.uniform(0.4, 1.0) / (m.meanPeriod * m.meanPeriod * 1.4);
  const x0 = Math.max(2, Math.floor(s.cx - s.left));
  const x1 = Math.min(W - 3, Math.ceil(s.cx + s.right));
  const y0 = Math.max(2, Math.floor(s.cy - s.top));
  const y1 = Math.min(H - 3, Math.ceil(s.cy + s.bottom));
  const tries = Math.round((x1 - x0) * (y1 - y0) * poreDensity);
  const rPore = 0.9 * scale;
  let pores = 0;
  for (let k = 0; k < tries; k++) {
    const px = rng.uniform(x0, x1);
    const py = rng.uniform(y0, y1);
    const c = Math.round(py) * W + Math.round(px);
    if (mask[c] < 0.5 || ridge[c] < 0.4) continue;
    pores++;
    const depth = rng.uniform(0.6, 1.4);
    const r = rPore * rng.uniform(0.8, 1.5);
    for (let dy = -2; dy <= 2; dy++) {
      for (let dx = -2; dx <= 2; dx++) {
        const x = Math.round(px) + dx;
        const y = Math.round(py) + dy;
        const d2 = ((x - px) ** 2 + (y - py) ** 2) / (r * r);
        if (d2 > 2.5) continue;
        const i = y * W + x;
        ridge[i] -= depth * Math.exp(-d2) * (ridge[i] + 1) * 0.7;
      }
    }
  }
  // Creases.
  const creases = rng.int(0, 5);
  for (let k = 0; k < creases; k++) {
    const cx = s.cx + rng.uniform(-0.8, 0.8) * s.left;
    const cy = s.cy + rng.uniform(-0.4, 1.0) * s.bottom;
    const ang = rng.normal() * 0.35 + (rng.next() < 0.2 ? Math.PI / 2 : 0);
    const len = rng.uniform(25, 120) * scale;
    const half = rng.uniform(0.6, 1.6) * scale;
    const strength = rng.uniform(0.4, 0.85);
    const ca = Math.cos(ang);
    const sa = Math.sin(ang);
    const reach = Math.ceil(half * 2.5);
    for (let t = -len / 2; t <= len / 2; t += 0.5) {
      const lx = cx + ca * t;
      const ly = cy + sa * t;
      const taper = 1 - Math.abs((2 * t) / len) ** 4;
      for (let o = -reach; o <= reach; o++) {
        const x = Math.round(lx - sa * o);
        const y = Math.round(ly + ca * o);
        if (x < 0 || y < 0 || x >= W || y >= H) continue;
        const i = y * W + x;
        const target = -1;
        const w = strength * taper * Math.exp(-(o * o) / (2 * half * half));
        const v = ridge[i] + (target - ridge[i]) * w;
        if (v < ridge[i]) ridge[i] = v;
      }
    }
  }
  return { pores, creases };
}
