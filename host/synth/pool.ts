/**
 * A small pool of worker threads that makes fingers in parallel. Work is split by finger; each
 * finger's output depends only on (seed, finger, impression), so results are identical for any
 * number of workers. `workers: 0` runs everything in the calling thread.
 */
import { Worker } from 'node:worker_threads';
import { makeFinger, type FingerJob, type FingerResult } from './finger.js';
import { WhorlError } from '../util/errors.js';

type Reply = { ok: true; res: FingerResult } | { ok: false; error: string; finger: number };

/**
 * Runs `jobs` on `workers` threads, calling `onResult` in completion order (the caller orders
 * results by finger if it needs to). Resolves when all are done; rejects on the first failure.
 */
export async function runJobs(jobs: FingerJob[], workers: number, onResult: (r: FingerResult) => Promise<void> | void): Promise<void> {
  if (workers <= 0) {
    for (const j of jobs) await onResult(makeFinger(j));
    return;
  }
  const n = Math.min(workers, jobs.length);
  let next = 0;
  const pool: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let running = 0;
      let handling = 0;
      let failed = false;
      const fail = (err: unknown): void => {
        if (failed) return;
        failed = true;
        reject(err);
      };
      const maybeDone = (): void => {
        if (!failed && next >= jobs.length && running === 0 && handling === 0) resolve();
      };
      const feed = (w: Worker): void => {
        if (failed || next >= jobs.length) return;
        running++;
        w.postMessage(jobs[next++]);
      };
      for (let i = 0; i < n; i++) {
        const w = new Worker(new URL('./worker.js', import.meta.url));
        pool.push(w);
        w.on('message', (msg: Reply) => {
          running--;
          if (!msg.ok) {
            fail(new WhorlError('SYNTH_WORKER', `synth: finger ${msg.finger} failed: ${msg.error}`, { context: { finger: msg.finger } }));
            return;
          }
          // The worker starts its next finger while this one is written out.
          feed(w);
          handling++;
          for (const im of msg.res.impressions) im.data = new Uint8Array(im.data.buffer, im.data.byteOffset, im.data.byteLength);
          Promise.resolve(onResult(msg.res)).then(() => {
            handling--;
            maybeDone();
          }, fail);
        });
        w.on('error', (err) => fail(new WhorlError('SYNTH_WORKER', `synth: worker crashed: ${err.message}`, { cause: err })));
        w.on('exit', (code) => {
          if (code !== 0) fail(new WhorlError('SYNTH_WORKER', `synth: worker exited with code ${code}`));
        });
      }
      for (const w of pool) feed(w);
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
