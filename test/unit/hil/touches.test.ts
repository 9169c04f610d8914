/** `whorl hil --enroll N --touches K` without a device: the pairs (touches again between template and
 * probes), the plan (a touch again only where ENROLL may refuse), and the result: scores checked
 * against the impressions ENROLL stored, each ENROLL decision against the reference's choice, and the
 * failure-to-enroll rate at the first touch and after. */
import type { Dataset, ImpressionRef } from '../../../host/data/dataset.js';
import { makeTemplatePairs, type TemplatePair } from '../../../host/eval/pairs.js';
import type { FpStats, ThresholdInfo } from '../../../host/fp/client.js';
import type { BoardRun } from '../../../host/hil/board.js';
import { checkOptions } from '../../../host/hil/campaign.js';
import { planTemplateCampaign } from '../../../host/hil/plan.js';
import { buildResult } from '../../../host/hil/result.js';
import { scoreI8 } from '../../../host/nn/fixed.js';

function dataset(n: number, k: number): Dataset {
  const fingers = new Map<number, ImpressionRef[]>();
  for (let f = 1; f <= n; f++) fingers.set(f, Array.from({ length: k }, (_, i) => ({ finger: f, impression: i + 1, path: `/x/${f}_${i + 1}.png`, name: `${f}_${i + 1}.png`, kind: 'png' as const, dpi: 500 })));
  return { dir: '/x/set', fingers, dpi: 500, dpiSource: 'manifest', imageCount: n * k, ignored: [] };
}

const name = (r: ImpressionRef): string => `${r.finger}_${r.impression}`;

test('pairs: impressions N+1..N+K are the touches again, the probes follow them', () => {
  const ds = dataset(4, 6);
  ds.fingers.get(4)!.splice(4); // 4 impressions: no probe left after 2 + 2
  const { genuine, impostor } = makeTemplatePairs(ds.fingers, 2, 'fvc', 2);
  expect(genuine.map((p) => `${p.template.map(name).join('+')}|${p.spares!.map(name).join('+')}|${name(p.probe)}`)).toEqual([
    '1_1+1_2|1_3+1_4|1_5', '1_1+1_2|1_3+1_4|1_6', '2_1+2_2|2_3+2_4|2_5', '2_1+2_2|2_3+2_4|2_6', '3_1+3_2|3_3+3_4|3_5', '3_1+3_2|3_3+3_4|3_6',
  ]);
  expect(impostor).toHaveLength(3 * 2);
  expect(impostor.every((p) => p.probe.impression === 5 && p.spares!.length === 2)).toBe(true);
  expect(makeTemplatePairs(ds.fingers, 2).genuine.every((p) => p.spares === undefined)).toBe(true);
});

test('plan: each template is its N captures, ENROLL, then its touches again marked as such; probes after', () => {
  const ds = dataset(6, 6);
  const images = [...ds.fingers.values()].flat();
  const { genuine, impostor } = makeTemplatePairs(ds.fingers, 2, 'fvc', 2);
  const plans = planTemplateCampaign(images, [...genuine, ...impostor], 2);
  for (const p of plans) {
    const firstProbe = p.steps.findIndex((s) => s.verify.length > 0);
    const tsteps = p.steps.slice(0, firstProbe);
    expect(tsteps.length % 4).toBe(0);
    for (let k = 0; k < tsteps.length; k += 4) {
      const [a, b, c, d] = tsteps.slice(k, k + 4);
      expect([a.newSet, b.newSet, c.newSet, d.newSet]).toEqual([true, false, false, false]);
      expect([a.enrollSlot, b.enrollImpressions, b.touchesLeft, c.retouch, c.touchesLeft, d.retouch, d.touchesLeft]).toEqual([-1, 2, 2, true, 1, true, 0]);
      expect(new Set([b.enrollSlot, c.enrollSlot, d.enrollSlot]).size).toBe(1);
      expect(images[d.image].impression).toBe(4);
    }
    expect(p.steps.slice(firstProbe).every((s) => s.enrollSlot === -1 && !s.retouch)).toBe(true);
    expect(p.captures).toBe(tsteps.length / 2 + (p.steps.length - firstProbe)); // touches again are not certain captures
  }
});

test('--touches needs --enroll and fits the device\'s 5 pending captures', () => {
  expect(() => checkOptions({ device: 'qemu', dataset: 'x', touches: 1 })).toThrow(/--touches needs --enroll N/);
  expect(() => checkOptions({ device: 'qemu', dataset: 'x', enroll: 3, touches: 3 })).toThrow(/--touches must be an integer 0\.\.2 with --enroll 3/);
  expect(checkOptions({ device: 'qemu', dataset: 'x', enroll: 3, touches: 2 })).toEqual({ qemu: true, boards: 1 });
});

describe('result of a campaign with touches again', () => {
  // 3 fingers × 4 impressions, --enroll 2 --touches 1: templates 1+2, touch 3, probe 4.
  // Finger 1's impression 2 is a stray (another direction): ENROLL 2 refuses 1+2, stores 1+3 after the touch.
  // Finger 3's impressions disagree at every touch: not stored.
  const unit = (v: number[]): Int8Array => {
    const n = Math.hypot(...v);
    return Int8Array.from(v.map((x) => Math.round((x / n) * 127)));
  };
  const ds = dataset(3, 4);
  const images = [...ds.fingers.values()].flat();
  const vec: Record<string, number[]> = {
    '1_1': [1, 0.1, 0, 0, 0, 0, 0, 0], '1_2': [0, 0, 0, 0, 0, 0, 1, 0.2], '1_3': [1, 0, 0.1, 0, 0, 0, 0, 0], '1_4': [1, 0.05, 0.05, 0, 0, 0, 0, 0],
    '2_1': [0, 1, 0, 0, 0, 0, 0, 0], '2_2': [0, 1, 0.1, 0, 0, 0, 0, 0], '2_3': [0, 1, 0, 0.1, 0, 0, 0, 0], '2_4': [0.1, 1, 0, 0, 0, 0, 0, 0],
    '3_1': [0, 0, 0, 1, 0, 0, 0, 0], '3_2': [0, 0, 0, 0, 1, 0, 0, 0], '3_3': [0, 0, 0, 0, 0, 1, 0, 0], '3_4': [0, 0, 0, 1, 0.1, 0, 0, 0],
  };
  const emb = images.map((r) => unit(vec[name(r)]));
  const at = (s: string): number => images.findIndex((r) => name(r) === s);
  const { genuine, impostor } = makeTemplatePairs(ds.fingers, 2, 'fvc', 1);
  const pairs: TemplatePair[] = [...genuine, ...impostor];
  const plans = planTemplateCampaign(images, pairs, 1);
  const slotOf = (f: number): number => plans[0].steps.find((s) => s.enrollImpressions !== undefined && images[s.image].finger === f)!.enrollSlot;
  const stored = new Map([[slotOf(1), [at('1_1'), at('1_3')]], [slotOf(2), [at('2_1'), at('2_2')]]]);
  const run = (storedFinger1: number[]): BoardRun => ({
    board: 0, address: 'fake', seconds: 1, startMs: 0, endMs: 1000,
    captures: ['1_1', '1_2', '1_3', '2_1', '2_2', '3_1', '3_2', '3_3', '1_4', '2_4', '3_4'].map((s) => ({ image: at(s), reason: 0, quality: 90, instructions: 1000, ms: 5 })),
    enrolls: [
      { image: at('1_3'), slot: slotOf(1), instructions: 9, ms: 1, images: storedFinger1, template: [at('1_1'), at('1_2')], pending: [at('1_1'), at('1_2'), at('1_3')], touches: 1 },
      { image: at('2_2'), slot: slotOf(2), instructions: 9, ms: 1, images: [at('2_1'), at('2_2')], template: [at('2_1'), at('2_2')], pending: [at('2_1'), at('2_2')], touches: 0 },
    ],
    enrollRetries: [
      { slot: slotOf(1), images: [at('1_1'), at('1_2')], reason: 'mismatch', impression: 0, score: 1, pending: [at('1_1'), at('1_2')], touches: 0 },
      { slot: slotOf(3), images: [at('3_1'), at('3_2')], reason: 'mismatch', impression: 0, score: 1, pending: [at('3_1'), at('3_2')], touches: 0 },
    ],
    enrollFailures: [{ slot: slotOf(3), images: [at('3_1'), at('3_2')], reason: 'mismatch', impression: 0, score: 1, pending: [at('3_1'), at('3_2'), at('3_3')], touches: 1 }],
    verifies: pairs.map((p, pair) => {
      const slot = slotOf(p.template[0].finger);
      const t = stored.get(slot);
      const probe = emb[images.indexOf(p.probe)];
      return t ? ((score) => ({ pair, score, match: score >= 14000, instructions: 10, ms: 1 }))(Math.max(...t.map((i) => scoreI8(emb[i], probe)))) : { pair, score: -32768, match: false, instructions: 0, ms: 0, refused: true };
    }),
  });
  const input = (r: BoardRun) => ({
    ds, images, pairs, genuineCount: genuine.length, impostors: 'fvc' as const, enroll: 2, touches: 1, plans, runs: [r],
    reference: new Map(images.map((_, i) => [i, { reason: 0, quality: 90, embedding: emb[i] }])),
    thresholds: [{ fmr: 1000, score: 14000, table: [], enroll: { fmr: 20, score: 12000 } } as ThresholdInfo],
    deviceStats: [{ captures: 11, enrolls: 2, verifies: 6, rejected: 0 } as FpStats], retries: [0], firmware: ['0.1.0 build x'],
    device: 'qemu', icount: false, qemu: true, boardsRequested: 1, model: 'm.wnn', modelCrc: 1, refWorkers: 1, bootSeconds: 0, refWaitSeconds: 0, totalSeconds: 1,
  });

  test('scores are checked against the stored impressions; FTE at the first touch and after', () => {
    const r = buildResult(input(run([at('1_1'), at('1_3')])));
    expect(r.hil.reference.mismatches).toEqual([]);
    expect(r.hil.reference).toMatchObject({ checkedEnrolls: 5, checkedScores: 6 });
    expect(r.protocol).toEqual({ impostors: 'fvc', enroll: 2, touches: 1 });
    expect(r.hil.enrollment).toMatchObject({ impressions: 2, touches: 1, templates: 3, failedToEnroll: 1, firstTouch: { failedToEnroll: 2 }, enrolledAfter: [1, 1] });
    expect(r.hil.enrollment!.fte).toBeCloseTo(1 / 3);
    expect(r.hil.enrollment!.retouched).toEqual(['1_1+2 → 1_1+3']);
    expect(r.hil.enrollment!.failures).toEqual(['3_1+2 (E_MISMATCH: impression 1 of the last 2 best score 1, after 1 touch(es) again)']);
  });

  test('a device that stores other captures than the reference chooses is a mismatch', () => {
    const r = buildResult(input(run([at('1_2'), at('1_3')])));
    const kinds = r.hil.reference.mismatches.map((m) => m.kind);
    expect(kinds).toContain('enroll');
    expect(r.hil.reference.mismatches.find((m) => m.kind === 'enroll')!.what).toMatch(/ENROLL 2 from 1_1\+2\+3 \(board 1\): device stored 1_2\+3, reference stored 1_1\+3/);
  });
});
