/**
 * Data-set generation for `whorl synth`: fingers 1..N with impressions 1..K each, written as 8-bit
 * grey PNG in FVC naming `<finger>_<impression>.png` plus `manifest.json` describing every finger
 * and impression.
 */
import { mkdir, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { DEFAULT_PARAMS, type SynthParams } from './types.js';
import { validateParams } from './master.js';
import { runJobs } from './pool.js';
import type { FingerJob, FingerResult } from './finger.js';
import { progress } from '../util/progress.js';
import { WhorlError } from '../util/errors.js';
import { crc32 } from '../util/crc.js';

export const GENERATOR_VERSION = '1.0.0';

export interface DatasetOptions {
  out: string;
  fingers: number;
  impressions: number;
  seed: number;
  params?: Partial<SynthParams>;
  /** Worker threads; 0 runs in the calling thread. Default 2. */
  workers?: number;
  /** Show a progress bar (default: when stderr is a terminal). */
  progress?: boolean;
  /** The command line recorded in the manifest. */
  command?: string;
}

export interface Manifest {
  generator: string;
  version: string;
  command: string;
  seed: number;
  fingers: number;
  impressions: number;
  dpi: number;
  width: number;
  height: number;
  params: SynthParams;
  items: Array<Omit<FingerResult, 'impressions' | 'masterMs'> & {
    impressions: Array<{ impression: number; file: string; transform: FingerResult['impressions'][number]['transform'] }>;
  }>;
}

export interface DatasetResult {
  manifest: Manifest;
  seconds: number;
  masterMs: number;
}

/** Encodes 8-bit grey pixels as PNG, with the resolution in a pHYs chunk when `dpi` is given. */
export async function encodePng(data: Uint8Array, width: number, height: number, dpi?: number): Promise<Buffer> {
  const png = await sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), { raw: { width, height, channels: 1 } })
    .toColourspace('b-w')
    .png({ compressionLevel: 6 })
    .toBuffer();
  return dpi === undefined ? png : withPhys(png, dpi);
}

/** Inserts a pHYs chunk (pixels per metre) right after IHDR (signature 8 bytes + IHDR 25 bytes). */
export function withPhys(png: Buffer, dpi: number): Buffer {
  const ppm = Math.round(dpi / 0.0254);
  const chunk = Buffer.alloc(21);
  chunk.writeUInt32BE(9, 0);
  chunk.write('pHYs', 4, 'ascii');
  chunk.writeUInt32BE(ppm, 8);
  chunk.writeUInt32BE(ppm, 12);
  chunk.writeUInt8(1, 16); // unit: metre
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 17)), 17);
  return Buffer.concat([png.subarray(0, 33), chunk, png.subarray(33)]);
}

/** Merges partial parameters over the defaults. */
export function resolveParams(p: Partial<SynthParams> = {}): SynthParams {
  const params: SynthParams = { ...DEFAULT_PARAMS, ...p, classWeights: { ...DEFAULT_PARAMS.classWeights, ...(p.classWeights ?? {}) } };
  validateParams(params);
  return params;
}

/** Generates a data set on disk; returns its manifest. */
export async function generateDataset(opts: DatasetOptions): Promise<DatasetResult> {
  const params = resolveParams(opts.params);
  for (const [k, v] of [['fingers', opts.fingers], ['impressions', opts.impressions]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 100000) {
      throw new WhorlError('SYNTH_BAD_PARAM', `synth: ${k} must be an integer in 1..100000`, { context: { [k]: v } });
    }
  }
  if (!Number.isInteger(opts.seed) || opts.seed < 0 || opts.seed > 2 ** 53) {
    throw new WhorlError('SYNTH_BAD_PARAM', 'synth: seed must be a non-negative integer', { context: { seed: opts.seed } });
  }
  const workers = opts.workers ?? 2;
  await mkdir(opts.out, { recursive: true });
  const jobs: FingerJob[] = [];
  for (let f = 1; f <= opts.fingers; f++) jobs.push({ params, seed: opts.seed, finger: f, impressions: opts.impressions });
  const bar = progress('synth', opts.fingers * opts.impressions, { enabled: opts.progress });
  const items: Manifest['items'] = new Array(opts.fingers);
  let masterMs = 0;
  const t0 = performance.now();
  try {
    await runJobs(jobs, workers, async (r) => {
      masterMs += r.masterMs;
      const ims: Manifest['items'][number]['impressions'] = [];
      await Promise.all(
        r.impressions.map(async (im) => {
          const file = `${r.finger}_${im.impression}.png`;
          await writeFile(join(opts.out, file), await encodePng(im.data, im.width, im.height, im.dpi));
          ims.push({ impression: im.impression, file, transform: im.transform });
        }),
      );
      ims.sort((a, b) => a.impression - b.impression);
      const { impressions: _i, masterMs: _m, ...rest } = r;
      items[r.finger - 1] = { ...rest, impressions: ims };
      bar.tick(r.impressions.length);
    });
  } finally {
    bar.stop();
  }
  const manifest: Manifest = {
    generator: 'whorl synth (SFinGe method)',
    version: GENERATOR_VERSION,
    command: opts.command ?? `whorl synth --out ${opts.out} --fingers ${opts.fingers} --impressions ${opts.impressions} --seed ${opts.seed}`,
    seed: opts.seed,
    fingers: opts.fingers,
    impressions: opts.impressions,
    dpi: params.dpi,
    width: params.width,
    height: params.height,
    params,
    items,
  };
  const tmp = join(opts.out, 'manifest.json.tmp');
  await writeFile(tmp, JSON.stringify(manifest, null, 1) + '\n');
  await rename(tmp, join(opts.out, 'manifest.json'));
  return { manifest, seconds: (performance.now() - t0) / 1000, masterMs };
}
