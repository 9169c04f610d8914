import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generateDataset } from '../../../host/synth/index.js';
import { loadGrey, readDataset } from '../../../host/data/dataset.js';
import { Int8Reference } from '../../../host/fp/reference.js';
import { readDeviceThresholds } from '../../../host/fp/thresholds.js';
import { DEFAULT_MODEL_BLOB } from '../../../host/device/session.js';

const SCRIPT = fileURLToPath(new URL('../../../scripts/threshold-check.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'whorl-thrcheck-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Row { impressions: number; score: number; nominalScore: number; impostorAttempts: number; fmr: number; fmrNominal: number; genuineAttempts: number; fnmr: number; fnmrNominal: number }
const run = (...args: string[]) => promisify(execFile)('node', [SCRIPT, ...args], { encoding: 'utf8' });

test('threshold-check: per template size, the rates at its own level and at the 3-impression level, as the int8 reference scores them', async () => {
  await generateDataset({ out: dir, fingers: 5, impressions: 8, seed: 4712, params: { rotation: 15 }, workers: 0, progress: false });
  const out = JSON.parse((await run('--dataset', dir, '--json')).stdout) as { fingers: number; refusedImages: number; fmrTarget: string; rows: Row[] };
  const t = readDeviceThresholds();
  const level = t.levels[t.defaultIndex];
  expect(out.fmrTarget).toBe('1/1000');
  expect(out.fingers).toBe(5);
  expect(out.rows.map((r) => r.score)).toEqual(level.bySize);
  const ref = Int8Reference.fromFile(DEFAULT_MODEL_BLOB);
  const ds = await readDataset(dir);
  const embs = await Promise.all([...ds.fingers.values()].map((refs) => Promise.all([...refs].sort((a, b) => a.impression - b.impression).map(async (x) => ref.embed(await loadGrey(x))))));
  expect(out.refusedImages).toBe(embs.flat().filter((e) => e.reason !== 0).length);
  expect(out.refusedImages).toBe(0); // so the counts below are whole
  for (const r of out.rows) {
    let fm = 0, fmN = 0, fnm = 0, fnmN = 0;
    embs.forEach((ei, i) => embs.forEach((ej, j) => [5, 6, 7].forEach((p) => {
      const s = Int8Reference.score(ei.slice(0, r.impressions).map((e) => e.embedding), ej[p].embedding);
      if (i === j) { fnm += s < r.score ? 1 : 0; fnmN += s < level.score ? 1 : 0; } else { fm += s >= r.score ? 1 : 0; fmN += s >= level.score ? 1 : 0; }
    })));
    expect(r).toMatchObject({ impostorAttempts: 60, genuineAttempts: 15, fmr: fm / 60, fmrNominal: fmN / 60, fnmr: fnm / 15, fnmrNominal: fnmN / 15 });
  }
}, 120000);

test('threshold-check: a level the device does not have is refused, naming those it has', async () => {
  await expect(run('--dataset', dir, '--fmr', '500')).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/--fmr 500 is not a device level \(100, 1000, 10000, 100000\)/) });
});
