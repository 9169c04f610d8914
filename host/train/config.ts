/** Training configuration files (models/configs/*.json) and the learning-rate schedule. */
import { WhorlError } from '../util/errors.js';
import { validatePrintParams, type PrintPreParams } from '../nn/printpre.js';
import { validateDataConfig, type DataConfig } from './data.js';
import { validateNetConfig, type NetConfig } from './model.js';
import type { LossName } from './loss.js';

export interface TrainConfig {
  name: string;
  net: NetConfig;
  /** preprocessing parameters (default DEFAULT_PRINT_PRE); pre.size must equal net.input */
  pre?: PrintPreParams;
  data: DataConfig;
  train: {
    steps: number;
    learningRate: number;
    /** linear warm-up steps, then cosine decay to 5 % of learningRate */
    warmup?: number;
    /**
     * Warm restarts: at step `at` the schedule starts again with its own peak rate and warm-up and
     * decays to 5 % of that peak by the next restart (or train.steps). The steps before the first
     * restart follow exactly the schedule of a run with steps = that restart's `at`, so a finished run
     * can be extended by adding a restart and resuming its checkpoint (same result as a fresh run).
     */
    restarts?: Array<{ at: number; learningRate: number; warmup?: number }>;
    /**
     * Warm start: step 0 begins from the weights of a trained float model of the same network
     * (`model`: its folder, relative to the working directory; `whorl train --init DIR` points
     * elsewhere) whose weights.bin has CRC-32 `crc32`, so the run is reproducible from that model's
     * own config. The optimizer state starts fresh.
     */
    init?: { model: string; crc32: string };
    loss?: LossName;
    temperature?: number;
    /** triplet: the hinge's margin (default 0.3); supcon: subtracted from positive cosines (default 0) */
    margin?: number;
    /** cross-batch memory: this many embeddings of earlier batches are extra negatives for supcon (0: none) */
    memory?: number;
    checkpointEvery: number;
    validateEvery: number;
    /** data worker threads */
    workers?: number;
  };
  validation: { seed: number; fingers: number; impressions: number; dpi: number };
}

export function parseTrainConfig(text: string, file = 'config'): TrainConfig {
  let c: TrainConfig;
  try {
    c = JSON.parse(text) as TrainConfig;
  } catch (e) {
    throw new WhorlError('E_CONFIG', `${file}: not valid JSON`, { cause: e });
  }
  const bad = (m: string, e?: unknown): never => { throw new WhorlError('E_CONFIG', `${file}: ${m}`, { cause: e }); };
  if (!c || typeof c !== 'object' || !c.net || !c.data || !c.train || !c.validation) bad('needs net, data, train and validation sections');
  try {
    validateNetConfig(c.net);
    validateDataConfig(c.data);
    if (c.pre) validatePrintParams(c.pre);
  } catch (e) {
    bad((e as Error).message, e);
  }
  const size = c.pre?.size ?? 96;
  if (c.net.input !== size) bad(`net.input ${c.net.input} must equal the preprocessing output size ${size}`);
  if (c.validation.seed === c.data.seed) bad('validation.seed must differ from data.seed (held-out fingers)');
  if (!(c.train.steps >= 1 && c.train.learningRate > 0)) bad('train.steps must be ≥ 1 and train.learningRate > 0');
  if (c.train.loss && c.train.loss !== 'supcon' && c.train.loss !== 'triplet') bad(`train.loss must be supcon or triplet, got ${String(c.train.loss)}`);
  if (c.train.margin !== undefined && !(c.train.margin >= 0 && c.train.margin < 1)) bad(`train.margin must be in [0, 1), got ${String(c.train.margin)}`);
  const mem = c.train.memory;
  if (mem !== undefined && !(Number.isInteger(mem) && mem >= 0 && mem <= 65536)) bad(`train.memory must be an integer 0..65536 (embeddings kept as negatives), got ${String(mem)}`);
  if (mem && c.train.loss === 'triplet') bad('train.memory works with the supcon loss only');
  if (!Number.isInteger(c.validation.dpi)) bad('validation.dpi must be an integer resolution');
  const init = c.train.init;
  if (init !== undefined && !(init && typeof init.model === 'string' && init.model.length > 0 && typeof init.crc32 === 'string' && /^0x[0-9a-f]{8}$/.test(init.crc32))) {
    bad(`train.init must be { "model": "DIR", "crc32": "0x" + 8 lowercase hex digits }, got ${JSON.stringify(init)}`);
  }
  let prev = 0;
  for (const r of c.train.restarts ?? []) {
    if (!(Number.isInteger(r.at) && r.at > prev && r.at < c.train.steps)) bad(`train.restarts: each 'at' must be an integer step, increasing, inside (0, train.steps); got ${String(r.at)}`);
    if (!(r.learningRate > 0)) bad(`train.restarts: learningRate must be > 0 (restart at ${r.at})`);
    if (r.warmup !== undefined && !(Number.isInteger(r.warmup) && r.warmup >= 0 && r.warmup < c.train.steps - r.at)) bad(`train.restarts: warmup must be a step count shorter than its segment (restart at ${r.at})`);
    prev = r.at;
  }
  return c;
}

/** Learning rate for 0-based `step`: warm-up and cosine decay per segment (see train.restarts). */
export function learningRateAt(c: TrainConfig, step: number): number {
  const segments = [{ at: 0, learningRate: c.train.learningRate, warmup: c.train.warmup }, ...(c.train.restarts ?? [])];
  let i = segments.length - 1;
  while (i > 0 && step < segments[i].at) i--;
  const seg = segments[i];
  const end = i + 1 < segments.length ? segments[i + 1].at : c.train.steps;
  const lr = seg.learningRate;
  const w = seg.warmup ?? 0;
  const s = step - seg.at;
  if (s < w) return (lr * (s + 1)) / w;
  const t = Math.min(1, (s - w) / Math.max(1, end - seg.at - w));
  return lr * (0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * t)));
}

/**
 * Why a checkpoint written under config `was` cannot be resumed under `now` after `step` steps, or
 * null when it can: the network, preprocessing, data, validation set and loss must be the same, and
 * so must every learning rate already used (a schedule may only change after the checkpoint's step).
 */
export function resumeMismatch(was: TrainConfig, now: TrainConfig, step: number): string | null {
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  for (const k of ['net', 'pre', 'data', 'validation'] as const) if (!same(was[k], now[k])) return `${k} differs from the checkpoint's config`;
  if (!same(was.train.init?.crc32, now.train.init?.crc32)) return 'train.init (the starting weights) differs from the checkpoint\'s config';
  for (const k of ['loss', 'temperature', 'margin', 'memory'] as const) if (!same(was.train[k], now.train[k])) return `train.${k} differs from the checkpoint's config`;
  for (let s = 0; s < step; s++) {
    const a = learningRateAt(was, s);
    const b = learningRateAt(now, s);
    if (Math.abs(a - b) > 1e-12 * Math.max(a, b)) return `the learning-rate schedule differs at step ${s} (checkpoint ${a}, config ${b}), before the checkpoint's step ${step}`;
  }
  return null;
}
