import { FrameParser } from '../../../host/protocol/framer.js';
import { encodeFrame, type Frame } from '../../../host/protocol/codec.js';
import { loadVectors } from './vectors.js';

const { frames, streams } = loadVectors();
const byName = new Map(frames.map((f) => [f.name, f.hex]));

function parse(chunks: Buffer[]): Buffer[] {
  const p = new FrameParser();
  const out: Buffer[] = [];
  p.on('data', (f: Frame) => out.push(encodeFrame(f)));
  for (const c of chunks) p.write(c);
  return out;
}

describe.each(streams.map((s) => [s.name, s] as const))('stream %s', (_n, s) => {
  const want = s.expect.map((n) => byName.get(n) as Buffer);

  test('whole', () => {
    expect(parse([s.hex])).toEqual(want);
  });

  test('split at every byte boundary', () => {
    for (let i = 0; i <= s.hex.length; i++) {
      expect(parse([s.hex.subarray(0, i), s.hex.subarray(i)])).toEqual(want);
    }
  });

  test('one byte at a time', () => {
    expect(parse([...s.hex].map((b) => Buffer.from([b])))).toEqual(want);
  });

  test('random chunkings', () => {
    let seed = 12345;
    for (let round = 0; round < 20; round++) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < s.hex.length; ) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        const n = 1 + (seed >>> 16) % 23;
        chunks.push(s.hex.subarray(i, i + n));
        i += n;
      }
      expect(parse(chunks)).toEqual(want);
    }
  });
});

test('stats count dropped bytes and bad frames', () => {
  const p = new FrameParser();
  const bad = Buffer.from(byName.get('ping_hello') as Buffer);
  bad[bad.length - 1] ^= 1;
  p.write(Buffer.concat([Buffer.from([1, 2, 3]), bad, byName.get('ping_empty') as Buffer]));
  expect(p.stats.frames).toBe(1);
  expect(p.stats.badCrc).toBe(1);
  expect(p.stats.dropped).toBeGreaterThanOrEqual(3 + bad.length);
});
