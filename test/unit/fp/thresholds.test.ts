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
});

test('a damaged header is refused with the file, the reason and how to regenerate it', () => {
  const text = readFileSync(THRESHOLD_HEADER, 'utf8');
  const parse = (s: string) => () => parseThresholdHeader(s, 'x.h');
  expect(parse(text.replace(/#define FP_ENROLL_SCORE.*\n/, ''))).toThrow(/x\.h: no #define FP_ENROLL_SCORE \(regenerate it: node dist\/scripts\/gen-thresholds\.js\)/);
  expect(parse(text.replace(/ *\{ 1000u.*\n/, ''))).toThrow(/3 threshold rows, FP_THRESHOLD_COUNT says 4/);
  expect(parse(text.replace('FP_THRESHOLD_DEFAULT 1u', 'FP_THRESHOLD_DEFAULT 7u'))).toThrow(/FP_THRESHOLD_DEFAULT 7 is not below/);
  expect(() => readDeviceThresholds('/nonexistent/fp_thresholds.h')).toThrow(ThresholdHeaderError);
  expect(() => readDeviceThresholds('/nonexistent/fp_thresholds.h')).toThrow(/cannot read \/nonexistent\/fp_thresholds\.h/);
});
