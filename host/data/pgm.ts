import { ImageFormatError } from './errors.js';
import type { RawGrey } from './bmp.js';

/**
 * Decodes a Netpbm grey map: P5 (binary) or P2 (ASCII), with `#` comments in the header.
 * A maxval below 255 is stretched to 0..255; a maxval above 255 (16-bit) is refused.
 */
export function decodePgm(buf: Uint8Array, file: string): RawGrey {
  const fail = (msg: string, ctx: Record<string, unknown> = {}): never => {
    throw new ImageFormatError('PGM_UNSUPPORTED', `${file}: ${msg}`, { context: { file, ...ctx } });
  };
  let pos = 0;
  const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c;
  const token = (): string => {
    for (;;) {
      while (pos < buf.length && isSpace(buf[pos])) pos++;
      if (buf[pos] === 0x23) {
        while (pos < buf.length && buf[pos] !== 0x0a && buf[pos] !== 0x0d) pos++;
        continue;
      }
      break;
    }
    const start = pos;
    while (pos < buf.length && !isSpace(buf[pos]) && buf[pos] !== 0x23) pos++;
    if (start === pos) fail('file ends inside the header or pixel data');
    return String.fromCharCode(...buf.subarray(start, pos));
  };
  const num = (what: string): number => {
    const t = token();
    if (!/^\d+$/.test(t)) fail(`bad ${what} "${t}"`);
    return Number(t);
  };
  const magic = buf.length >= 2 ? String.fromCharCode(buf[0], buf[1]) : '';
  if (magic !== 'P5' && magic !== 'P2') fail(`not a grey PGM (magic "${magic}"; only P5 and P2 are read)`, { magic });
  pos = 2;
  const width = num('width');
  const height = num('height');
  const maxval = num('maxval');
  if (width === 0 || height === 0) fail(`bad size ${width}x${height}`);
  if (maxval === 0) fail('maxval 0');
  if (maxval > 255) fail(`maxval ${maxval} means 16-bit samples; only 8-bit PGM is supported`, { maxval });
  const n = width * height;
  const out = new Uint8Array(n);
  if (magic === 'P5') {
    pos++; // exactly one whitespace byte after maxval
    if (pos + n > buf.length) fail('pixel data is truncated', { expected: n, got: buf.length - pos });
    out.set(buf.subarray(pos, pos + n));
  } else {
    for (let i = 0; i < n; i++) {
      const v = num('sample');
      if (v > maxval) fail(`sample ${v} above maxval ${maxval}`);
      out[i] = v;
    }
  }
  if (maxval !== 255) for (let i = 0; i < n; i++) out[i] = Math.round((out[i] * 255) / maxval);
  return { width, height, data: out };
}
