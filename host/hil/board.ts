/**
 * Runs one board's part of a campaign (a BoardPlan) through the fingerprint service: capture each
 * image, verify it against the templates it pairs with, enroll it where a later probe needs it.
 * Records every reply (score, quality, instructions) and the host's wall time of every command.
 */
import { performance } from 'node:perf_hooks';
import { loadGrey, type ImpressionRef } from '../data/dataset.js';
import type { GreyImage } from '../data/grey.js';
import { mismatchDetail, QUALITY_REASONS, type FingerprintClient } from '../fp/client.js';
import { MAX_PENDING } from '../fp/enroll-choice.js';
import { WhorlError } from '../util/errors.js';
import type { BoardPlan } from './plan.js';

/** A command of the campaign failed on the device or its link. */
export class CampaignError extends WhorlError {}

/** Score recorded for a pair whose image the device refused (FVC: counted as a failed match). */
export const REFUSED_SCORE = -32768;

export interface CaptureRec { image: number; reason: number; quality: number; instructions: number; ms: number }
/**
 * One ENROLL: the capture that closed the set. Templates (`--enroll N`): `images` the impressions the
 * device stored, `template` the template's first N impressions (its name in the pairs), `pending`
 * the captures ENROLL chose from, `touches` the captures added after a refusal.
 */
export interface EnrollRec { image: number; slot: number; instructions: number; ms: number; images?: number[]; template?: number[]; pending?: number[]; touches?: number }
/**
 * A template ENROLL did not store: too few captures accepted (an impression refused at capture) or
 * E_MISMATCH (impression, best score). `images`: the template's first N impressions; `pending`: the
 * accepted captures of the set; `touches`: captures added after the first refusal.
 */
export interface EnrollFailure { slot: number; images: number[]; reason: 'refused' | 'mismatch'; impression?: number; score?: number; pending?: number[]; touches?: number }
export interface VerifyRec { pair: number; score: number; match: boolean; instructions: number; ms: number; refused?: boolean }

export interface BoardRun {
  board: number;
  /** the device address the board was reached at */
  address: string;
  captures: CaptureRec[];
  enrolls: EnrollRec[];
  /** templates that could not be enrolled after every touch again (their pairs count as failed matches) */
  enrollFailures: EnrollFailure[];
  /** refusals that a touch again followed (`--touches K`) */
  enrollRetries: EnrollFailure[];
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
 * (to start its reference check); `onCommand` of every finished command and `onSkip` of the
 * commands of a touch again not needed (progress). `signal` stops the board between images (another
 * board failed).
 */
export async function runBoard(fp: FingerprintClient, plan: BoardPlan, images: ImpressionRef[], address: string, hooks: { onCapture?(image: number): void; onCommand?(kind: CommandKind): void; onSkip?(commands: number): void; signal?: AbortSignal } = {}): Promise<BoardRun> {
  const run: BoardRun = { board: plan.board, address, captures: [], enrolls: [], enrollFailures: [], enrollRetries: [], verifies: [], seconds: 0, startMs: 0, endMs: 0 };
  const refused = new Set<number>();
  let set: number[] = []; // images of the current capture set
  const templates = new Map<number, { template: number[]; touches: number; done: boolean }>(); // by slot
  const notStored = (slot: number): boolean => templates.get(slot)?.done === false; // ENROLL refused (so far)
  const templateMode = plan.steps.some((st) => st.enrollImpressions !== undefined);
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
  // ENROLL N of a template, as a user does: forced (the campaign checks the store's duplicate check
  // elsewhere), from the accepted captures of the set (the device keeps the 5 most recent); refused
  // with touches left, the next step is a touch again
  const enrollTemplate = async (step: BoardPlan['steps'][number]): Promise<void> => {
    const n = step.enrollImpressions!;
    const slot = step.enrollSlot;
    const st = step.retouch ? templates.get(slot)! : { template: set.slice(-n), touches: 0, done: false };
    if (step.retouch) st.touches++;
    templates.set(slot, st);
    const pending = set.filter((i) => !refused.has(i)).slice(-MAX_PENDING);
    let fail: EnrollFailure;
    if (pending.length < n) {
      hooks.onSkip?.(1); // no ENROLL sent
      fail = { slot, images: st.template, reason: 'refused', pending, touches: st.touches };
    } else {
      const [r, ms] = await timed('enroll', step.image, () => fp.enroll(slot, { impressions: n, force: true, label: images[st.template[0]].name.slice(0, 32), time: 0 }).catch((e: unknown) => {
        const m = mismatchDetail(e);
        if (m) return m;
        throw e;
      }));
      if (!('impression' in r)) {
        st.done = true;
        const stored = r.used ? r.used.map((k) => pending[k]) : pending.slice(-n);
        run.enrolls.push({ image: step.image, slot, instructions: r.instructions, ms, images: stored, template: st.template, pending, touches: st.touches });
        return;
      }
      fail = { slot, images: st.template, reason: 'mismatch', ...r, pending, touches: st.touches };
    }
    ((step.touchesLeft ?? 0) > 0 ? run.enrollRetries : run.enrollFailures).push(fail);
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
    if (step.retouch && !notStored(step.enrollSlot)) {
      hooks.onSkip?.(2); // the template is stored: no touch again, no ENROLL
      continue;
    }
    hooks.onCapture?.(step.image);
    const newSet = step.newSet ?? true;
    const [c, cms] = await timed('capture', step.image, () => fp.capture(img, newSet));
    run.captures.push({ image: step.image, reason: c.reason, quality: c.quality, instructions: c.instructions, ms: cms });
    set = newSet ? [step.image] : [...set, step.image];
    if (c.reason !== 0) refused.add(step.image);
    for (const v of step.verify) {
      if (refused.has(step.image) || (!templateMode && refused.has(v.template)) || notStored(v.slot)) {
        run.verifies.push({ pair: v.pair, score: REFUSED_SCORE, match: false, instructions: 0, ms: 0, refused: true });
        continue;
      }
      const [r, ms] = await timed('verify', step.image, () => fp.verify(v.slot));
      run.threshold = r.threshold;
      run.verifies.push({ pair: v.pair, score: r.score, match: r.match, instructions: r.instructions, ms });
    }
    if (step.enrollSlot < 0) continue;
    if (step.enrollImpressions !== undefined) await enrollTemplate(step);
    else if (!refused.has(step.image)) {
      const slot = step.enrollSlot;
      const [e, ms] = await timed('enroll', step.image, () => fp.enroll(slot, { impressions: 1, force: true, label: images[step.image].name.slice(0, 32), time: 0 }));
      run.enrolls.push({ image: step.image, slot, instructions: e.instructions, ms });
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
