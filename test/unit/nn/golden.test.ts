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
