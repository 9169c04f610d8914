/**
 * Golden vectors shared by the TypeScript runtime, the native C test and the firmware:
 * `<case>.wnn` (model blob) and `<case>.vec` (docs/quantization.md, Golden vectors).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeBlob, encodeBlob } from './blob.js';
import { scoreI8 } from './fixed.js';
import { foldModel } from './fold.js';
import { forwardI8, int8Input } from './int8.js';
import { calibrate, quantizeModel } from './quantize.js';
import type { QModel } from './qmodel.js';
import { modelImage } from './partition.js';
import { preprocess } from './preprocess.js';
import { DEFAULT_PRINT_PRE, preprocessPrint, type PrintPreParams } from './printpre.js';
import { makeImpression, makeMaster, resolveParams } from '../synth/index.js';
import { Rng } from './rng.js';
import { GOLDEN_CASES, ModelBuilder, testImages } from './testmodels.js';
import { readTfjsModel, writeTfjsModel } from './tfjs.js';

export const WNV_MAGIC = 0x31564e57; // 'WNV1'

/** Builds one golden case through the whole path (tfjs files → fold → calibrate → quantize → blob). */
export function goldenCase(name: string, seed = 1234): { blob: Uint8Array; vec: Uint8Array; model: QModel } {
  const spec = GOLDEN_CASES[name];
  if (!spec) throw new Error(`unknown golden case ${name}`);
  const rng = new Rng(seed);
  const b = new ModelBuilder(rng, spec.input);
  spec.build(b);
  const dir = mkdtempSync(join(tmpdir(), 'whorl-golden-'));
  try {
    writeTfjsModel(dir, name, b.layers);
    const fm = foldModel(readTfjsModel(dir));
    const [h, w] = spec.input;
    const k = spec.calibContrast ?? 1;
    const calib = testImages(rng, h, w, 12).map((im) => im.map((v) => Math.round(128 + (v - 128) * k)));
    // percentile calibration on few images clips the extremes: the saturation paths get exercised
    const qm = quantizeModel(fm, calibrate(fm, calib), { method: 'percentile', percentile: 99 });
    const blob = encodeBlob(qm);
    const model = decodeBlob(blob);
    const inputs = testImages(rng, h, w, 4);
    return { blob, vec: encodeVectors(model, inputs.map(int8Input)), model };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the int8 runtime on the inputs and serializes inputs, layer outputs and scores. */
export function encodeVectors(m: QModel, inputs: Int8Array[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const head = new DataView(new ArrayBuffer(12));
  head.setUint32(0, WNV_MAGIC, true); head.setUint32(4, inputs.length, true); head.setUint32(8, m.layers.length, true);
  parts.push(new Uint8Array(head.buffer));
  const embs: Int8Array[] = [];
  for (const x of inputs) {
    parts.push(new Uint8Array(x.buffer, x.byteOffset, x.length));
    const outs = forwardI8(m, x);
    for (const o of outs) parts.push(new Uint8Array(o.buffer, o.byteOffset, o.length));
    embs.push(outs[outs.length - 1]);
  }
  const sc = new Int32Array(inputs.length);
  embs.forEach((e, i) => { sc[i] = scoreI8(e, embs[(i + 1) % embs.length]); });
  parts.push(new Uint8Array(sc.buffer));
  const total = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) { out.set(p, off); off += p.length; }
  return out;
}

export const WPV_MAGIC = 0x31565057; // 'WPV1'
export const WFV_MAGIC = 0x32564657; // 'WFV2'

/** Fingerprint preprocessing cases: synthetic prints at several resolutions, a shifted and a rotated
 * impression, a partial print, blank, noise, an image smaller than the crop, other parameters. */
export function printVectors(): Uint8Array {
  const cases: { p: PrintPreParams; dpi: number; hs: number; ws: number; src: Uint8Array }[] = [];
  const add = (dpi: number, w: number, h: number, finger: number, imp: number, rot: number, p: PrintPreParams = DEFAULT_PRINT_PRE): void => {
    const sp = resolveParams({ width: w, height: h, dpi, rotation: rot });
    const im = makeImpression(makeMaster(sp, 4242, finger), sp, 4242, imp);
    cases.push({ p, dpi, hs: im.height, ws: im.width, src: im.data });
  };
  add(500, 240, 320, 1, 1, 0);
  add(500, 240, 320, 1, 2, 25);
  add(250, 120, 160, 2, 1, 10);
  add(1000, 300, 400, 3, 1, 5);
  add(400, 200, 250, 4, 3, 15, { size: 64, dpi: 200, block: 16, stdMin: 6, minFgPct: 50, minRidgePct: 60, register: 0 });
  add(500, 288, 384, 2, 2, 15); // a whorl (two cores) with the default core registration
  add(500, 288, 384, 2, 2, 15, { ...DEFAULT_PRINT_PRE, register: 0 });
  add(250, 144, 192, 6, 3, 15, { ...DEFAULT_PRINT_PRE, block: 4, size: 64 });
  // register 2 (core search smoothed up to the foreground's edge): crops that move against register 1
  add(500, 288, 384, 2, 3, 15, { ...DEFAULT_PRINT_PRE, register: 2 });
  add(500, 288, 384, 12, 3, 15, { ...DEFAULT_PRINT_PRE, register: 2 });
  // register 3 (the field reaches one block past the foreground): a crop that moves and a core found only so
  add(500, 288, 384, 2, 3, 15, { ...DEFAULT_PRINT_PRE, register: 3 });
  add(500, 288, 384, 4, 4, 15, { ...DEFAULT_PRINT_PRE, register: 3 });
  // register 4 (the core refined to the pixel): the same prints, another resolution, a print near the image's edge
  const whole = cases.length; // finger 2, impression 3, 288×384 at 500 dpi, register 4
  add(500, 288, 384, 2, 3, 15, { ...DEFAULT_PRINT_PRE, register: 4 });
  add(500, 288, 384, 4, 4, 15, { ...DEFAULT_PRINT_PRE, register: 4 });
  add(250, 144, 192, 7, 2, 15, { ...DEFAULT_PRINT_PRE, register: 4 });
  add(500, 240, 320, 1, 2, 25, { ...DEFAULT_PRINT_PRE, register: 4 });
  // register 4 with the core about 25 px (250 dpi) from the top and left edges: the fine grid's
  // windows leave the image on two sides (that impression without its first 152 rows, 112 columns)
  const full = cases[whole], y0 = 152, x0 = 112, hc = full.hs - y0, wc = full.ws - x0;
  const cut = new Uint8Array(hc * wc);
  for (let y = 0; y < hc; y++) cut.set(full.src.subarray((y0 + y) * full.ws + x0, (y0 + y + 1) * full.ws), y * wc);
  cases.push({ p: full.p, dpi: 500, hs: hc, ws: wc, src: cut });
  const rng = new Rng(99);
  const blank = { p: DEFAULT_PRINT_PRE, dpi: 500, hs: 100, ws: 90, src: new Uint8Array(9000).fill(230) };
  const noise = { p: DEFAULT_PRINT_PRE, dpi: 500, hs: 160, ws: 160, src: Uint8Array.from({ length: 25600 }, () => rng.int(256)) };
  const partial = { ...cases[0], src: cases[0].src.map((v, i) => (i % cases[0].ws < cases[0].ws * 0.7 || Math.floor(i / cases[0].ws) < cases[0].hs * 0.6 ? 255 : v)) };
  const small = { p: DEFAULT_PRINT_PRE, dpi: 500, hs: 60, ws: 50, src: cases[0].src.subarray(0, 3000) };
  cases.push(blank, noise, partial, small);
  const parts: Uint8Array[] = [];
  const head = new DataView(new ArrayBuffer(8));
  head.setUint32(0, WFV_MAGIC, true); head.setUint32(4, cases.length, true);
  parts.push(new Uint8Array(head.buffer));
  for (const c of cases) {
    const r = preprocessPrint(c.src, c.hs, c.ws, c.dpi, c.p);
    const d = new DataView(new ArrayBuffer(34));
    [c.p.size, c.p.dpi, c.p.block, c.p.stdMin, c.p.minFgPct, c.p.minRidgePct, c.dpi, c.hs, c.ws].forEach((v, i) => d.setUint16(2 * i, v, true));
    [r.reason, r.quality, r.fgBlocks, r.ridgedBlocks].forEach((v, i) => d.setUint16(18 + 2 * i, v, true));
    d.setInt16(26, r.cy, true);
    d.setInt16(28, r.cx, true);
    d.setUint16(30, c.p.register ?? 0, true);
    d.setUint16(32, r.core ? 1 : 0, true);
    parts.push(new Uint8Array(d.buffer), c.src.subarray(0, c.hs * c.ws), r.image);
  }
  const out = new Uint8Array(parts.reduce((a, q) => a + q.length, 0));
  let off = 0;
  for (const q of parts) { out.set(q, off); off += q.length; }
  return out;
}

/** Preprocessing cases: odd ratios, upscaling, a flat image, extremes, a tiny variance, a sensor-like size. */
export function preprocessVectors(seed = 77): Uint8Array {
  const rng = new Rng(seed);
  const rand = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => rng.int(256));
  const cases: { hs: number; ws: number; h: number; w: number; src: Uint8Array }[] = [
    { hs: 40, ws: 30, h: 12, w: 10, src: rand(1200) },
    { hs: 7, ws: 5, h: 9, w: 11, src: rand(35) },
    { hs: 16, ws: 16, h: 8, w: 8, src: new Uint8Array(256).fill(77) },
    { hs: 33, ws: 47, h: 10, w: 10, src: Uint8Array.from({ length: 33 * 47 }, (_, i) => ((i % 47) + Math.floor(i / 47)) % 2 ? 255 : 0) },
    { hs: 32, ws: 32, h: 32, w: 32, src: new Uint8Array(1024).fill(100).fill(101, 500, 501) },
    { hs: 120, ws: 160, h: 48, w: 64, src: testImages(rng, 120, 160, 3)[2] },
  ];
  const parts: Uint8Array[] = [];
  const head = new DataView(new ArrayBuffer(8));
  head.setUint32(0, WPV_MAGIC, true); head.setUint32(4, cases.length, true);
  parts.push(new Uint8Array(head.buffer));
  for (const c of cases) {
    const dims = new DataView(new ArrayBuffer(8));
    [c.hs, c.ws, c.h, c.w].forEach((v, i) => dims.setUint16(2 * i, v, true));
    parts.push(new Uint8Array(dims.buffer), c.src, preprocess(c.src, c.hs, c.ws, c.h, c.w));
  }
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let off = 0;
  for (const p of parts) { out.set(p, off); off += p.length; }
  return out;
}

/** Writes every golden case into `dir`; returns the file names. */
export function writeGolden(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const name of Object.keys(GOLDEN_CASES)) {
    const g = goldenCase(name);
    writeFileSync(join(dir, `${name}.wnn`), g.blob);
    writeFileSync(join(dir, `${name}.vec`), g.vec);
    files.push(`${name}.wnn`, `${name}.vec`);
  }
  writeFileSync(join(dir, 'pre.vec'), preprocessVectors());
  writeFileSync(join(dir, 'print.vec'), printVectors());
  files.push('print.vec');
  writeFileSync(join(dir, 'tiny.img'), modelImage(goldenCase('tiny').blob, 'tiny'));
  files.push('pre.vec', 'tiny.img');
  writeFileSync(join(dir, 'README.md'), `# nn golden vectors\n\nGenerated by \`whorl quantize golden --out test/vectors/nn\` (host/nn/golden.ts); do not edit.\nFormats: docs/quantization.md (Model blob, Golden vectors). Cases: ${Object.keys(GOLDEN_CASES).join(', ')}; \`pre.vec\`: preprocessing (magic WPV1, u32 count, per case u16 hs, ws, h, w, source, result); \`print.vec\`: fingerprint preprocessing (magic WFV2, u32 count, per case u16 size, dpi, block, stdMin, minFgPct, minRidgePct, source dpi, hs, ws, reason, quality, fgBlocks, ridgedBlocks, i16 cy, cx, u16 register, core, source, size² result).\n`);
  return files;
}
