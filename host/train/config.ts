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
    loss?: LossName;
    temperature?: number;
    margin?: number;
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
  if (!Number.isInteger(c.validation.dpi)) bad('validation.dpi must be an integer resolution');
  return c;
}

export function learningRateAt(c: TrainConfig, step: number): number {
  const lr = c.train.learningRate;
  const w = c.train.warmup ?? 0;
  if (step < w) return (lr * (step + 1)) / w;
  const t = Math.min(1, (step - w) / Math.max(1, c.train.steps - w));
  return lr * (0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * t)));
}
