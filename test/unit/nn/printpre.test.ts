import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PRINT_PRE, Quality, preprocessPrint } from '../../../host/nn/printpre.js';
import { printVectors } from '../../../host/nn/golden.js';
import { makeImpression, makeMaster, resolveParams } from '../../../host/synth/index.js';
import { transformImage } from './imgtransform.js';

const dir = fileURLToPath(new URL('../../../../test/vectors/nn', import.meta.url));
const P = resolveParams({ width: 288, height: 384, dpi: 500, rotation: 0 });
const print = makeImpression(makeMaster(P, 31, 5), P, 31, 1);

test('golden vectors (print.vec) are what the TS preprocessing gives today', () => {
  expect(Buffer.from(printVectors()).equals(readFileSync(`${dir}/print.vec`))).toBe(true);
});

/** Pearson correlation of two equally long pixel lists. */
function correlation(u: number[], v: number[]): number {
  const mean = (z: number[]): number => z.reduce((s, t) => s + t, 0) / z.length;
  const mu = mean(u), mv = mean(v);
  return mean(u.map((t, i) => (t - mu) * (v[i] - mv))) / Math.sqrt(mean(u.map((t) => (t - mu) ** 2)) * mean(v.map((t) => (t - mv) ** 2)));
}

/** Mean absolute difference of two size×size images over pixels both call foreground (≠ 128). */
function diff(a: Uint8Array, b: Uint8Array): number {
  let s = 0, n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== 128 && b[i] !== 128) { s += Math.abs(a[i] - b[i]); n++; }
  return n ? s / n : 255;
}

test('the same print placed anywhere on a larger sensor registers to the same frame (within 2 blocks, 16 px = 1.6 mm at 250 dpi: the block grid quantizes the centroid)', () => {
  const H = 520, W = 420;
  const place = (oy: number, ox: number): Uint8Array => {
    const c = new Uint8Array(H * W).fill(255);
    for (let y = 0; y < print.height; y++) c.set(print.data.subarray(y * print.width, (y + 1) * print.width), (y + oy) * W + ox);
    return c;
  };
  const base = preprocessPrint(place(0, 0), H, W, 500);
  expect(base.reason).toBe(Quality.OK);
  for (const [dy, dx] of [[40, 30], [136, 0], [10, 132], [100, 100]]) {
    const r = preprocessPrint(place(dy, dx), H, W, 500);
    expect(Math.abs(r.cy - base.cy - dy / 2)).toBeLessThanOrEqual(16);
    expect(Math.abs(r.cx - base.cx - dx / 2)).toBeLessThanOrEqual(16);
    expect(r.quality).toBeGreaterThanOrEqual(base.quality - 10);
  }
});

test('rotation: the crop centre follows the print as it turns (±25°, within 3 blocks, 24 px at 250 dpi: borders cut part of the turned print); orientation is left to the network', () => {
  const base = preprocessPrint(print.data, print.height, print.width, 500);
  for (const deg of [-25, 10, 25]) {
    const rot = transformImage(print.data, print.height, print.width, deg, 0, 0, 255);
    const r = preprocessPrint(rot, print.height, print.width, 500);
    expect(r.reason).toBe(Quality.OK);
    // where the base centre lands when the image turns about its middle (source pixels → 250 dpi)
    const a = (deg * Math.PI) / 180, yy = 2 * base.cy - print.height / 2, xx = 2 * base.cx - print.width / 2;
    const ey = (print.height / 2 + Math.cos(a) * yy + Math.sin(a) * xx) / 2, ex = (print.width / 2 - Math.sin(a) * yy + Math.cos(a) * xx) / 2;
    expect(Math.hypot(r.cy - ey, r.cx - ex)).toBeLessThanOrEqual(24);
  }
});

test('resolution: the same print at 500 and 1000 dpi gives nearly the same network input', () => {
  const a = preprocessPrint(print.data, print.height, print.width, 500);
  const up = new Uint8Array(print.height * 2 * print.width * 2);
  for (let y = 0; y < print.height * 2; y++) for (let x = 0; x < print.width * 2; x++) up[y * print.width * 2 + x] = print.data[(y >> 1) * print.width + (x >> 1)];
  const b = preprocessPrint(up, print.height * 2, print.width * 2, 1000);
  expect(b.cy).toBe(a.cy);
  expect(b.cx).toBe(a.cx);
  expect(diff(a.image, b.image)).toBeLessThan(2);
});

test('lead: the crop starts lead pixels above and left of the registration point (size / 2 when absent)', () => {
  const a = preprocessPrint(print.data, print.height, print.width, 500);
  expect(preprocessPrint(print.data, print.height, print.width, 500, { ...DEFAULT_PRINT_PRE, lead: DEFAULT_PRINT_PRE.size / 2 })).toEqual(a);
  // a 112-pixel crop with lead 48 holds the centred 96-pixel crop in its top-left corner (the same pixels up to
  // the crop's own contrast normalisation, which is linear): correlation near 1
  const b = preprocessPrint(print.data, print.height, print.width, 500, { ...DEFAULT_PRINT_PRE, size: 112, lead: 48 });
  expect([b.cy, b.cx]).toEqual([a.cy, a.cx]);
  const S = DEFAULT_PRINT_PRE.size;
  const u = Array.from(a.image), v = Array.from({ length: S * S }, (_, i) => b.image[Math.floor(i / S) * 112 + (i % S)]);
  expect(correlation(u, v)).toBeGreaterThan(0.98);
  expect(() => preprocessPrint(print.data, print.height, print.width, 500, { ...DEFAULT_PRINT_PRE, lead: 97 })).toThrow(/preprocessing parameters out of range/);
});

test('crop shift: the crop moves by whole pixels from the same registration point; out-of-range shifts are refused', () => {
  const a = preprocessPrint(print.data, print.height, print.width, 500);
  expect(preprocessPrint(print.data, print.height, print.width, 500, DEFAULT_PRINT_PRE, { dy: 0, dx: 0 })).toEqual(a);
  const b = preprocessPrint(print.data, print.height, print.width, 500, DEFAULT_PRINT_PRE, { dy: 16, dx: -8 });
  expect([b.cy, b.cx, b.core]).toEqual([a.cy, a.cx, a.core]); // registration is not moved, only the crop
  // the rows and columns both crops hold are the same pixels up to each crop's contrast normalisation
  const S = DEFAULT_PRINT_PRE.size;
  const u: number[] = [], v: number[] = [];
  for (let y = 16; y < S; y++) for (let x = 0; x < S - 8; x++) { u.push(a.image[y * S + x]); v.push(b.image[(y - 16) * S + x + 8]); }
  expect(correlation(u, v)).toBeGreaterThan(0.98);
  expect(() => preprocessPrint(print.data, print.height, print.width, 500, DEFAULT_PRINT_PRE, { dy: 0.5, dx: 0 })).toThrow(/crop shift .* must be whole pixels within ±96/);
  expect(() => preprocessPrint(print.data, print.height, print.width, 500, DEFAULT_PRINT_PRE, { dy: 0, dx: -97 })).toThrow(/crop shift/);
});

test('unusable images are refused with a reason code and a quality score', () => {
  const blank = preprocessPrint(new Uint8Array(300 * 300).fill(240), 300, 300, 500);
  expect(blank.reason).toBe(Quality.BLANK);
  expect(blank.quality).toBe(0);
  let s = 7;
  const noise = Uint8Array.from({ length: 300 * 300 }, () => { s = (s * 1103515245 + 12345) >>> 0; return s >>> 24; });
  expect(preprocessPrint(noise, 300, 300, 500).reason).toBe(Quality.NO_RIDGES);
  const corner = print.data.map((v, i) => ((i % print.width) < print.width * 0.75 || Math.floor(i / print.width) < print.height * 0.7 ? 255 : v));
  const part = preprocessPrint(corner, print.height, print.width, 500);
  expect(part.reason).toBe(Quality.SMALL_AREA);
  const good = preprocessPrint(print.data, print.height, print.width, 500);
  expect(good.quality).toBeGreaterThan(60);
  expect(() => preprocessPrint(print.data, print.height, print.width, 50)).toThrow(/resolution 50 dpi/);
  expect(() => preprocessPrint(print.data, 0, 10, 500)).toThrow(/sides must be/);
  expect(() => preprocessPrint(print.data, print.height, print.width, 500, { ...DEFAULT_PRINT_PRE, block: 7 })).toThrow(/parameters out of range/);
  expect(() => preprocessPrint(print.data, print.height, print.width, 500, { ...DEFAULT_PRINT_PRE, register: 5 as 4 })).toThrow(/parameters out of range/);
});

/** Where the crop centre (resampled 250 dpi pixels) lies on the finger: master coordinates at 500 dpi. */
function onMaster(m: ReturnType<typeof makeMaster>, p: typeof P, t: ReturnType<typeof makeImpression>['transform'], cy: number, cx: number): [number, number] {
  const ox = 2 * cx - p.width / 2 - t.dx, oy = 2 * cy - p.height / 2 - t.dy;
  const r = (t.rotation * Math.PI) / 180;
  return [m.shape.cx + Math.cos(r) * ox + Math.sin(r) * oy, m.shape.cy - 0.1 * m.shape.top - Math.sin(r) * ox + Math.cos(r) * oy];
}

test('core registration: impressions of one finger (shift, ±15° rotation, partial contact, distortion) are cropped around the same point of the finger, about twice as tightly as by the foreground centroid', () => {
  const p = resolveParams({ width: 288, height: 384, dpi: 500, rotation: 15 });
  let core = 0, centroid = 0, found = 0, total = 0;
  const spread = (pts: Array<[number, number]>): number => {
    const mx = pts.reduce((s, q) => s + q[0], 0) / pts.length, my = pts.reduce((s, q) => s + q[1], 0) / pts.length;
    return Math.sqrt(pts.reduce((s, q) => s + (q[0] - mx) ** 2 + (q[1] - my) ** 2, 0) / pts.length);
  };
  const F = 12;
  for (let f = 1; f <= F; f++) {
    const m = makeMaster(p, 77000001, f);
    const a: Array<[number, number]> = [], b: Array<[number, number]> = [];
    for (let k = 1; k <= 4; k++) {
      const im = makeImpression(m, p, 77000001, k);
      const rc = preprocessPrint(im.data, im.height, im.width, 500);
      const r0 = preprocessPrint(im.data, im.height, im.width, 500, { ...DEFAULT_PRINT_PRE, register: 0 });
      total++;
      if (rc.core) found++;
      a.push(onMaster(m, p, im.transform, rc.cy, rc.cx));
      b.push(onMaster(m, p, im.transform, r0.cy, r0.cx));
    }
    core += spread(a) / F;
    centroid += spread(b) / F;
  }
  expect(found).toBeGreaterThanOrEqual(Math.ceil(0.9 * total));
  expect(core).toBeLessThan(12); // master pixels at 500 dpi: under 0.6 mm
  expect(core).toBeLessThan(0.65 * centroid);
});

test('registers 2 and 3 (field smoothed up to the foreground edge, and one block past it) find the core in more impressions and register fewer genuine pairs differently (core in one, centroid in the other) than register 1', () => {
  const p = resolveParams({ width: 288, height: 384, dpi: 500, rotation: 15 });
  const found = [0, 0, 0], mixed = [0, 0, 0], moved = [0, 0];
  for (let f = 1; f <= 30; f++) {
    const m = makeMaster(p, 77000001, f);
    const core: boolean[][] = [[], [], []];
    for (let k = 1; k <= 4; k++) {
      const im = makeImpression(m, p, 77000001, k);
      const r = ([1, 2, 3] as const).map((register) => preprocessPrint(im.data, im.height, im.width, 500, { ...DEFAULT_PRINT_PRE, register }));
      r.forEach((x, i) => { core[i].push(x.core); if (x.core) found[i]++; });
      for (let i = 0; i < 2; i++) if (r[i].cy !== r[i + 1].cy || r[i].cx !== r[i + 1].cx) moved[i]++;
    }
    for (let i = 0; i < 3; i++) for (let a = 0; a < 4; a++) for (let b = a + 1; b < 4; b++) if (core[i][a] !== core[i][b]) mixed[i]++;
  }
  expect(found[1]).toBeGreaterThan(found[0]);
  expect(found[2]).toBeGreaterThan(found[1]);
  expect(mixed[1]).toBeLessThan(mixed[0]);
  expect(mixed[2]).toBeLessThan(mixed[1]);
  // only impressions near the edge move
  expect(moved[0]).toBeLessThan(0.15 * 120);
  expect(moved[1]).toBeLessThan(0.15 * 120);
});

test('register 4 (the core refined to the pixel): two impressions of one finger are cropped around points of the finger much closer together than with the block core (register 3), which it moves by at most 2 blocks', () => {
  const p = resolveParams({ width: 288, height: 384, dpi: 500, rotation: 15 });
  const d3: number[] = [], d4: number[] = [];
  let refined = 0, cores = 0;
  for (let f = 1; f <= 12; f++) {
    const m = makeMaster(p, 77000001, f);
    const pts: Array<{ a: [number, number]; b: [number, number] }> = [];
    for (let k = 1; k <= 4; k++) {
      const im = makeImpression(m, p, 77000001, k);
      const r3 = preprocessPrint(im.data, im.height, im.width, 500, { ...DEFAULT_PRINT_PRE, register: 3 });
      const r4 = preprocessPrint(im.data, im.height, im.width, 500, { ...DEFAULT_PRINT_PRE, register: 4 });
      expect(r4.core).toBe(r3.core);
      if (!r3.core) continue;
      cores++;
      expect(Math.abs(r4.cy - r3.cy)).toBeLessThanOrEqual(16);
      expect(Math.abs(r4.cx - r3.cx)).toBeLessThanOrEqual(16);
      if (r4.cy !== r3.cy || r4.cx !== r3.cx) refined++;
      pts.push({ a: onMaster(m, p, im.transform, r3.cy, r3.cx), b: onMaster(m, p, im.transform, r4.cy, r4.cx) });
    }
    for (let i = 0; i < pts.length; i++) for (let j = i + 1; j < pts.length; j++) {
      d3.push(Math.hypot(pts[i].a[0] - pts[j].a[0], pts[i].a[1] - pts[j].a[1]));
      d4.push(Math.hypot(pts[i].b[0] - pts[j].b[0], pts[i].b[1] - pts[j].b[1]));
    }
  }
  const median = (v: number[]): number => v.slice().sort((x, y) => x - y)[v.length >> 1];
  expect(refined).toBeGreaterThan(0.8 * cores);
  expect(median(d4)).toBeLessThan(0.6 * median(d3));
  expect(median(d4)).toBeLessThan(6); // master pixels at 500 dpi: 0.3 mm
});
