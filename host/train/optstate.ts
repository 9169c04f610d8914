/** Optimizer state in checkpoints: Adam's moments and step, so a resumed run continues exactly. */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { WhorlError } from '../util/errors.js';
import { tf } from './wasm-backend.js';

/** Layout: u32 JSON length, JSON [{name, shape}], then float32 values in order. */
export async function saveOptimizer(opt: tf.Optimizer, file: string): Promise<void> {
  const ws = await opt.getWeights();
  const head = Buffer.from(JSON.stringify(ws.map((w) => ({ name: w.name, shape: w.tensor.shape }))));
  const parts = [Buffer.alloc(4), head, ...ws.map((w) => Buffer.from((w.tensor.dataSync() as Float32Array).slice().buffer))];
  parts[0].writeUInt32LE(head.length, 0);
  await writeFile(file, Buffer.concat(parts));
}

export async function loadOptimizer(opt: tf.Optimizer, _model: tf.LayersModel, file: string): Promise<void> {
  if (!existsSync(file)) return; // checkpoints of older runs: fresh moments
  const buf = await readFile(file);
  try {
    const n = buf.readUInt32LE(0);
    const specs = JSON.parse(buf.subarray(4, 4 + n).toString('utf8')) as Array<{ name: string; shape: number[] }>;
    let off = 4 + n;
    const named = specs.map((s) => {
      const len = s.shape.reduce((a, b) => a * b, 1);
      const v = new Float32Array(buf.buffer.slice(buf.byteOffset + off, buf.byteOffset + off + 4 * len));
      off += 4 * len;
      return { name: s.name, tensor: tf.tensor(v, s.shape) };
    });
    await opt.setWeights(named);
  } catch (e) {
    throw new WhorlError('E_CHECKPOINT', `checkpoint ${file}: optimizer state is unreadable`, { cause: e });
  }
}
