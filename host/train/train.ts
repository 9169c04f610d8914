/** The training loop: on-the-fly synthetic batches made ahead on worker threads, a metric-learning
 * loss, Adam with warm-up and cosine decay, checkpoints that resume exactly (weights, optimizer
 * state, step, finger counter, history), periodic validation EER on a fixed held-out synthetic set
 * (its own generator seed). Reproducible from the config's seeds. */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { progress } from '../util/progress.js';
import { recoverDir, replaceDir } from '../util/atomicdir.js';
import { WhorlError } from '../util/errors.js';
import { crc32, crc32Hex } from '../util/crc.js';
import { DEFAULT_PRINT_PRE } from '../nn/printpre.js';
import { makeBatch } from './data.js';
import { BatchPrefetcher } from './prefetch.js';
import { loadModel, saveManifest, saveModel, type ModelManifest } from './io.js';
import { batchHardTriplet, EmbeddingMemory, supCon } from './loss.js';
import { buildModel, netBudget, type NetConfig } from './model.js';
import { loadOptimizer, saveOptimizer } from './optstate.js';
import { learningRateAt, resumeMismatch, type TrainConfig } from './config.js';
import { embedAll, fvcEer } from './validate.js';
import { widenMismatch, widenWeights } from './widen.js';
import { tf, useWasmBackend } from './wasm-backend.js';

export { parseTrainConfig, type TrainConfig } from './config.js';

export interface TrainResult {
  steps: number;
  /** the validation point whose weights OUT/model holds (the last step when there was no validation) */
  best?: { step: number; eer: number };
  losses: number[];
  validation: Array<{ step: number; eer: number }>;
  secondsPerBatch: number;
  /** seconds the trainer waited for data per batch */
  dataWaitPerBatch: number;
  seconds: number;
}

interface State {
  step: number;
  nextFinger: number;
  losses: number[];
  validation: Array<{ step: number; eer: number }>;
  seconds: number;
  /** best validation so far (its model is OUT/best) */
  best?: { step: number; eer: number };
  /** warm start: the starting model's folder, weights CRC and its own training record (config, steps, time) */
  initFrom?: InitRecord;
  /** cross-batch memory ring (its rows are checkpoint/memory.bin) */
  memory?: { count: number; head: number };
}

type InitRecord = { model: string; crc32: string; training: Record<string, unknown> };

export function manifestFor(c: TrainConfig, state: { step: number; validation: Array<{ step: number; eer: number }>; seconds: number; best?: { step: number; eer: number }; initFrom?: InitRecord }): ModelManifest {
  const b = netBudget(c.net);
  const pre = c.pre ?? DEFAULT_PRINT_PRE;
  return {
    format: 'whorl-float-model', version: 1,
    input: { size: c.net.input, dpi: pre.dpi, preprocessing: 'print-v1', pre },
    macs: b.macs, params: b.params, int8WeightBytes: b.int8WeightBytes,
    training: { config: c, stepsDone: state.step, seconds: Math.round(state.seconds), ...(state.initFrom ? { initFrom: state.initFrom } : {}) },
    figures: { validation: state.validation, ...(state.best ? { best: state.best } : {}) }, generatedBy: `whorl train --config ${c.name}`,
  } as ModelManifest;
}

/** Copies the weights of the float model in `dir` (checked: CRC-32 of weights.bin, same network) into `model`. */
async function warmStart(model: tf.LayersModel, c: TrainConfig, dir: string, log?: (s: string) => void): Promise<InitRecord> {
  const want = c.train.init?.crc32 ?? '';
  const bytes = await readFile(join(dir, 'weights.bin')).catch((e: unknown) => {
    throw new WhorlError('E_CONFIG', `train.init: cannot read ${join(dir, 'weights.bin')} (train the starting model first, or pass --init DIR)`, { context: { dir }, cause: e });
  });
  const got = crc32Hex(crc32(bytes));
  if (got !== want) throw new WhorlError('E_CONFIG', `train.init: ${dir}/weights.bin has CRC-32 ${got}, the config wants ${want} (another model)`, { context: { dir, got, want } });
  const src = await loadModel(dir);
  const net = (src.manifest.training as { config?: TrainConfig }).config?.net;
  // the dropout rate is training only: a warm start may change it, the weights are the same network's
  // and so may the input side and the blocks' padding where every weight keeps its shape (a fully
  // convolutional trunk; checked below by comparing the weight shapes)
  const weightsOf = (n: NetConfig | undefined): string => JSON.stringify(n ? { ...n, dropout: 0, input: 0, blocks: n.blocks.map((b) => ({ filters: b.filters, stride: b.stride })) } : n);
  const shapes = (m: tf.LayersModel): string => JSON.stringify(m.getWeights().map((w) => w.shape));
  const sameLayers = weightsOf(net) === weightsOf(c.net);
  const same = sameLayers && shapes(src.model) === shapes(model);
  // a network that only adds filters to some blocks starts as the trained one (host/train/widen.ts)
  let why: string | undefined;
  if (net && sameLayers && !same) why = `input ${net.input} → ${c.net.input} with this padding changes the weights' shapes`;
  else if (net && !same) why = widenMismatch(net, c.net);
  if (!net || why) {
    src.model.dispose();
    throw new WhorlError('E_CONFIG', `train.init: ${dir} is a different network than config ${c.name}'s net${why ? ` (${why}; only added filters, another input side or padding that keep every weight's shape, or another dropout rate can be warm-started)` : ''}`, { context: { dir } });
  }
  if (same) model.setWeights(src.model.getWeights());
  else widenWeights(src.model, net, model, c.net);
  src.model.dispose();
  log?.(`warm start from ${dir} (weights CRC-32 ${got})${same ? '' : ', widened'}${net && net.dropout !== c.net.dropout ? `, dropout ${net.dropout} → ${c.net.dropout}` : ''}${net && net.input !== c.net.input ? `, input ${net.input} → ${c.net.input}` : ''}`);
  return { model: dir, crc32: got, training: src.manifest.training };
}

export async function train(c: TrainConfig, out: string, opts: { resume?: boolean; /** folder of train.init's model (default: the config's path) */ init?: string; progress?: boolean; log?: (s: string) => void; workers?: number; /** stop after this step as if interrupted (the schedule stays that of train.steps) */ until?: number } = {}): Promise<TrainResult> {
  await useWasmBackend();
  const pre = c.pre ?? DEFAULT_PRINT_PRE;
  const ckpt = join(out, 'checkpoint');
  let model: tf.LayersModel;
  let state: State = { step: 0, nextFinger: 1, losses: [], validation: [], seconds: 0 };
  const opt = tf.train.adam(learningRateAt(c, 0));
  const memory = c.train.memory ? new EmbeddingMemory(c.train.memory, c.net.embedding) : undefined;
  for (const d of [ckpt, join(out, 'best')]) {
    const did = await recoverDir(d);
    if (did) opts.log?.(did);
  }
  if (opts.resume && existsSync(join(ckpt, 'state.json'))) {
    const loaded = await loadModel(ckpt);
    model = loaded.model;
    state = Object.assign({ seconds: 0 }, JSON.parse(await readFile(join(ckpt, "state.json"), "utf8")) as State);
    const weightsAt = (loaded.manifest.training as { stepsDone?: number }).stepsDone;
    if (weightsAt !== state.step) {
      model.dispose();
      throw new WhorlError('E_CONFIG', `cannot resume ${ckpt}: its weights are of step ${weightsAt ?? '?'} and its state of step ${state.step} (a checkpoint written in place by an older whorl and cut off while saving; restart the run, or resume from a copy of a whole checkpoint)`, { context: { checkpoint: ckpt, weightsAt, stateAt: state.step } });
    }
    const was = loaded.manifest.training.config as TrainConfig | undefined;
    const why = was ? resumeMismatch(was, c, state.step) : 'the checkpoint has no training config';
    if (why) throw new WhorlError('E_CONFIG', `cannot resume ${ckpt} with config ${c.name}: ${why}`, { context: { checkpoint: ckpt, step: state.step } });
    await loadOptimizer(opt, model, join(ckpt, 'optimizer.bin'));
    if (memory && state.memory) memory.restore(await readFile(join(ckpt, 'memory.bin')), state.memory.count, state.memory.head);
    opts.log?.(`resumed at step ${state.step} (next finger ${state.nextFinger})`);
  } else {
    model = buildModel(c.net);
    if (c.train.init) state.initFrom = await warmStart(model, c, opts.init ?? c.train.init.model, opts.log);
  }
  const workers = opts.workers ?? c.train.workers ?? 1;
  const data = new BatchPrefetcher(c.data, state.nextFinger, workers, 3, pre);
  const vset = makeBatch({ ...c.data, sameClass: 0, cut: undefined, overlap: undefined, offset: undefined, seed: c.validation.seed, fingers: c.validation.fingers, impressions: c.validation.impressions, dpis: [c.validation.dpi] }, 1, pre);
  const bar = progress(`train ${c.name}`, c.train.steps, { enabled: opts.progress, fields: ['loss', 'eer'] });
  bar.tick(state.step);
  let tWait = 0;
  let tStep = 0;
  let done = 0;
  const started = Date.now();
  const secondsBefore = state.seconds;
  const lossFn = (e: tf.Tensor2D, y: tf.Tensor1D, mem?: tf.Tensor2D): tf.Scalar => (c.train.loss === 'triplet' ? batchHardTriplet(e, y, c.train.margin ?? 0.3) : supCon(e, y, c.train.temperature ?? 0.1, mem, c.train.margin ?? 0));
  let lastEer = '';
  // Dropout draws a fresh mask every step from a seed derived from the step (reproducible and resumable).
  // A fixed seed would give every batch position the same mask at every step, and since the P×K batch
  // puts a finger's impressions at fixed positions the network learns to recognise the masks instead
  // of the fingers (training loss near 0, validation EER rising).
  const dropouts = model.layers.filter((l) => l.getClassName() === 'Dropout') as unknown as Array<{ seed?: number }>;
  // this model's variables only (other models in the process must not share Adam's slots)
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  /** Validation EER at the current step; a new best is saved as OUT/best. */
  const validate = async (what: string): Promise<void> => {
    const eer = fvcEer(embedAll(model, vset.x, vset.count, c.net.input), c.validation.fingers, c.validation.impressions, c.net.embedding);
    state.validation.push({ step: state.step, eer });
    lastEer = `${(100 * eer).toFixed(2)}%`;
    opts.log?.(`${what}, validation EER ${lastEer}`);
    if (!state.best || eer < state.best.eer) {
      state.best = { step: state.step, eer };
      await replaceDir(join(out, 'best'), (tmp) => saveModel(model, tmp, manifestFor(c, state)));
    }
  };
  try {
    // the starting weights of a warm start are the first candidate: the output is never worse than them on validation
    if (c.train.init && state.step === 0 && c.train.validateEvery) await validate('step 0 (starting weights)');
    const last = Math.min(c.train.steps, opts.until ?? c.train.steps);
    while (state.step < last) {
      const t0 = Date.now();
      const b = await data.next();
      const t1 = Date.now();
      (opt as unknown as { learningRate: number }).learningRate = learningRateAt(c, state.step);
      for (const [i, d] of dropouts.entries()) d.seed = ((c.net.seed * 7919 + i) * 1_000_003 + state.step) % 2_147_483_647;
      const lossValue = tf.tidy(() => {
        const x = tf.tensor4d(b.x, [b.count, c.net.input, c.net.input, 1]);
        const y = tf.tensor1d(b.labels, 'int32');
        const mem = memory?.tensor() ?? undefined;
        let emb: Float32Array | undefined;
        const l = opt.minimize(() => {
          const e = model.apply(x, { training: true }) as tf.Tensor2D;
          if (memory) emb = (e.dataSync() as Float32Array).slice();
          return lossFn(e, y, mem);
        }, true, vars) as tf.Scalar;
        // this batch's embeddings join the memory after the step that used the older ones
        if (memory && emb) memory.push(emb);
        return l.dataSync()[0];
      });
      tWait += t1 - t0;
      tStep += Date.now() - t1;
      done++;
      if (!Number.isFinite(lossValue)) throw new Error(`training diverged at step ${state.step + 1} (loss ${lossValue})`);
      state.losses.push(lossValue);
      state.step++;
      state.nextFinger = b.first + c.data.fingers;
      state.seconds = secondsBefore + (Date.now() - started) / 1000;
      if (c.train.validateEvery && (state.step % c.train.validateEvery === 0 || state.step === c.train.steps)) {
        await validate(`step ${state.step}: loss ${lossValue.toFixed(4)}`);
      }
      bar.tick(1, { loss: lossValue.toFixed(4), eer: lastEer });
      if (c.train.checkpointEvery && (state.step % c.train.checkpointEvery === 0 || state.step === last)) {
        // written whole or not at all (a run killed while saving resumes from the previous checkpoint)
        await replaceDir(ckpt, async (tmp) => {
          await saveModel(model, tmp, manifestFor(c, state));
          await saveOptimizer(opt, join(tmp, 'optimizer.bin'));
          if (memory) {
            state.memory = { count: memory.count, head: memory.head };
            await writeFile(join(tmp, 'memory.bin'), memory.toBytes());
          }
          await writeFile(join(tmp, 'state.json'), JSON.stringify(state));
        });
      }
    }
  } finally {
    bar.stop();
    await data.close();
  }
  await mkdir(out, { recursive: true });
  // OUT/model is the best validated model (early stopping by validation EER), else the last one
  const final = manifestFor(c, state);
  if (state.best && state.best.step !== state.step && existsSync(join(out, 'best', 'model.json'))) {
    const best = state.best;
    await replaceDir(join(out, 'model'), async (dir) => {
      for (const f of ['model.json', 'weights.bin']) await copyFile(join(out, 'best', f), join(dir, f));
      await saveManifest(dir, { ...final, training: { ...final.training, modelStep: best.step } });
    });
  } else {
    await replaceDir(join(out, 'model'), (dir) => saveModel(model, dir, final));
  }
  model.dispose();
  opt.dispose();
  const n = Math.max(1, done);
  return { steps: state.step, best: state.best, losses: state.losses, validation: state.validation, secondsPerBatch: tStep / 1000 / n, dataWaitPerBatch: tWait / 1000 / n, seconds: state.seconds };
}
