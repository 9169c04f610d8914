import { availableParallelism } from 'node:os';
import { readFile } from 'node:fs/promises';
import { readDataset, loadGrey, type Dataset, type ImpressionRef } from '../data/dataset.js';
import { DatasetError, ImageFormatError } from '../data/errors.js';
import { progress } from '../util/progress.js';
import { contentHash, defaultCacheDir, FeatureCache } from './cache.js';
import { createMatcher, matcherModule, type Matcher, type MatcherOptions } from './matcher.js';
import { computeMetrics, type Metrics } from './metrics.js';
import { asTemplatePair, makePairs, makeTemplatePairs, templateName, type ImpostorMode } from './pairs.js';
import { WorkerPool } from './pool.js';
import './builtin.js';

export interface EvalOptions {
  /** Registered matcher id (default "baseline") or a matcher instance (runs in the main thread). */
  matcher?: string | Matcher;
  matcherOptions?: MatcherOptions;
  /** Resolution when the dataset has no manifest (or to override it). */
  dpi?: number;
  impostors?: ImpostorMode;
  /** Worker threads; 0 runs everything in the main thread. Default: available cores. */
  workers?: number;
  /** Cache folder; false disables the cache. Default: see defaultCacheDir(). */
  cache?: string | false;
  /** Also report FMR and FNMR at this threshold. */
  threshold?: number;
  /** Show progress bars (default: when stderr is a terminal). */
  progress?: boolean;
  /**
   * Enrolled templates instead of the FVC protocol: impressions 1..n of each finger form its template,
   * scored by its best impression as the device does; the later impressions are probes (see makeTemplatePairs).
   */
  enroll?: number;
}

/** One compared pair: image names and score. */
export type ScoredPair = [a: string, b: string, score: number];

export interface EvalResult {
  kind: 'whorl-eval-report';
  formatVersion: 1;
  createdAt: string;
  dataset: { dir: string; name: string; fingers: number; images: number; dpi: number; dpiSource: string };
  matcher: { id: string; version: string; description: string };
  protocol: { impostors: ImpostorMode; enroll?: number; /** `whorl hil --touches K` */ touches?: number };
  metrics: Metrics;
  scores: { genuine: ScoredPair[]; impostor: ScoredPair[] };
  run: { workers: number; cacheDir: string | null; cacheHits: number; cacheMisses: number; scoreCacheHits?: number; extractSeconds: number; compareSeconds: number };
}

/**
 * Evaluates a matcher on a dataset with the FVC protocol: extracts features of every image (from
 * the cache when present), scores all genuine and impostor pairs, and computes the FVC metrics.
 */
export async function runEvaluation(dir: string, opts: EvalOptions = {}): Promise<EvalResult> {
  const ds = await readDataset(dir, { dpi: opts.dpi });
  const matcher = typeof opts.matcher === 'object' ? opts.matcher : createMatcher(opts.matcher ?? 'baseline', opts.matcherOptions);
  const module = typeof opts.matcher === 'object' ? undefined : matcherModule(matcher.id);
  const wanted = opts.workers ?? Math.max(1, availableParallelism());
  const nWorkers = matcher.threadSafe && module ? Math.max(0, wanted) : 0;
  const refs: ImpressionRef[] = [...ds.fingers.values()].flat();
  const index = new Map(refs.map((r, i) => [r, i]));
  const mode = opts.impostors ?? 'fvc';
  const enroll = opts.enroll;
  if (enroll !== undefined && !(Number.isInteger(enroll) && enroll >= 1)) throw new DatasetError('EVAL_ENROLL', `enroll must be a whole number of impressions >= 1, got ${enroll}`, { context: { enroll } });
  // every compared pair as a template (one impression under the FVC protocol) and a probe
  const fvc = enroll === undefined ? makePairs(ds.fingers, mode) : undefined;
  const { genuine, impostor } = fvc ? { genuine: fvc.genuine.map(asTemplatePair), impostor: fvc.impostor.map(asTemplatePair) } : makeTemplatePairs(ds.fingers, enroll!, mode);
  if (genuine.length === 0 || impostor.length === 0) {
    const need = enroll === undefined ? 'a finger with 2 impressions' : `fingers with ${enroll + 1} impressions (a template of ${enroll} and a probe)`;
    throw new DatasetError('DATASET_TOO_SMALL', `${dir}: ${genuine.length} genuine and ${impostor.length} impostor pairs; an evaluation needs at least 2 fingers and ${need}`, { context: { dir, fingers: ds.fingers.size, images: ds.imageCount, enroll } });
  }
  const cacheDir = opts.cache === false ? null : await defaultCacheDir(dir, opts.cache);
  const cache = cacheDir ? new FeatureCache(cacheDir, matcher.id, matcher.version) : undefined;
  const pool = nWorkers > 0 ? await WorkerPool.start(nWorkers, module!, matcher.id, opts.matcherOptions ?? {}) : undefined;
  try {
    const t0 = Date.now();
    const hashes: string[] = new Array(refs.length);
    const bytes = await extractAll(ds, refs, matcher, pool, cache, hashes, opts.progress);
    const t1 = Date.now();
    const all = [...genuine, ...impostor];
    const flat = new Int32Array(all.reduce((n, p) => n + p.template.length, 0) * 2);
    let k = 0;
    for (const p of all) {
      for (const a of p.template) {
        flat[k++] = index.get(a)!;
        flat[k++] = index.get(p.probe)!;
      }
    }
    const each = await compareCached(flat, hashes, ds.dpi, cache, (f, onBatch) => compareAll(f, bytes, matcher, pool, opts.progress, onBatch));
    // a template's score is its best impression's
    const scores = new Float64Array(all.length);
    k = 0;
    all.forEach((p, j) => {
      let best = -Infinity;
      for (let t = 0; t < p.template.length; t++) best = Math.max(best, each[k++]);
      scores[j] = best;
    });
    const t2 = Date.now();
    const g = scores.subarray(0, genuine.length);
    const i = scores.subarray(genuine.length);
    return {
      kind: 'whorl-eval-report',
      formatVersion: 1,
      createdAt: new Date().toISOString(),
      dataset: { dir, name: dir.replace(/\/+$/, '').split('/').pop() ?? dir, fingers: ds.fingers.size, images: ds.imageCount, dpi: ds.dpi, dpiSource: ds.dpiSource },
      matcher: { id: matcher.id, version: matcher.version, description: matcher.description },
      protocol: { impostors: mode, ...(enroll !== undefined ? { enroll } : {}) },
      metrics: computeMetrics(g, i, opts.threshold),
      scores: {
        genuine: genuine.map((p, j) => [templateName(p.template), templateName([p.probe]), g[j]]),
        impostor: impostor.map((p, j) => [templateName(p.template), templateName([p.probe]), i[j]]),
      },
      run: { workers: nWorkers, cacheDir, cacheHits: cache?.hits ?? 0, cacheMisses: cache?.misses ?? 0, scoreCacheHits: cache?.scoreHits ?? 0, extractSeconds: (t1 - t0) / 1000, compareSeconds: (t2 - t1) / 1000 },
    };
  } finally {
    await pool?.close();
    await matcher.close?.();
  }
}

/** Serialized features of every image, from the cache or extracted (and then cached). */
async function extractAll(ds: Dataset, refs: ImpressionRef[], m: Matcher, pool: WorkerPool | undefined, cache: FeatureCache | undefined, hashes: string[], showProgress?: boolean): Promise<Uint8Array[]> {
  const bar = progress('features', refs.length, { enabled: showProgress });
  const one = async (ref: ImpressionRef, index: number, call?: (type: string, p: Record<string, unknown>) => Promise<unknown>): Promise<Uint8Array> => {
    let hash: string | undefined;
    if (cache) {
      let content: Buffer;
      try {
        content = await readFile(ref.path);
      } catch (cause) {
        throw new ImageFormatError('IMAGE_UNREADABLE', `${ref.path}: cannot read (${(cause as Error).message})`, { context: { file: ref.path }, cause });
      }
      hash = contentHash(content);
      hashes[index] = hash;
      const hit = await cache.get(hash, ds.dpi);
      if (hit) {
        bar.tick();
        return hit;
      }
    }
    const b = call
      ? ((await call('extract', { path: ref.path, kind: ref.kind, dpi: ref.dpi })) as Uint8Array)
      : m.serialize(await m.extract(await loadGrey(ref)));
    if (cache && hash) await cache.put(hash, ds.dpi, b);
    bar.tick();
    return b;
  };
  try {
    if (pool) return await pool.map(refs, (w, r, i) => one(r, i, (t, p) => w.call(t, p)));
    const out: Uint8Array[] = [];
    for (const [i, r] of refs.entries()) out.push(await one(r, i));
    return out;
  } finally {
    bar.stop();
  }
}

/**
 * Scores of the pairs: those in the cache's score log are taken from it, the others computed by
 * `compute` and appended to the log.
 */
async function compareCached(flat: Int32Array, hashes: string[], dpi: number, cache: FeatureCache | undefined, compute: (flat: Int32Array, onBatch?: BatchSink) => Promise<Float64Array>): Promise<Float64Array> {
  if (!cache) return compute(flat);
  await cache.loadScores();
  const n = flat.length / 2;
  const out = new Float64Array(n);
  const todo: number[] = [];
  for (let k = 0; k < n; k++) {
    const v = cache.getScore(hashes[flat[2 * k]], hashes[flat[2 * k + 1]], dpi);
    if (v === undefined) todo.push(k);
    else out[k] = v;
  }
  if (todo.length === 0) return out;
  const sub = new Int32Array(todo.length * 2);
  todo.forEach((k, i) => {
    sub[2 * i] = flat[2 * k];
    sub[2 * i + 1] = flat[2 * k + 1];
  });
  // Each finished batch goes to the score log at once, so an interrupted run resumes.
  const got = await compute(sub, (start, r) =>
    cache.putScores(Array.from(r, (v, i) => [hashes[sub[2 * (start + i)]], hashes[sub[2 * (start + i) + 1]], v] as [string, string, number]), dpi),
  );
  todo.forEach((k, i) => (out[k] = got[i]));
  return out;
}

/** Receives the scores of pairs start..start+r.length-1 as they are computed. */
type BatchSink = (start: number, r: Float64Array) => Promise<void>;

/** Scores of the pairs (flat index pairs into `bytes`), in order. */
async function compareAll(flat: Int32Array, bytes: Uint8Array[], m: Matcher, pool: WorkerPool | undefined, showProgress?: boolean, onBatch?: BatchSink): Promise<Float64Array> {
  const n = flat.length / 2;
  const out = new Float64Array(n);
  const bar = progress('pairs', n, { enabled: showProgress });
  const BATCH = 8;
  try {
    if (pool) {
      await pool.broadcast('load', { items: bytes.map((b, i) => [i, b]) });
      const batches: number[] = [];
      for (let s = 0; s < n; s += BATCH) batches.push(s);
      await pool.map(batches, async (w, s) => {
        const e = Math.min(n, s + BATCH);
        const r = await w.call<Float64Array>('compare', { pairs: flat.slice(2 * s, 2 * e) });
        out.set(r, s);
        await onBatch?.(s, r);
        bar.tick(e - s);
      });
      return out;
    }
    const feats = bytes.map((b) => m.deserialize(b));
    for (let s = 0; s < n; s += m.compareBatch ? 64 : BATCH) {
      const e = Math.min(n, s + (m.compareBatch ? 64 : BATCH));
      if (m.compareBatch) {
        const pairs: Array<[unknown, unknown]> = [];
        for (let k = s; k < e; k++) pairs.push([feats[flat[2 * k]], feats[flat[2 * k + 1]]]);
        out.set(await m.compareBatch(pairs), s);
      } else {
        for (let k = s; k < e; k++) out[k] = m.compare(feats[flat[2 * k]], feats[flat[2 * k + 1]]);
      }
      await onBatch?.(s, out.subarray(s, e));
      bar.tick(e - s);
    }
    return out;
  } finally {
    bar.stop();
  }
}
