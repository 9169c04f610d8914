/** A scriptable in-memory device speaking protocol v1, with the retry cache of the firmware. */
import { Duplex, PassThrough } from 'node:stream';
import { Cmd, FLAG_RESPONSE, Status, encodeFrame, type Frame } from '../../../host/protocol/codec.js';
import { FrameParser } from '../../../host/protocol/framer.js';

export type Fault = 'drop' | 'corrupt' | 'late' | 'wrong-seq' | 'garbage' | null;

export class FakeDevice {
  readonly host: Duplex;
  executed = 0;
  /** one fault per response, consumed in order; null = behave */
  faults: Fault[] = [];
  lateMs = 300;
  private last: { seq: number; cmd: number; bytes: Buffer } | null = null;
  private readonly toDev = new PassThrough();
  private readonly toHost = new PassThrough();

  constructor(private readonly handler: (f: Frame) => { status: number; payload: Uint8Array } = echo) {
    this.host = Duplex.from({ readable: this.toHost, writable: this.toDev });
    const p = new FrameParser();
    this.toDev.pipe(p);
    p.on('data', (f: Frame) => this.onRequest(f));
  }

  private onRequest(f: Frame): void {
    let bytes: Buffer;
    if (this.last && this.last.seq === f.seq && this.last.cmd === f.cmd) {
      bytes = this.last.bytes;
    } else {
      this.executed++;
      const r = this.handler(f);
      bytes = encodeFrame({ seq: f.seq, cmd: f.cmd, flags: FLAG_RESPONSE, status: r.status, payload: r.payload });
      this.last = { seq: f.seq, cmd: f.cmd, bytes };
    }
    const fault = this.faults.shift() ?? null;
    switch (fault) {
      case 'drop':
        return;
      case 'corrupt': {
        const c = Buffer.from(bytes);
        c[c.length - 2] ^= 0xff;
        this.toHost.write(c);
        return;
      }
      case 'late':
        setTimeout(() => this.toHost.write(bytes), this.lateMs);
        return;
      case 'wrong-seq':
        this.toHost.write(encodeFrame({ seq: (f.seq + 1) & 0xffff, cmd: f.cmd, flags: FLAG_RESPONSE }));
        return;
      case 'garbage':
        this.toHost.write(Buffer.concat([Buffer.from([0xa5, 0x5a, 0x99, 1, 2, 3]), bytes]));
        return;
      default:
        this.toHost.write(bytes);
    }
  }
}

export function echo(f: Frame): { status: number; payload: Uint8Array } {
  if (f.cmd === Cmd.PING) return { status: Status.OK, payload: f.payload };
  return { status: Status.E_UNKNOWN_CMD, payload: new Uint8Array(0) };
}
