/** One unit of work: a finger's master and its impressions (run in-process or in a worker). */
import type { FingerClass, Impression, Point, SynthParams } from './types.js';
import { makeMaster } from './master.js';
import { makeImpression } from './impression.js';

export interface FingerJob {
  params: SynthParams;
  seed: number;
  finger: number;
  impressions: number;
}

export interface FingerResult {
  finger: number;
  cls: FingerClass;
  cores: Point[];
  deltas: Point[];
  meanPeriod: number;
  iterations: number;
  masterMs: number;
  impressions: Impression[];
}

const r2 = (v: number): number => Math.round(v * 100) / 100;

/** Makes the master of `job.finger` and impressions 1..job.impressions. */
export function makeFinger(job: FingerJob): FingerResult {
  const t0 = performance.now();
  const m = makeMaster(job.params, job.seed, job.finger);
  const masterMs = performance.now() - t0;
  const impressions: Impression[] = [];
  for (let k = 1; k <= job.impressions; k++) impressions.push(makeImpression(m, job.params, job.seed, k));
  return {
    finger: job.finger,
    cls: m.cls,
    cores: m.cores.map((p) => ({ x: r2(p.x), y: r2(p.y) })),
    deltas: m.deltas.map((p) => ({ x: r2(p.x), y: r2(p.y) })),
    meanPeriod: r2(m.meanPeriod),
    iterations: m.iterations,
    masterMs,
    impressions,
  };
}
