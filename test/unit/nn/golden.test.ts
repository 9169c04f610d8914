import { describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { decodeBlob } from '../../../host/nn/blob.js';
import { scoreI8 } from '../../../host/nn/fixed.js';
import { goldenCase } from '../../../host/nn/golden.js';
import { forwardI8 } from '../../../host/nn/int8.js';
import { tensorSize } from '../../../host/nn/qmodel.js';
import { GOLDEN_CASES } from '../../../host/nn/testmodels.js';

const root = new URL('../../../../', import.meta.url).pathname;
const dir = `${root}test/vectors/nn`;

describe('nn golden vectors (test/vectors/nn)', () => {
  for (const name of Object.keys(GOLDEN_CASES)) {
    test(`${name}: the TS runtime reproduces every layer output and score`, () => {
      const blob = new Uint8Array(readFileSync(`${dir}/${name}.wnn`));
      const vec = new Uint8Array(readFileSync(`${dir}/${name}.vec`));
      const m = decodeBlob(blob);
      const dv = new DataView(vec.buffer, vec.byteOffset);
      expect(dv.getUint32(0, true)).toBe(0x31564e57);
      const n = dv.getUint32(4, true);
      expect(dv.getUint32(8, true)).toBe(m.layers.length);
      let off = 12;
      const embs: Int8Array[] = [];
      for (let i = 0; i < n; i++) {
        const input = new Int8Array(vec.buffer, vec.byteOffset + off, tensorSize(m.input));
        off += input.length;
        const outs = forwardI8(m, input);
        outs.forEach((o, li) => {
          const gold = new Int8Array(vec.buffer, vec.byteOffset + off, o.length);
          expect({ layer: li, bytes: Array.from(o) }).toEqual({ layer: li, bytes: Array.from(gold) });
          off += o.length;
        });
        embs.push(outs[outs.length - 1]);
      }
      for (let i = 0; i < n; i++) expect(scoreI8(embs[i], embs[(i + 1) % n])).toBe(dv.getInt32(off + 4 * i, true));
      expect(off + 4 * n).toBe(vec.length);
    });
    test(`${name}: regenerating gives the committed bytes (run 'whorl quantize golden' after a format change)`, () => {
      const g = goldenCase(name);
      expect(Buffer.from(g.blob).equals(readFileSync(`${dir}/${name}.wnn`))).toBe(true);
      expect(Buffer.from(g.vec).equals(readFileSync(`${dir}/${name}.vec`))).toBe(true);
    });
  }

  test('the native C runtime (reference and ARMv4T kernels) passes the same vectors', () => {
    if (!existsSync('/usr/bin/gcc') && !existsSync('/usr/local/bin/gcc')) {
      throw new Error('gcc is not installed: run scripts/setup-debian.sh');
    }
    const out = execFileSync('make', ['-s', '-C', `${root}firmware`, 'nn-host-tests'], { encoding: 'utf8' });
    expect(out).toMatch(/nn host test: \d+ checks, 0 failures/);
  }, 120000);
});

describe('preprocessing golden vectors (test/vectors/nn/pre.vec)', () => {
  test('the TS preprocessing reproduces every case and regenerating gives the committed bytes', async () => {
    const { preprocess } = await import('../../../host/nn/preprocess.js');
    const { preprocessVectors } = await import('../../../host/nn/golden.js');
    const v = new Uint8Array(readFileSync(`${dir}/pre.vec`));
    expect(Buffer.from(preprocessVectors()).equals(Buffer.from(v))).toBe(true);
    const dv = new DataView(v.buffer, v.byteOffset);
    let off = 8;
    const n = dv.getUint32(4, true);
    for (let i = 0; i < n; i++) {
      const [hs, ws, h, w] = [0, 1, 2, 3].map((k) => dv.getUint16(off + 2 * k, true));
      off += 8;
      const src = v.subarray(off, off + hs * ws); off += hs * ws;
      const want = v.subarray(off, off + h * w); off += h * w;
      expect(Array.from(preprocess(src, hs, ws, h, w))).toEqual(Array.from(want));
    }
    expect(off).toBe(v.length);
  });
  test('a flat image maps to 128, the output has mean ≈ 128 and deviation ≈ 64', async () => {
    const { preprocess } = await import('../../../host/nn/preprocess.js');
    expect(new Set(preprocess(new Uint8Array(64).fill(9), 8, 8, 4, 4))).toEqual(new Set([128]));
    const src = Uint8Array.from({ length: 4096 }, (_, i) => (i * 37) % 200);
    const y = preprocess(src, 64, 64, 32, 32);
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    const sd = Math.sqrt(y.reduce((a, b) => a + (b - mean) ** 2, 0) / y.length);
    expect(Math.abs(mean - 128)).toBeLessThan(2);
    expect(Math.abs(sd - 64)).toBeLessThan(3);
    expect(() => preprocess(src, 0, 64, 32, 32)).toThrow(/out of range/);
  });
});

describe('model partition image (test/vectors/nn/tiny.img)', () => {
  test('is the tiny blob behind a flash-layout image header; damage is refused with its reason', async () => {
    const { readModelImage, modelImage } = await import('../../../host/nn/partition.js');
    const { crc32 } = await import('../../../host/util/crc.js');
    const img = new Uint8Array(readFileSync(`${dir}/tiny.img`));
    const blob = new Uint8Array(readFileSync(`${dir}/tiny.wnn`));
    expect(Buffer.from(modelImage(blob, 'tiny')).equals(Buffer.from(img))).toBe(true);
    const r = readModelImage(img);
    expect(r.name).toBe('tiny');
    expect(r.model.layers).toHaveLength(8);
    const code = (x: Uint8Array): string => { try { readModelImage(x); return 'ok'; } catch (e) { return (e as { code: string }).code; } };
    let x = Uint8Array.from(img); x[70] ^= 0x10; expect(code(x)).toBe('NN_BLOB_CRC');
    x = Uint8Array.from(img); x[24] = 3; new DataView(x.buffer).setUint32(60, crc32(x.subarray(0, 60)), true); expect(code(x)).toBe('NN_BLOB_VERSION');
    x = Uint8Array.from(img); x[61] ^= 1; expect(code(x)).toBe('NN_IMAGE_HEADER');
    x = Uint8Array.from(img).fill(0xff, 0, 64); expect(code(x)).toBe('NN_IMAGE_EMPTY');
    expect(code(img.subarray(0, img.length - 8))).toBe('NN_BLOB_LENGTH');
  });
});

describe('whorl quantize inspect', () => {
  test('describes a blob and an image, refuses other files with the loader error', async () => {
    const { inspectModelFile, formatSummary } = await import('../../../host/nn/inspect.js');
    const a = inspectModelFile(`${dir}/tiny.img`), b = inspectModelFile(`${dir}/tiny.wnn`);
    expect(a.kind).toBe('image');
    expect(b.kind).toBe('blob');
    expect({ ...a, file: '', kind: '' }).toEqual({ ...b, file: '', kind: '' });
    expect(b.layers.map((l) => l.op)).toEqual(['conv', 'maxpool', 'lut', 'conv', 'conv', 'gap', 'dense', 'l2norm']);
    expect(b.macs).toBe(945 + 540 + 80 + 24);
    expect(formatSummary(b)).toMatch(/model 'tiny', blob 1908 bytes/);
    expect(() => inspectModelFile(`${dir}/tiny.vec`)).toThrow(/bad magic/);
  });
});
