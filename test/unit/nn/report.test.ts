import { eerVerdict, formatReport, type QuantReport } from '../../../host/nn/report.js';

test('int8 EER verdict: met at or under the target, unresolved within one genuine pair above it, else not met', () => {
  expect(eerVerdict(0.2, 0.2, 0.33)).toBe('met');
  expect(eerVerdict(-1, 0.2, 0.33)).toBe('met');
  expect(eerVerdict(0.29, 0.2, 0.33)).toBe('unresolved');
  expect(eerVerdict(0.53, 0.2, 0.33)).toBe('unresolved');
  expect(eerVerdict(0.54, 0.2, 0.33)).toBe('not met');
  expect(eerVerdict(0.3, 0.2, 0.036)).toBe('not met');
});

test('the report names the verdict and, when the set cannot tell, the size of one genuine pair', () => {
  const base: QuantReport = { method: 'percentile', images: 200, layers: [], cosine: { mean: 0.9995, min: 0.999 } };
  const eer = (delta: number, genuine: number): QuantReport['eer'] => {
    const pairStep = 100 / genuine;
    return { float: 4, int8: 4 + delta, genuine, impostor: 1225, delta, target: 0.2, withinTarget: delta <= 0.2, pairStep, verdict: eerVerdict(delta, 0.2, pairStep) };
  };
  expect(formatReport({ ...base, eer: eer(0.1, 300) })).toMatch(/\+0\.10 points, target ≤ \+0\.2: met; 300 genuine/);
  expect(formatReport({ ...base, eer: eer(0.29, 300) })).toMatch(/target ≤ \+0\.2: not resolved: one genuine pair is 0\.33 points on this set, judge on a larger one/);
  expect(formatReport({ ...base, eer: eer(1, 300) })).toMatch(/target ≤ \+0\.2: NOT met; 300 genuine/);
});
