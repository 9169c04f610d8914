import { afterAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchModel, buildBenchImage, modelBench, runBenchImage } from '../../host/nn/bench.js';
import { parseBenchOutput } from '../../host/nn/benchreport.js';
import { modelBenchFailures, parseModelBenchOutput } from '../../host/nn/modelbenchreport.js';

const root = new URL('../../../', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'whorl-nnhil-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('int8 runtime on the emulated ARMv4T (QEMU, bench image)', () => {
  test('golden vectors, reference vs ARMv4T kernels and the TS embedding agree byte for byte', async () => {
    const bm = benchModel(work);
    const elf = await buildBenchImage(join(root, 'firmware'), bm.blob, bm.input);
    const out = await runBenchImage(elf, 60000); // QEMU is killed on timeout; throws unless "nnbench done"
    expect(out).toMatch(/nnbench golden tiny ok bytes-differing=0/);
    expect(out).toMatch(/nnbench golden net ok bytes-differing=0/);
    expect(out).toMatch(/nnbench golden sat ok bytes-differing=0/);
    expect(out).toMatch(/nnbench golden wide ok bytes-differing=0/);
    expect(out).toMatch(/nnbench golden pre ok bytes-differing=0/);
    expect(out).toMatch(/nnbench reject ok failures=0/); // corrupt / mismatched blobs refused on the device
    expect(out).not.toMatch(/mismatch=[1-9]/);
    const r = parseBenchOutput(out, bm.model, bm.embedding, { blobBytes: bm.blob.length, codeBytes: {} });
    expect(r.bitExact.deviceEmbeddingEqualsTs).toBe(true);
    expect(r.counter.instructionsPerTick).toBeCloseTo(1000 / 24, 3);
  }, 120000);

  test('committed model from synthetic sensor images: preprocessing, embeddings and score equal the TS runtime', async () => {
    const file = 'models/whorl-default/whorl_default.wnn';
    const mb = modelBench(new Uint8Array(readFileSync(join(root, file))), file);
    const elf = await buildBenchImage(join(root, 'firmware'), mb.blob, mb.input, mb.sensor);
    const out = await runBenchImage(elf, 60000);
    const r = parseModelBenchOutput(out, mb, { file, flashBlobBytes: mb.blob.length, codeBytes: {} });
    expect(modelBenchFailures(r)).toEqual([]);
    expect(r.total.preprocessingPlusEmbedding).toBeGreaterThan(r.embedding.optInstr);
    expect(r.memory.ram.stack.preprocessingPlusEmbedding).toBeGreaterThan(0);
  }, 120000);
});
