/**
 * The host int8 reference of the device matcher (host/fp/reference.ts) on worker threads, so that
 * checking every device answer runs beside the boards instead of between their commands.
 */
import { Worker } from 'node:worker_threads';
import type { ImpressionRef } from '../data/dataset.js';
import { WhorlError } from '../util/errors.js';

/** The reference could not embed an image (unreadable file, bad model). */
export class ReferenceError extends WhorlError {}

/** What the device should answer for an image: quality verdict and embedding. */
export interface RefEmbedding { reason: number; quality: number; embedding: Int8Array }

interface Reply { seq: number; reason?: number; quality?: number; embedding?: Int8Array; error?: { message: string; code?: string } }

class RefWorker {
  readonly worker = new Worker(new URL('./refworker.js', import.meta.url));
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: unknown) => void }>();
  constructor() {
    this.worker.on('message', (m: Reply) => {
      const w = this.waiting.get(m.seq);
      this.waiting.delete(m.seq);
      w?.resolve(m);
    });
    const fail = (e: unknown): void => { for (const w of this.waiting.values()) w.reject(e); this.waiting.clear(); };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new ReferenceError('HIL_REF_EXIT', `reference worker exited with code ${code}`)));
  }

  get pending(): number { return this.waiting.size; }

  call(msg: Record<string, unknown>): Promise<Reply> {
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      this.worker.postMessage({ seq, ...msg });
    });
  }
}

export class ReferencePool {
  private readonly memo = new Map<string, Promise<RefEmbedding>>();
  /** images embedded so far */
  done = 0;

  private constructor(private readonly workers: RefWorker[]) {}

  /** Starts `n` (≥ 1) worker threads, each with its own copy of the model blob. */
  static async start(blob: Uint8Array, n: number): Promise<ReferencePool> {
    const workers = Array.from({ length: Math.max(1, n) }, () => new RefWorker());
    const pool = new ReferencePool(workers);
    try {
      for (const w of workers) {
        const r = await w.call({ blob: blob.slice() });
        if (r.error) throw new ReferenceError('HIL_REF_MODEL', `host int8 reference: cannot load the model: ${r.error.message}`, { context: r.error });
      }
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  /** The reference's answer for an image (computed once per image, on the least busy worker). */
  embed(ref: ImpressionRef): Promise<RefEmbedding> {
    let p = this.memo.get(ref.path);
    if (!p) {
      const w = this.workers.reduce((x, y) => (y.pending < x.pending ? y : x));
      p = w.call({ path: ref.path, kind: ref.kind, dpi: ref.dpi }).then((r) => {
        if (r.error) throw new ReferenceError('HIL_REF_IMAGE', `${ref.path}: host int8 reference failed: ${r.error.message}`, { context: { file: ref.path, ...r.error } });
        this.done++;
        return { reason: r.reason!, quality: r.quality!, embedding: r.embedding! };
      });
      p.catch(() => undefined); // awaited later by the campaign; not an unhandled rejection meanwhile
      this.memo.set(ref.path, p);
    }
    return p;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
