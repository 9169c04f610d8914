/**
 * The result of a HIL campaign: an evaluation report (the same JSON as `whorl eval`, so that
 * `whorl eval report --combine` can put device and host curves on one plot) plus a `hil` section
 * with boards, per-command instructions and wall times, throughput and the reference check.
 */
import type { Dataset, ImpressionRef } from '../data/dataset.js';
import { asTemplatePair, templateName, type Pair, type ImpostorMode, type TemplatePair } from '../eval/pairs.js';
import { computeMetrics } from '../eval/metrics.js';
import type { EvalResult, ScoredPair } from '../eval/run.js';
import { thresholdFor, type FpStats, type ThresholdInfo } from '../fp/client.js';
import { chooseEnrollment } from '../fp/enroll-choice.js';
import { Int8Reference } from '../fp/reference.js';
import { refusalReason, type BoardRun, type CommandKind } from './board.js';
import type { BoardPlan } from './plan.js';
import type { RefEmbedding } from './reference.js';
import { crc32Hex } from '../util/crc.js';

/** Distribution of a per-command quantity. */
export interface Dist { mean: number; median: number; p95: number; min: number; max: number; total: number }
export interface CommandStats { count: number; instructions: Dist; wallMs: Dist }
export interface Mismatch { kind: 'score' | 'decision' | 'capture' | 'enroll'; board: number; what: string; device: number | string; reference: number | string }

export interface HilSection {
  device: string;
  /** firmware version and build of the boards (instruction counts belong to a build) */
  firmware: string[];
  icount: boolean;
  /** what the instruction counts are */
  instructionUnit: string;
  boardsRequested: number;
  boards: Array<{
    board: number; address: string; probes: string; captures: number; enrolls: number; verifies: number; refusedVerifies: number;
    peakSlots: number; seconds: number; verifiesPerSecond: number; retries: number;
    deviceCounters: { captures: number; enrolls: number; verifies: number; rejected: number };
  }>;
  commands: Record<CommandKind, CommandStats>;
  throughput: { verifiesPerSecond: number; capturesPerSecond: number; perBoard: number[] };
  seconds: { total: number; boot: number; devices: number; referenceWait: number };
  /** the device's operating threshold for the campaign's templates (`impressions` each) */
  threshold: { fmr: number; score: number; impressions: number };
  reference: { model: string; modelCrc: string; workers: number; checkedCaptures: number; checkedScores: number; checkedEnrolls?: number; mismatches: Mismatch[] };
  /**
   * enrolled templates (`--enroll N`): templates the device did not store, failure to enroll rate.
   * `touches` (`--touches K`): the captures a user may add after a refusal; `firstTouch`: templates
   * refused before any; `enrolledAfter[k]`: templates stored after k touches again.
   */
  enrollment?: {
    impressions: number; touches: number; templates: number; failedToEnroll: number; fte: number; failures: string[];
    firstTouch: { failedToEnroll: number; fte: number };
    enrolledAfter: number[];
    /** templates stored after a touch again: `<first N> → <stored impressions>` */
    retouched: string[];
    /** the accuracy over the pairs whose template was enrolled (the metrics above count the others as failed matches) */
    enrolledOnly: { genuine: number; impostor: number; eer: number; fmr100: number; fmr1000: number };
  };
  /** the device's verdict per image: [name, reason, quality] */
  images: Array<[string, number, number]>;
  refused: string[];
}

export type HilResult = EvalResult & { hil: HilSection };

export function dist(xs: number[]): Dist {
  if (xs.length === 0) return { mean: 0, median: 0, p95: 0, min: 0, max: 0, total: 0 };
  const s = [...xs].sort((a, b) => a - b);
  const q = (f: number): number => s[Math.min(s.length - 1, Math.floor(f * s.length))];
  const total = s.reduce((a, b) => a + b, 0);
  return { mean: total / s.length, median: q(0.5), p95: q(0.95), min: s[0], max: s[s.length - 1], total };
}

export interface ResultInput {
  ds: Dataset;
  images: ImpressionRef[];
  /** FVC pairs, or enrolled-template pairs (`enroll` set) */
  pairs: Array<Pair | TemplatePair>;
  genuineCount: number;
  impostors: ImpostorMode;
  /** impressions per template (`whorl hil --enroll N`) */
  enroll?: number;
  /** touches again after a refused ENROLL (`whorl hil --touches K`) */
  touches?: number;
  plans: BoardPlan[];
  runs: BoardRun[];
  reference: Map<number, RefEmbedding>;
  thresholds: ThresholdInfo[];
  deviceStats: FpStats[];
  retries: number[];
  /** each board's firmware version and build id */
  firmware: string[];
  device: string; icount: boolean; qemu: boolean; boardsRequested: number;
  model: string; modelCrc: number; refWorkers: number;
  bootSeconds: number; refWaitSeconds: number; totalSeconds: number;
}

const pname = (r: ImpressionRef): string => `${r.finger}_${r.impression}`;

/** Merges the boards' records in pair order, checks them against the reference and sums up. */
export function buildResult(x: ResultInput): HilResult {
  const { images, reference } = x;
  const pairs = x.pairs.map(asTemplatePair);
  const scores = new Array<number | undefined>(pairs.length);
  const mismatches: Mismatch[] = [];
  const verdict = new Map<number, [number, number]>();
  let checkedScores = 0;
  let checkedEnrolls = 0;
  let checkedCaptures = 0;
  const index = new Map(images.map((r, k) => [r, k]));
  const nameOf = (ix: number[]): string => templateName(ix.map((i) => images[i]));
  for (const run of x.runs) {
    const b = run.board + 1;
    const th = x.thresholds[run.board];
    // what this board's templates hold: the impressions ENROLL chose (after touches again, not the first N)
    const stored = new Map(run.enrolls.flatMap((e) => (e.template && e.images ? [[nameOf(e.template), e.images.map((i) => images[i])] as const] : [])));
    for (const c of run.captures) {
      const r = reference.get(c.image)!;
      checkedCaptures++;
      if (c.reason !== r.reason || c.quality !== r.quality) {
        mismatches.push({ kind: 'capture', board: b, what: `image ${images[c.image].name} (board ${b}): device ${refusalReason(c.reason)}/quality ${c.quality}, reference ${refusalReason(r.reason)}/quality ${r.quality}`, device: `${c.reason}/${c.quality}`, reference: `${r.reason}/${r.quality}` });
      }
      if (!verdict.has(c.image)) verdict.set(c.image, [c.reason, c.quality]);
    }
    for (const v of run.verifies) {
      scores[v.pair] = v.score;
      if (v.refused) continue;
      const p = pairs[v.pair];
      const probe = reference.get(index.get(p.probe)!)!.embedding;
      const template = stored.get(templateName(p.template)) ?? p.template;
      const want = Int8Reference.score(template.map((t) => reference.get(index.get(t)!)!.embedding), probe);
      checkedScores++;
      if (v.score !== want) {
        mismatches.push({ kind: 'score', board: b, what: `pair ${templateName(p.template)} vs ${pname(p.probe)} (board ${b}): device ${v.score}, reference ${want}`, device: v.score, reference: want });
      }
      // the decision: the score against the operating threshold of the stored template's size
      if (!th) continue;
      const thr = thresholdFor(th, template.length);
      if (v.match !== v.score >= thr) {
        const verdictOf = (m: boolean): string => (m ? 'match' : 'no match');
        mismatches.push({ kind: 'decision', board: b, what: `pair ${templateName(p.template)} vs ${pname(p.probe)} (board ${b}): device ${verdictOf(v.match)} at score ${v.score}, threshold for ${template.length} impression(s) ${thr}`, device: verdictOf(v.match), reference: verdictOf(!v.match) });
      }
    }
    // every ENROLL: the device refuses where the reference does, and otherwise keeps the same captures
    const enrollThr = th ? (th.enroll ?? th.table[0])?.score : undefined;
    const n = x.enroll ?? 1;
    const tried = [
      ...run.enrolls.flatMap((e) => (e.images ? [{ pending: e.pending ?? e.images, stored: e.images as number[] | undefined }] : [])),
      ...[...run.enrollRetries, ...run.enrollFailures].filter((f) => f.reason === 'mismatch').map((f) => ({ pending: f.pending ?? f.images, stored: undefined })),
    ];
    for (const t of tried) {
      if (enrollThr === undefined || n < 2) continue;
      const want = chooseEnrollment(t.pending.map((i) => reference.get(i)!.embedding), n, enrollThr);
      const wantStored = want.ok ? want.indices.map((k) => t.pending[k]) : undefined;
      checkedEnrolls++;
      const say = (v: number[] | undefined): string => (v ? `stored ${nameOf(v)}` : 'E_MISMATCH');
      if (say(t.stored) !== say(wantStored)) {
        mismatches.push({ kind: 'enroll', board: b, what: `ENROLL ${n} from ${nameOf(t.pending)} (board ${b}): device ${say(t.stored)}, reference ${say(wantStored)}`, device: say(t.stored), reference: say(wantStored) });
      }
    }
  }
  const missing = scores.findIndex((s) => s === undefined);
  if (missing >= 0) throw new Error(`internal: pair ${templateName(pairs[missing].template)} vs ${pname(pairs[missing].probe)} was not verified by any board`);
  const s = scores as number[];
  const g = s.slice(0, x.genuineCount);
  const i = s.slice(x.genuineCount);
  const tsize = x.enroll ?? 1; // every template of a campaign has this many impressions
  const threshold = { fmr: x.thresholds[0].fmr, score: thresholdFor(x.thresholds[0], tsize), impressions: tsize };
  const all = <T>(f: (r: BoardRun) => T[]): T[] => x.runs.flatMap(f);
  const cmd = (recs: Array<{ instructions: number; ms: number }>): CommandStats => ({ count: recs.length, instructions: dist(recs.map((r) => r.instructions)), wallMs: dist(recs.map((r) => r.ms)) });
  const verifies = all((r) => r.verifies.filter((v) => !v.refused));
  const window = (Math.max(...x.runs.map((r) => r.endMs)) - Math.min(...x.runs.map((r) => r.startMs))) / 1000;
  const captures = all((r) => r.captures);
  const scored = (list: TemplatePair[], vals: number[]): ScoredPair[] => list.map((p, k) => [templateName(p.template), pname(p.probe), vals[k]]);
  const failures = x.runs.flatMap((r) => r.enrollFailures);
  const templates = new Set(pairs.map((p) => templateName(p.template))).size;
  const failedNames = new Set(failures.map((f) => nameOf(f.images)));
  const firstRefused = new Set([...x.runs.flatMap((r) => r.enrollRetries), ...failures.filter((f) => !f.touches)].map((f) => nameOf(f.images)));
  const enrolledAfter = Array.from({ length: (x.touches ?? 0) + 1 }, (_, k) => new Set(x.runs.flatMap((r) => r.enrolls.filter((e) => e.template && (e.touches ?? 0) === k).map((e) => nameOf(e.template!)))).size);
  const enrolledOnly = (): NonNullable<HilSection['enrollment']>['enrolledOnly'] => {
    const keep = (list: TemplatePair[], vals: number[]): number[] => vals.filter((_, k) => !failedNames.has(templateName(list[k].template)));
    const eg = keep(pairs.slice(0, x.genuineCount), g);
    const ei = keep(pairs.slice(x.genuineCount), i);
    if (eg.length === 0 || ei.length === 0) return { genuine: eg.length, impostor: ei.length, eer: NaN, fmr100: NaN, fmr1000: NaN };
    const m = computeMetrics(eg, ei);
    return { genuine: eg.length, impostor: ei.length, eer: m.eer, fmr100: m.fmr100, fmr1000: m.fmr1000 };
  };
  const describe = x.qemu ? `whorl firmware on ${x.runs.length} emulated versatilepb board(s)${x.icount ? ' under -icount' : ''}` : `whorl firmware on ${x.device}`;
  return {
    kind: 'whorl-eval-report',
    formatVersion: 1,
    createdAt: new Date().toISOString(),
    dataset: { dir: x.ds.dir, name: x.ds.dir.replace(/\/+$/, '').split('/').pop() ?? x.ds.dir, fingers: x.ds.fingers.size, images: x.ds.imageCount, dpi: x.ds.dpi, dpiSource: x.ds.dpiSource },
    matcher: { id: 'device', version: `int8-${x.modelCrc.toString(16)}`, description: `${describe}, model ${x.model}` },
    protocol: { impostors: x.impostors, ...(x.enroll !== undefined ? { enroll: x.enroll } : {}), ...(x.touches ? { touches: x.touches } : {}) },
    metrics: computeMetrics(g, i, threshold.score),
    scores: { genuine: scored(pairs.slice(0, x.genuineCount), g), impostor: scored(pairs.slice(x.genuineCount), i) },
    run: { workers: x.runs.length, cacheDir: null, cacheHits: 0, cacheMisses: 0, extractSeconds: dist(captures.map((c) => c.ms)).total / 1000, compareSeconds: dist(verifies.map((v) => v.ms)).total / 1000 },
    hil: {
      device: x.device,
      firmware: [...new Set(x.firmware)],
      icount: x.icount,
      instructionUnit: x.icount ? 'guest instructions (QEMU -icount shift=0: 1 instruction per ns of the 24 MHz counter)' : 'ns of device time from the 24 MHz counter (not instructions: QEMU runs without -icount; pass --icount)',
      boardsRequested: x.boardsRequested,
      boards: x.runs.map((r, k) => {
        const pl = x.plans[k];
        const st = x.deviceStats[k];
        const done = r.verifies.filter((v) => !v.refused).length;
        return {
          board: r.board + 1, address: r.address, probes: `${pname(images[pl.firstProbe])}..${pname(images[pl.lastProbe])}`,
          captures: r.captures.length, enrolls: r.enrolls.length, verifies: done, refusedVerifies: r.verifies.length - done,
          peakSlots: pl.peakSlots, seconds: r.seconds, verifiesPerSecond: done / r.seconds, retries: x.retries[k],
          deviceCounters: { captures: st.captures, enrolls: st.enrolls, verifies: st.verifies, rejected: st.rejected },
        };
      }),
      commands: { capture: cmd(captures), enroll: cmd(all((r) => r.enrolls)), verify: cmd(verifies) },
      throughput: { verifiesPerSecond: verifies.length / window, capturesPerSecond: captures.length / window, perBoard: x.runs.map((r) => r.verifies.filter((v) => !v.refused).length / r.seconds) },
      seconds: { total: x.totalSeconds, boot: x.bootSeconds, devices: window, referenceWait: x.refWaitSeconds },
      threshold,
      reference: { model: x.model, modelCrc: crc32Hex(x.modelCrc), workers: x.refWorkers, checkedCaptures, checkedScores, ...(x.enroll !== undefined ? { checkedEnrolls } : {}), mismatches },
      ...(x.enroll !== undefined ? {
        enrollment: {
          impressions: x.enroll, touches: x.touches ?? 0, templates, failedToEnroll: failedNames.size, fte: failedNames.size / Math.max(1, templates),
          firstTouch: { failedToEnroll: firstRefused.size, fte: firstRefused.size / Math.max(1, templates) }, enrolledAfter,
          retouched: [...new Set(x.runs.flatMap((r) => r.enrolls.filter((e) => e.touches && e.template && e.images).map((e) => `${nameOf(e.template!)} → ${nameOf(e.images!)}`)))],
          enrolledOnly: enrolledOnly(),
          failures: [...new Set(failures.map((f) => `${nameOf(f.images)} (${f.reason === 'refused' ? 'too few impressions accepted at capture' : `E_MISMATCH: impression ${(f.impression ?? 0) + 1} of the last ${x.enroll} best score ${f.score}`}${f.touches ? `, after ${f.touches} touch(es) again` : ''})`))],
        },
      } : {}),
      images: [...verdict.entries()].sort((a, b) => a[0] - b[0]).map(([k, [reason, quality]]) => [pname(images[k]), reason, quality]),
      refused: [...verdict.entries()].filter(([, [reason]]) => reason !== 0).map(([k, [reason]]) => `${pname(images[k])} (${refusalReason(reason)})`),
    },
  };
}

