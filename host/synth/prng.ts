/**
 * Fast seeded pseudo-random numbers. Every random stream in the generator is derived from
 * (seed, finger, impression, stream) by `deriveSeed`, so no generator state is ever shared between
 * items and the output does not depend on the order or the worker in which items are made.
 */

/** Mixes a 32-bit value (murmur3 finaliser). */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Derives an independent 32-bit seed from a list of integers (seed, finger, impression, stream...). */
export function deriveSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    const lo = p >>> 0;
    const hi = Math.floor(p / 4294967296) >>> 0;
    h = mix32((h ^ lo) + 0x7f4a7c15);
    h = mix32((h ^ hi) + 0x165667b1);
  }
  return h;
}

/** Named streams, so that adding a stream never shifts the numbers of another one. */
export const STREAM = {
  fingerClass: 1,
  singularities: 2,
  shape: 3,
  frequency: 4,
  seeds: 5,
  orientation: 6,
  skin: 7,
  transform: 11,
  contact: 12,
  pressure: 13,
  noise: 14,
  scratches: 15,
  background: 16,
  distortion: 17,
} as const;

/** sfc32-style generator with 32-bit state words; uniform doubles in [0, 1). */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = 0;
  private hasSpare = false;

  constructor(seed: number) {
    this.a = mix32(seed ^ 0xdeadbeef);
    this.b = mix32(seed + 0x6a09e667);
    this.c = mix32(seed ^ 0x3c6ef372);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  /** Next unsigned 32-bit integer. */
  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform double in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform double in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Uniform integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** Standard normal deviate (Box–Muller, caches the second value). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u = this.next();
    if (u < 1e-12) u = 1e-12;
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    this.hasSpare = true;
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Cheap approximately normal deviate (sum of four uniform bytes, unit variance), for pixel noise. */
  fastNormal(): number {
    const u = this.nextU32();
    return ((u & 255) + ((u >>> 8) & 255) + ((u >>> 16) & 255) + (u >>> 24) - 510) * 0.006766;
  }

  /** Picks an index with probability proportional to `weights`. */
  pick(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) return i;
    }
    return weights.length - 1;
  }
}

/** A generator for one stream of one item. */
export function rngFor(seed: number, finger: number, impression: number, stream: number): Rng {
  return new Rng(deriveSeed(seed, finger, impression, stream));
}

/**
 * Smooth random field (value noise on a coarse lattice, bicubic-smoothstep interpolated) in [-1, 1],
 * written into `out` (width×height). `cell` is the lattice spacing in pixels.
 */
export function smoothNoise(rng: Rng, width: number, height: number, cell: number, out?: Float32Array): Float32Array {
  const dst = out ?? new Float32Array(width * height);
  const gw = Math.ceil(width / cell) + 2;
  const gh = Math.ceil(height / cell) + 2;
  const grid = new Float32Array(gw * gh);
  for (let i = 0; i < grid.length; i++) grid[i] = rng.next() * 2 - 1;
  const inv = 1 / cell;
  const cix = new Int32Array(width);
  const ctx = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const gx = x * inv;
    const ix = Math.floor(gx);
    const tx = gx - ix;
    cix[x] = ix;
    ctx[x] = tx * tx * (3 - 2 * tx);
  }
  for (let y = 0; y < height; y++) {
    const gy = y * inv;
    const iy = Math.floor(gy);
    let ty = gy - iy;
    ty = ty * ty * (3 - 2 * ty);
    const r0 = iy * gw;
    const r1 = r0 + gw;
    for (let x = 0; x < width; x++) {
      const ix = cix[x];
      const tx = ctx[x];
      const a = grid[r0 + ix] + (grid[r0 + ix + 1] - grid[r0 + ix]) * tx;
      const b = grid[r1 + ix] + (grid[r1 + ix + 1] - grid[r1 + ix]) * tx;
      dst[y * width + x] = a + (b - a) * ty;
    }
  }
  return dst;
}
