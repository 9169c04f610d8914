import { batchClass, batchPeriod, cutImpression, fingerImages, fingerMaster, fingerOffset, makeBatch, validateDataConfig, type DataConfig } from '../../../host/train/data.js';
import { foregroundMask } from '../../../host/nn/contact.js';
import { makeImpression } from '../../../host/synth/index.js';
import { preprocessPrint } from '../../../host/nn/printpre.js';
import { FINGER_CLASSES, NATURAL_CLASS_WEIGHTS } from '../../../host/synth/types.js';

const base: DataConfig = { seed: 5150, fingers: 4, impressions: 2, width: 288, height: 384, dpis: [250], rotation: 15 };

test('same-class batches: the requested fraction of batches, classes in natural proportions, every finger of such a batch of that class', () => {
  const firsts = Array.from({ length: 4000 }, (_, b) => 1 + b * base.fingers);
  expect(firsts.every((f) => batchClass(base, f) === null)).toBe(true);
  expect(firsts.every((f) => batchClass({ ...base, sameClass: 0 }, f) === null)).toBe(true);
  const half = firsts.map((f) => batchClass({ ...base, sameClass: 0.5 }, f));
  const share = half.filter((k) => k !== null).length / firsts.length;
  expect(share).toBeGreaterThan(0.46);
  expect(share).toBeLessThan(0.54);
  const all = firsts.map((f) => batchClass({ ...base, sameClass: 1 }, f));
  for (const k of FINGER_CLASSES) {
    const got = all.filter((x) => x === k).length / all.length;
    expect(Math.abs(got - NATURAL_CLASS_WEIGHTS[k])).toBeLessThan(0.03);
  }
  // deterministic: the same batch gets the same class in any process and order
  expect(firsts.map((f) => batchClass({ ...base, sameClass: 0.5 }, f))).toEqual(half);
  const first = firsts.find((f, i) => half[i] === 'whorl') ?? 1;
  for (let id = first; id < first + base.fingers; id++) expect(fingerMaster({ ...base, sameClass: 0.5 }, id, { cls: 'whorl' }).m.cls).toBe('whorl');
  const b = makeBatch({ ...base, sameClass: 0.5 }, first);
  expect(Array.from(b.labels)).toEqual([first, first, first + 1, first + 1, first + 2, first + 2, first + 3, first + 3]);
  expect(() => validateDataConfig({ ...base, sameClass: 1.5 })).toThrow(/data.sameClass must be a fraction/);
});

test('period bands: a same-class batch\'s fingers draw their ridge period from one narrow band, other batches from the whole range', () => {
  const cfg: DataConfig = { ...base, sameClass: 0.5, samePeriod: 0.4 };
  const firsts = Array.from({ length: 400 }, (_, b) => 1 + b * base.fingers);
  const bands = firsts.map((f) => batchPeriod(cfg, f));
  firsts.forEach((f, i) => expect(bands[i] === undefined).toBe(batchClass(cfg, f) === null));
  const drawn = bands.filter((b): b is [number, number] => b !== undefined);
  for (const [a, b] of drawn) {
    expect(b - a).toBeCloseTo(0.4, 12);
    expect(a).toBeGreaterThanOrEqual(8.2);
    expect(b).toBeLessThanOrEqual(10.6);
  }
  expect(Math.min(...drawn.map((b) => b[0]))).toBeLessThan(8.5); // the centres cover the range
  expect(Math.max(...drawn.map((b) => b[1]))).toBeGreaterThan(10.3);
  expect(batchPeriod({ ...base, sameClass: 0.5 }, firsts[0])).toBeUndefined();
  // the masters of such a batch: its class, and mean periods within the band's reach (the generator
  // varies the period across the finger around the drawn base)
  const at = firsts.findIndex((_, i) => bands[i] !== undefined);
  const [a, b] = bands[at]!;
  const periods = Array.from({ length: base.fingers }, (_, k) => {
    const m = fingerMaster(cfg, firsts[at] + k, { cls: batchClass(cfg, firsts[at]), period: [a, b] }).m;
    expect(m.cls).toBe(batchClass(cfg, firsts[at]));
    return m.meanPeriod * 2; // generated at 250 dpi: pixels at 500 dpi
  });
  expect(Math.max(...periods) - Math.min(...periods)).toBeLessThan(1.0);
  expect(() => validateDataConfig({ ...base, samePeriod: 0.4 })).toThrow(/data.samePeriod must be a band width .* with data.sameClass set/);
  expect(() => validateDataConfig({ ...cfg, samePeriod: 3 })).toThrow(/data.samePeriod must be a band width in \(0, 2.4\d*\]/);
});

test('partial-contact augmentation: the drawn share of impressions is cut, each keeps a foreground fraction in [min, max], deterministic, off by default', () => {
  const tiny = { width: 8, height: 8, dpi: 250, data: new Uint8Array(64) };
  const cfg: DataConfig = { ...base, cut: { p: 0.3, min: 0.5, max: 0.9 } };
  let cut = 0;
  for (let id = 1; id <= 1000; id++) for (let i = 1; i <= 4; i++) if (cutImpression(cfg, id, i, tiny) !== tiny) cut++;
  expect(cut / 4000).toBeGreaterThan(0.27);
  expect(cut / 4000).toBeLessThan(0.33);
  expect(cutImpression(base, 1, 1, tiny)).toBe(tiny);
  expect(cutImpression({ ...base, cut: { p: 0, min: 0.5, max: 0.9 } }, 1, 1, tiny)).toBe(tiny);

  const all: DataConfig = { ...base, cut: { p: 1, min: 0.5, max: 0.7 } };
  const { m, p, dpi } = fingerMaster(all, 3);
  const im = makeImpression(m, p, all.seed, 1);
  const img = { width: im.width, height: im.height, dpi, data: im.data };
  const count = (d: Uint8Array): number => foregroundMask({ ...img, data: d }).reduce((a, v) => a + v, 0);
  const full = count(img.data);
  for (let i = 1; i <= 3; i++) {
    const a = cutImpression(all, 3, i, img);
    expect(a.data).toEqual(cutImpression(all, 3, i, img).data);
    const kept = count(a.data) / full;
    expect(kept).toBeGreaterThan(0.4);
    expect(kept).toBeLessThan(0.8);
  }
  expect(() => validateDataConfig({ ...base, cut: { p: 0.5, min: 0.9, max: 0.5 } })).toThrow(/data.cut needs/);
  expect(() => validateDataConfig({ ...base, cut: { p: 1.5, min: 0.5, max: 0.9 } })).toThrow(/data.cut needs/);
});

test('matched-offset augmentation: the drawn share of fingers gets one grid offset other than 0 for all its impressions, deterministic, off by default', () => {
  const cfg: DataConfig = { ...base, offset: { p: 0.5, max: 32, step: 8 } };
  const ids = Array.from({ length: 4000 }, (_, i) => i + 1);
  expect(ids.every((id) => fingerOffset(base, id) === undefined)).toBe(true);
  const got = ids.map((id) => fingerOffset(cfg, id));
  const drawn = got.filter((o): o is { dy: number; dx: number } => o !== undefined);
  expect(drawn.length / ids.length).toBeGreaterThan(0.46);
  expect(drawn.length / ids.length).toBeLessThan(0.54);
  const seen = new Set(drawn.map((o) => `${o.dy},${o.dx}`));
  expect(seen.size).toBe(80); // the 9×9 grid less its centre, every point drawn
  expect(seen.has('0,0')).toBe(false);
  for (const o of drawn) for (const t of [o.dy, o.dx]) { expect(Math.abs(t) % 8).toBe(0); expect(Math.abs(t)).toBeLessThanOrEqual(32); }
  expect(ids.map((id) => fingerOffset(cfg, id))).toEqual(got);
  // the impressions of a shifted finger are the registered crops moved by that offset
  const id = ids[got.findIndex((o) => o !== undefined && o.dy !== 0 && o.dx !== 0)];
  const o = fingerOffset(cfg, id)!;
  const pre = { size: 96, dpi: 250, block: 8, stdMin: 12, minFgPct: 30, minRidgePct: 25, register: 4 as const };
  const { m, p, dpi } = fingerMaster(cfg, id);
  const im = makeImpression(m, p, cfg.seed, 2);
  expect(fingerImages(cfg, id, 2, pre)[1]).toEqual(preprocessPrint(im.data, im.height, im.width, dpi, pre, o).image);
  expect(fingerImages(cfg, id, 2, pre)[1]).not.toEqual(fingerImages(base, id, 2, pre)[1]);
  expect(() => validateDataConfig({ ...base, offset: { p: 0.5, max: 4, step: 8 } })).toThrow(/data.offset needs/);
  expect(() => validateDataConfig({ ...base, offset: { p: 1.5, max: 32, step: 8 } })).toThrow(/data.offset needs/);
});
