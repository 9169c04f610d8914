import { Worker } from 'node:worker_threads';
import { WhorlError } from '../util/errors.js';

/** A worker thread failed a task; `context` carries the remote error's code and context. */
export class WorkerTaskError extends WhorlError {}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/** One worker thread with request/response messaging. */
class PoolWorker {
  private seq = 0;
  private pending = new Map<number, Pending>();
  readonly worker: Worker;

  constructor() {
    this.worker = new Worker(new URL('./worker.js', import.meta.url));
    this.worker.on('message', (m: { seq: number; ok: boolean; result?: unknown; error?: { name?: string; message: string; code?: string; context?: Record<string, unknown> } }) => {
      const p = this.pending.get(m.seq);
      if (!p) return;
      this.pending.delete(m.seq);
      if (m.ok) p.resolve(m.result);
      else p.reject(new WorkerTaskError(m.error?.code ?? 'WORKER_TASK', m.error?.message ?? 'worker task failed', { context: m.error?.context ?? {} }));
    });
    this.worker.on('error', (err) => this.failAll(err));
    this.worker.on('exit', (code) => this.failAll(new WorkerTaskError('WORKER_EXIT', `worker thread exited with code ${code}`)));
  }

  private failAll(err: unknown): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  call<T>(type: string, payload: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<T> {
    const seq = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(seq, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ seq, type, ...payload }, transfer);
    });
  }
}

/** A fixed set of worker threads that each build the same matcher. */
export class WorkerPool {
  private workers: PoolWorker[];

  private constructor(n: number) {
    this.workers = Array.from({ length: n }, () => new PoolWorker());
  }

  /** Starts `n` workers and builds matcher `id` (registered by `module`) in each. */
  static async start(n: number, module: string, id: string, options: Record<string, string>): Promise<WorkerPool> {
    const pool = new WorkerPool(n);
    try {
      await Promise.all(pool.workers.map((w) => w.call('init', { module, matcher: id, options })));
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  /** Runs `tasks` over the workers, each worker taking the next task when it finishes one. */
  async map<T, R>(tasks: T[], run: (w: { call: PoolWorker['call'] }, task: T, index: number) => Promise<R>): Promise<R[]> {
    const out = new Array<R>(tasks.length);
    let next = 0;
    await Promise.all(
      this.workers.map(async (w) => {
        while (next < tasks.length) {
          const i = next++;
          out[i] = await run(w, tasks[i], i);
        }
      }),
    );
    return out;
  }

  /** Sends the same message to every worker. */
  broadcast(type: string, payload: Record<string, unknown>): Promise<unknown[]> {
    return Promise.all(this.workers.map((w) => w.call(type, payload)));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
