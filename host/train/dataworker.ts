/** Worker thread of BatchPrefetcher: makes one batch per message. */
import { parentPort } from 'node:worker_threads';
import { makeBatch, type DataConfig } from './data.js';
import type { PrintPreParams } from '../nn/printpre.js';

parentPort?.on('message', (m: { cfg: DataConfig; first: number; pre: PrintPreParams }) => {
  try {
    const batch = makeBatch(m.cfg, m.first, m.pre);
    parentPort?.postMessage({ ok: true, first: m.first, batch }, [batch.x.buffer as ArrayBuffer, batch.labels.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort?.postMessage({ ok: false, first: m.first, error: (e as Error).message });
  }
});
