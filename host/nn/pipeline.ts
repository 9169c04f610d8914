/** `whorl quantize` as a library call: model folder + calibration images → blob, C header, report. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { PrintPreParams } from './printpre.js';
import { join } from 'node:path';
import { WhorlError } from '../util/errors.js';
import type { CalibMethod } from './calibrate.js';
import { encodeBlob, decodeBlob } from './blob.js';
import { cIdent, emitCHeader } from './cheader.js';
import { foldModel } from './fold.js';
import { loadImages } from './images.js';
import { modelImage } from './partition.js';
import { calibrate, quantizeModel } from './quantize.js';
import { arenaOf, embeddingLength, type QModel } from './qmodel.js';
import { buildReport, formatReport, type QuantReport } from './report.js';
import { readOnnxModel } from './onnx.js';
import { readTfjsModel } from './tfjs.js';

export interface QuantizeDirOptions {
  /** tfjs layers folder (model.json + weights) or an .onnx file. */
  model: string;
  calib: string;
  out: string;
  method?: CalibMethod;
  percentile?: number;
  /** Name stored in the blob (default: the model's name). */
  name?: string;
  /** At most this many calibration images. */
  limit?: number;
  /** Command line written into the generated header. */
  command?: string;
  onProgress?: (phase: string, done: number, total: number) => void;
  /** resolution of the calibration images (fingerprint models; default 500) */
  dpi?: number;
}

/** The fingerprint preprocessing of a Whorl float model (manifest.json beside model.json), if any. */
export function readPrintParams(model: string): PrintPreParams | undefined {
  const f = join(model, 'manifest.json');
  if (model.toLowerCase().endsWith('.onnx') || !existsSync(f)) return undefined;
  const m = JSON.parse(readFileSync(f, 'utf8')) as { input?: { preprocessing?: string; pre?: PrintPreParams } };
  return m.input?.preprocessing === 'print-v1' ? m.input.pre : undefined;
}

export interface QuantizeDirResult {
  model: QModel;
  files: { blob: string; image: string; header: string; report: string; reportText: string };
  report: QuantReport;
  blobBytes: number;
  crc32: number;
}

/** Quantizes a tfjs layers model with calibration images and writes the artifacts into `out`. */
export async function quantizeDir(o: QuantizeDirOptions): Promise<QuantizeDirResult> {
  const raw = o.model.toLowerCase().endsWith('.onnx') ? readOnnxModel(o.model) : readTfjsModel(o.model);
  if (raw.inputShape[2] !== 1) throw new WhorlError('QUANT_UNSUPPORTED', `model input has ${raw.inputShape[2]} channels; the preprocessing gives 1 (greyscale)`, { context: { shape: raw.inputShape } });
  const fm = foldModel(raw);
  if (o.name) fm.name = o.name;
  const [h, w] = raw.inputShape;
  let n = 0;
  const print = readPrintParams(o.model);
  const { names, images } = await loadImages(o.calib, h, w, o.limit, () => o.onProgress?.('load', ++n, 0), print ? { pre: print, dpi: o.dpi } : undefined);
  let k = 0;
  const stats = calibrate(fm, images, () => o.onProgress?.('calibrate', ++k, images.length));
  const method = o.method ?? 'percentile';
  const qm = quantizeModel(fm, stats, { method, percentile: o.percentile });
  if (print) qm.print = print;
  const blob = encodeBlob(qm);
  decodeBlob(blob); // the loader's checks, as the firmware will run them
  const report = buildReport(fm, qm, stats, images, names, method);
  mkdirSync(o.out, { recursive: true });
  const id = cIdent(fm.name).toLowerCase();
  const files = {
    blob: join(o.out, `${id}.wnn`), image: join(o.out, `${id}.img`), header: join(o.out, `model_${id}.h`),
    report: join(o.out, `${id}.report.json`), reportText: join(o.out, `${id}.report.txt`),
  };
  writeFileSync(files.blob, blob);
  writeFileSync(files.image, modelImage(blob, fm.name));
  writeFileSync(files.header, emitCHeader(blob, { name: fm.name, command: o.command ?? 'whorl quantize', embedding: embeddingLength(qm), arena: arenaOf(qm).arena, layers: qm.layers.length }));
  writeFileSync(files.report, JSON.stringify(report, null, 2) + '\n');
  writeFileSync(files.reportText, formatReport(report) + '\n');
  const crc = new DataView(blob.buffer).getUint32(blob.length - 4, true);
  return { model: qm, files, report, blobBytes: blob.length, crc32: crc };
}
