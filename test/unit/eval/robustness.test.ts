/** Robustness curves (host/eval/robustness.ts): the probe transformations and one tiny run. */
import '../../../host/eval/builtin.js';
import { createMatcher } from '../../../host/eval/matcher.js';
import { cropToOverlap, foregroundMask } from '../../../host/nn/contact.js';
import { resampleDpi, rotatedImpression, RobustnessError } from '../../../host/eval/probeviews.js';
import { runRobustness, TRAINING_CONDITIONS } from '../../../host/eval/robustness.js';
import type { GreyImage } from '../../../host/data/grey.js';
import { areaResize } from '../../../host/nn/preprocess.js';
import { drawTransform, makeImpression, makeMaster, resolveParams } from '../../../host/synth/index.js';

const SEED = 9300001;
const P = resolveParams(TRAINING_CONDITIONS);
const master = makeMaster(P, SEED, 3);
const im = makeImpression(master, P, SEED, 2);
const img: GreyImage = { width: im.width, height: im.height, dpi: im.dpi, data: im.data };
const count = (m: Uint8Array): number => m.reduce((a, v) => a + v, 0);

/**
 * Correlation of `b` with `a` rotated by `deg` about the impression's placement centre (the output
 * point the generator rotates about), over the foreground of `b`.
 */
function rotatedCorrelation(a: GreyImage, b: GreyImage, deg: number, cx: number, cy: number): number {
  const c = Math.cos((deg * Math.PI) / 180), s = Math.sin((deg * Math.PI) / 180);
  const m = foregroundMask(b);
  const xs: number[] = [], ys: number[] = [];
  for (let v = 0; v < b.height; v++) for (let u = 0; u < b.width; u++) {
    const ox = u - cx, oy = v - cy;
    const x = Math.round(cx + c * ox + s * oy), y = Math.round(cy - s * ox + c * oy);
    if (!m[v * b.width + u] || x < 0 || y < 0 || x >= a.width || y >= a.height) continue;
    xs.push(a.data[y * a.width + x]);
    ys.push(b.data[v * b.width + u]);
  }
  const mean = (z: number[]): number => z.reduce((p, q) => p + q, 0) / z.length;
  const mx = mean(xs), my = mean(ys);
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < xs.length; i++) { sxy += (xs[i] - mx) * (ys[i] - my); sxx += (xs[i] - mx) ** 2; syy += (ys[i] - my) ** 2; }
  return sxy / Math.sqrt(sxx * syy);
}

test('resampled probes have the size and resolution of the new sensor: area averaging down, bilinear up', () => {
  const r333 = resampleDpi(img, 333);
  expect([r333.width, r333.height, r333.dpi]).toEqual([191, 255, 333]);
  const r1000 = resampleDpi(img, 1000);
  expect([r1000.width, r1000.height, r1000.dpi]).toEqual([576, 768, 1000]);
  // Halving is exact 2×2 averaging (the preprocessing's own area resize gives the same bytes).
  const r250 = resampleDpi(img, 250);
  expect([r250.width, r250.height, r250.dpi]).toEqual([144, 192, 250]);
  expect(Buffer.from(r250.data).equals(Buffer.from(areaResize(img.data, 384, 288, 192, 144)))).toBe(true);
  // Same resolution: the same pixels; the mean grey level survives every resampling.
  expect(Buffer.from(resampleDpi(img, 500).data).equals(Buffer.from(img.data))).toBe(true);
  const mean = (g: GreyImage): number => g.data.reduce((a, v) => a + v, 0) / g.data.length;
  for (const g of [r333, r1000, resampleDpi(img, 750)]) expect(Math.abs(mean(g) - mean(img))).toBeLessThan(1.5);
  expect(() => resampleDpi(img, 50)).toThrow(RobustnessError);
});

test('cropped probes keep the asked fraction of their foreground; the rest is background grey', () => {
  const fg0 = foregroundMask(img);
  expect(count(fg0) / fg0.length).toBeGreaterThan(0.4);
  for (const [f, angle] of [[0.8, 0.3], [0.4, 2.5], [0.3, 4.4]]) {
    const { image, kept } = cropToOverlap(img, f, angle);
    expect([image.width, image.height, image.dpi]).toEqual([img.width, img.height, img.dpi]);
    expect(Math.abs(kept - f)).toBeLessThan(0.01);
    // Segmented again (as the matcher's preprocessing sees it): about f of the original foreground left.
    const fg1 = foregroundMask(image);
    let both = 0;
    for (let i = 0; i < fg0.length; i++) if (fg0[i] && fg1[i]) both++;
    expect(Math.abs(both / count(fg0) - f)).toBeLessThan(0.08);
    // Changed pixels all take one grey value, the background's level.
    const changed = new Set<number>();
    for (let i = 0; i < img.data.length; i++) if (image.data[i] !== img.data[i]) changed.add(image.data[i]);
    expect(changed.size).toBe(1);
    expect([...changed][0]).toBeGreaterThan(150);
  }
  expect(cropToOverlap(img, 1, 0).kept).toBe(1);
  expect(() => cropToOverlap(img, 0, 0)).toThrow(/overlap 0 is outside/);
});

test('rotated probes are the generator\'s own impression with its rotation forced', () => {
  const t = drawTransform(master, P, SEED, 2);
  expect(Buffer.from(rotatedImpression(master, P, SEED, 2, t.rotation).data).equals(Buffer.from(im.data))).toBe(true);
  // The rotation-0 render turned by +30° about the placement centre matches the +30° render; −30° does not.
  const r0 = rotatedImpression(master, P, SEED, 2, 0), r30 = rotatedImpression(master, P, SEED, 2, 30);
  const [cx, cy] = [P.width / 2 + t.dx, P.height / 2 + t.dy];
  const good = rotatedCorrelation(r0, r30, 30, cx, cy);
  expect(good).toBeGreaterThan(0.5);
  expect(rotatedCorrelation(r0, r30, -30, cx, cy)).toBeLessThan(good / 2);
  expect(rotatedCorrelation(r0, r30, 0, cx, cy)).toBeLessThan(good / 2);
});

test('a tiny run: one point per factor with FVC pair counts, and held-out seeds only', async () => {
  const matcher = createMatcher('int8');
  const ticks: number[] = [];
  const r = await runRobustness({ matcher, fingers: 4, impressions: 4, values: { rotation: [30], overlap: [0.5], resolution: [333] }, onProgress: (d, t) => ticks.push(d / t) });
  expect(r.kind).toBe('whorl-robustness');
  expect(r.matcher.id).toBe('int8');
  expect(r.generator).toMatchObject({ seed: SEED, fingers: 4, impressions: 4, params: { width: 288, height: 384, dpi: 500, rotation: 15 } });
  expect(r.points.map((p) => [p.factor, p.value])).toEqual([['rotation', 30], ['overlap', 0.5], ['resolution', 333]]);
  for (const p of r.points) {
    expect([p.genuine, p.impostor]).toEqual([4 * 6, 6]);
    for (const v of [p.eer, p.eerLow, p.eerHigh, p.fmr100, p.fmr1000, p.zeroFmr]) expect(v >= 0 && v <= 1).toBe(true);
    expect(p.eerLow).toBeLessThanOrEqual(p.eerHigh);
  }
  expect(r.points[2].ratio).toBeCloseTo(0.666, 3);
  expect(Math.abs(r.points[1].kept!.mean - 0.5)).toBeLessThan(0.01);
  // 16 images per set: enrolled and probe per factor; the base impressions are extracted once.
  expect(r.run.images).toBe(96);
  expect(r.run.extracted).toBe(16 * 5);
  expect(ticks[ticks.length - 1]).toBe(1);
  await expect(runRobustness({ matcher, fingers: 2, seed: 20261125, excludeSeeds: [20261125, 77000001] })).rejects.toThrow(/training or validation seed/);
  await expect(runRobustness({ matcher, fingers: 2, values: { overlap: [1.5] }, factors: ['overlap'] })).rejects.toThrow(/overlap: value 1.5 out of range/);
}, 180000);
