import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generateDataset } from '../../../host/synth/index.js';
import { loadGrey, readDataset } from '../../../host/data/dataset.js';
import { chooseEnrollment } from '../../../host/fp/enroll-choice.js';
import { Int8Reference } from '../../../host/fp/reference.js';
import { DEFAULT_MODEL_BLOB } from '../../../host/device/session.js';

const SCRIPT = fileURLToPath(new URL('../../../scripts/enroll-fte.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'whorl-fte-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Row { fmr: string; score: number; enrollCheck: boolean; fte: number; fteAfterTouches: number[] | null; mixedAccepted: number; mixedSets: number }

test('enroll-fte: failure to enroll and mixed-finger acceptance per device threshold, as the int8 reference decides them', async () => {
  await generateDataset({ out: dir, fingers: 6, impressions: 5, seed: 4711, params: { rotation: 15 }, workers: 0, progress: false });
  const r = await promisify(execFile)('node', [SCRIPT, '--dataset', dir, '--json'], { encoding: 'utf8' });
  const out = JSON.parse(r.stdout) as { fingers: number; impressions: number; touchFingers: number; rows: Row[] };
  expect(out.fingers).toBe(6);
  expect(out.touchFingers).toBe(6);
  expect(out.rows.filter((x) => x.enrollCheck)).toHaveLength(1);
  // stricter thresholds refuse more fingers and accept fewer mixed sets
  for (let i = 1; i < out.rows.length; i++) {
    expect(out.rows[i].score).toBeLessThan(out.rows[i - 1].score);
    expect(out.rows[i].fte).toBeLessThanOrEqual(out.rows[i - 1].fte);
    expect(out.rows[i].mixedAccepted).toBeGreaterThanOrEqual(out.rows[i - 1].mixedAccepted);
  }
  // the same decisions from the reference directly
  const ref = Int8Reference.fromFile(DEFAULT_MODEL_BLOB);
  const ds = await readDataset(dir);
  const embs = await Promise.all([...ds.fingers.values()].map((refs) => Promise.all([...refs].sort((a, b) => a.impression - b.impression).map(async (x) => ref.embed(await loadGrey(x)).embedding))));
  for (const row of out.rows) {
    expect(row.fte).toBeCloseTo(embs.filter((e) => Int8Reference.enrollRefused(e.slice(0, 3), row.score)).length / 6, 10);
    // touching again (impressions 4, then 5) only rescues fingers: the device picks 3 of the pending captures
    const still = (more: number): number => embs.filter((e) => [0, 1, 2].slice(0, more + 1).every((k) => !chooseEnrollment(e.slice(0, 3 + k), 3, row.score).ok)).length / 6;
    expect(row.fteAfterTouches).toEqual([still(1), still(2)]);
    expect(row.fteAfterTouches![0]).toBeLessThanOrEqual(row.fte);
    expect(row.fteAfterTouches![1]).toBeLessThanOrEqual(row.fteAfterTouches![0]);
    expect(row.mixedSets).toBe(30);
  }
  await expect(promisify(execFile)('node', [SCRIPT, '--dataset', dir, '--impressions', '9'])).rejects.toMatchObject({ stderr: expect.stringMatching(/--impressions must be 2..5/) });
}, 60000);
