import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { runEvaluation } from '../../../host/eval/run.js';
import { createMatcher } from '../../../host/eval/matcher.js';
import { loadGrey, readDataset } from '../../../host/data/dataset.js';
import '../../../host/eval/builtin.js';
import { ridgeImage } from '../data/fixtures.js';

let root: string;
let data: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'whorl-run-'));
  data = join(root, 'set');
  mkdirSync(data);
  for (let f = 1; f <= 4; f++) {
    for (let i = 1; i <= 3; i++) {
      const png = await sharp(Buffer.from(ridgeImage(96, 112, f, i)), { raw: { width: 96, height: 112, channels: 1 } }).png().toBuffer();
      writeFileSync(join(data, `${f}_${i}.png`), png);
    }
  }
  writeFileSync(join(data, 'manifest.json'), '{"dpi": 500}');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

test('evaluation in the main thread; second run reads every feature from the cache', async () => {
  const cache = join(root, 'cache');
  const first = await runEvaluation(data, { workers: 0, cache, threshold: 0.5 });
  expect(first.metrics.genuineCount).toBe(4 * 3);
  expect(first.metrics.impostorCount).toBe(6);
  expect([first.run.cacheHits, first.run.cacheMisses]).toEqual([0, 12]);
  expect(first.dataset).toMatchObject({ fingers: 4, images: 12, dpi: 500, dpiSource: 'manifest' });
  expect(first.scores.genuine[0].slice(0, 2)).toEqual(['1_1', '1_2']);
  expect(first.scores.impostor[0].slice(0, 2)).toEqual(['1_1', '2_1']);
  expect(first.metrics.eer).toBeLessThan(0.2);
  expect(first.metrics.atThreshold?.t).toBe(0.5);
  expect(readdirSync(cache)).toEqual(['baseline@2']);
  const second = await runEvaluation(data, { workers: 0, cache });
  expect([second.run.cacheHits, second.run.cacheMisses, second.run.scoreCacheHits]).toEqual([12, 0, 18]);
  expect(second.scores).toEqual(first.scores);
  // An interrupted run: keep 5 logged scores and a torn line; the rest are computed again.
  const log = join(cache, 'baseline@2', 'scores.tsv');
  const lines = readFileSync(log, 'utf8').split('\n');
  expect(lines.length).toBe(19);
  writeFileSync(log, lines.slice(0, 5).join('\n') + '\n' + lines[5].slice(0, 20));
  const third = await runEvaluation(data, { workers: 0, cache });
  expect(third.run.scoreCacheHits).toBe(5);
  expect(third.scores).toEqual(first.scores);
});

test('worker pool gives the same scores as the main thread; no cache', async () => {
  const main = await runEvaluation(data, { workers: 0, cache: false });
  const pool = await runEvaluation(data, { workers: 2, cache: false });
  expect(pool.run.workers).toBe(2);
  expect(pool.scores).toEqual(main.scores);
  expect(pool.run.cacheDir).toBeNull();
});

test('errors: unknown matcher, unreadable image named', async () => {
  await expect(runEvaluation(data, { matcher: 'nope', cache: false })).rejects.toThrow(/unknown matcher "nope" \(known: baseline/);
  const bad = join(root, 'bad');
  mkdirSync(bad);
  writeFileSync(join(bad, '1_1.png'), 'not a png');
  writeFileSync(join(bad, '1_2.png'), 'not a png');
  writeFileSync(join(bad, '2_1.png'), 'not a png');
  await expect(runEvaluation(bad, { dpi: 500, workers: 0, cache: false })).rejects.toThrow(/1_1\.png: cannot decode/);
  await expect(runEvaluation(bad, { dpi: 500, workers: 1, cache: false })).rejects.toThrow(/1_1\.png: cannot decode/);
  // One finger: no impostor pairs.
  const one = join(root, 'one');
  mkdirSync(one);
  writeFileSync(join(one, '1_1.png'), 'x');
  writeFileSync(join(one, '1_2.png'), 'x');
  await expect(runEvaluation(one, { dpi: 500, workers: 0, cache: false })).rejects.toMatchObject({ code: 'DATASET_TOO_SMALL' });
});

test('enrolled templates score as their best impression (--enroll)', async () => {
  const fvc = await runEvaluation(data, { workers: 0, cache: false });
  const r = await runEvaluation(data, { workers: 0, cache: false, enroll: 2 });
  expect(r.protocol).toEqual({ impostors: 'fvc', enroll: 2 });
  expect(r.metrics.genuineCount).toBe(4); // 4 fingers: template 1+2, probe 3
  expect(r.metrics.impostorCount).toBe(4 * 3);
  // the matcher need not be symmetric: the template's impression comes first, as in every pair
  const m = createMatcher('baseline');
  const feat = new Map<string, unknown>();
  for (const refs of (await readDataset(data)).fingers.values()) for (const ref of refs) feat.set(`${ref.finger}_${ref.impression}`, await m.extract(await loadGrey(ref)));
  const score = (a: string, b: string): number => m.compare(feat.get(a), feat.get(b));
  expect(fvc.scores.genuine[0][2]).toBe(score(fvc.scores.genuine[0][0], fvc.scores.genuine[0][1]));
  for (const [t, probe, s] of [...r.scores.genuine, ...r.scores.impostor]) {
    const f = t.split('_')[0];
    expect(t).toBe(`${f}_1+2`);
    expect(s).toBe(Math.max(score(`${f}_1`, probe), score(`${f}_2`, probe)));
  }
  await expect(runEvaluation(data, { workers: 0, cache: false, enroll: 3 })).rejects.toThrow(/fingers with 4 impressions \(a template of 3 and a probe\)/);
  await expect(runEvaluation(data, { workers: 0, cache: false, enroll: 0 })).rejects.toThrow(/enroll must be a whole number/);
});
