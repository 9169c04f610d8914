import { describe, expect, test } from '@jest/globals';
import { isqrt, l2NormalizeI8, quantizeMultiplier, requantize, roundHalfAway, scoreI8 } from '../../../host/nn/fixed.js';

/** Exact reference with BigInt: clamp(floor((acc*M + 2^(s-1)) / 2^s)). */
function requantBig(acc: number, M: number, s: number): number {
  const p = BigInt(acc) * BigInt(M) + (1n << BigInt(s - 1));
  let y = p >> BigInt(s); // BigInt >> is floor
  if (y < -128n) y = -128n;
  if (y > 127n) y = 127n;
  return Number(y);
}

describe('requantize', () => {
  const H = 2 ** 30;
  test('rounding half up and saturation (same cases as the C test)', () => {
    expect(requantize(1, H, 31)).toBe(1);
    expect(requantize(-1, H, 31)).toBe(0);
    expect(requantize(-3, H, 31)).toBe(-1);
    expect(requantize(1000, H, 32)).toBe(127);
    expect(requantize(400, H, 32)).toBe(100);
    expect(requantize(-514, H, 32)).toBe(-128);
    expect(requantize(-518, H, 32)).toBe(-128);
    expect(requantize(2147483647, 2147483647, 16)).toBe(127);
    expect(requantize(-2147483648, 2147483647, 16)).toBe(-128);
    expect(requantize(12345, 0, 31)).toBe(0);
    expect(requantize(-255, H, 62)).toBe(0);
  });
  test('matches 64-bit integer arithmetic on random operands', () => {
    let seed = 7;
    const rnd = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
    for (let i = 0; i < 20000; i++) {
      const acc = Math.floor((rnd() - 0.5) * 2 ** (1 + Math.floor(rnd() * 31)));
      const M = 2 ** 30 + Math.floor(rnd() * 2 ** 30);
      const s = 16 + Math.floor(rnd() * 47);
      expect(requantize(acc, M, s)).toBe(requantBig(acc, M, s));
    }
  });
});

describe('quantizeMultiplier', () => {
  test('decomposes m = M / 2^s with M in [2^30, 2^31)', () => {
    expect(quantizeMultiplier(0.25)).toEqual({ M: 2 ** 30, s: 32 });
    expect(quantizeMultiplier(0.5)).toEqual({ M: 2 ** 30, s: 31 });
    const m = 0.0123456;
    const f = quantizeMultiplier(m);
    expect(f.M).toBeGreaterThanOrEqual(2 ** 30);
    expect(f.M).toBeLessThan(2 ** 31);
    expect(Math.abs(f.M / 2 ** f.s - m) / m).toBeLessThan(2 ** -30);
    expect(quantizeMultiplier(0)).toEqual({ M: 0, s: 31 });
    expect(quantizeMultiplier(1e-30)).toEqual({ M: 0, s: 31 });
  });
  test('refuses a multiplier of 2^15 or more', () => {
    expect(() => quantizeMultiplier(40000)).toThrow(/too large/);
  });
});

describe('integer helpers', () => {
  test('roundHalfAway', () => {
    expect([2.5, -2.5, 0.49, -0.5, 1.5].map(roundHalfAway)).toEqual([3, -3, 0, -1, 2]);
  });
  test('isqrt is the floor square root', () => {
    for (const n of [0, 1, 2, 3, 4, 15, 16, 17, 2 ** 30, 2 ** 30 - 1, 999999999]) {
      const r = isqrt(n);
      expect(r * r).toBeLessThanOrEqual(n);
      expect((r + 1) * (r + 1)).toBeGreaterThan(n);
    }
  });
  test('L2 normalisation by hand', () => {
    // x = (3, -4): ss = 25, r = isqrt(6400) = 80; y = floor((a*4064 + 80) / 160)
    const y = new Int8Array(2);
    l2NormalizeI8(Int8Array.from([3, -4]), y);
    expect(Array.from(y)).toEqual([Math.floor((3 * 4064 + 80) / 160), -Math.floor((4 * 4064 + 80) / 160)]);
    expect(Array.from(y)).toEqual([76, -102]);
    l2NormalizeI8(Int8Array.from([-128, 0]), y);
    expect(Array.from(y)).toEqual([-127, 0]);
    l2NormalizeI8(Int8Array.from([0, 0]), y);
    expect(Array.from(y)).toEqual([0, 0]);
    expect(scoreI8(Int8Array.from([76, -102]), Int8Array.from([76, -102]))).toBe(76 * 76 + 102 * 102);
  });
});
