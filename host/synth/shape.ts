/**
 * Fingerprint silhouette (SFinGe shape model): the fingertip is drawn as four quarter
 * superellipses (left/right half widths, top/bottom half heights) around a centre, with a rounder
 * top and a flatter, squarer bottom where the finger meets the first crease or leaves the sensor.
 */
import type { Master } from './types.js';
import type { Rng } from './prng.js';

export type Shape = Master['shape'] & { topExp: number; bottomExp: number };

/** Draws a random silhouette for a master canvas of width×height at the given scale (dpi/500). */
export function randomShape(rng: Rng, width: number, height: number, scale: number): Shape {
  const half = rng.uniform(128, 158) * scale;
  const asym = rng.uniform(-0.06, 0.06);
  const top = rng.uniform(160, 195) * scale;
  const bottom = rng.uniform(185, 245) * scale;
  return {
    cx: width / 2 + rng.uniform(-6, 6) * scale,
    cy: height / 2 - (bottom - top) / 2 + rng.uniform(-8, 8) * scale + 0.08 * height,
    left: half * (1 + asym),
    right: half * (1 - asym),
    top,
    bottom,
    topExp: rng.uniform(2.0, 2.6),
    bottomExp: rng.uniform(3.2, 5.0),
  };
}

/**
 * Superellipse "radius" of (x, y) relative to the shape: < 1 inside, 1 on the border.
 */
export function shapeRadius(s: Shape, x: number, y: number): number {
  const dx = x - s.cx;
  const dy = y - s.cy;
  const ax = Math.abs(dx) / (dx < 0 ? s.left : s.right);
  const ay = Math.abs(dy) / (dy < 0 ? s.top : s.bottom);
  const e = dy < 0 ? s.topExp : s.bottomExp;
  return Math.pow(Math.pow(ax, e) + Math.pow(ay, e), 1 / e);
}

/** Rasterises the silhouette with a soft border `soft` pixels wide (values in [0, 1]). */
export function shapeMask(s: Shape, width: number, height: number, soft: number): Float32Array {
  const m = new Float32Array(width * height);
  const scale = Math.min(s.left, s.right, s.top);
  const y0 = Math.max(0, Math.floor(s.cy - s.top - 1));
  const y1 = Math.min(height, Math.ceil(s.cy + s.bottom + 1));
  const x0 = Math.max(0, Math.floor(s.cx - s.left - 1));
  const x1 = Math.min(width, Math.ceil(s.cx + s.right + 1));
  for (let y = y0; y < y1; y++) {
    const dy = y - s.cy;
    const e = dy < 0 ? s.topExp : s.bottomExp;
    const ay = Math.pow(Math.abs(dy) / (dy < 0 ? s.top : s.bottom), e);
    // r < rIn ⇔ fully inside, r > 1 ⇔ outside: only the border band needs the second pow.
    const inner = Math.pow(Math.max(0, 1 - soft / scale), e);
    for (let x = x0; x < x1; x++) {
      const dx = x - s.cx;
      const sum = ay + Math.pow(Math.abs(dx) / (dx < 0 ? s.left : s.right), e);
      if (sum <= inner) {
        m[y * width + x] = 1;
        continue;
      }
      if (sum >= 1) continue;
      const r = Math.pow(sum, 1 / e);
      const d = (1 - r) * scale; // approx. distance inside the border, pixels
      m[y * width + x] = d >= soft ? 1 : d <= 0 ? 0 : d / soft;
    }
  }
  return m;
}
