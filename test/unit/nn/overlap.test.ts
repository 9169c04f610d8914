import { applyCells, cropCells, CROP_BACKGROUND, maskToOverlap } from '../../../host/nn/overlap.js';
import { fingerImages, validateDataConfig, type DataConfig } from '../../../host/train/data.js';

/** A 16×16 crop whose foreground (values ≠ 128) covers columns x0..x1−1. */
function crop(x0: number, x1: number): Uint8Array {
  const a = new Uint8Array(256).fill(CROP_BACKGROUND);
  for (let y = 0; y < 16; y++) for (let x = x0; x < x1; x++) a[y * 16 + x] = 40 + ((x * 7 + y * 3) % 150);
  return a;
}

test('crop cells: a cell is foreground from a quarter of its pixels off the background grey', () => {
  const a = crop(0, 5); // column cells 0 full, 1 a quarter (x = 4)
  expect(Array.from(cropCells(a, 16, 4).subarray(0, 4))).toEqual([1, 1, 0, 0]);
  expect(Array.from(cropCells(crop(0, 4), 16, 4).subarray(0, 4))).toEqual([1, 0, 0, 0]);
  expect(() => cropCells(a, 16, 5)).toThrow(/cannot be split in cells of 5/);
  expect(() => cropCells(a.subarray(0, 100), 16, 4)).toThrow(/cannot be split/);
});

test('mutual overlap: both crops keep exactly the cells both show, pixels there unchanged, the rest background; symmetric', () => {
  const a = crop(0, 12), b = crop(4, 16);
  const m = maskToOverlap(a, b, 16, 4);
  expect(m.shared).toBe(2 * 4); // cell columns 1 and 2, four rows
  for (let y = 0; y < 16; y++) for (let x = 0; x < 16; x++) {
    const inside = x >= 4 && x < 12;
    expect(m.a[y * 16 + x]).toBe(inside ? a[y * 16 + x] : CROP_BACKGROUND);
    expect(m.b[y * 16 + x]).toBe(inside ? b[y * 16 + x] : CROP_BACKGROUND);
  }
  const r = maskToOverlap(b, a, 16, 4);
  expect(r.a).toEqual(m.b);
  expect(r.b).toEqual(m.a);
  // inputs untouched; no overlap leaves two blank crops
  expect(a).toEqual(crop(0, 12));
  const none = maskToOverlap(crop(0, 4), crop(12, 16), 16, 4);
  expect(none.shared).toBe(0);
  expect(none.a.every((v) => v === CROP_BACKGROUND) && none.b.every((v) => v === CROP_BACKGROUND)).toBe(true);
  expect(applyCells(a, new Uint8Array(16).fill(1), 16, 4)).toEqual(a);
});

test('overlap-masking augmentation: the drawn share of fingers have each pair of impressions masked to their overlap, deterministic, off by default', () => {
  const base: DataConfig = { seed: 5150, fingers: 4, impressions: 4, width: 288, height: 384, dpis: [250], rotation: 15 };
  const pre = { size: 96, dpi: 250, block: 8, stdMin: 12, minFgPct: 30, minRidgePct: 25, register: 3 as const };
  expect(() => validateDataConfig({ ...base, overlap: { p: 2 } })).toThrow(/data.overlap.p must be a fraction/);
  let masked = 0;
  for (let id = 1; id <= 8; id++) {
    const plain = fingerImages(base, id, 4, pre);
    const got = fingerImages({ ...base, overlap: { p: 0.5 } }, id, 4, pre);
    expect(fingerImages({ ...base, overlap: { p: 0.5 } }, id, 4, pre)).toEqual(got);
    expect(fingerImages({ ...base, overlap: { p: 1 } }, id, 4, pre)).toEqual([0, 2].flatMap((i) => { const m = maskToOverlap(plain[i], plain[i + 1], 96); return [m.a, m.b]; }));
    if (got.some((g, i) => !g.every((v, k) => v === plain[i][k]))) masked++;
  }
  expect(masked).toBeGreaterThan(0);
  expect(masked).toBeLessThan(8);
});
