/**
 * Campaign plan: which images each board captures, which pairs it verifies against which slots,
 * and which captures it enrolls. Pure (no device), so it is unit-tested on its own.
 *
 * Every pair (a, b) of the FVC protocol (host/eval/pairs.ts) has `a` before `b` in dataset order.
 * A board walks its images in that order: it captures each image once (a new set), verifies the
 * capture as a probe against the slots of the earlier images it pairs with, then, when a later
 * probe of this board needs it as a template, enrolls it into a free slot (1 impression, forced,
 * since impressions of one finger are duplicates by design). A slot is reused once its last probe
 * has been verified, so the store holds only the templates still needed.
 *
 * Boards take contiguous runs of probes, balanced by an estimated cost; a board also captures and
 * enrolls the earlier templates its probes need (impostor pairs reach back to impression 1 of
 * earlier fingers), so some images are captured on several boards. Scores do not depend on the
 * split: the dot product is symmetric and every image is embedded the same way on every board.
 */
import type { ImpressionRef } from '../data/dataset.js';
import type { Pair, TemplatePair } from '../eval/pairs.js';
import { WhorlError } from '../util/errors.js';

/** The plan cannot be carried out (too many templates for the free slots, bad board count). */
export class PlanError extends WhorlError {}

/** One image on one board: capture, verify `pairs`, then enroll into `enrollSlot` if set. */
export interface Step {
  /** index of the image in the campaign's image list */
  image: number;
  /** verifications: pair index (into the campaign's pair list), template image and its slot */
  verify: Array<{ pair: number; template: number; slot: number }>;
  /** slot to enroll this capture into (a later probe of this board needs it), or -1 */
  enrollSlot: number;
  /** with enrollSlot: how many of the last captures form the template (default 1) */
  enrollImpressions?: number;
  /** false: the capture joins the current set (a template's later impressions); default true */
  newSet?: boolean;
  /** a touch again: captured (into the current set) only while ENROLL into enrollSlot is refused */
  retouch?: boolean;
  /** with enrollImpressions: the touches again that follow this step if ENROLL refuses (default 0) */
  touchesLeft?: number;
}

export interface BoardPlan {
  board: number;
  steps: Step[];
  /** the probes this board verifies: image indices first..last (inclusive) */
  firstProbe: number;
  lastProbe: number;
  captures: number;
  enrolls: number;
  verifies: number;
  /** most templates stored at once */
  peakSlots: number;
}

/** Relative cost of the commands, for balancing only (measured on QEMU: ~35 / ~30 / ~3 ms). */
export const DEFAULT_COST = { capture: 12, enroll: 10, verify: 1 };

/**
 * Splits the pairs over at most `boards` boards. `images` lists every image in dataset order;
 * pairs refer to them by object identity. `slots` are the slot numbers a board may use (default
 * 0..1023), lowest first.
 */
export function planCampaign(images: ImpressionRef[], pairs: Pair[], boards: number, o: { slots?: number[]; cost?: typeof DEFAULT_COST } = {}): BoardPlan[] {
  if (!Number.isInteger(boards) || boards < 1) throw new PlanError('HIL_BOARDS', `boards must be a positive integer, got ${boards}`, { context: { boards } });
  const cost = o.cost ?? DEFAULT_COST;
  const slots = o.slots ?? Array.from({ length: 1024 }, (_, i) => i);
  const index = new Map(images.map((r, i) => [r, i]));
  // pairs of each probe (the later image), as [pair index, template image]
  const byProbe: Array<Array<[number, number]>> = images.map(() => []);
  pairs.forEach((p, k) => {
    const a = index.get(p.a);
    const b = index.get(p.b);
    if (a === undefined || b === undefined || a >= b) throw new PlanError('HIL_PAIR', `pair ${p.a.name} / ${p.b.name}: images missing or not in dataset order`, { context: { a: p.a.name, b: p.b.name } });
    byProbe[b].push([k, a]);
  });
  const probes = byProbe.flatMap((l, i) => (l.length > 0 ? [i] : []));
  if (probes.length === 0) throw new PlanError('HIL_NO_PAIRS', 'no pairs to verify', {});
  const ranges = split(probes, byProbe, Math.min(boards, probes.length), cost);
  return ranges.map(([s, e], board) => boardPlan(board, probes.slice(s, e), byProbe, slots));
}

/** Estimated cost of a run of probes: its captures (probes and templates), enrolls and verifies. */
function runCost(run: number[], byProbe: Array<Array<[number, number]>>, cost: typeof DEFAULT_COST): number {
  const captured = new Set<number>();
  const templates = new Set<number>();
  let verifies = 0;
  for (const b of run) {
    captured.add(b);
    for (const [, a] of byProbe[b]) { captured.add(a); templates.add(a); verifies++; }
  }
  return cost.capture * captured.size + cost.enroll * templates.size + cost.verify * verifies;
}

/** Contiguous runs of `probes` (as [start, end) indices) minimising the largest run cost. */
function split(probes: number[], byProbe: Array<Array<[number, number]>>, boards: number, cost: typeof DEFAULT_COST): Array<[number, number]> {
  const greedy = (limit: number): Array<[number, number]> => {
    const runs: Array<[number, number]> = [];
    let s = 0;
    const captured = new Set<number>();
    const templates = new Set<number>();
    let c = 0;
    for (let i = 0; i < probes.length; i++) {
      const b = probes[i];
      const add = (x: number, t: boolean): number => (captured.has(x) ? 0 : cost.capture) + (t && !templates.has(x) ? cost.enroll : 0);
      let inc = add(b, false);
      const seen = new Set<number>();
      for (const [, a] of byProbe[b]) { if (!seen.has(a)) inc += add(a, true); seen.add(a); inc += cost.verify; }
      if (i > s && c + inc > limit) {
        runs.push([s, i]);
        s = i;
        captured.clear(); templates.clear(); c = 0;
        i--; // re-add b to the new run
        continue;
      }
      c += inc;
      captured.add(b);
      for (const [, a] of byProbe[b]) { captured.add(a); templates.add(a); }
    }
    runs.push([s, probes.length]);
    return runs;
  };
  if (boards === 1) return [[0, probes.length]];
  let lo = 0;
  let hi = runCost(probes, byProbe, cost);
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (greedy(mid).length <= boards) hi = mid;
    else lo = mid + 1;
  }
  return greedy(hi);
}

function boardPlan(board: number, run: number[], byProbe: Array<Array<[number, number]>>, slots: number[]): BoardPlan {
  const isProbe = new Set(run);
  const lastUse = new Map<number, number>(); // template → last probe of this board that needs it
  for (const b of run) for (const [, a] of byProbe[b]) lastUse.set(a, Math.max(lastUse.get(a) ?? -1, b));
  const order = [...new Set([...run, ...lastUse.keys()])].sort((x, y) => x - y);
  const free = [...slots].sort((x, y) => x - y);
  const slotOf = new Map<number, number>();
  const releaseAt = new Map<number, number[]>(); // probe → templates to release after it
  for (const [a, b] of lastUse) releaseAt.set(b, [...(releaseAt.get(b) ?? []), a]);
  const steps: Step[] = [];
  let live = 0;
  let peak = 0;
  let verifies = 0;
  for (const x of order) {
    const verify = isProbe.has(x) ? byProbe[x].map(([pair, a]) => ({ pair, template: a, slot: slotOf.get(a)! })) : [];
    verifies += verify.length;
    // slots freed by this probe may take this image's own template at once
    for (const a of releaseAt.get(x) ?? []) { insertSorted(free, slotOf.get(a)!); live--; }
    let enrollSlot = -1;
    if (lastUse.has(x)) {
      const s = free.shift();
      if (s === undefined) {
        throw new PlanError('HIL_SLOTS', `board ${board + 1}: the plan needs more than the ${slots.length} free template slots at once; use more boards, fewer impostor pairs (--impostors fvc), or free the device's slots`, { context: { board, slots: slots.length } });
      }
      slotOf.set(x, s);
      enrollSlot = s;
      peak = Math.max(peak, ++live);
    }
    steps.push({ image: x, verify, enrollSlot });
  }
  return { board, steps, firstProbe: run[0], lastProbe: run[run.length - 1], captures: steps.length, enrolls: steps.filter((s) => s.enrollSlot >= 0).length, verifies, peakSlots: peak };
}

function insertSorted(xs: number[], v: number): void {
  let i = 0;
  while (i < xs.length && xs[i] < v) i++;
  xs.splice(i, 0, v);
}

/**
 * Plan for enrolled templates (`whorl hil --enroll N`, pairs from makeTemplatePairs): boards take
 * contiguous runs of probes; each board first captures and enrolls every template its probes need
 * (its N impressions captured as one set, then ENROLL N, forced; where the pairs have spares, each
 * is a touch again after a refusal, followed by ENROLL N again), one slot per template, then captures
 * each probe and verifies it against its templates' slots.
 */
export function planTemplateCampaign(images: ImpressionRef[], pairs: TemplatePair[], boards: number, o: { slots?: number[]; cost?: typeof DEFAULT_COST } = {}): BoardPlan[] {
  if (!Number.isInteger(boards) || boards < 1) throw new PlanError('HIL_BOARDS', `boards must be a positive integer, got ${boards}`, { context: { boards } });
  const cost = o.cost ?? DEFAULT_COST;
  const slots = [...(o.slots ?? Array.from({ length: 1024 }, (_, i) => i))].sort((x, y) => x - y);
  const index = new Map(images.map((r, i) => [r, i]));
  const at = (r: ImpressionRef): number => {
    const i = index.get(r);
    if (i === undefined) throw new PlanError('HIL_PAIR', `image ${r.name} is not in the campaign's image list`, { context: { image: r.name } });
    return i;
  };
  const templateImages = new Map<number, { imgs: number[]; spares: number[] }>(); // first image of a template → its images
  const byProbe: Array<Array<[number, number]>> = images.map(() => []);
  pairs.forEach((p, k) => {
    const t = p.template.map(at);
    templateImages.set(t[0], { imgs: t, spares: (p.spares ?? []).map(at) });
    byProbe[at(p.probe)].push([k, t[0]]);
  });
  const probes = byProbe.flatMap((l, i) => (l.length > 0 ? [i] : []));
  if (probes.length === 0) throw new PlanError('HIL_NO_PAIRS', 'no pairs to verify', {});
  const ranges = split(probes, byProbe, Math.min(boards, probes.length), cost);
  return ranges.map(([s, e], board) => {
    const run = probes.slice(s, e);
    const needed = [...new Set(run.flatMap((b) => byProbe[b].map(([, t]) => t)))].sort((x, y) => x - y);
    if (needed.length > slots.length) {
      throw new PlanError('HIL_SLOTS', `board ${board + 1}: the plan needs ${needed.length} templates at once and the device has ${slots.length} free slots; use more boards or free the device's slots`, { context: { board, slots: slots.length, templates: needed.length } });
    }
    const slotOf = new Map(needed.map((t, k) => [t, slots[k]]));
    const steps: Step[] = [];
    let captures = 0;
    for (const t of needed) {
      const { imgs, spares } = templateImages.get(t)!;
      const slot = slotOf.get(t)!;
      const n = imgs.length;
      imgs.forEach((image, k) => steps.push({ image, verify: [], newSet: k === 0, enrollSlot: k === n - 1 ? slot : -1, ...(k === n - 1 ? { enrollImpressions: n, touchesLeft: spares.length } : {}) }));
      spares.forEach((image, k) => steps.push({ image, verify: [], newSet: false, retouch: true, enrollSlot: slot, enrollImpressions: n, touchesLeft: spares.length - k - 1 }));
      captures += n;
    }
    let verifies = 0;
    for (const b of run) {
      const verify = byProbe[b].map(([pair, t]) => ({ pair, template: t, slot: slotOf.get(t)! }));
      verifies += verify.length;
      steps.push({ image: b, verify, enrollSlot: -1 });
    }
    captures += run.length;
    return { board, steps, firstProbe: run[0], lastProbe: run[run.length - 1], captures, enrolls: needed.length, verifies, peakSlots: needed.length };
  });
}
