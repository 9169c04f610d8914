/**
 * The CNN matchers for `whorl eval`: `float` runs a Whorl float model (tfjs layers folder with its
 * manifest.json, as `whorl train` writes it) and scores by cosine similarity; `int8` runs a model
 * blob through the host int8 reference (host/fp/reference.ts), exactly as the device does, and
 * scores by the int8 dot product. Both preprocess with the model's own fingerprint preprocessing.
 * Option `model=PATH` (default: the committed models/whorl-default model); `float` also takes
 * `overlap=on` (each pair scored over the area both crops show).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GreyImage } from '../data/grey.js';
import { crc32 } from '../util/crc.js';
import { scoreI8 } from '../nn/fixed.js';
import { floatInput } from '../nn/floatrun.js';
import { preprocessPrint, type PrintPreParams } from '../nn/printpre.js';
import { maskToOverlap } from '../nn/overlap.js';
import { MatcherError, registerMatcher, type Matcher, type MatcherOptions } from './matcher.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const DEFAULT_FLOAT_MODEL = join(ROOT, 'models', 'whorl-default', 'float');
export const DEFAULT_INT8_MODEL = join(ROOT, 'models', 'whorl-default', 'whorl_default.wnn');

function modelOption(id: string, opts: MatcherOptions, dflt: string, known: string[] = ['model']): string {
  for (const k of Object.keys(opts)) if (!known.includes(k)) throw new MatcherError('MATCHER_OPTION', `${id}: unknown option "${k}" (known: ${known.join(', ')})`, { context: { option: k } });
  return opts.model ?? dflt;
}

/** `overlap=on|off` of the float matcher (default off). */
function overlapOption(opts: MatcherOptions): boolean {
  const v = opts.overlap ?? 'off';
  if (v !== 'on' && v !== 'off') throw new MatcherError('MATCHER_OPTION', `float: overlap must be on or off, got "${v}"`, { context: { overlap: v } });
  return v === 'on';
}

function readOrFail(id: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new MatcherError('MATCHER_MODEL', `${id}: cannot read ${file}`, { context: { file }, cause: e });
  }
}

/** The fingerprint preprocessing of a float model folder (its manifest's input.pre, kind print-v1). */
export function floatModelPre(dir: string): PrintPreParams {
  const manifest = JSON.parse(readOrFail('float', join(dir, 'manifest.json')).toString('utf8')) as { input?: { preprocessing?: string; pre?: PrintPreParams } };
  if (manifest.input?.preprocessing !== 'print-v1' || !manifest.input.pre) {
    throw new MatcherError('MATCHER_MODEL', `float: ${dir}/manifest.json does not describe a fingerprint model (input.preprocessing print-v1)`, { context: { dir } });
  }
  return manifest.input.pre;
}

interface LoadedFloat { embed(x: Float32Array, n: number, size: number): Float32Array; dispose(): void }

/**
 * Float matcher: embeddings of the float network (L2-normalised), score = cosine. With option
 * `overlap=on` the features are the preprocessed crops and each pair is scored over the area both
 * show: both crops masked to their common foreground cells (host/nn/overlap.ts) and embedded again
 * (two embeddings a pair; docs/evaluation.md, "Overlap masking").
 */
export class FloatMatcher implements Matcher<Float32Array> {
  readonly id = 'float';
  readonly version: string;
  readonly description: string;
  readonly threadSafe = false;
  compareBatch?: (pairs: ReadonlyArray<readonly [Float32Array, Float32Array]>) => Promise<number[]>;
  private model: Promise<LoadedFloat> | undefined;
  private loaded: LoadedFloat | undefined;
  private readonly pre: PrintPreParams;

  constructor(readonly dir: string, readonly overlap = false) {
    this.pre = floatModelPre(dir);
    const weights = readOrFail('float', join(dir, 'weights.bin'));
    this.version = `float-${crc32(weights).toString(16)}-${crc32(Buffer.from(JSON.stringify(this.pre))).toString(16)}${overlap ? '-overlap' : ''}`;
    this.description = `float CNN ${dir}${overlap ? ', scored over the crops\' overlap' : ''}`;
    if (overlap) this.compareBatch = async (pairs) => { this.loaded = await this.load(); return this.overlapScores(pairs); };
  }

  private load(): Promise<LoadedFloat> {
    this.model ??= (async () => {
      const { useWasmBackend } = await import('../train/wasm-backend.js');
      const { loadModel } = await import('../train/io.js');
      const { embedAll } = await import('../train/validate.js');
      await useWasmBackend();
      const { model } = await loadModel(this.dir);
      return { embed: (x: Float32Array, n: number, size: number) => embedAll(model, x, n, size), dispose: () => model.dispose() };
    })();
    return this.model;
  }

  async extract(img: GreyImage): Promise<Float32Array> {
    const m = (this.loaded = await this.load());
    const r = preprocessPrint(img.data, img.height, img.width, img.dpi, this.pre);
    return this.overlap ? Float32Array.from(r.image) : m.embed(floatInput(r.image), 1, this.pre.size);
  }

  compare(a: Float32Array, b: Float32Array): number {
    if (this.overlap) return this.overlapScores([[a, b]])[0];
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  private overlapScores(pairs: ReadonlyArray<readonly [Float32Array, Float32Array]>): number[] {
    if (!this.loaded) throw new MatcherError('MATCHER_MODEL', 'float: the model is not loaded yet (score with compareBatch)', { context: { dir: this.dir } });
    const S = this.pre.size, px = S * S, D = this.loaded;
    const x = new Float32Array(2 * pairs.length * px);
    pairs.forEach(([a, b], i) => {
      const m = maskToOverlap(Uint8Array.from(a), Uint8Array.from(b), S);
      x.set(floatInput(m.a), 2 * i * px);
      x.set(floatInput(m.b), (2 * i + 1) * px);
    });
    const e = D.embed(x, 2 * pairs.length, S);
    const d = e.length / (2 * pairs.length);
    return pairs.map((_, i) => {
      let s = 0;
      for (let k = 0; k < d; k++) s += e[2 * i * d + k] * e[(2 * i + 1) * d + k];
      return s;
    });
  }

  serialize(f: Float32Array): Uint8Array {
    return new Uint8Array(f.buffer.slice(f.byteOffset, f.byteOffset + f.byteLength));
  }

  deserialize(bytes: Uint8Array): Float32Array {
    return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  }

  async close(): Promise<void> {
    if (this.model) (await this.model).dispose();
    this.model = undefined;
  }
}

/** Int8 matcher: the device's computation on the host (int8 embedding, integer dot product). */
export class Int8Matcher implements Matcher<Int8Array> {
  readonly id = 'int8';
  readonly version: string;
  readonly description: string;
  readonly threadSafe = true;
  private ref: import('../fp/reference.js').Int8Reference | undefined;

  constructor(readonly file: string, private readonly blob = readOrFail('int8', file)) {
    // Not the CRC-32 of the whole blob: a blob ends with the CRC-32 of the bytes before it, so that
    // CRC is the same constant (the CRC residue) for every valid blob, and the cache would mix models.
    this.version = `int8-${createHash('sha256').update(blob).digest('hex').slice(0, 16)}`;
    this.description = `int8 CNN ${file}`;
  }

  async extract(img: GreyImage): Promise<Int8Array> {
    if (!this.ref) {
      const { Int8Reference } = await import('../fp/reference.js');
      try {
        this.ref = new Int8Reference(new Uint8Array(this.blob));
      } catch (e) {
        throw new MatcherError('MATCHER_MODEL', `int8: ${this.file} is not a valid model blob: ${(e as Error).message}`, { context: { file: this.file }, cause: e });
      }
    }
    return this.ref.embed(img).embedding;
  }

  compare(a: Int8Array, b: Int8Array): number {
    return scoreI8(a, b);
  }

  serialize(f: Int8Array): Uint8Array {
    return new Uint8Array(f.buffer.slice(f.byteOffset, f.byteOffset + f.byteLength));
  }

  deserialize(bytes: Uint8Array): Int8Array {
    return new Int8Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  }
}

registerMatcher('float', (o) => new FloatMatcher(modelOption('float', o, DEFAULT_FLOAT_MODEL, ['model', 'overlap']), overlapOption(o)));
registerMatcher('int8', (o) => new Int8Matcher(modelOption('int8', o, DEFAULT_INT8_MODEL)), import.meta.url);

