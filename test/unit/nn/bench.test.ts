/** The model benchmark's host side: sensor file, map parsing, device-output checks against the TS runtime. */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { encodeBenchSensor, mapSymbols, modelBench, parseMap, type ModelBench } from '../../../host/nn/bench.js';
import { describeNetwork, modelBenchFailures, modelBenchTable, parseModelBenchOutput } from '../../../host/nn/modelbenchreport.js';
import { decodeBlob } from '../../../host/nn/blob.js';
import { scoreI8 } from '../../../host/nn/fixed.js';
import { WhorlError } from '../../../host/util/errors.js';

const root = new URL('../../../../', import.meta.url).pathname;
const MODEL = 'models/whorl-default/whorl_default.wnn';

const MAP = `Linker script and memory map

 .text.nn_model_parse
                0x00104000      0x2a0 build/versatilepb/obj/nn/nn_model.o
                0x00104000                nn_model_parse
 .rodata        0x001042a0       0x40 build/versatilepb/obj/nn/nn_model.o
 .text          0x00106308      0x114 /usr/lib/gcc/arm-none-eabi/12.2.1/libgcc.a(_udivsi3.o)
                0x00106308                __udivsi3
 .bss           0x00200000      0x100 build/versatilepb/obj/nn/nn_model.o
 .rodata.nnbench
                0x0010698c    0x35a14 build/versatilepb/obj/tests/nn/bench/bench_data.o
                0x0010698c                bench_blob
                0x001261a8                bench_blob_end
`;

const hex = (v: Int8Array): string => Buffer.from(v.buffer, v.byteOffset, v.length).toString('hex');

/** The lines the bench image prints for `mb` when everything matches. */
function deviceOutput(mb: ModelBench): string[] {
  const p = mb.ts.print;
  return [
    'nnbench calib instructions=2000000 ticks=48000',
    ...['tiny', 'net', 'sat', 'wide', 'pre'].map((c) => `nnbench golden ${c} ok bytes-differing=0`),
    'nnbench parse ticks=34000',
    'nnbench prepare ticks=9000 packed_bytes=277664 arena_bytes=73728',
    ...mb.model.layers.map((l, i) => `nnbench layer ${i} op=${l.op} ref_ticks=${1000 * (i + 5)} opt_ticks=${200 * (i + 1)} mismatch=0`),
    'nnbench embed ref_ticks=2700000 opt_ticks=555000',
    'nnbench score1000 ticks=15816 score=16189',
    `nnbench emb ${hex(mb.embedding)}`,
    `nnbench sensorpre kind=2 src=384x288 dpi=500 ticks=120000 work_bytes=35427 work_max=160079 stack=320 err=0 reason=${p?.reason} quality=${p?.quality} core=${p?.core ? 1 : 0} mismatch=0`,
    'nnbench modelrun ticks=555000 stack=448 ctx_bytes=4864 model_bytes=1468 err=0',
    ...mb.sensor.flatMap((_, k) => [
      `nnbench embedprint ${k} ticks=${678000 + k} stack=448 err=0 reason=${mb.ts.reasons[k]} quality=${mb.ts.qualities[k]}`,
      `nnbench embp ${k} ${hex(mb.ts.embeddings[k])}`,
    ]),
    `nnbench pairscore1000 ticks=15816 score=${mb.ts.score}`,
    'nnbench stack used=712',
    'nnbench done',
  ];
}

describe('nn benchmark host side', () => {
  test('bench.sensor: u16 height, width, dpi, count, then the pixels; images of different sizes are refused', () => {
    const a = { width: 3, height: 2, dpi: 500, data: Uint8Array.from([1, 2, 3, 4, 5, 6]) };
    const b = { ...a, data: Uint8Array.from([7, 8, 9, 10, 11, 12]) };
    expect(Array.from(encodeBenchSensor([a, b]))).toEqual([2, 0, 3, 0, 0xf4, 1, 2, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(Array.from(encodeBenchSensor([]))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(() => encodeBenchSensor([a, { ...b, width: 2, height: 3 }])).toThrow(/sensor image 1 is 2×3/);
  });

  test('map file: objects, libgcc members and symbol addresses', () => {
    const m = parseMap(MAP);
    expect(m['nn/nn_model.o']).toEqual({ code: 0x2a0 + 0x40, bss: 0x100 });
    expect(m['libgcc.a(_udivsi3.o)']).toEqual({ code: 0x114, bss: 0 });
    expect(mapSymbols(MAP, ['bench_blob', 'bench_blob_end', 'absent'])).toEqual({ bench_blob: 0x10698c, bench_blob_end: 0x1261a8 });
  });

  test('network description names a flatten before a dense layer on a map', () => {
    const net = decodeBlob(new Uint8Array(readFileSync(`${root}test/vectors/nn/net.wnn`)));
    expect(describeNetwork(net)).toBe('24×24×1, conv 3×3/2 8, conv 3×3/1 12, avgpool 2×2/2, conv 1×1/1 16, conv 3×3/2 16, flatten 3×3×16, dense 16, dense 8, l2norm');
  });

  describe(`committed model ${MODEL}`, () => {
    const mb = modelBench(new Uint8Array(readFileSync(`${root}${MODEL}`)), MODEL);

    test('benchmark inputs: two 288×384 impressions at 500 dpi, TS preprocessing, embeddings and score agree', () => {
      expect(mb.sensor.map((s) => [s.width, s.height, s.dpi])).toEqual([[288, 384, 500], [288, 384, 500]]);
      expect(mb.input.length).toBe(mb.model.input.h * mb.model.input.w);
      expect(mb.ts.embeddings[0]).toEqual(mb.embedding);
      expect(mb.ts.score).toBe(scoreI8(mb.ts.embeddings[0], mb.ts.embeddings[1]));
      expect(mb.model.print === undefined).toBe(mb.ts.print === undefined);
    });

    test('a matching device output parses into the figures, the table and no failures', () => {
      const r = parseModelBenchOutput(deviceOutput(mb).join('\n'), mb, { file: MODEL, flashBlobBytes: mb.blob.length, codeBytes: { 'nn/nn_model.o': 5140 } });
      expect(modelBenchFailures(r)).toEqual([]);
      expect(r.total.preprocessingPlusEmbedding).toBe(Math.round(678000 * 1000 / 24));
      expect(r.preprocessing.instr).toBe(5000000);
      expect(r.score).toEqual({ instr: 659, length: mb.embedding.length, value: mb.ts.score, cosine: mb.ts.score / 16129 });
      expect(r.memory.ram.stack).toEqual({ preprocessing: 320, modelRun: 448, preprocessingPlusEmbedding: 448, wholeBench: 712 });
      expect([r.memory.ram.printWorkBytes, r.memory.ram.printWorkMax]).toEqual([35427, 160079]);
      const f = r.memory.flash;
      expect(f.int8WeightBytes + f.int32Bytes + f.lutBytes + f.headerRecordsCrcPadBytes).toBe(mb.blob.length);
      expect(r.convStack.target).toBe(1.5);
      const table = modelBenchTable(r);
      expect(table).toContain(`| preprocessing + embedding (nn_embed_print, ARMv4T kernels) | **${r.total.preprocessingPlusEmbedding}** (target < 60 000 000: met;`);
      expect(table).toContain('| stack: preprocessing / nn_model_run / preprocessing + embedding | 320 / 448 / 448 |');
      expect(table).toContain('(NN_PRINT_WORK_MAX 160079) | 35427 |');
    });

    test('any byte or verdict that differs from the TS runtime is a failure', () => {
      const tamper = (re: RegExp, f: (l: string) => string): string[] => {
        const out = deviceOutput(mb).map((l) => (re.test(l) ? f(l) : l));
        return modelBenchFailures(parseModelBenchOutput(out.join('\n'), mb, { file: MODEL, flashBlobBytes: 0, codeBytes: {} }));
      };
      const flip = (l: string): string => l.slice(0, -2) + (l.endsWith('00') ? '01' : '00');
      expect(tamper(/^nnbench embp 1 /, flip)).toEqual([expect.stringMatching(/nn_embed_print/)]);
      expect(tamper(/^nnbench emb [0-9a-f]/, flip)).toEqual([expect.stringMatching(/nn_model_run/)]);
      expect(tamper(/^nnbench sensorpre/, (l) => l.replace('mismatch=0', 'mismatch=3'))).toEqual([expect.stringMatching(/preprocessing/)]);
      expect(tamper(/^nnbench embedprint 0/, (l) => l.replace(/quality=\d+/, 'quality=1'))).toEqual([expect.stringMatching(/nn_embed_print/)]);
      expect(tamper(/^nnbench pairscore/, (l) => l.replace(/score=-?\d+/, 'score=12'))).toEqual([expect.stringMatching(/score/)]);
      expect(tamper(/^nnbench layer 2 /, (l) => l.replace('mismatch=0', 'mismatch=1'))).toEqual([expect.stringMatching(/ARMv4T/)]);
      expect(tamper(/^nnbench golden wide/, () => 'nnbench golden wide mismatch bytes+scores=4')).toEqual([expect.stringMatching(/golden/)]);
    });

    test('a device output without the sensor part is refused with the missing line named', () => {
      const out = deviceOutput(mb).filter((l) => !l.startsWith('nnbench pairscore'));
      expect(() => parseModelBenchOutput(out.join('\n'), mb, { file: MODEL, flashBlobBytes: 0, codeBytes: {} })).toThrow(WhorlError);
      expect(() => parseModelBenchOutput(out.join('\n'), mb, { file: MODEL, flashBlobBytes: 0, codeBytes: {} })).toThrow(/pairscore1000/);
    });
  });

  test('a file that is not a model blob is refused with its name', () => {
    expect(() => modelBench(new Uint8Array(100), 'bad.wnn')).toThrow(/bad\.wnn: not a model blob/);
  });
});
