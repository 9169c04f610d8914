/** ENROLL's choice of impressions: the host reference's rules, its agreement with the shared vectors,
 * and the firmware's (app/fp_enroll.c, native build) agreement with the same vectors. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chooseEnrollment } from '../../../host/fp/enroll-choice.js';
import { Int8Reference } from '../../../host/fp/reference.js';
import { nativePassFail } from '../native.js';

const VECTORS = fileURLToPath(new URL('../../../../test/vectors/fp/enroll.txt', import.meta.url));

/** A unit vector (×127) along axis `a`, nudged towards axis `b` by `t`. */
function emb(a: number, b = a, t = 0): Int8Array {
  const v = new Float64Array(8);
  v[a] += 1 - t;
  v[b] += t;
  const n = Math.hypot(...v);
  return Int8Array.from(v, (x) => Math.round((127 * x) / n));
}
const THR = 10000; // between two captures of one "finger" (same axis, ~16000) and of two (~0)

test('the captures that agree are chosen wherever the stray one lies', () => {
  for (let out = 0; out < 4; out++) {
    const pending = [0, 1, 2, 3].map((i) => (i === out ? emb(5) : emb(0, 1, 0.05 * i)));
    const c = chooseEnrollment(pending, 3, THR);
    expect(c).toMatchObject({ ok: true, indices: [0, 1, 2, 3].filter((i) => i !== out) });
  }
});

test('the set that agrees best wins; among equals the most recent captures', () => {
  const pending = [emb(0, 1, 0.4), emb(0), emb(0, 1, 0.02), emb(0, 1, 0.01)];
  expect(chooseEnrollment(pending, 3, THR)).toMatchObject({ ok: true, indices: [1, 2, 3] });
  const same = [emb(0), emb(0), emb(0), emb(0)];
  expect(chooseEnrollment(same, 2, THR)).toMatchObject({ ok: true, indices: [2, 3], score: 127 * 127 });
  expect(chooseEnrollment([emb(0), emb(3)], 1, THR)).toMatchObject({ ok: true, indices: [1] });
});

test('with exactly n captures the decision is the plain consistency check, and a refusal names the same impression', () => {
  const good = [emb(0), emb(0, 1, 0.1), emb(0, 2, 0.1)];
  expect(chooseEnrollment(good, 3, THR).ok).toBe(!Int8Reference.enrollRefused(good, THR));
  const bad = [emb(0), emb(4), emb(0, 1, 0.1)];
  expect(Int8Reference.enrollRefused(bad, THR)).toBe(true);
  expect(chooseEnrollment(bad, 3, THR)).toEqual({ ok: false, impression: 1, score: 0 });
  // four pending, none three of which agree: the refusal is about the last three, as before
  const mixed = [emb(0), emb(1), emb(2), emb(2, 3, 0.05)];
  expect(chooseEnrollment(mixed, 3, THR)).toEqual({ ok: false, impression: 0, score: 0 });
  expect(() => chooseEnrollment([emb(0)], 2, THR)).toThrow(RangeError);
});

test('the host reference gives every choice of the shared vectors', () => {
  const lines = readFileSync(VECTORS, 'utf8').split('\n');
  let checked = 0;
  let c: { n: number; thr: number; embs: Int8Array[] } | undefined;
  for (const line of lines) {
    const f = (k: string): number => Number(new RegExp(`\\b${k}=(-?\\d+)`).exec(line)?.[1]);
    if (line.startsWith('case ')) c = { n: f('n'), thr: f('threshold'), embs: [] };
    else if (line.startsWith('emb ')) c!.embs.push(new Int8Array(Buffer.from(line.slice(4), 'hex')));
    else if (line.startsWith('ok ') || line.startsWith('mismatch ')) {
      const got = chooseEnrollment(c!.embs, c!.n, c!.thr);
      expect(got).toMatchObject(line.startsWith('ok ') ? { ok: true, mask: f('mask'), score: f('score') } : { ok: false, impression: f('impression'), score: f('score') });
      checked++;
    }
  }
  expect(checked).toBeGreaterThan(200);
});

test('the firmware gives every choice of the shared vectors (make enroll-host-tests)', () => {
  const r = nativePassFail('enroll-host-tests', 'test_enroll');
  expect(r).not.toBeNull();
  expect(r?.failed).toBe(0);
  expect(r?.passed).toBeGreaterThan(200);
}, 120000);
