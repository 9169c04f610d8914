import { decodeFrame, encodeFrame, MAX_PAYLOAD } from '../../../host/protocol/codec.js';
import { loadVectors } from './vectors.js';

const { frames, streams } = loadVectors();

test('vector file is complete', () => {
  expect(frames.length).toBeGreaterThan(20);
  expect(streams.length).toBeGreaterThan(8);
});

describe.each(frames.map((f) => [f.name, f] as const))('frame %s', (_name, v) => {
  test(`decodes as ${v.expect}`, () => {
    const r = decodeFrame(v.hex);
    if (v.expect === 'ok') {
      expect('frame' in r).toBe(true);
      if (!('frame' in r) || !v.fields) return;
      expect({ ...r.frame, payload: Buffer.from(r.frame.payload) }).toEqual(v.fields);
      expect(encodeFrame(v.fields).equals(v.hex)).toBe(true);
    } else {
      expect(r).toEqual({ error: v.expect });
    }
  });
});

test('encoder rejects out-of-range fields', () => {
  expect(() => encodeFrame({ cmd: 1, seq: 70000 })).toThrow(TypeError);
  expect(() => encodeFrame({ cmd: 256, seq: 0 })).toThrow(/cmd/);
  expect(() => encodeFrame({ cmd: 1, seq: 0, payload: new Uint8Array(MAX_PAYLOAD + 1) })).toThrow(/exceeds/);
});
