import { fft1, fft2 } from '../../../host/eval/fft.js';
import { BaselineMatcher, createBaseline } from '../../../host/eval/baseline.js';
import { ridgeImage } from '../data/fixtures.js';

test('FFT matches a direct DFT and inverts', () => {
  const n = 16;
  const re = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) + i * 0.1);
  const im = Float64Array.from({ length: n }, (_, i) => Math.cos(i * 0.3));
  const r0 = re.slice();
  const i0 = im.slice();
  fft1(re, im, n);
  for (let k = 0; k < n; k++) {
    let sr = 0;
    let si = 0;
    for (let t = 0; t < n; t++) {
      const a = (-2 * Math.PI * k * t) / n;
      sr += r0[t] * Math.cos(a) - i0[t] * Math.sin(a);
      si += r0[t] * Math.sin(a) + i0[t] * Math.cos(a);
    }
    expect(re[k]).toBeCloseTo(sr, 9);
    expect(im[k]).toBeCloseTo(si, 9);
  }
  // 2-D square (transpose path) and rectangular (strided path) round trips.
  for (const [w, h] of [[8, 8], [8, 4]]) {
    const a = Float64Array.from({ length: w * h }, (_, i) => (i * 7) % 5);
    const b = new Float64Array(w * h);
    const x = a.slice();
    fft2(x, b, w, h);
    expect(x[0]).toBeCloseTo(a.reduce((s, v) => s + v, 0), 9); // DC term
    fft2(x, b, w, h, true);
    x.forEach((v, i) => expect(v).toBeCloseTo(a[i], 9));
  }
  expect(() => fft1(new Float64Array(6), new Float64Array(6), 6)).toThrow(/power of two/);
});

test('baseline: same finger scores above other fingers; serialize round trip compares the same', async () => {
  const m = new BaselineMatcher();
  const img = (f: number, i: number) => ({ width: 96, height: 112, dpi: 500, data: ridgeImage(96, 112, f, i) });
  const a1 = await m.extract(img(1, 1));
  const a2 = await m.extract(img(1, 3));
  const b1 = await m.extract(img(2, 1));
  expect([a1.w, a1.h]).toEqual([48, 56]); // 500 → 250 dpi
  expect(a1.mask.some((v) => v === 1)).toBe(true);
  expect(a1.mask[0]).toBe(0); // white corner is background
  const same = m.compare(a1, a1);
  const genuine = m.compare(a1, a2);
  const impostor = m.compare(a1, b1);
  expect(same).toBeGreaterThan(0.95);
  expect(genuine).toBeGreaterThan(0.5);
  expect(genuine).toBeGreaterThan(impostor + 0.2);
  const back = m.deserialize(m.serialize(a2));
  expect(m.compare(a1, back)).toBe(genuine);
  expect(() => m.deserialize(new Uint8Array(10))).toThrow(RangeError);
});

test('baseline options: tiles=0 is the global-NCC variant with its own version; bad options refused', async () => {
  const g = createBaseline({ tiles: '0' });
  expect(g.version).toBe('2-global');
  expect(createBaseline().version).toBe('2');
  const img = (f: number, i: number) => ({ width: 96, height: 112, dpi: 500, data: ridgeImage(96, 112, f, i) });
  const [a1, a2, b1] = await Promise.all([g.extract(img(1, 1)), g.extract(img(1, 3)), g.extract(img(2, 1))]);
  expect(g.compare(a1, a2)).toBeGreaterThan(g.compare(a1, b1) + 0.2);
  expect(() => createBaseline({ tiles: '2' })).toThrow(/tiles must be 0 or 1/);
  expect(() => createBaseline({ x: '1' })).toThrow(/unknown option "x"/);
});
