import { batchClass, fingerMaster, makeBatch, validateDataConfig, type DataConfig } from '../../../host/train/data.js';
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
  for (let id = first; id < first + base.fingers; id++) expect(fingerMaster({ ...base, sameClass: 0.5 }, id, 'whorl').m.cls).toBe('whorl');
  const b = makeBatch({ ...base, sameClass: 0.5 }, first);
  expect(Array.from(b.labels)).toEqual([first, first, first + 1, first + 1, first + 2, first + 2, first + 3, first + 3]);
  expect(() => validateDataConfig({ ...base, sameClass: 1.5 })).toThrow(/data.sameClass must be a fraction/);
});
