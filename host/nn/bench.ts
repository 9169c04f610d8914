/**
 * On-device cost benchmark of the int8 runtime: builds the bare-metal bench image
 * (firmware/tests/nn/bench) with a 96×96 model, runs it in QEMU under -icount shift=0,sleep=off and
 * turns its counter readings into guest instructions (1 tick of the 24 MHz counter = 1000/24).
 * Two models: the random-weight benchmark network (benchModel) or a committed blob run on synthetic
 * sensor images through its own preprocessing, as the product does (modelBench).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import type { GreyImage } from '../data/grey.js';
import { syntheticImage } from '../fp/client.js';
import { Int8Reference } from '../fp/reference.js';
import { resolveParams } from '../synth/index.js';
import { WhorlError } from '../util/errors.js';
import { encodeBlob, decodeBlob } from './blob.js';
import { scoreI8 } from './fixed.js';
import { preprocess } from './preprocess.js';
import { preprocessPrint, type PrintPreResult } from './printpre.js';
import { foldModel } from './fold.js';
import { forwardI8, int8Input } from './int8.js';
import { calibrate, quantizeModel } from './quantize.js';
import { Op, type QLayer, type QModel } from './qmodel.js';
import { Rng } from './rng.js';
import { ModelBuilder, testImages } from './testmodels.js';
import { readTfjsModel, writeTfjsModel } from './tfjs.js';

export const INSTR_PER_TICK = 1000 / 24;

/** The benchmark network: 96×96×1, five 3×3 conv blocks (BN + Mish) of 16–128 channels, GAP, dense 128, L2. */
export function buildBenchLayers(b: ModelBuilder): void {
  b.conv(16, 3, 2).bn().mish().conv(32, 3, 2).bn().mish().conv(32, 3, 1).bn().mish()
    .conv(64, 3, 2).bn().mish().conv(128, 3, 2).bn().mish().gap().dense(128).l2();
}

/** Quantizes the benchmark network (random weights, synthetic calibration) and runs it in TS. */
export function benchModel(workDir: string, seed = 99): { blob: Uint8Array; input: Int8Array; embedding: Int8Array; model: QModel } {
  const rng = new Rng(seed);
  const b = new ModelBuilder(rng, [96, 96, 1]);
  buildBenchLayers(b);
  const dir = join(workDir, 'bench-model');
  writeTfjsModel(dir, 'bench', b.layers);
  const fm = foldModel(readTfjsModel(dir));
  const qm = quantizeModel(fm, calibrate(fm, testImages(rng, 96, 96, 6)), { method: 'percentile' });
  const blob = encodeBlob(qm);
  const model = decodeBlob(blob);
  const input = int8Input(testImages(rng, 96, 96, 3)[2]);
  const outs = forwardI8(model, input);
  return { blob, input, embedding: outs[outs.length - 1], model };
}

/** The synthetic prints of the model benchmark: held-out generator seed, one finger, two impressions. */
export const MODEL_BENCH_PRINTS = { seed: 5150001, finger: 1, impressions: [1, 2], width: 288, height: 384, dpi: 500, rotation: 15 } as const;

/** A committed model blob with its sensor images and what the TypeScript runtime makes of them. */
export interface ModelBench {
  blob: Uint8Array;
  model: QModel;
  /** sensor images (impressions of one finger), the first one is benchmarked step by step */
  sensor: GreyImage[];
  /** int8 network input: the TS preprocessing of sensor[0], u8 − 128 */
  input: Int8Array;
  /** embedding of `input` by forwardI8 (= ts.embeddings[0]) */
  embedding: Int8Array;
  ts: {
    /** kind-2 preprocessing result of sensor[0] (undefined for a kind-1 blob) */
    print?: PrintPreResult;
    /** Int8Reference embeddings of every sensor image (the device matcher's host reference) */
    embeddings: Int8Array[];
    reasons: number[];
    qualities: number[];
    /** score of the first two embeddings */
    score: number;
  };
}

/**
 * Loads a model blob (`file`: for messages) and prepares its benchmark: two impressions of a
 * synthetic finger (project generator, 288×384 at 500 dpi), their TS preprocessing and embeddings.
 * Throws unless the blob decodes and takes one-channel input.
 */
export function modelBench(blob: Uint8Array, file: string, prints = MODEL_BENCH_PRINTS): ModelBench {
  let ref: Int8Reference;
  try {
    ref = new Int8Reference(blob);
  } catch (e) {
    throw new WhorlError('NN_BENCH_MODEL', `${file}: not a model blob this runtime reads: ${(e as Error).message}`, { cause: e, context: { file } });
  }
  const model = ref.model;
  if (model.input.c !== 1) throw new WhorlError('NN_BENCH_MODEL', `${file}: input has ${model.input.c} channels, the sensor path needs 1`, { context: { file, input: model.input } });
  const p = resolveParams({ width: prints.width, height: prints.height, dpi: prints.dpi, rotation: prints.rotation });
  const sensor = prints.impressions.map((k) => syntheticImage(p, prints.seed, prints.finger, k));
  const s0 = sensor[0];
  const print = model.print ? preprocessPrint(s0.data, s0.height, s0.width, s0.dpi, model.print) : undefined;
  const u8 = print ? print.image : preprocess(s0.data, s0.height, s0.width, model.input.h, model.input.w);
  const input = int8Input(u8);
  const outs = forwardI8(model, input);
  const embedding = outs[outs.length - 1];
  const e = sensor.map((img) => ref.embed(img));
  if (!e[0].embedding.every((v, i) => v === embedding[i])) {
    throw new WhorlError('NN_BENCH_MODEL', `${file}: Int8Reference and preprocessing + forwardI8 disagree on the benchmark print`, { context: { file } });
  }
  return {
    blob, model, sensor, input, embedding,
    ts: { print, embeddings: e.map((x) => x.embedding), reasons: e.map((x) => x.reason), qualities: e.map((x) => x.quality), score: scoreI8(e[0].embedding, e[1].embedding) },
  };
}

/** bench.sensor: u16 height, width, dpi, count (little-endian), then the images' pixels (same size). */
export function encodeBenchSensor(images: GreyImage[]): Uint8Array {
  const [h, w, dpi] = images.length ? [images[0].height, images[0].width, images[0].dpi] : [0, 0, 0];
  const out = new Uint8Array(8 + images.length * h * w);
  const dv = new DataView(out.buffer);
  dv.setUint16(0, h, true); dv.setUint16(2, w, true); dv.setUint16(4, dpi, true); dv.setUint16(6, images.length, true);
  images.forEach((im, k) => {
    if (im.height !== h || im.width !== w || im.dpi !== dpi || im.data.length !== h * w) {
      throw new WhorlError('NN_BENCH_SENSOR', `sensor image ${k} is ${im.width}×${im.height} at ${im.dpi} dpi, image 0 ${w}×${h} at ${dpi} dpi`, { context: { index: k } });
    }
    out.set(im.data, 8 + k * h * w);
  });
  return out;
}

/** Multiply-accumulates of a layer (0 for layers without weights). */
export function layerMacs(l: QLayer): number {
  if (l.op === Op.CONV2D) return l.outShape.h * l.outShape.w * l.outShape.c * l.kh * l.kw * l.inShape.c;
  if (l.op === Op.DENSE) return l.outShape.c * l.inShape.h * l.inShape.w * l.inShape.c;
  return 0;
}

/**
 * Runs `make -C firmware nn-bench` after writing the bench blob, its int8 input and the sensor images
 * of the product path (none: that part is skipped); returns the ELF path.
 */
export async function buildBenchImage(firmwareDir: string, blob: Uint8Array, input: Int8Array, sensor: GreyImage[] = []): Promise<string> {
  const dir = join(firmwareDir, 'build', 'nn-bench');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'bench.wnn'), blob);
  writeFileSync(join(dir, 'bench.in'), new Uint8Array(input.buffer, input.byteOffset, input.length));
  writeFileSync(join(dir, 'bench.sensor'), encodeBenchSensor(sensor));
  await execa('nice', ['-n', '10', 'make', '-s', '-C', firmwareDir, 'nn-bench'], { all: true }).catch((e: unknown) => {
    throw new WhorlError('NN_BENCH_BUILD', `bench image build failed: ${(e as { all?: string }).all ?? String(e)}`, { cause: e });
  });
  return join(dir, 'nn_bench.elf');
}

/** Runs the bench image in QEMU (ARMv4T core, deterministic icount); returns its semihosting output. */
export async function runBenchImage(elf: string, timeoutMs = 120000): Promise<string> {
  const args = ['-M', 'versatilepb', '-cpu', 'ti925t', '-nographic', '-monitor', 'none', '-serial', 'none',
    '-icount', 'shift=0,sleep=off', '-semihosting-config', 'enable=on,target=native', '-kernel', elf];
  const r = await execa('qemu-system-arm', args, { env: { QEMU_AUDIO_DRV: 'none' }, timeout: timeoutMs, reject: false, killSignal: 'SIGKILL', all: true });
  const out = r.all ?? '';
  if (r.timedOut) throw new WhorlError('NN_BENCH_TIMEOUT', `bench image did not finish in ${timeoutMs} ms`, { context: { elf, output: out.slice(-2000) } });
  if (r.exitCode !== 0 || !out.includes('nnbench done')) {
    throw new WhorlError('NN_BENCH_FAILED', `bench image failed (exit ${r.exitCode}): ${out.split('\n').filter((l) => l.startsWith('nnbench')).join(' | ')}`, { context: { elf } });
  }
  return out;
}

/**
 * Sizes by object file (text+rodata, bss) from a GNU ld map file: firmware objects by their path
 * under obj/ ("nn/nn_model.o"), archive members as "libgcc.a(_udivsi3.o)".
 */
export function parseMap(map: string): Record<string, { code: number; bss: number }> {
  const body = map.slice(Math.max(0, map.indexOf('Linker script and memory map')));
  const out: Record<string, { code: number; bss: number }> = {};
  const re = /^ (\.[\w.$]+)\s*\n?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S+\.o\)?)$/gm;
  for (const m of body.matchAll(re)) {
    const size = parseInt(m[3], 16);
    if (m[4].endsWith(')') && !m[4].includes('.a(')) continue;
    const obj = m[4].replace(/^.*\/obj\//, '').replace(/^.*\/([^/(]+\.a\()/, '$1');
    const e = (out[obj] ??= { code: 0, bss: 0 });
    if (m[1].startsWith('.bss')) e.bss += size;
    else if (m[1].startsWith('.text') || m[1].startsWith('.rodata')) e.code += size;
  }
  return out;
}

/** Address of each global symbol of `names` in a GNU ld map file (absent names are left out). */
export function mapSymbols(map: string, names: string[]): Record<string, number> {
  const body = map.slice(Math.max(0, map.indexOf('Linker script and memory map')));
  const out: Record<string, number> = {};
  for (const m of body.matchAll(/^\s+0x([0-9a-f]+)\s+([A-Za-z_][\w.$]*)$/gm)) if (names.includes(m[2])) out[m[2]] = parseInt(m[1], 16);
  return out;
}
