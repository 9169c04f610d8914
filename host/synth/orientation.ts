/**
 * Orientation field of a master fingerprint from its singular points (SFinGe): the Sherlock–Monro
 * zero-pole model θ(z) = θ∞ + ½[Σ arg(z − d_k) − Σ arg(z − c_k)] over deltas d_k and cores c_k,
 * with a correction that bends the ridges far above the cores into fingertip arches and straightens
 * them below the deltas, and a separate arch model for the class without singularities.
 * Angles are ridge directions in image coordinates (x right, y down), modulo π.
 */
import type { FingerClass, Point } from './types.js';
import type { Rng } from './prng.js';
import type { Shape } from './shape.js';

export interface Singularities {
  cores: Point[];
  deltas: Point[];
}

/** Places cores and deltas for a class, relative to the finger silhouette. */
export function placeSingularities(cls: FingerClass, s: Shape, rng: Rng): Singularities {
  const w = (s.left + s.right) / 2;
  const h = s.top;
  const cx = s.cx + rng.normal() * 0.06 * w;
  const cy = s.cy - h * rng.uniform(0.05, 0.3);
  switch (cls) {
    case 'arch':
      return { cores: [], deltas: [] };
    case 'tented_arch': {
      const core = { x: cx, y: cy };
      const delta = { x: cx + rng.normal() * 0.05 * w, y: cy + h * rng.uniform(0.35, 0.55) };
      return { cores: [core], deltas: [delta] };
    }
    case 'left_loop':
    case 'right_loop': {
      const side = cls === 'left_loop' ? 1 : -1;
      const core = { x: cx - side * rng.uniform(0, 0.15) * w, y: cy };
      const delta = {
        x: core.x + side * w * rng.uniform(0.45, 0.8),
        y: core.y + h * rng.uniform(0.55, 0.9),
      };
      return { cores: [core], deltas: [delta] };
    }
    case 'whorl': {
      const sep = rng.uniform(0.04, 0.22) * w;
      const ang = rng.uniform(-1.2, 1.2) + Math.PI / 2 * (rng.next() < 0.5 ? 0 : 1);
      const c1 = { x: cx + Math.cos(ang) * sep / 2, y: cy + 0.1 * h + Math.sin(ang) * sep / 2 };
      const c2 = { x: cx - Math.cos(ang) * sep / 2, y: cy + 0.1 * h - Math.sin(ang) * sep / 2 };
      const dy = h * rng.uniform(0.55, 0.85);
      const d1 = { x: cx - w * rng.uniform(0.5, 0.8), y: cy + dy + rng.normal() * 0.08 * h };
      const d2 = { x: cx + w * rng.uniform(0.5, 0.8), y: cy + dy + rng.normal() * 0.08 * h };
      return { cores: [c1, c2], deltas: [d1, d2] };
    }
  }
}

/** Parameters of the field correction and arch model, drawn once per finger. */
export interface FieldStyle {
  /** Curvature of the fingertip arches above the top singularity. */
  tipCurvature: number;
  /** Arch bump amplitude (arch class) and its width, relative to the finger half width. */
  archAmplitude: number;
  archWidth: number;
  archCentreY: number;
}

export function randomStyle(rng: Rng): FieldStyle {
  return {
    tipCurvature: rng.uniform(0.6, 1.1),
    archAmplitude: rng.uniform(0.7, 1.4),
    archWidth: rng.uniform(0.3, 0.5),
    archCentreY: rng.uniform(0.0, 0.35),
  };
}

/**
 * Computes the orientation field over a width×height canvas. Returns cos 2θ and sin 2θ planes
 * (the doubled-angle form the Gabor bank is indexed by) and θ itself.
 */
export function orientationField(
  cls: FingerClass,
  sing: Singularities,
  s: Shape,
  style: FieldStyle,
  width: number,
  height: number,
  mask?: Float32Array,
): Float32Array {
  const theta = new Float32Array(width * height);
  const w = (s.left + s.right) / 2;
  let topY = s.cy;
  for (const c of sing.cores) topY = Math.min(topY, c.y);
  let botY = -Infinity;
  for (const d of sing.deltas) botY = Math.max(botY, d.y);
  const { cores, deltas } = sing;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (mask && mask[y * width + x] <= 0) continue;
      let t: number;
      const u = (x - s.cx) / w;
      if (cls === 'arch') {
        const sigma = style.archWidth;
        const vy = (y - (s.cy + style.archCentreY * s.top)) / (0.55 * s.top);
        const amp = style.archAmplitude * Math.exp(-vy * vy);
        // Ridge y(x) = y0 − a·exp(−u²/2σ²) (a bump upwards): slope dy/dx = a·u/σ²·exp(...).
        const slope = (amp * u) / (sigma * sigma) * Math.exp((-u * u) / (2 * sigma * sigma)) * 0.9;
        t = Math.atan(slope);
      } else {
        let a = 0;
        for (const c of cores) a += Math.atan2(y - c.y, x - c.x);
        for (const d of deltas) a -= Math.atan2(y - d.y, x - d.x);
        t = a / 2;
      }
      // Fingertip correction: above the highest core the ridges follow the tip as arches (∩).
      if (y < topY) {
        const dv = (topY - y) / s.top;
        const wgt = Math.min(1, dv * 1.6);
        const tip = Math.atan(style.tipCurvature * u * 1.2);
        t = blendAngle(t, tip, wgt * wgt * 0.8);
      }
      // Below the lowest delta the ridges flatten towards the crease.
      if (deltas.length > 0 && y > botY) {
        const dv = Math.min(1, (y - botY) / (0.6 * s.bottom));
        t = blendAngle(t, 0, dv * dv * 0.6);
      }
      theta[y * width + x] = t;
    }
  }
  return theta;
}

/** Blends two orientations (mod π) with weight w on the second one, in the doubled-angle domain. */
export function blendAngle(a: number, b: number, w: number): number {
  const c = (1 - w) * Math.cos(2 * a) + w * Math.cos(2 * b);
  const s = (1 - w) * Math.sin(2 * a) + w * Math.sin(2 * b);
  return Math.atan2(s, c) / 2;
}
