/** Typed device client: one outstanding request, timeouts, retries with the same seq. */
import type { Duplex } from 'node:stream';
import { Cmd, FLAG_RESPONSE, MAX_PAYLOAD, Status, encodeFrame, type Frame } from './codec.js';
import { CrcError, DeviceStatusError, LinkError, TimeoutError } from './errors.js';
import { FrameParser } from './framer.js';
import { decodeInfo, type DeviceInfo } from './info.js';

export interface ClientOptions {
  /** ms to wait for each response before resending (default 2000) */
  timeoutMs?: number;
  /** resends after the first attempt (default 3) */
  retries?: number;
  /** text naming the device in errors (default 'device') */
  describe?: string;
  /** first sequence number (default random, so two host runs do not collide in the device cache) */
  firstSeq?: number;
}

export interface RequestOptions {
  timeoutMs?: number;
  retries?: number;
  /** resolve with the response even if its status is not OK (default false: throw DeviceStatusError) */
  allowError?: boolean;
}

export interface ClientStats {
  requests: number;
  retries: number;
  /** responses that matched no outstanding request (late answers to retried requests) */
  stale: number;
}

interface Pending {
  seq: number;
  cmd: number;
  resolve: (f: Frame) => void;
  /** ends the wait with an error (the client was closed) */
  fail: (e: Error) => void;
}

export class DeviceClient {
  readonly parser = new FrameParser();
  readonly stats: ClientStats = { requests: 0, retries: 0, stale: 0 };
  private seq: number;
  private pending: Pending | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly describe: string;

  constructor(private readonly stream: Duplex, opts: ClientOptions = {}) {
    this.timeoutMs = checkInt('timeoutMs', opts.timeoutMs ?? 2000, 1);
    this.retries = checkInt('retries', opts.retries ?? 3, 0);
    this.describe = opts.describe ?? 'device';
    this.seq = checkInt('firstSeq', opts.firstSeq ?? Math.floor(Math.random() * 0x10000), 0) & 0xffff;
    stream.pipe(this.parser);
    this.parser.on('data', (f: Frame) => this.onFrame(f));
  }

  private onFrame(f: Frame): void {
    const p = this.pending;
    if (p && f.flags & FLAG_RESPONSE && f.seq === p.seq && f.cmd === p.cmd) {
      this.pending = null;
      p.resolve(f);
    } else {
      this.stats.stale++;
    }
  }

  /** Sends a request and resolves with the response frame. Requests are serialised. */
  request(cmd: number, payload: Uint8Array = new Uint8Array(0), opts: RequestOptions = {}): Promise<Frame> {
    const run = () => this.exchange(cmd, payload, opts);
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async exchange(cmd: number, payload: Uint8Array, opts: RequestOptions): Promise<Frame> {
    if (this.closed) throw new LinkError(`${this.describe}: client is closed`);
    if (payload.length > MAX_PAYLOAD) throw new TypeError(`payload of ${payload.length} bytes exceeds ${MAX_PAYLOAD}`);
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    const retries = opts.retries ?? this.retries;
    const seq = this.seq;
    this.seq = (this.seq + 1) & 0xffff;
    const bytes = encodeFrame({ cmd, seq, payload });
    this.stats.requests++;
    const corruptBefore = this.parser.stats.badCrc + this.parser.stats.badHeader;
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) this.stats.retries++;
      const frame = await new Promise<Frame | null>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.pending = null;
          resolve(null);
        }, timeoutMs);
        this.pending = { seq, cmd, resolve: (f) => { clearTimeout(timer); resolve(f); }, fail: (e) => { clearTimeout(timer); reject(e); } };
        this.stream.write(bytes, (err) => {
          if (err) {
            clearTimeout(timer);
            this.pending = null;
            reject(new LinkError(`${this.describe}: write failed: ${err.message}`, { cmd, seq }, err));
          }
        });
      });
      if (frame) {
        if (frame.status !== Status.OK && !opts.allowError) throw new DeviceStatusError(cmd, seq, frame.status, frame.payload);
        return frame;
      }
    }
    const corrupt = this.parser.stats.badCrc + this.parser.stats.badHeader - corruptBefore;
    if (corrupt > 0) throw new CrcError(cmd, seq, corrupt, retries + 1, this.describe);
    throw new TimeoutError(cmd, seq, timeoutMs, retries + 1, this.describe);
  }

  /** PING: resolves with the echoed payload (checked to be identical). */
  async ping(payload: Uint8Array = new Uint8Array(0), opts?: RequestOptions): Promise<Uint8Array> {
    const f = await this.request(Cmd.PING, payload, opts);
    if (Buffer.compare(Buffer.from(f.payload), Buffer.from(payload)) !== 0) {
      throw new LinkError(`${this.describe}: PING echo differs from what was sent (${payload.length} bytes)`, { sent: payload.length, got: f.payload.length });
    }
    return f.payload;
  }

  async info(opts?: RequestOptions): Promise<DeviceInfo> {
    return decodeInfo((await this.request(Cmd.INFO, new Uint8Array(0), opts)).payload);
  }

  async reset(opts?: RequestOptions): Promise<void> {
    await this.request(Cmd.RESET, new Uint8Array(0), opts);
  }

  /** Detaches from the stream (does not close it); a request still waiting for its response fails
   * at once with a LinkError instead of running into its timeout. */
  close(): void {
    this.closed = true;
    const p = this.pending;
    this.pending = null;
    p?.fail(new LinkError(`${this.describe}: client closed while waiting for the response`, { cmd: p.cmd, seq: p.seq }));
    this.stream.unpipe(this.parser);
    this.parser.removeAllListeners('data');
  }
}

function checkInt(name: string, v: number, min: number): number {
  if (!Number.isInteger(v) || v < min) throw new TypeError(`option ${name} must be an integer >= ${min}, got ${v}`);
  return v;
}
