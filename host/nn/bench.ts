/**
 * On-device cost benchmark of the int8 runtime: builds the bare-metal bench image
 * (firmware/tests/nn/bench) with a 96×96 model, runs it in QEMU under -icount shift=0,sleep=off and
 * turns its counter readings into guest instructions (1 tick of the 24 MHz counter = 1000/24).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { WhorlError } from '../util/errors.js';
import { encodeBlob, decodeBlob } from './blob.js';
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

/** Multiply-accumulates of a layer (0 for layers without weights). */
export function layerMacs(l: QLayer): number {
  if (l.op === Op.CONV2D) return l.outShape.h * l.outShape.w * l.outShape.c * l.kh * l.kw * l.inShape.c;
  if (l.op === Op.DENSE) return l.outShape.c * l.inShape.h * l.inShape.w * l.inShape.c;
  return 0;
}

/** Runs `make -C firmware nn-bench` after writing the bench blob and input; returns the ELF path. */
export async function buildBenchImage(firmwareDir: string, blob: Uint8Array, input: Int8Array): Promise<string> {
  const dir = join(firmwareDir, 'build', 'nn-bench');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'bench.wnn'), blob);
  writeFileSync(join(dir, 'bench.in'), new Uint8Array(input.buffer, input.byteOffset, input.length));
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

/** Sizes by object file (text+rodata, bss) from a GNU ld map file. */
export function parseMap(map: string): Record<string, { code: number; bss: number }> {
  const body = map.slice(Math.max(0, map.indexOf('Linker script and memory map')));
  const out: Record<string, { code: number; bss: number }> = {};
  const re = /^ (\.[\w.$]+)\s*\n?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S+\.o)$/gm;
  for (const m of body.matchAll(re)) {
    const size = parseInt(m[3], 16);
    const obj = m[4].replace(/^.*\/obj\//, '');
    const e = (out[obj] ??= { code: 0, bss: 0 });
    if (m[1].startsWith('.bss')) e.bss += size;
    else if (m[1].startsWith('.text') || m[1].startsWith('.rodata')) e.code += size;
  }
  return out;
}
