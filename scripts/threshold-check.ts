/**
 * The device's operating thresholds per template size on a data set (docs/architecture.md,
 * Fingerprint service): for templates of 1..5 impressions (each finger's impressions 1..n) against
 * probes (impressions 6..8 of every finger), the false match and false non-match rates at the level's
 * score for that size and at the single 3-impression score the device used for every size before.
 * Host int8 reference of the committed model, the device's computation bit for bit; images the
 * device would refuse at capture are left out (counted). Needs 8 impressions per finger.
 * Usage: node dist/scripts/threshold-check.js --dataset DIR [--dpi N] [--fmr 1000] [--model BLOB] [--json]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_MODEL_BLOB } from '../host/device/session.js';
import { Int8Reference } from '../host/fp/reference.js';
import { readDeviceThresholds } from '../host/fp/thresholds.js';
import { readDataset } from '../host/data/dataset.js';
import { embedFingers } from '../host/fp/dataset-embed.js';
import { table } from '../host/cli/output.js';
import { crc32Hex } from '../host/util/crc.js';

const { values: o } = parseArgs({ options: { dataset: { type: 'string' }, dpi: { type: 'string' }, fmr: { type: 'string', default: '1000' }, model: { type: 'string', default: DEFAULT_MODEL_BLOB }, json: { type: 'boolean', default: false } } });
const fail = (msg: string): never => { process.stderr.write(`threshold-check: ${msg}\n`); process.exit(2); };
if (!o.dataset) fail('give --dataset DIR');
const t = readDeviceThresholds();
const level = t.levels.find((l) => l.fmrInv === Number(o.fmr)) ?? fail(`--fmr ${o.fmr} is not a device level (${t.levels.map((l) => l.fmrInv).join(', ')})`);
const SIZES = t.sizes, PROBES = [6, 7, 8];
const blob = readFileSync(o.model);
const ref = new Int8Reference(new Uint8Array(blob));
const ds = await readDataset(o.dataset!, { dpi: o.dpi ? Number(o.dpi) : undefined });
const { fingers, fingersSkipped, refused } = await embedFingers(ds, ref, SIZES + PROBES.length);
if (fingers.length < 2) fail(`${o.dataset} has fewer than 2 fingers with ${SIZES + PROBES.length} impressions`);
const rows = [];
for (let n = 1; n <= SIZES; n++) {
  const own = level.bySize[n - 1], nominal = level.score;
  const c = { impostor: 0, fmOwn: 0, fmNominal: 0, genuine: 0, fnmOwn: 0, fnmNominal: 0 };
  fingers.forEach((fi, i) => {
    const tpl = Array.from({ length: n }, (_, k) => fi.get(k + 1)).filter((e): e is Int8Array => e !== undefined);
    if (tpl.length === 0) return;
    fingers.forEach((fj, j) => {
      for (const p of PROBES) {
        const probe = fj.get(p);
        if (!probe) continue;
        const s = Int8Reference.score(tpl, probe);
        if (i === j) { c.genuine++; if (s < own) c.fnmOwn++; if (s < nominal) c.fnmNominal++; }
        else { c.impostor++; if (s >= own) c.fmOwn++; if (s >= nominal) c.fmNominal++; }
      }
    });
  });
  rows.push({ impressions: n, score: own, nominalScore: nominal, impostorAttempts: c.impostor, fmr: c.fmOwn / c.impostor, fmrNominal: c.fmNominal / c.impostor, genuineAttempts: c.genuine, fnmr: c.fnmOwn / c.genuine, fnmrNominal: c.fnmNominal / c.genuine });
}
const out = { dataset: o.dataset, model: o.model, modelCrc: crc32Hex(blob.readUInt32LE(blob.length - 4)), fmrTarget: `1/${level.fmrInv}`, fingers: fingers.length, fingersSkipped, refusedImages: refused, rows };
if (o.json) process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
else {
  const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
  process.stdout.write(`${o.dataset}: ${fingers.length} fingers, templates of impressions 1..n against impressions ${PROBES.join(', ')}; ${refused} image(s) refused at capture left out; target FMR ${out.fmrTarget}\n`);
  process.stdout.write(table(rows.map((r) => [r.impressions, r.score, `${pct(r.fmr)} / ${pct(r.fmrNominal)}`, `${pct(r.fnmr)} / ${pct(r.fnmrNominal)}`, `${r.impostorAttempts} / ${r.genuineAttempts}`]),
    ['impressions', 'score', `FMR at it / at ${level.score}`, `FNMR at it / at ${level.score}`, 'attempts imp / gen']));
}
