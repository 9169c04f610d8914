/**
 * One checkpoint of `npm run bench:fp` (scripts/bench-fp.ts) at a given number of stored slots: a
 * probe capture, VERIFY of slot 0, IDENTIFY, not-forced ENROLL N=3 and N=1 of a finger that is not
 * stored (then DELETE) and a full LIST, each device answer compared with the host int8 reference.
 */
import type { Session } from '../device/session.js';
import { Cmd } from '../protocol/codec.js';
import { DeviceStatusError } from '../protocol/errors.js';
import type { SynthParams } from '../synth/types.js';
import type { Checkpoint } from './bench-report.js';
import { BENCH_TIME } from './bench-device.js';
import { MAX_SLOTS, syntheticImage, thresholdFor, type FingerprintClient, type GreyImage, type ThresholdInfo } from './client.js';
import { rankCandidates } from './identify-rank.js';
import { Int8Reference } from './reference.js';

/** IDENTIFY's candidate count in the bench. */
export const CANDIDATES = 8;
/** slot of the not-stored finger's enrollments (deleted again) */
export const EXTRA_SLOT = MAX_SLOTS - 1;

/** A synthetic finger: its impressions on the sensor and their host reference embeddings and verdicts. */
export interface BenchFinger { f: number; images: GreyImage[]; emb: Int8Array[]; qual: number[] }

export function makeFinger(ref: Int8Reference, p: SynthParams, seed: number, f: number, ks: number[]): BenchFinger {
  const images = ks.map((k) => syntheticImage(p, seed, f, k));
  const r = images.map((im) => ref.embed(im));
  return { f, images, emb: r.map((x) => x.embedding), qual: r.map((x) => x.reason) };
}

/** The impressions (indices into finger.images) to enroll with n impressions: 1..n when they match
 * each other at the enroll threshold (the device refuses them otherwise), else the first one n times. */
export function enrollSet(fg: BenchFinger, n: number, thr: number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  if (n === 1) return [0];
  return Int8Reference.enrollRefused(idx.map((i) => fg.emb[i]), thr) ? idx.map(() => 0) : idx;
}

export interface CheckpointContext {
  session: Session;
  fp: FingerprintClient;
  /** slot → its template's embeddings (host reference) */
  stored: Map<number, Int8Array[]>;
  /** the probe: a finger and the impression to capture */
  probe: BenchFinger; probeImpression: number;
  /** a finger that is not stored, and its 3-impression enrollment set */
  outsider: BenchFinger; outsiderSet3: number[];
  /** captures a finger's impression, checks the verdict, records its instructions */
  capture(fg: BenchFinger, k: number, newSet: boolean): Promise<number>;
  /** the device's thresholds (read at boot): IDENTIFY ranks by margin over each template size's */
  thresholds: ThresholdInfo;
  /** where disagreements with the reference go */
  mismatches: string[];
}

/** Reads every LIST page; returns the entries and the device's instructions per page. */
async function listAll(session: Session, fp: FingerprintClient): Promise<{ entries: number; perPage: number[] }> {
  const perPage: number[] = [];
  let from = 0;
  let entries = 0;
  for (;;) {
    const req = Buffer.alloc(2);
    req.writeUInt16LE(from, 0);
    const p = Buffer.from((await session.client.request(Cmd.FP_LIST, req, { timeoutMs: 10000 })).payload);
    for (let off = 4; off < p.length; off += 9 + p[off + 8]) entries++;
    perPage.push((await fp.stats()).lastInstructions.list ?? 0);
    const next = p.readUInt16LE(2);
    if (next === 0xffff) return { entries, perPage };
    from = next;
  }
}

export async function runCheckpoint(c: CheckpointContext): Promise<Checkpoint> {
  const { fp, stored, mismatches } = c;
  const live = stored.size;
  const probeCapture = await c.capture(c.probe, c.probeImpression, true);
  const pe = c.probe.emb[c.probeImpression];
  const cp: Partial<Checkpoint> = { slots: live, probeCapture };
  if (live > 0) {
    const v = await fp.verify(0);
    const expected = Int8Reference.score(stored.get(0)!, pe);
    if (v.score !== expected) mismatches.push(`verify at ${live} slots: device ${v.score}, reference ${expected}`);
    cp.verify = { instructions: v.instructions, score: v.score, expected };
  }
  const id = await fp.identify(CANDIDATES);
  // ranked by margin over each template size's threshold (host/fp/identify-rank.ts), as the device
  const ranked = rankCandidates([...stored.entries()].map(([slot, t]) => ({ slot, score: Int8Reference.score(t, pe), threshold: thresholdFor(c.thresholds, t.length) })), CANDIDATES);
  const expected = ranked.candidates.map(({ slot, score }) => ({ slot, score }));
  const got = id.candidates.map(({ slot, score }) => ({ slot, score }));
  if (JSON.stringify(got) !== JSON.stringify(expected) || id.match !== ranked.match) mismatches.push(`identify at ${live} slots: device ${JSON.stringify(id.candidates)} match ${id.match}, reference ${JSON.stringify(ranked.candidates)} match ${ranked.match}`);
  cp.identify = { instructions: id.instructions, candidates: got, expected };
  // not-forced enrollments of the outsider (duplicate scan over every stored slot), then DELETE
  const dels: number[] = [];
  const enrollOutsider = async (set: number[]): Promise<{ instructions?: number; status: string }> => {
    for (const [i, k] of set.entries()) await c.capture(c.outsider, k, i === 0);
    try {
      const e = await fp.enroll(EXTRA_SLOT, { impressions: set.length, label: 'bench-outsider', time: BENCH_TIME });
      await fp.delete(EXTRA_SLOT);
      const d = (await fp.stats()).lastInstructions.delete;
      if (d !== undefined) dels.push(d);
      return { instructions: e.instructions, status: 'OK' };
    } catch (err) {
      if (err instanceof DeviceStatusError) return { status: err.statusName };
      throw err;
    }
  };
  cp.enrollN3 = await enrollOutsider(c.outsiderSet3);
  cp.enrollN1 = await enrollOutsider([0]);
  cp.delete = dels;
  const { entries, perPage } = await listAll(c.session, fp);
  if (entries !== live) mismatches.push(`list at ${live} slots: ${entries} entries`);
  cp.list = { pages: perPage.length, entries, instructionsPerPage: perPage, instructionsTotal: perPage.reduce((a, b) => a + b, 0) };
  return cp as Checkpoint;
}

/** IDENTIFY's cost per stored slot: least squares over the checkpoints with at least one slot. */
export function identifyPerSlot(cps: Checkpoint[]): number {
  const pts = cps.filter((c) => c.slots > 0).map((c) => [c.slots, c.identify.instructions] as const);
  if (pts.length < 2) return NaN;
  const mx = pts.reduce((a, p) => a + p[0], 0) / pts.length;
  const my = pts.reduce((a, p) => a + p[1], 0) / pts.length;
  return pts.reduce((a, p) => a + (p[0] - mx) * (p[1] - my), 0) / pts.reduce((a, p) => a + (p[0] - mx) ** 2, 0);
}
