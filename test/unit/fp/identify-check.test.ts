/** identifyCheck: IDENTIFY by margin against by raw score on embedded impressions. */
import { identifyCheck } from '../../../host/fp/identify-check.js';
import { Rng } from '../../../host/synth/prng.js';

/** 12 fingers × 8 impressions of 16-byte embeddings: a random direction per finger plus noise, ×127. */
function fingers(): Array<Map<number, Int8Array>> {
  const rng = new Rng(99);
  const g = (): number => rng.next() * 2 - 1;
  return Array.from({ length: 12 }, () => {
    const base = Array.from({ length: 16 }, g);
    return new Map(Array.from({ length: 8 }, (_, k) => {
      const v = base.map((b) => b + 0.6 * g());
      const n = Math.hypot(...v);
      return [k + 1, Int8Array.from(v, (x) => Math.round((127 * x) / n))] as const;
    }));
  });
}

test('with one threshold for every template size both rankings decide alike; every probe is counted once', () => {
  const rows = identifyCheck(fingers(), { levels: [{ fmrInv: 1000, bySize: [12000, 12000, 12000, 12000, 12000] }], draws: 5, seed: 3, probes: [6, 7, 8] });
  expect(rows).toHaveLength(1);
  const r = rows[0];
  expect(r.inGallery).toBe(5 * 6 * 3);
  expect(r.outsiders).toBe(5 * 6 * 3);
  expect(r.margin).toEqual(r.raw);
  expect(r.margin.rank1).toBeGreaterThan(0.5); // the fake fingers are told apart
});

test('with per-size thresholds the margin ranking accepts at least whenever the raw one does', () => {
  const levels = [{ fmrInv: 100, bySize: [9000, 10500, 11500, 12500, 13500] }, { fmrInv: 1000, bySize: [2000, 8000, 12000, 15000, 16000] }];
  const rows = identifyCheck(fingers(), { levels, draws: 8, seed: 5, probes: [6, 7, 8] });
  expect(rows.map((r) => r.fmrInv)).toEqual([100, 1000]);
  for (const r of rows) {
    expect(r.margin.outsidersAccepted).toBeGreaterThanOrEqual(r.raw.outsidersAccepted);
    for (const k of ['margin', 'raw'] as const) expect(r[k].identified).toBeLessThanOrEqual(r[k].rank1);
  }
  // the thresholds differ a lot between sizes here, so the rankings do differ somewhere
  expect(rows.some((r) => r.margin.rank1 !== r.raw.rank1 || r.margin.identified !== r.raw.identified)).toBe(true);
});

test('a finger whose template impressions were all refused is never enrolled; its probes count as outsiders', () => {
  const fs = fingers();
  for (let k = 1; k <= 5; k++) fs[0].delete(k);
  const rows = identifyCheck(fs, { levels: [{ fmrInv: 1000, bySize: [12000, 12000, 12000, 12000, 12000] }], draws: 6, seed: 11, probes: [6, 7, 8] });
  const r = rows[0];
  expect(r.inGallery + r.outsiders).toBe(6 * 12 * 3);
  expect(r.outsiders).toBeGreaterThan(6 * 6 * 3 - 1); // finger 0 drawn into the gallery leaves its place empty
  expect(r.margin).toEqual(r.raw);
  expect(r.margin.rank1).toBeGreaterThan(0.5); // candidates map back to their fingers after the empty template is dropped
});
