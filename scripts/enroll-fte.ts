/**
 * Failure to enroll against the enrollment check's threshold (docs/architecture.md, Fingerprint
 * service): for every device threshold of firmware/app/fp_thresholds.h (and the enrollment check's
 * own), the share of a data set's fingers whose first N impressions ENROLL refuses, and the share of
 * sets of two impressions of one finger plus one of another that it accepts; and the share still
 * refused after one and two more touches (impressions N+1, N+2: ENROLL then takes the N of the pending
 * captures that agree best). Host int8 reference of the committed model, the device's computation bit
 * for bit (`Int8Reference.enrollRefused`, `chooseEnrollment`).
 * Usage: node dist/scripts/enroll-fte.js --dataset DIR [--dpi N] [--impressions 3] [--model BLOB] [--json]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_MODEL_BLOB } from '../host/device/session.js';
import { chooseEnrollment } from '../host/fp/enroll-choice.js';
import { Int8Reference } from '../host/fp/reference.js';
import { readDeviceThresholds } from '../host/fp/thresholds.js';
import { loadGrey, readDataset } from '../host/data/dataset.js';
import { crc32Hex } from '../host/util/crc.js';

const { values: o } = parseArgs({ options: { dataset: { type: 'string' }, dpi: { type: 'string' }, impressions: { type: 'string', default: '3' }, model: { type: 'string', default: DEFAULT_MODEL_BLOB }, json: { type: 'boolean', default: false } } });
if (!o.dataset) { process.stderr.write('enroll-fte: give --dataset DIR\n'); process.exit(2); }
const n = Number(o.impressions);
if (!(Number.isInteger(n) && n >= 2 && n <= 5)) { process.stderr.write('enroll-fte: --impressions must be 2..5 (the device keeps at most 5)\n'); process.exit(2); }

/** The thresholds the firmware was built with: per target FMR (those the sample resolves), and the enrollment check's. */
function deviceThresholds(): Array<{ fmr: string; score: number; enroll: boolean }> {
  const t = readDeviceThresholds();
  const rows = t.levels.filter((l) => !l.beyondSample).map((l) => ({ fmr: `1/${l.fmrInv}`, score: l.score, enroll: false }));
  return [...rows, { fmr: `1/${t.enroll.fmrInv}`, score: t.enroll.score, enroll: true }].sort((a, b) => b.score - a.score);
}

const blob = readFileSync(o.model);
const ref = new Int8Reference(new Uint8Array(blob));
const ds = await readDataset(o.dataset, { dpi: o.dpi ? Number(o.dpi) : undefined });
const embs: Int8Array[][] = [];
for (const refs of ds.fingers.values()) {
  const first = [...refs].sort((a, b) => a.impression - b.impression).slice(0, n + 2);
  if (first.length < n) continue;
  embs.push(await Promise.all(first.map(async (r) => ref.embed(await loadGrey(r)).embedding)));
}
if (embs.length < 2) { process.stderr.write(`enroll-fte: ${o.dataset} has fewer than 2 fingers with ${n} impressions\n`); process.exit(2); }
/** Refused with impressions 1..n and after `more` touches more (the device keeps the 5 most recent captures). */
function refusedAfter(e: Int8Array[], score: number, more: number): boolean {
  for (let k = 0; k <= more; k++) if (chooseEnrollment(e.slice(0, n + k).slice(-5), n, score).ok) return false;
  return true;
}
const touchable = embs.filter((e) => e.length >= n + 2); // fingers with two impressions to touch again with
const rows = deviceThresholds().map((t) => {
  const fte = embs.filter((e) => refusedAfter(e, t.score, 0)).length / embs.length;
  const touched = touchable.length ? [1, 2].map((more) => touchable.filter((e) => refusedAfter(e, t.score, more)).length / touchable.length) : null;
  // n − 1 impressions of finger a and impression n of finger b ≠ a: a template the check should refuse
  let mixed = 0, sets = 0;
  for (let a = 0; a < embs.length; a++) for (let b = 0; b < embs.length; b++) {
    if (a === b) continue;
    sets++;
    if (!Int8Reference.enrollRefused([...embs[a].slice(0, n - 1), embs[b][n - 1]], t.score)) mixed++;
  }
  return { fmr: t.fmr, score: t.score, enrollCheck: t.enroll, fte, fteAfterTouches: touched, mixedAccepted: mixed / sets, mixedSets: sets };
});
const result = { dataset: o.dataset, model: o.model, modelCrc: crc32Hex(blob.readUInt32LE(blob.length - 4)), impressions: n, fingers: embs.length, touchFingers: touchable.length, rows };
if (o.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
else {
  process.stdout.write(`${o.dataset}: ${embs.length} fingers, impressions 1..${n}, model ${result.modelCrc}\n`);
  process.stdout.write(`| check threshold | FTE | after 1 / 2 more touches (${touchable.length} fingers) | accepted with 1 impression of another finger |\n|---|---|---|---|\n`);
  const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
  for (const r of rows) process.stdout.write(`| FMR ${r.fmr} (${r.score})${r.enrollCheck ? ', enrollment check' : ''} | ${pct(r.fte)} | ${r.fteAfterTouches ? r.fteAfterTouches.map(pct).join(' / ') : '–'} | ${pct(r.mixedAccepted)} of ${r.mixedSets} |\n`);
}
