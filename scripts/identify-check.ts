/**
 * IDENTIFY by margin over each template size's threshold (the device) against by raw score, on a data
 * set (docs/protocol.md, IDENTIFY): rank-1 rate, identified (rank 1 and a match) and outsiders
 * accepted, per device FMR level. Host int8 reference of the committed model; images the device would
 * refuse at capture are left out (counted). Needs 8 impressions per finger (templates from 1..5,
 * probes 6..8).
 * Usage: node dist/scripts/identify-check.js --dataset DIR [--dpi N] [--draws 40] [--seed 1] [--model BLOB] [--json]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_MODEL_BLOB } from '../host/device/session.js';
import { identifyCheck } from '../host/fp/identify-check.js';
import { Int8Reference } from '../host/fp/reference.js';
import { readDeviceThresholds } from '../host/fp/thresholds.js';
import { readDataset } from '../host/data/dataset.js';
import { embedFingers } from '../host/fp/dataset-embed.js';
import { table } from '../host/cli/output.js';
import { crc32Hex } from '../host/util/crc.js';

const { values: o } = parseArgs({ options: { dataset: { type: 'string' }, dpi: { type: 'string' }, draws: { type: 'string', default: '40' }, seed: { type: 'string', default: '1' }, model: { type: 'string', default: DEFAULT_MODEL_BLOB }, json: { type: 'boolean', default: false } } });
const fail = (msg: string): never => { process.stderr.write(`identify-check: ${msg}\n`); process.exit(2); };
if (!o.dataset) fail('give --dataset DIR');
const draws = Number(o.draws), seed = Number(o.seed);
if (!Number.isInteger(draws) || draws < 1) fail(`--draws must be a positive integer, got ${o.draws}`);
if (!Number.isInteger(seed)) fail(`--seed must be an integer, got ${o.seed}`);
const t = readDeviceThresholds();
const PROBES = [6, 7, 8];
const blob = readFileSync(o.model);
const ref = new Int8Reference(new Uint8Array(blob));
const ds = await readDataset(o.dataset!, { dpi: o.dpi ? Number(o.dpi) : undefined });
const { fingers, fingersSkipped, refused } = await embedFingers(ds, ref, t.sizes + PROBES.length);
if (fingers.length < 2) fail(`${o.dataset} has fewer than 2 fingers with ${t.sizes + PROBES.length} impressions`);
const levels = t.levels.filter((l) => !l.beyondSample);
const rows = identifyCheck(fingers, { levels, draws, seed, probes: PROBES });
const out = { dataset: o.dataset, model: o.model, modelCrc: crc32Hex(blob.readUInt32LE(blob.length - 4)), fingers: fingers.length, fingersSkipped, refusedImages: refused, draws, seed, rows };
if (o.json) process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
else {
  const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
  process.stdout.write(`${o.dataset}: ${fingers.length} fingers, ${draws} draws of ${Math.floor(fingers.length / 2)} enrolled (templates of 1..${t.sizes} impressions at random), probes ${PROBES.join(', ')}; ${refused} image(s) refused at capture left out\n`);
  process.stdout.write(table(rows.map((r) => [`1/${r.fmrInv}`, `${pct(r.margin.rank1)} / ${pct(r.raw.rank1)}`, `${pct(r.margin.identified)} / ${pct(r.raw.identified)}`, `${pct(r.margin.outsidersAccepted)} / ${pct(r.raw.outsidersAccepted)}`, `${r.inGallery} / ${r.outsiders}`]),
    ['FMR', 'rank-1 margin / raw', 'identified margin / raw', 'outsiders accepted margin / raw', 'probes in / out']));
}
