/**
 * The CNN matchers for `whorl eval`: `float` runs a Whorl float model (tfjs layers folder with its
 * manifest.json, as `whorl train` writes it) and scores by cosine similarity; `int8` runs a model
 * blob through the host int8 reference (host/fp/reference.ts), exactly as the device does, and
 * scores by the int8 dot product. Both preprocess with the model's own fingerprint preprocessing.
 * Option `model=PATH` (default: the committed models/whorl-default model).
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
import { MatcherError, registerMatcher, type Matcher, type MatcherOptions } from './matcher.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const DEFAULT_FLOAT_MODEL = join(ROOT, 'models', 'whorl-default', 'float');
export const DEFAULT_INT8_MODEL = join(ROOT, 'models', 'whorl-default', 'whorl_default.wnn');

function modelOption(id: string, opts: MatcherOptions, dflt: string): string {
  for (const k of Object.keys(opts)) if (k !== 'model') throw new MatcherError('MATCHER_OPTION', `${id}: unknown option "${k}" (known: model)`, { context: { option: k } });
  return opts.model ?? dflt;
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

/** Float matcher: embeddings of the float network (L2-normalised), score = cosine. */
export class FloatMatcher implements Matcher<Float32Array> {
  readonly id = 'float';
  readonly version: string;
  readonly description: string;
  readonly threadSafe = false;
  private model: Promise<{ embed(x: Float32Array, size: number): Float32Array; dispose(): void }> | undefined;
  private readonly pre: PrintPreParams;

  constructor(readonly dir: string) {
    this.pre = floatModelPre(dir);
    const weights = readOrFail('float', join(dir, 'weights.bin'));
    this.version = `float-${crc32(weights).toString(16)}-${crc32(Buffer.from(JSON.stringify(this.pre))).toString(16)}`;
    this.description = `float CNN ${dir}`;
  }

  private load(): Promise<{ embed(x: Float32Array, size: number): Float32Array; dispose(): void }> {
    this.model ??= (async () => {
      const { useWasmBackend } = await import('../train/wasm-backend.js');
      const { loadModel } = await import('../train/io.js');
      const { embedAll } = await import('../train/validate.js');
      await useWasmBackend();
      const { model } = await loadModel(this.dir);
      return { embed: (x: Float32Array, size: number) => embedAll(model, x, 1, size), dispose: () => model.dispose() };
    })();
    return this.model;
  }

  async extract(img: GreyImage): Promise<Float32Array> {
    const m = await this.load();
    const r = preprocessPrint(img.data, img.height, img.width, img.dpi, this.pre);
    return m.embed(floatInput(r.image), this.pre.size);
  }

  compare(a: Float32Array, b: Float32Array): number {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
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

registerMatcher('float', (o) => new FloatMatcher(modelOption('float', o, DEFAULT_FLOAT_MODEL)));
registerMatcher('int8', (o) => new Int8Matcher(modelOption('int8', o, DEFAULT_INT8_MODEL)), import.meta.url);

