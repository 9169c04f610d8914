import { afterAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeBlob } from '../../../host/nn/blob.js';
import { foldModel } from '../../../host/nn/fold.js';
import { readOnnxModel } from '../../../host/nn/onnx.js';
import { writeOnnxFromLayers } from '../../../host/nn/onnxwrite.js';
import { PbWriter } from '../../../host/nn/protobuf.js';
import { calibrate, quantizeModel } from '../../../host/nn/quantize.js';
import { Rng } from '../../../host/nn/rng.js';
import { GOLDEN_CASES, ModelBuilder, testImages } from '../../../host/nn/testmodels.js';
import { readTfjsModel, writeTfjsModel } from '../../../host/nn/tfjs.js';
import type { RawModel } from '../../../host/nn/graph.js';

const tmp = mkdtempSync(join(tmpdir(), 'whorl-onnx-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function blobOf(raw: RawModel, images: Uint8Array[]): Uint8Array {
  const fm = foldModel(raw);
  fm.name = 'same';
  return encodeBlob(quantizeModel(fm, calibrate(fm, images), { method: 'percentile' }));
}

describe('ONNX reader', () => {
  for (const name of Object.keys(GOLDEN_CASES)) {
    test(`${name}: the ONNX export of a tfjs model quantizes to the same blob (NCHW → NHWC, pads, flatten order)`, () => {
      const spec = GOLDEN_CASES[name];
      const b = new ModelBuilder(new Rng(21), spec.input);
      spec.build(b);
      writeTfjsModel(join(tmp, name), name, b.layers);
      writeOnnxFromLayers(join(tmp, `${name}.onnx`), name, spec.input, b.layers);
      const images = testImages(new Rng(4), spec.input[0], spec.input[1], 6);
      const fromTfjs = blobOf(readTfjsModel(join(tmp, name)), images);
      const fromOnnx = blobOf(readOnnxModel(join(tmp, `${name}.onnx`)), images);
      expect(Buffer.from(fromOnnx).equals(Buffer.from(fromTfjs))).toBe(true);
    });
  }

  test('an unsupported operator is named', () => {
    const shape = new PbWriter();
    for (const v of [1, 1, 8, 8]) shape.msg(1, new PbWriter().int(1, v));
    const type = new PbWriter().msg(1, new PbWriter().int(1, 1).msg(2, shape));
    const g = new PbWriter().string(2, 'g')
      .msg(1, new PbWriter().string(1, 'input').string(2, 'y').string(3, 'resize1').string(4, 'Resize'))
      .msg(11, new PbWriter().string(1, 'input').msg(2, type));
    const file = join(tmp, 'bad.onnx');
    writeFileSync(file, new PbWriter().int(1, 8).msg(7, g).finish());
    expect(() => readOnnxModel(file)).toThrow(/node resize1: ONNX operator 'Resize' is not supported/);
  });

  test('a file that is not ONNX is refused clearly', () => {
    const file = join(tmp, 'junk.onnx');
    writeFileSync(file, Buffer.from('hello world, not a model'));
    expect(() => readOnnxModel(file)).toThrow(/ONNX|protobuf|wire|varint|length/i);
  });
});
