/** A Transform stream turning a byte stream into decoded frames, resynchronising after garbage. */
import { Transform, type TransformCallback } from 'node:stream';
import { crc32 } from '../util/crc.js';
import { CRC_LEN, HEADER_LEN, SOF0, SOF1, checkHeader, frameAt, type Frame } from './codec.js';

export interface FramerStats {
  frames: number;
  /** bytes skipped while searching for a start marker (including first bytes of bad frames) */
  dropped: number;
  badHeader: number;
  badCrc: number;
}

/**
 * FrameParser: write bytes (any chunking), read `Frame` objects (objectMode). A bad header or
 * frame CRC drops the first byte of the candidate and the search restarts from the next byte,
 * exactly like the firmware receiver.
 */
export class FrameParser extends Transform {
  readonly stats: FramerStats = { frames: 0, dropped: 0, badHeader: 0, badCrc: 0 };
  private buf: Buffer = Buffer.alloc(0);

  constructor() {
    super({ readableObjectMode: true });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : Buffer.from(chunk);
    let s = 0;
    const b = this.buf;
    for (;;) {
      const n = b.length - s;
      if (n === 0) break;
      if (b[s] !== SOF0 || (n >= 2 && b[s + 1] !== SOF1)) {
        s++;
        this.stats.dropped++;
        continue;
      }
      if (n < HEADER_LEN) break;
      if (checkHeader(b, s)) {
        s++;
        this.stats.dropped++;
        this.stats.badHeader++;
        continue;
      }
      const len = b[s + 8] | (b[s + 9] << 8);
      const need = HEADER_LEN + len + CRC_LEN;
      if (n < need) break;
      if (crc32(b.subarray(s, s + HEADER_LEN + len)) !== b.readUInt32LE(s + HEADER_LEN + len)) {
        s++;
        this.stats.dropped++;
        this.stats.badCrc++;
        continue;
      }
      const f: Frame = frameAt(b, s, len);
      s += need;
      this.stats.frames++;
      this.push(f);
    }
    this.buf = b.subarray(s);
    done();
  }
}
