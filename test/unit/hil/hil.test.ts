/** `whorl hil` without a device: the campaign plan (every FVC pair once, templates enrolled before
 * use, slots reused only when free), the reference check naming a mismatching pair, and argument
 * errors with clear one-line messages. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dataset, ImpressionRef } from '../../../host/data/dataset.js';
import { makePairs, makeTemplatePairs } from '../../../host/eval/pairs.js';
import type { ThresholdInfo, FpStats } from '../../../host/fp/client.js';
import { assertReference } from '../../../host/hil/campaign.js';
import { planCampaign, planTemplateCampaign, PlanError, type BoardPlan } from '../../../host/hil/plan.js';
import { buildResult } from '../../../host/hil/result.js';
import type { BoardRun } from '../../../host/hil/board.js';
import { pgm, ridgeImage } from '../data/fixtures.js';

const MAIN = fileURLToPath(new URL('../../../host/cli/main.js', import.meta.url));

function dataset(n: number, k: number): Dataset {
  const fingers = new Map<number, ImpressionRef[]>();
  for (let f = 1; f <= n; f++) fingers.set(f, Array.from({ length: k }, (_, i) => ({ finger: f, impression: i + 1, path: `/x/${f}_${i + 1}.png`, name: `${f}_${i + 1}.png`, kind: 'png' as const, dpi: 500 })));
  return { dir: '/x/set', fingers, dpi: 500, dpiSource: 'manifest', imageCount: n * k, ignored: [] };
}

/** Simulates the boards: checks the plan's invariants, returns each pair's board. */
function simulate(plans: BoardPlan[], nPairs: number, images: number): number[] {
  const owner = new Array<number>(nPairs).fill(-1);
  for (const p of plans) {
    const slot = new Map<number, number>(); // slot → image enrolled there
    let last = -1;
    for (const s of p.steps) {
      expect(s.image).toBeGreaterThan(last); // dataset order, each image once per board
      last = s.image;
      for (const v of s.verify) {
        expect(slot.get(v.slot)).toBe(v.template); // the template is in its slot when needed
        expect(owner[v.pair]).toBe(-1);
        owner[v.pair] = p.board;
      }
      if (s.enrollSlot >= 0) slot.set(s.enrollSlot, s.image);
    }
    expect(p.peakSlots).toBeLessThanOrEqual(images);
  }
  expect(owner.every((b) => b >= 0)).toBe(true);
  return owner;
}

test.each([[1, 'fvc'], [2, 'fvc'], [3, 'fvc'], [2, 'all']] as const)('plan with %i board(s), %s impostors: every pair verified exactly once', (boards, mode) => {
  const ds = dataset(10, 4);
  const images = [...ds.fingers.values()].flat();
  const { genuine, impostor } = makePairs(ds.fingers, mode);
  const plans = planCampaign(images, [...genuine, ...impostor], boards);
  expect(plans).toHaveLength(boards);
  const owner = simulate(plans, genuine.length + impostor.length, images.length);
  if (boards > 1) expect(new Set(owner).size).toBe(boards);
  // balanced: no board does more than twice the verifications of another
  const v = plans.map((p) => p.verifies);
  expect(Math.max(...v)).toBeLessThanOrEqual(2 * Math.min(...v) + 10);
});

test('plan: slots are reused once free; too few free slots is a clear error; more boards than probes', () => {
  const ds = dataset(30, 3);
  const images = [...ds.fingers.values()].flat();
  const { genuine, impostor } = makePairs(ds.fingers);
  const [p] = planCampaign(images, [...genuine, ...impostor], 1);
  expect(p.enrolls).toBe(30 * 2); // impressions 1 and 2 of each finger are templates
  expect(p.peakSlots).toBeLessThan(p.enrolls); // impression-1 slots stay, the others are reused
  expect(() => planCampaign(images, [...genuine, ...impostor], 1, { slots: [5, 6, 7] })).toThrow(PlanError);
  expect(() => planCampaign(images, [...genuine, ...impostor], 1, { slots: [5, 6, 7] })).toThrow(/more than the 3 free template slots/);
  const small = dataset(2, 2);
  const si = [...small.fingers.values()].flat();
  const sp = makePairs(small.fingers);
  expect(planCampaign(si, [...sp.genuine, ...sp.impostor], 8).length).toBeLessThanOrEqual(3);
});

test.each([1, 2, 3])('template plan (--enroll 3) with %i board(s): templates enrolled as one set before their probes, every pair once', (boards) => {
  const ds = dataset(12, 5);
  const images = [...ds.fingers.values()].flat();
  const { genuine, impostor } = makeTemplatePairs(ds.fingers, 3);
  const pairs = [...genuine, ...impostor];
  const plans = planTemplateCampaign(images, pairs, boards);
  expect(plans).toHaveLength(boards);
  const index = new Map(images.map((r, i) => [r, i]));
  const owner = new Array<number>(pairs.length).fill(-1);
  for (const p of plans) {
    const slot = new Map<number, number[]>(); // slot → the template's images
    let set: number[] = [];
    for (const s of p.steps) {
      set = (s.newSet ?? true) ? [s.image] : [...set, s.image];
      for (const v of s.verify) {
        expect(slot.get(v.slot)).toEqual(pairs[v.pair].template.map((r) => index.get(r)));
        expect(images[s.image]).toBe(pairs[v.pair].probe);
        expect(owner[v.pair]).toBe(-1);
        owner[v.pair] = p.board;
      }
      if (s.enrollSlot >= 0) {
        expect(s.enrollImpressions).toBe(3);
        expect(set).toHaveLength(3);
        expect(slot.has(s.enrollSlot)).toBe(false); // one slot per template
        slot.set(s.enrollSlot, set);
      }
    }
    expect(p.enrolls).toBe(slot.size);
  }
  expect(owner.every((b) => b >= 0)).toBe(true);
  expect(() => planTemplateCampaign(images, pairs, 1, { slots: [1, 2] })).toThrow(/needs 12 templates at once and the device has 2 free slots/);
});

/** A one-board FVC campaign of 3 fingers × 2 that a fake device ran (embeddings from `embOf`), for the reference check. */
function fakeCampaign(embOf: (image: number, j: number) => number) {
  const ds = dataset(3, 2);
  const images = [...ds.fingers.values()].flat();
  const { genuine, impostor } = makePairs(ds.fingers);
  const pairs = [...genuine, ...impostor];
  const plans = planCampaign(images, pairs, 1);
  const emb = images.map((_, i) => Int8Array.from({ length: 8 }, (_, j) => embOf(i, j)));
  const dot = (a: Int8Array, b: Int8Array): number => a.reduce((s, x, i) => s + x * b[i], 0);
  const index = new Map(images.map((r, i) => [r, i]));
  const scores = pairs.map((p) => dot(emb[index.get(p.a)!], emb[index.get(p.b)!]));
  const run: BoardRun = {
    board: 0, address: 'fake', seconds: 1, startMs: 0, endMs: 1000,
    captures: plans[0].steps.map((s) => ({ image: s.image, reason: 0, quality: 90, instructions: 1000, ms: 5 })),
    enrolls: [], enrollFailures: [], enrollRetries: [],
    verifies: plans[0].steps.flatMap((s) => s.verify.map((v) => ({ pair: v.pair, score: scores[v.pair], match: false, instructions: 10, ms: 1 }))),
  };
  const input = (thresholds: ThresholdInfo[]) => ({
    ds, images, pairs, genuineCount: genuine.length, impostors: 'fvc' as const, plans, runs: [run],
    reference: new Map(images.map((_, i) => [i, { reason: 0, quality: 90, embedding: emb[i] }])), thresholds,
    deviceStats: [{ captures: 6, enrolls: 0, verifies: 6, rejected: 0 } as FpStats], retries: [0], firmware: ['0.1.0 build x'],
    device: 'qemu', icount: false, qemu: true, boardsRequested: 1, model: 'm.wnn', modelCrc: 1, refWorkers: 1, bootSeconds: 0, refWaitSeconds: 0, totalSeconds: 1,
  });
  return { genuine, scores, run, input };
}

test('reference check: a device score that differs fails, naming the pair', () => {
  const { genuine, run, input: inputFor } = fakeCampaign((i, j) => ((i * 7 + j * 3) % 17) - 8);
  run.verifies = run.verifies.map((v) => ({ ...v, match: v.score >= 10 }));
  const input = inputFor([{ fmr: 1000, score: 10, table: [] } as ThresholdInfo]);
  const ok = buildResult(input);
  expect(ok.hil.reference).toMatchObject({ checkedCaptures: 6, checkedScores: 6, mismatches: [] });
  expect(ok.metrics.genuineCount + ok.metrics.impostorCount).toBe(6);
  expect(() => assertReference(ok)).not.toThrow();
  const k = run.verifies.findIndex((v) => v.pair === genuine.length); // the first impostor pair: 1_1 vs 2_1
  run.verifies[k] = { ...run.verifies[k], score: run.verifies[k].score + 1 };
  run.captures[0] = { ...run.captures[0], quality: 89 };
  const bad = buildResult(input);
  expect(bad.hil.reference.mismatches).toHaveLength(2);
  expect(() => assertReference(bad, 'out/x')).toThrow(/differs from the host int8 reference in 2 of 12 checks: .*pair 1_1 vs 2_1 \(board 1\): device -?\d+, reference -?\d+/);
});

test('reference check: a decision against another threshold than the template size\'s fails', () => {
  const { scores, run, input: inputFor } = fakeCampaign((i, j) => ((i * 5 + j * 3) % 13) - 6);
  const cut = [...scores].sort((a, b) => a - b)[3]; // some pairs at or above, some below
  // single-impression templates: the device must apply bySize[0], not the 3-impression score
  const input = inputFor([{ fmr: 1000, score: cut + 1000, table: [], bySize: [cut, cut + 500, cut + 1000, cut + 1500, cut + 2000] } as ThresholdInfo]);
  const verifies = run.verifies.map((v) => ({ ...v, match: v.score >= cut }));
  run.verifies = verifies;
  const ok = buildResult(input);
  expect(ok.hil.reference.mismatches).toEqual([]);
  expect(ok.hil.threshold).toEqual({ fmr: 1000, score: cut, impressions: 1 });
  // a device that decided at the 3-impression score
  run.verifies = verifies.map((v) => ({ ...v, match: v.score >= cut + 1000 }));
  const bad = buildResult(input);
  const wrong = scores.filter((s) => s >= cut && s < cut + 1000).length;
  expect(wrong).toBeGreaterThan(0);
  expect(bad.hil.reference.mismatches.map((m) => m.kind)).toEqual(Array(wrong).fill('decision'));
  expect(bad.hil.reference.mismatches[0].what).toMatch(/device no match at score -?\d+, threshold for 1 impression\(s\) -?\d+/);
});

describe('argument errors: one line on stderr, exit 1, before any board boots', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'whorl-hil-args-'));
    for (let f = 1; f <= 2; f++) for (let i = 1; i <= 2; i++) writeFileSync(join(root, `${f}_${i}.pgm`), pgm(80, 96, ridgeImage(80, 96, f, i)));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const cli = (...args: string[]) => spawnSync(process.execPath, [MAIN, 'hil', ...args], { encoding: 'utf8', timeout: 30000 });

  test.each([
    [['--device', 'qemu', '--dataset', '/nonexistent/hil-set'], /^whorl: \/nonexistent\/hil-set: cannot read dataset folder \(ENOENT/],
    [['--device', 'qemu', '--dataset', 'ROOT'], /^whorl: ROOT: resolution unknown; pass --dpi N/],
    [['--device', 'qemu', '--dataset', 'ROOT', '--boards', '0'], /^whorl: --boards must be an integer 1\.\.16, got '0'/],
    [['--device', 'qemu', '--dataset', 'ROOT', '--boards', 'two'], /^whorl: --boards must be an integer 1\.\.16, got 'two'/],
    [['--device', 'qemu', '--dataset', 'ROOT', '--boards', '17'], /^whorl: --boards must be an integer 1\.\.16, got '17'/],
    [['--device', 'qemu', '--dataset', 'ROOT', '--enroll', '9'], /^whorl: --enroll must be an integer 1\.\.5, got '9'/],
    [['--device', 'qemu', '--dataset', 'ROOT', '--touches', '1'], /^whorl: --touches needs --enroll N/],
    [['--device', 'qemu', '--dataset', 'ROOT', '--enroll', '3', '--touches', '3'], /^whorl: --touches must be an integer 0\.\.2 with --enroll 3 \(the device keeps 5 captures\), got '3'/],
    [['--device', 'qemu', '--dataset', 'ROOT', '--enroll', '3', '--touches', 'x'], /^whorl: --touches must be an integer 0\.\.4, got 'x'/],
    [['--device', 'tcp://127.0.0.1:9', '--dataset', 'ROOT', '--boards', '2'], /^whorl: --boards 2 needs --device qemu/],
    [['--device', 'tcp://127.0.0.1:9', '--dataset', 'ROOT', '--icount'], /^whorl: --icount applies to --device qemu only/],
    [['--device', 'nowhere', '--dataset', 'ROOT'], /^whorl: unknown device address 'nowhere'/],
    [['--dataset', 'ROOT'], /required option '--device <addr>' not specified/],
  ])('hil %j', (args, re) => {
    const r = cli(...args.map((a) => a.replace('ROOT', root)));
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.replaceAll(root, 'ROOT')).toMatch(re);
  });
});
