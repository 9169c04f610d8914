/** Makes training batches ahead of the trainer on worker threads (the generator is the slow part).
 * Batch b holds fingers first + b·P ..; results come back in order whatever the worker count. */
import { Worker } from 'node:worker_threads';
import { WhorlError } from '../util/errors.js';
import { DEFAULT_PRINT_PRE, type PrintPreParams } from '../nn/printpre.js';
import { makeBatch, type Batch, type DataConfig } from './data.js';

type Reply = { ok: true; batch: Batch } | { ok: false; error: string };

export class BatchPrefetcher {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Promise<Batch>>();
  private nextFirst: number;
  private issued = 0;
  private taken = 0;

  constructor(private readonly cfg: DataConfig, firstFinger: number, private readonly nWorkers: number, private readonly depth = 4, private readonly pre: PrintPreParams = DEFAULT_PRINT_PRE) {
    this.nextFirst = firstFinger;
    for (let i = 0; i < nWorkers; i++) this.workers.push(new Worker(new URL('./dataworker.js', import.meta.url)));
    for (let i = 0; i < (nWorkers > 0 ? depth : 0); i++) this.issue();
  }

  private issue(): void {
    const first = this.nextFirst;
    this.nextFirst += this.cfg.fingers;
    const w = this.workers[this.issued % this.workers.length];
    const p = new Promise<Batch>((resolve, reject) => {
      const onErr = (e: Error): void => reject(new WhorlError('TRAIN_DATA', `training data worker crashed: ${e.message}`, { cause: e }));
      const onMsg = (m: Reply & { first: number }): void => {
        if (m.first !== first) return;
        w.off('message', onMsg);
        w.off('error', onErr);
        if (m.ok) resolve({ ...m.batch, x: new Float32Array(m.batch.x.buffer), labels: new Int32Array(m.batch.labels.buffer) });
        else reject(new WhorlError('TRAIN_DATA', `training data: batch at finger ${first} failed: ${m.error}`, { context: { first } }));
      };
      w.on('message', onMsg);
      w.once('error', onErr);
      w.postMessage({ cfg: this.cfg, first, pre: this.pre });
    });
    p.catch(() => undefined);
    this.pending.set(this.issued++, p);
  }

  /** The next batch in order. */
  async next(): Promise<Batch> {
    if (this.nWorkers === 0) {
      const b = makeBatch(this.cfg, this.nextFirst, this.pre);
      this.nextFirst += this.cfg.fingers;
      return b;
    }
    const p = this.pending.get(this.taken);
    this.pending.delete(this.taken++);
    this.issue();
    return p as Promise<Batch>;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
