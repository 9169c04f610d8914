import { computeMetrics, errorCurve, ratesAt } from '../../../host/eval/metrics.js';

// Each case was worked out by hand on paper from the FVC definitions (see docs/evaluation.md).
test('crossing at a common threshold: EER bounds equal', () => {
  const m = computeMetrics([0.9, 0.8, 0.7, 0.3], [0.1, 0.2, 0.35, 0.75]);
  // t = 0.7: FNMR = 1/4 (0.3 rejected), FMR = 1/4 (0.75 accepted) → t1 = t2 = 0.7.
  expect(m).toMatchObject({ genuineCount: 4, impostorCount: 4, eerT1: 0.7, eerT2: 0.7, eerLow: 0.25, eerHigh: 0.25, eer: 0.25 });
  // FMR reaches 0 at t = 0.8 where FNMR = 2/4.
  expect([m.fmr100, m.fmr1000, m.zeroFmr]).toEqual([0.5, 0.5, 0.5]);
  // FNMR = 0 up to t = 0.3, where FMR = 2/4.
  expect(m.zeroFnmr).toBe(0.5);
});

test('EER bounds from t2 when t2 is the closer side', () => {
  const m = computeMetrics([0.6, 0.7, 0.8, 0.9, 1.0], [0.1, 0.2, 0.3, 0.65]);
  // t1 = 0.65: FNMR 0.2, FMR 0.25 (sum 0.45); t2 = 0.7: FNMR 0.2, FMR 0 (sum 0.2) → [FMR(t2), FNMR(t2)].
  expect(m).toMatchObject({ eerT1: 0.65, eerT2: 0.7, eerLow: 0, eerHigh: 0.2 });
  expect(m.eer).toBeCloseTo(0.1, 12);
  expect([m.fmr100, m.zeroFmr, m.zeroFnmr]).toEqual([0.2, 0.2, 0.25]);
});

test('ties: a score equal to the threshold is accepted (counts for FMR, not FNMR)', () => {
  const m = computeMetrics([0.5, 0.5, 0.9, 0.9], [0.5, 0.1, 0.1, 0.2]);
  // ZeroFMR needs t > 0.5, which rejects both genuine 0.5 → 2/4.
  expect(m.zeroFmr).toBe(0.5);
  // ZeroFNMR needs t <= 0.5, which accepts impostor 0.5 → 1/4.
  expect(m.zeroFnmr).toBe(0.25);
  // t1 = 0.5 (FNMR 0, FMR 0.25; sum 0.25), t2 = 0.9 (FNMR 0.5, FMR 0; sum 0.5) → [0, 0.25].
  expect(m).toMatchObject({ eerT1: 0.5, eerT2: 0.9, eerLow: 0, eerHigh: 0.25, eer: 0.125 });
  expect(ratesAt([0.5, 0.5, 0.9, 0.9], [0.5, 0.1, 0.1, 0.2], 0.5)).toEqual({ t: 0.5, fmr: 0.25, fnmr: 0 });
});

test('FMR100 and FMR1000 on 1000 impostor scores', () => {
  const imp = Array.from({ length: 1000 }, (_, k) => k / 1000); // 0.000 … 0.999
  const gen = [0.5, 0.9905, 0.9985, 1.5];
  const m = computeMetrics(gen, imp, 0.99);
  // FMR <= 1%: at most 10 impostors >= t → t = 0.990, rejecting genuine 0.5 → FNMR 1/4.
  expect(m.fmr100).toBe(0.25);
  // FMR <= 0.1%: at most 1 impostor >= t → t in (0.998, 0.999]; the lowest such threshold is the
  // genuine score 0.9985, rejecting 0.5 and 0.9905 → 2/4.
  expect(m.fmr1000).toBe(0.5);
  // FMR = 0: t > 0.999 → the next threshold is 1.5, FNMR still 3/4.
  expect(m.zeroFmr).toBe(0.75);
  expect(m.atThreshold).toEqual({ t: 0.99, fmr: 0.01, fnmr: 0.25 });
  expect([m.genuineCount, m.impostorCount]).toEqual([4, 1000]);
});

test('error curve is the full step function, ending at +Infinity', () => {
  const c = errorCurve([0.8, 0.4], [0.4, 0.1]);
  expect(c).toEqual([
    { t: 0.1, fnmr: 0, fmr: 1 },
    { t: 0.4, fnmr: 0, fmr: 0.5 },
    { t: 0.8, fnmr: 0.5, fmr: 0 },
    { t: Infinity, fnmr: 1, fmr: 0 },
  ]);
  expect(() => computeMetrics([], [1])).toThrow(RangeError);
});
