/** HIL: `whorl hil --device qemu` on a tiny synthetic dataset (4 fingers × 3 impressions from the
 * project's generator) through the real firmware and transport: report counts, device scores equal
 * to the host int8 reference (checked here independently of the campaign's own check), and the
 * same merged results with two boards under -icount as with one. */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { readDataset, loadGrey } from '../../host/data/dataset.js';
import { DEFAULT_MODEL_BLOB } from '../../host/device/session.js';
import { buildFirmware } from '../../host/firmware/build.js';
import { chooseEnrollment } from '../../host/fp/enroll-choice.js';
import { Int8Reference } from '../../host/fp/reference.js';
import { readDeviceThresholds } from '../../host/fp/thresholds.js';
import type { HilResult } from '../../host/hil/result.js';
import { scoreI8 } from '../../host/nn/fixed.js';
import { generateDataset } from '../../host/synth/dataset.js';

const MAIN = fileURLToPath(new URL('../../host/cli/main.js', import.meta.url));
const run = promisify(execFile);
let root: string;
let set: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'whorl-hil-'));
  set = join(root, 'set');
  await buildFirmware();
  await generateDataset({ out: set, fingers: 4, impressions: 3, seed: 4242, workers: 0, progress: false });
}, 300000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function hilOn(dataset: string, out: string, ...extra: string[]): Promise<{ summary: Record<string, unknown>; report: HilResult }> {
  const r = await run(process.execPath, [MAIN, 'hil', '--device', 'qemu', '--dataset', dataset, '--out', out, '--json', ...extra], { encoding: 'utf8', timeout: 240000 });
  return { summary: JSON.parse(r.stdout) as Record<string, unknown>, report: JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as HilResult };
}
const hil = (out: string, ...extra: string[]) => hilOn(set, out, ...extra);

/** The host int8 reference's verdict and embedding of every image of a dataset, by `finger_impression`. */
async function referenceEmbeddings(dataset: string): Promise<Map<string, { reason: number; quality: number; embedding: Int8Array }>> {
  const ref = Int8Reference.fromFile(DEFAULT_MODEL_BLOB);
  const emb = new Map<string, { reason: number; quality: number; embedding: Int8Array }>();
  for (const r of [...(await readDataset(dataset)).fingers.values()].flat()) emb.set(`${r.finger}_${r.impression}`, ref.embed(await loadGrey(r)));
  return emb;
}

let one: HilResult;

test('one board: FVC counts, every device score equals the host int8 reference, report files', async () => {
  const { summary, report } = await hil(join(root, 'one'));
  one = report;
  // 4 fingers × 3 impressions: 4·3 genuine, 4·3/2 impostor pairs; templates: impressions 1 and 2
  expect([report.metrics.genuineCount, report.metrics.impostorCount]).toEqual([12, 6]);
  expect(report.hil.commands.capture.count).toBe(12);
  expect(report.hil.commands.verify.count + report.hil.boards[0].refusedVerifies).toBe(18);
  expect(report.hil.commands.enroll.count).toBeLessThanOrEqual(8);
  expect(report.hil.boards[0].deviceCounters).toMatchObject({ captures: 12, verifies: report.hil.commands.verify.count });
  expect(report.hil.reference.mismatches).toEqual([]);
  expect(report.hil.icount).toBe(false);
  expect(summary).toMatchObject({ kind: 'whorl-eval-report', matcher: { id: 'device' } });
  for (const f of ['report.json', 'report.md', 'det.svg', 'det.png', 'hist.svg', 'hist.png']) expect(existsSync(join(root, 'one', f))).toBe(true);
  expect(readFileSync(join(root, 'one', 'report.md'), 'utf8')).toMatch(/Reference check passed/);

  const emb = await referenceEmbeddings(set);
  expect(report.hil.images.map(([name]) => name).sort()).toEqual([...emb.keys()].sort());
  for (const [name, reason, quality] of report.hil.images) expect([name, reason, quality]).toEqual([name, emb.get(name)!.reason, emb.get(name)!.quality]);
  let checked = 0;
  for (const [a, b, score] of [...report.scores.genuine, ...report.scores.impostor]) {
    if (emb.get(a)!.reason !== 0 || emb.get(b)!.reason !== 0) continue; // refused: not verified on the device
    expect([a, b, score]).toEqual([a, b, scoreI8(emb.get(a)!.embedding, emb.get(b)!.embedding)]);
    checked++;
  }
  expect(checked).toBe(report.hil.reference.checkedScores);
}, 300000);

test('two boards under -icount: the merged results equal the one-board run', async () => {
  const { report } = await hil(join(root, 'two'), '--boards', '2', '--icount');
  expect(report.hil.boards).toHaveLength(2);
  expect(report.hil.icount).toBe(true);
  expect(report.hil.instructionUnit).toMatch(/guest instructions/);
  expect(report.scores).toEqual(one.scores);
  expect(report.hil.images).toEqual(one.hil.images);
  expect(report.metrics).toEqual(one.metrics);
  expect(report.hil.reference.mismatches).toEqual([]);
  expect(report.hil.commands.verify.count).toBe(one.hil.commands.verify.count);
  // each board verifies its own probes; together every pair once
  expect(report.hil.boards.reduce((n, b) => n + b.verifies, 0)).toBe(one.hil.commands.verify.count);
  // under icount a capture is millions of guest instructions, a verification a few hundred
  expect(report.hil.commands.capture.instructions.min).toBeGreaterThan(1e6);
  expect(report.hil.commands.verify.instructions.max).toBeLessThan(1e5);
  expect(readFileSync(join(root, 'two', 'report.md'), 'utf8')).toMatch(/QEMU -icount/);
}, 300000);

test('enrolled templates (--enroll 2): device templates, failures to enroll and scores equal the reference', async () => {
  const { summary, report } = await hil(join(root, 'enroll'), '--enroll', '2', '--boards', '2');
  // 4 fingers × 3 impressions: templates 1+2, probe 3; genuine 4, impostor 4·3 (ordered)
  expect(report.protocol).toEqual({ impostors: 'fvc', enroll: 2 });
  expect([report.metrics.genuineCount, report.metrics.impostorCount]).toEqual([4, 12]);
  expect(report.hil.reference.mismatches).toEqual([]);
  const emb = await referenceEmbeddings(set);
  // the device's enrollment check, on the reference: each impression's best partner reaches the enroll
  // check's threshold, FP_ENROLL_SCORE in the generated threshold header (FMR 1/20)
  const enrollThr = readDeviceThresholds().enroll.score;
  const refusedByRef = [1, 2, 3, 4].filter((f) => emb.get(`${f}_1`)!.reason === 0 && emb.get(`${f}_2`)!.reason === 0 && scoreI8(emb.get(`${f}_1`)!.embedding, emb.get(`${f}_2`)!.embedding) < enrollThr).map((f) => `${f}_1+2`);
  const failed = new Set(report.hil.enrollment!.failures.map((f) => f.split(' ')[0]));
  expect(report.hil.enrollment).toMatchObject({ impressions: 2, templates: 4, failedToEnroll: failed.size });
  for (const t of refusedByRef) expect(failed.has(t)).toBe(true);
  expect(summary).toMatchObject({ hil: { enrollment: { templates: 4 } } });
  for (const [t, probe, score] of [...report.scores.genuine, ...report.scores.impostor]) {
    const [f, imps] = t.split('_');
    const template = imps.split('+').map((k) => emb.get(`${f}_${k}`)!);
    if (failed.has(t) || emb.get(probe)!.reason !== 0) expect(score).toBe(-32768);
    else expect(score).toBe(Math.max(...template.map((e) => scoreI8(e.embedding, emb.get(probe)!.embedding))));
  }
}, 300000);

test('touches again (--enroll 2 --touches 1): a stray capture is left out after one more touch, as the reference chooses', async () => {
  // 4 fingers × 4 impressions; finger 1's impression 2 is another finger's print (a stray touch)
  const touch = join(root, 'touch-set');
  await generateDataset({ out: touch, fingers: 5, impressions: 4, seed: 4343, workers: 0, progress: false });
  copyFileSync(join(touch, '5_1.png'), join(touch, '1_2.png'));
  for (let k = 1; k <= 4; k++) rmSync(join(touch, `5_${k}.png`));
  const { summary, report } = await hilOn(touch, join(root, 'touch'), '--enroll', '2', '--touches', '1');
  expect(summary).toMatchObject({ protocol: { enroll: 2, touches: 1 } });
  // templates 1+2 (touch again: 3), probe 4: genuine 4, impostor 4·3
  expect([report.metrics.genuineCount, report.metrics.impostorCount]).toEqual([4, 12]);
  expect(report.hil.reference.mismatches).toEqual([]);
  // what the device should have done, from the reference alone
  const emb = await referenceEmbeddings(touch);
  const thr = readDeviceThresholds().enroll.score;
  const stored = new Map<number, string[] | undefined>();
  const firstRefused: number[] = [];
  let sent = 0;
  for (const f of [1, 2, 3, 4]) {
    const ok = (ks: number[]): string[] => ks.map((k) => `${f}_${k}`).filter((n) => emb.get(n)!.reason === 0);
    const first = ok([1, 2]);
    if (first.length === 2) sent++;
    const c1 = first.length === 2 ? chooseEnrollment(first.map((n) => emb.get(n)!.embedding), 2, thr) : undefined;
    if (c1?.ok) { stored.set(f, first); continue; }
    firstRefused.push(f);
    const all = ok([1, 2, 3]);
    if (all.length >= 2) sent++;
    const c2 = all.length >= 2 ? chooseEnrollment(all.map((n) => emb.get(n)!.embedding), 2, thr) : undefined;
    stored.set(f, c2?.ok ? c2.indices.map((k) => all[k]) : undefined);
  }
  expect(firstRefused).toContain(1); // the stray touch is refused at first…
  expect(stored.get(1)).toEqual(['1_1', '1_3']); // …and left out after the touch again
  const e = report.hil.enrollment!;
  expect(e).toMatchObject({ impressions: 2, touches: 1, templates: 4, firstTouch: { failedToEnroll: firstRefused.length } });
  expect(e.failedToEnroll).toBe([...stored.values()].filter((v) => v === undefined).length);
  expect(e.retouched).toContain('1_1+2 → 1_1+3');
  expect(report.hil.commands.enroll.count).toBe(4 - e.failedToEnroll); // the ENROLLs that stored a template
  expect(sent).toBeGreaterThan(report.hil.commands.enroll.count); // and at least the refused first one
  for (const [t, probe, score] of [...report.scores.genuine, ...report.scores.impostor]) {
    const s = stored.get(Number(t.split('_')[0]));
    if (s === undefined || emb.get(probe)!.reason !== 0) expect(score).toBe(-32768);
    else expect(score).toBe(Math.max(...s.map((n) => scoreI8(emb.get(n)!.embedding, emb.get(probe)!.embedding))));
  }
  expect(readFileSync(join(root, 'touch', 'report.md'), 'utf8')).toMatch(/stored after a touch again: 1_1\+2 → 1_1\+3/);
}, 300000);
