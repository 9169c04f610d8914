/** The reader of the generated device threshold header (firmware/app/fp_thresholds.h). */
import { readFileSync } from 'node:fs';
import { parseThresholdHeader, readDeviceThresholds, THRESHOLD_HEADER, ThresholdHeaderError } from '../../../host/fp/thresholds.js';

test('the committed header: four levels by falling FMR, default 1/1000, the enrollment check at 1/20', () => {
  const t = readDeviceThresholds();
  expect(t.levels.map((l) => l.fmrInv)).toEqual([100, 1000, 10000, 100000]);
  expect(t.levels[t.defaultIndex].fmrInv).toBe(1000);
  for (let i = 1; i < t.levels.length; i++) expect(t.levels[i].score).toBeGreaterThanOrEqual(t.levels[i - 1].score);
  expect(t.enroll.fmrInv).toBe(20);
  expect(t.enroll.score).toBeLessThan(t.levels[0].score);
  // the level the sample cannot resolve is marked so, and only that one
  expect(t.levels.filter((l) => l.beyondSample).map((l) => l.fmrInv)).toEqual([100000]);
  // one score per template size 1..5, never looser for a larger template; the single score is the 3-impression one
  expect(t.sizes).toBe(5);
  expect(t.nominal).toBe(3);
  for (const l of t.levels) {
    expect(l.bySize).toHaveLength(5);
    expect(l.score).toBe(l.bySize[2]);
    for (let k = 1; k < 5; k++) expect(l.bySize[k]).toBeGreaterThanOrEqual(l.bySize[k - 1]);
  }
  for (let k = 0; k < 5; k++) for (let i = 1; i < t.levels.length; i++) expect(t.levels[i].bySize[k]).toBeGreaterThanOrEqual(t.levels[i - 1].bySize[k]);
});

test('a damaged header is refused with the file, the reason and how to regenerate it', () => {
  const text = readFileSync(THRESHOLD_HEADER, 'utf8');
  const parse = (s: string) => () => parseThresholdHeader(s, 'x.h');
  expect(parse(text.replace(/#define FP_ENROLL_SCORE.*\n/, ''))).toThrow(/x\.h: no #define FP_ENROLL_SCORE \(regenerate it: node dist\/scripts\/gen-thresholds\.js\)/);
  expect(parse(text.replace(/ *\{ 1000u.*\n/, ''))).toThrow(/3 threshold rows, FP_THRESHOLD_COUNT says 4/);
  expect(parse(text.replace('FP_THRESHOLD_DEFAULT 1u', 'FP_THRESHOLD_DEFAULT 7u'))).toThrow(/FP_THRESHOLD_DEFAULT 7 is not below/);
  expect(parse(text.replace(/(\{ 1000u, \{ -?\d+), /, '$1 '))).toThrow(/the FMR 1\/1000 row has 4 scores, FP_TEMPLATE_SIZES says 5/);
  expect(parse(text.replace('FP_TEMPLATE_NOMINAL 3u', 'FP_TEMPLATE_NOMINAL 6u'))).toThrow(/FP_TEMPLATE_NOMINAL 6 is not a template size \(1\.\.5\)/);
  expect(() => readDeviceThresholds('/nonexistent/fp_thresholds.h')).toThrow(ThresholdHeaderError);
  expect(() => readDeviceThresholds('/nonexistent/fp_thresholds.h')).toThrow(/cannot read \/nonexistent\/fp_thresholds\.h/);
});
