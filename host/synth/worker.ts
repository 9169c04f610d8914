/**
 * Worker thread of the generator pool: makes the master of each finger it is sent and all of its
 * impressions, and posts the pixels back (transferred, not copied).
 */
import { parentPort } from 'node:worker_threads';
import { makeFinger, type FingerJob } from './finger.js';

if (!parentPort) throw new Error('synth worker must run in a worker thread');
const port = parentPort;
port.on('message', (job: FingerJob) => {
  try {
    const res = makeFinger(job);
    port.postMessage({ ok: true, res }, res.impressions.map((i) => i.data.buffer as ArrayBuffer));
  } catch (err) {
    port.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err), finger: job.finger });
  }
});
