/** `whorl eval breakdown`: errors split by registration and class, counted against hand-set scores. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorBreakdown, breakdownMarkdown, fillGroup, rotationGroup } from '../../../host/eval/breakdown.js';
import { readDataset, loadGrey } from '../../../host/data/dataset.js';
import { DEFAULT_PRINT_PRE, preprocessPrint } from '../../../host/nn/printpre.js';
import { generateDataset, resolveParams, type Manifest } from '../../../host/synth/dataset.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'whorl-breakdown-'));
  await generateDataset({ out: join(dir, 'ds'), fingers: 4, impressions: 2, seed: 31, workers: 0, params: resolveParams({ width: 288, height: 384, dpi: 500, rotation: 15 }), progress: false });
}, 120000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('genuine FNMR by registration and class, impostor FMR by class, at the EER threshold', async () => {
  const ds = join(dir, 'ds');
  const man = JSON.parse(await readFile(join(ds, 'manifest.json'), 'utf8')) as Manifest;
  const cls = new Map(man.items.map((it) => [String(it.finger), it.cls]));
  const core = new Map<string, boolean>();
  const fill = new Map<string, number>();
  for (const ref of [...(await readDataset(ds)).fingers.values()].flat()) {
    const img = await loadGrey(ref);
    const p = preprocessPrint(img.data, img.height, img.width, img.dpi, DEFAULT_PRINT_PRE);
    core.set(`${ref.finger}_${ref.impression}`, p.core);
    fill.set(`${ref.finger}_${ref.impression}`, p.quality);
  }
  // genuine: fingers 1 and 2 accepted (0.9), 3 and 4 rejected (0.1); impostors: 1–2 accepted, others rejected
  const genuine: Array<[string, string, number]> = [['1_1', '1_2', 0.9], ['2_1', '2_2', 0.9], ['3_1', '3_2', 0.1], ['4_1', '4_2', 0.1]];
  const impostor: Array<[string, string, number]> = [['1_1', '2_1', 0.8], ['1_1', '3_1', 0.2], ['1_1', '4_1', 0.2], ['2_1', '3_1', 0.2], ['2_1', '4_1', 0.2], ['3_1', '4_1', 0.2]];
  const report = {
    kind: 'whorl-eval-report', formatVersion: 1, createdAt: '', dataset: { dir: ds, name: 'ds', fingers: 4, images: 8, dpi: 500, dpiSource: 'manifest' },
    matcher: { id: 'float', version: 'x', description: '' }, protocol: { impostors: 'fvc' },
    metrics: { genuineCount: 4, impostorCount: 6, eer: 0.5, eerLow: 0.5, eerHigh: 0.5, eerT1: 0.5, eerT2: 0.5, fmr100: 1, fmr1000: 1, zeroFmr: 1, zeroFnmr: 1 },
    scores: { genuine, impostor },
  };
  const file = join(dir, 'report.json');
  await writeFile(file, JSON.stringify(report));
  const b = await errorBreakdown(file, DEFAULT_PRINT_PRE);
  expect(b.thresholds.eer).toBe(0.5);
  expect(b.coreFound).toEqual({ images: 8, withCore: [...core.values()].filter(Boolean).length });
  const regOf = (p: [string, string, number]): string => (core.get(p[0]) && core.get(p[1]) ? 'core in both' : core.get(p[0]) || core.get(p[1]) ? 'core in one' : 'core in neither');
  const expectRates = (rows: typeof b.genuineByRegistration, pairs: Array<[string, string, number]>, key: (p: [string, string, number]) => string, err: (s: number) => boolean): void => {
    const want = new Map<string, [number, number]>();
    for (const p of pairs) { const v = want.get(key(p)) ?? [0, 0]; v[0]++; if (err(p[2])) v[1]++; want.set(key(p), v); }
    expect(Object.fromEntries(rows.map((r) => [r.group, [r.pairs, r.atEer]]))).toEqual(Object.fromEntries([...want].map(([k, [n, e]]) => [k, [n, e / n]])));
  };
  expectRates(b.genuineByRegistration, genuine, regOf, (s) => s < 0.5);
  expectRates(b.genuineByClass, genuine, (p) => cls.get(p[0].split('_')[0])!, (s) => s < 0.5);
  expectRates(b.impostorByClass, impostor, (p) => (cls.get(p[0].split('_')[0]) === cls.get(p[1].split('_')[0]) ? 'same class' : 'different classes'), (s) => s >= 0.5);
  const fillOf = (p: [string, string, number]): string => fillGroup(Math.min(fill.get(p[0])!, fill.get(p[1])!));
  expectRates(b.genuineByFill, genuine, fillOf, (s) => s < 0.5);
  expectRates(b.impostorByFill, impostor, fillOf, (s) => s >= 0.5);
  expect([fillGroup(0), fillGroup(69), fillGroup(70), fillGroup(94), fillGroup(95), fillGroup(100)]).toEqual(['00–69', '00–69', '70–84', '85–94', '95–100', '95–100']);
  // the rotation between a pair's impressions, from the generator's transforms in the manifest
  const rot = new Map<string, number>(man.items.flatMap((it) => it.impressions.map((im): [string, number] => [`${it.finger}_${im.impression}`, im.transform.rotation])));
  expectRates(b.genuineByRotation, genuine, (p) => rotationGroup(rot.get(p[0])! - rot.get(p[1])!), (s) => s < 0.5);
  expect([rotationGroup(-9.9), rotationGroup(10), rotationGroup(-19.5), rotationGroup(20), rotationGroup(-29)]).toEqual(['00–09°', '10–19°', '10–19°', '20° and more', '20° and more']);
  expect(breakdownMarkdown(b)).toMatch(/\| genuine pairs, registration \| pairs \|/);
  expect(breakdownMarkdown(b)).toMatch(/\| genuine pairs, lower crop fill \(%\) \| pairs \|/);
  expect(breakdownMarkdown(b)).toMatch(/\| genuine pairs, rotation between the impressions \| pairs \|/);
  // a report of enrolled templates has no one-impression pairs to split
  await writeFile(file, JSON.stringify({ ...report, protocol: { impostors: 'fvc', enroll: 3 } }));
  await expect(errorBreakdown(file, DEFAULT_PRINT_PRE)).rejects.toThrow(/report\.json: a breakdown needs an FVC-protocol report .*templates of 3/);
}, 60000);

test('a file that is not an evaluation report is refused with its name', async () => {
  const file = join(dir, 'bad.json');
  await writeFile(file, '{"kind":"something"}');
  await expect(errorBreakdown(file, DEFAULT_PRINT_PRE)).rejects.toThrow(/bad\.json: not a whorl eval report/);
  await expect(errorBreakdown(join(dir, 'missing.json'), DEFAULT_PRINT_PRE)).rejects.toThrow(/missing\.json: cannot read/);
});
