/**
 * Runs one board's part of a campaign (a BoardPlan) through the fingerprint service: capture each
 * image, verify it against the templates it pairs with, enroll it where a later probe needs it.
 * Records every reply (score, quality, instructions) and the host's wall time of every command.
 */
import { performance } from 'node:perf_hooks';
import { loadGrey, type ImpressionRef } from '../data/dataset.js';
import type { GreyImage } from '../data/grey.js';
import { mismatchDetail, QUALITY_REASONS, type FingerprintClient } from '../fp/client.js';
import { WhorlError } from '../util/errors.js';
import type { BoardPlan } from './plan.js';

/** A command of the campaign failed on the device or its link. */
export class CampaignError extends WhorlError {}

/** Score recorded for a pair whose image the device refused (FVC: counted as a failed match). */
export const REFUSED_SCORE = -32768;

export interface CaptureRec { image: number; reason: number; quality: number; instructions: number; ms: number }
/** One ENROLL: the capture that closed the set; `images`: the template's impressions when more than one. */
export interface EnrollRec { image: number; slot: number; instructions: number; ms: number; images?: number[] }
/** A template the device did not store: an impression refused at capture, or E_MISMATCH (impression, best score). */
export interface EnrollFailure { slot: number; images: number[]; reason: 'refused' | 'mismatch'; impression?: number; score?: number }
export interface VerifyRec { pair: number; score: number; match: boolean; instructions: number; ms: number; refused?: boolean }

export interface BoardRun {
  board: number;
  /** the device address the board was reached at */
  address: string;
  captures: CaptureRec[];
  enrolls: EnrollRec[];
  /** templates that could not be enrolled (their pairs count as failed matches) */
  enrollFailures: EnrollFailure[];
  verifies: VerifyRec[];
  /** from the first command's start to the last one's end */
  seconds: number;
  /** performance.now() at the first command's start and the last one's end */
  startMs: number;
  endMs: number;
  /** the device's decision threshold (from the verify replies) */
  threshold?: number;
}

export type CommandKind = 'capture' | 'enroll' | 'verify';

/**
 * Executes `plan` on the board behind `fp`. `onCapture` is told of every image as it is captured
 * (to start its reference check); `onCommand` of every finished command (progress). `signal`
 * stops the board between images (another board failed).
 */
export async function runBoard(fp: FingerprintClient, plan: BoardPlan, images: ImpressionRef[], address: string, hooks: { onCapture?(image: number): void; onCommand?(kind: CommandKind): void; signal?: AbortSignal } = {}): Promise<BoardRun> {
  const run: BoardRun = { board: plan.board, address, captures: [], enrolls: [], enrollFailures: [], verifies: [], seconds: 0, startMs: 0, endMs: 0 };
  const refused = new Set<number>();
  const failedSlots = new Set<number>(); // slots whose template could not be enrolled
  let set: number[] = []; // images of the current capture set
  const label = (i: number): string => `board ${plan.board + 1} (${address}): ${images[i].name}`;
  const timed = async <T>(kind: CommandKind, image: number, f: () => Promise<T>): Promise<[T, number]> => {
    const t = performance.now();
    try {
      const r = await f();
      const ms = performance.now() - t;
      hooks.onCommand?.(kind);
      return [r, ms];
    } catch (cause) {
      throw new CampaignError('HIL_DEVICE', `${label(image)}: ${kind} failed: ${(cause as Error).message}`, { context: { board: plan.board + 1, address, image: images[image].path, command: kind }, cause });
    }
  };
  const load = (i: number): Promise<GreyImage> => loadGrey(images[i]);
  let next = plan.steps.length ? load(plan.steps[0].image) : undefined;
  next?.catch(() => undefined);
  const t0 = performance.now();
  for (const [k, step] of plan.steps.entries()) {
    if (hooks.signal?.aborted) throw new CampaignError('HIL_ABORTED', `board ${plan.board + 1}: stopped because another board failed`, { context: { board: plan.board + 1 } });
    const img = await next!;
    if (k + 1 < plan.steps.length) {
      next = load(plan.steps[k + 1].image); // decoded while the device works
      next.catch(() => undefined);
    }
    hooks.onCapture?.(step.image);
    const newSet = step.newSet ?? true;
    const [c, cms] = await timed('capture', step.image, () => fp.capture(img, newSet));
    run.captures.push({ image: step.image, reason: c.reason, quality: c.quality, instructions: c.instructions, ms: cms });
    set = newSet ? [step.image] : [...set, step.image];
    if (c.reason !== 0) refused.add(step.image);
    for (const v of step.verify) {
      if (refused.has(step.image) || refused.has(v.template) || failedSlots.has(v.slot)) {
        run.verifies.push({ pair: v.pair, score: REFUSED_SCORE, match: false, instructions: 0, ms: 0, refused: true });
        continue;
      }
      const [r, ms] = await timed('verify', step.image, () => fp.verify(v.slot));
      run.threshold = r.threshold;
      run.verifies.push({ pair: v.pair, score: r.score, match: r.match, instructions: r.instructions, ms });
    }
    const n = step.enrollImpressions ?? 1;
    if (step.enrollSlot >= 0 && n === 1 && !refused.has(step.image)) {
      const slot = step.enrollSlot;
      const [e, ms] = await timed('enroll', step.image, () => fp.enroll(slot, { impressions: 1, force: true, label: images[step.image].name.slice(0, 32), time: 0 }));
      run.enrolls.push({ image: step.image, slot, instructions: e.instructions, ms });
    } else if (step.enrollSlot >= 0 && n > 1) {
      const slot = step.enrollSlot;
      const imgs = set.slice(-n);
      failedSlots.delete(slot);
      if (imgs.length < n || imgs.some((i) => refused.has(i))) {
        failedSlots.add(slot);
        run.enrollFailures.push({ slot, images: imgs, reason: 'refused' });
      } else {
        const [r, ms] = await timed('enroll', step.image, () => fp.enroll(slot, { impressions: n, force: true, label: images[imgs[0]].name.slice(0, 32), time: 0 }).catch((e: unknown) => {
          const m = mismatchDetail(e);
          if (m) return m;
          throw e;
        }));
        if ('impression' in r) {
          failedSlots.add(slot);
          run.enrollFailures.push({ slot, images: imgs, reason: 'mismatch', ...r });
        } else {
          run.enrolls.push({ image: step.image, slot, instructions: r.instructions, ms, images: imgs });
        }
      }
    }
  }
  run.startMs = t0;
  run.endMs = performance.now();
  run.seconds = (run.endMs - t0) / 1000;
  return run;
}

/** Why the device refused an image, in words. */
export function refusalReason(reason: number): string {
  return QUALITY_REASONS[reason] ?? `reason ${reason}`;
}
