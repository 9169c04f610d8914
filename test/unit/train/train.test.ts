import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildModel, DEFAULT_NET, MAX_INT8_WEIGHT_BYTES, MAX_MACS, netBudget } from '../../../host/train/model.js';
import { loadModel, saveModel, type ModelManifest } from '../../../host/train/io.js';
import { parseTrainConfig, train } from '../../../host/train/train.js';
import { learningRateAt, resumeMismatch } from '../../../host/train/config.js';
import { useWasmBackend } from '../../../host/train/wasm-backend.js';
import { crc32, crc32Hex } from '../../../host/util/crc.js';
import { readTfjsModel } from '../../../host/nn/tfjs.js';

const CONFIGS = fileURLToPath(new URL('../../../../models/configs/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'whorl-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the default network fits the device budget and has the documented shapes', async () => {
  await useWasmBackend();
  const b = netBudget(DEFAULT_NET);
  expect(b.macs).toBeLessThanOrEqual(MAX_MACS);
  expect(b.int8WeightBytes).toBeLessThanOrEqual(MAX_INT8_WEIGHT_BYTES);
  // 48²·9·1·16 + 24²·9·16·32 + 24²·9·32·48 + 12²·9·48·64 + 6²·9·64·128 + 3²·9·128·48 + (3·3·48)·128
  expect(b.macs).toBe(331776 + 2654208 + 7962624 + 3981312 + 2654208 + 497664 + 55296);
  const cfg = JSON.parse(readFileSync(join(CONFIGS, 'default.json'), 'utf8')) as { net: unknown };
  expect(cfg.net).toEqual(DEFAULT_NET);
  const m = buildModel(DEFAULT_NET);
  expect(m.inputs[0].shape).toEqual([null, 96, 96, 1]);
  expect(m.outputs[0].shape).toEqual([null, 128]);
  const convParams = m.layers.filter((l) => l.getClassName() === 'Conv2D').reduce((n, l) => n + l.countParams(), 0);
  expect(convParams + 3 * 3 * 48 * 128).toBe(b.int8WeightBytes);
  expect(() => buildModel({ ...DEFAULT_NET, blocks: [{ filters: 8, stride: 3 as 2 }] })).toThrow(/stride must be 1 or 2/);
  // a 112-pixel input whose last block has no border ('valid': 7 → 3 cells) keeps every weight's shape
  const wide = { ...DEFAULT_NET, input: 112, blocks: DEFAULT_NET.blocks.map((x, i) => (i === 5 ? { ...x, padding: 'valid' as const } : x)) };
  const bw = netBudget(wide);
  // 56²·9·1·16 + 28²·9·16·32 + 28²·9·32·48 + 14²·9·48·64 + 7²·9·64·128 + 3²·9·128·48 + (3·3·48)·128
  expect(bw.macs).toBe(451584 + 3612672 + 10838016 + 5419008 + 3612672 + 497664 + 55296);
  expect(bw.macs).toBeLessThanOrEqual(MAX_MACS);
  expect(bw.int8WeightBytes).toBe(b.int8WeightBytes);
  const mw = buildModel(wide);
  expect(mw.layers.find((l) => l.name === 'conv5')!.outputShape).toEqual([null, 3, 3, 48]);
  expect(mw.getWeights().map((w) => w.shape)).toEqual(m.getWeights().map((w) => w.shape));
  expect(() => buildModel({ ...DEFAULT_NET, blocks: [{ filters: 8, stride: 2, padding: 'full' as 'same' }] })).toThrow(/padding must be 'same' or 'valid'/);
  expect(() => netBudget({ ...DEFAULT_NET, input: 16, blocks: Array.from({ length: 4 }, () => ({ filters: 8, stride: 2 as const, padding: 'valid' as const })) })).toThrow(/block 3 leaves no output cell \(input 16\)/); // 16 → 7 → 3 → 1 → none
});

const manifest = (size: number): ModelManifest => ({
  format: 'whorl-float-model', version: 1, input: { size, dpi: 500, preprocessing: 'test' }, macs: 0, params: 0, int8WeightBytes: 0,
  training: {}, figures: {}, generatedBy: 'test',
});

test('a saved model loads back identically and the int8 quantizer reads it', async () => {
  await useWasmBackend();
  const cfg = { ...DEFAULT_NET, input: 32, blocks: [{ filters: 4, stride: 2 as const }, { filters: 8, stride: 2 as const }], embedding: 16, head: 'gap' as const };
  const m = buildModel(cfg);
  const out = join(dir, 'small');
  await saveModel(m, out, manifest(32));
  const { model } = await loadModel(out);
  const w1 = m.getWeights().map((t) => Array.from(t.dataSync()));
  const w2 = model.getWeights().map((t) => Array.from(t.dataSync()));
  expect(w2).toEqual(w1);
  const raw = readTfjsModel(out);
  expect(raw.layers.map((l) => l.kind)).toEqual(expect.arrayContaining(['conv', 'bn', 'act', 'gap', 'dense', 'l2']));
});

test('wrong or corrupt model files give clear errors', async () => {
  await useWasmBackend();
  const m = buildModel({ ...DEFAULT_NET, input: 32, blocks: [{ filters: 4, stride: 2 }], embedding: 16 });
  const out = join(dir, 'bad');
  await saveModel(m, out, manifest(32));
  const w = readFileSync(join(out, 'weights.bin'));
  writeFileSync(join(out, 'weights.bin'), w.subarray(0, w.length - 8));
  await expect(loadModel(out)).rejects.toThrow(/weights.bin has \d+ bytes, the manifest needs \d+/);
  writeFileSync(join(out, 'weights.bin'), w);
  writeFileSync(join(out, 'manifest.json'), '{"format":"something-else","version":1}');
  await expect(loadModel(out)).rejects.toThrow(/not a Whorl float model manifest/);
  writeFileSync(join(out, 'model.json'), '{ not json');
  await expect(loadModel(out)).rejects.toThrow(/model.json is not valid JSON/);
  await expect(loadModel(join(dir, 'missing'))).rejects.toThrow(/cannot read model.json/);
});

test('smoke training: the loss falls, checkpoints resume exactly without reusing fingers', async () => {
  const c = parseTrainConfig(readFileSync(join(CONFIGS, 'smoke.json'), 'utf8'));
  const out = join(dir, 'smoke');
  const r = await train({ ...c, train: { ...c.train, steps: 75 } }, out, { until: 60 });
  expect(r.steps).toBe(60);
  const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
  expect(mean(r.losses.slice(-10))).toBeLessThan(0.95 * mean(r.losses.slice(0, 10)));
  expect(existsSync(join(out, 'checkpoint', 'state.json'))).toBe(true);
  const st = JSON.parse(readFileSync(join(out, 'checkpoint', 'state.json'), 'utf8')) as { step: number; nextFinger: number };
  expect(st.step).toBe(60);
  expect(st.nextFinger).toBe(1 + 60 * c.data.fingers);
  // a straight run of 75 steps and a run resumed at 60 give the same losses
  const straight = await train({ ...c, train: { ...c.train, steps: 75 } }, join(dir, 'smoke-straight'));
  const r2 = await train({ ...c, train: { ...c.train, steps: 75 } }, out, { resume: true });
  expect(r2.steps).toBe(75);
  expect(r2.losses.slice(0, 60)).toEqual(r.losses);
  r2.losses.slice(60).forEach((l, i) => expect(l).toBeCloseTo(straight.losses[60 + i], 1));
  const st2 = JSON.parse(readFileSync(join(out, 'checkpoint', 'state.json'), 'utf8')) as { nextFinger: number };
  expect(st2.nextFinger).toBe(1 + 75 * c.data.fingers);
  expect(existsSync(join(out, 'model', 'model.json'))).toBe(true);
  expect(r.validation.length).toBeGreaterThan(0);
  // a finished run extends with a warm restart; a changed config or an edited past schedule is refused
  const longer = { ...c, train: { ...c.train, steps: 85, restarts: [{ at: 75, learningRate: c.train.learningRate / 2, warmup: 2 }] } };
  await expect(train({ ...longer, data: { ...c.data, seed: c.data.seed + 1 } }, out, { resume: true })).rejects.toThrow(/cannot resume .*data differs/);
  await expect(train({ ...longer, train: { ...longer.train, restarts: [{ at: 70, learningRate: 1e-3 }] } }, out, { resume: true })).rejects.toThrow(/schedule differs at step \d+ .*before the checkpoint's step 75/);
  const r3 = await train(longer, out, { resume: true });
  expect(r3.steps).toBe(85);
  expect(r3.losses.slice(0, 75)).toEqual(r2.losses);
}, 240000);

test('warm start (train.init): starts from the given model, checked by weights CRC and network, and is never worse than it on validation', async () => {
  const c = parseTrainConfig(readFileSync(join(CONFIGS, 'smoke.json'), 'utf8'));
  const parentOut = join(dir, 'parent');
  const parent = await train({ ...c, train: { ...c.train, steps: 15 } }, parentOut);
  const pdir = join(parentOut, 'model');
  const crc = crc32Hex(crc32(readFileSync(join(pdir, 'weights.bin'))));
  const child = { ...c, train: { ...c.train, steps: 15, init: { model: pdir, crc32: crc } } };
  const r = await train(child, join(dir, 'child'));
  // step 0 is the parent's weights on the same validation set
  expect(r.validation[0]).toEqual({ step: 0, eer: parent.best?.eer });
  expect(r.best!.eer).toBeLessThanOrEqual(parent.best!.eer);
  // the manifest records where the weights came from, with the starting model's own training record
  const m = JSON.parse(readFileSync(join(dir, 'child', 'model', 'manifest.json'), 'utf8')) as { training: { initFrom?: { crc32: string; training: { stepsDone: number } } } };
  expect(m.training.initFrom?.crc32).toBe(crc);
  expect(m.training.initFrom?.training.stepsDone).toBe(15);
  await expect(train({ ...child, train: { ...child.train, init: { model: pdir, crc32: '0x00000000' } } }, join(dir, 'c2'))).rejects.toThrow(/weights.bin has CRC-32 0x[0-9a-f]{8}, the config wants 0x00000000/);
  await expect(train(child, join(dir, 'c3'), { init: join(dir, 'nowhere') })).rejects.toThrow(/train.init: cannot read .*weights.bin/);
  await expect(train({ ...child, net: { ...c.net, embedding: 2 * c.net.embedding } }, join(dir, 'c4'))).rejects.toThrow(/different network than config .*'s net \(embedding \d+ → \d+; only added filters, another input side or padding that keep every weight's shape, or another dropout rate can be warm-started\)/);
  // another input side (the smoke net pools globally, so every weight keeps its shape): the same weights, logged
  const inLogs: string[] = [];
  const ri = await train({ ...child, net: { ...c.net, input: 80 }, pre: { ...c.pre!, size: 80 }, train: { ...child.train, steps: 1 } }, join(dir, 'c7'), { log: (l) => inLogs.push(l) });
  expect(ri.validation[0].step).toBe(0);
  expect(inLogs.join('\n')).toMatch(/warm start from .*, input 64 → 80/);
  const flat = { ...c.net, head: 'flatten' as const };
  await expect(train({ ...child, net: flat }, join(dir, 'c8'))).rejects.toThrow(/different network than config .*'s net \(head gap → flatten;/);
  // with a flattening head another input side changes the dense layer's shape: refused, naming it
  const flatOut = join(dir, 'flat-parent');
  await train({ ...c, net: flat, train: { ...c.train, steps: 1, validateEvery: 0 } }, flatOut);
  const flatCrc = crc32Hex(crc32(readFileSync(join(flatOut, 'model', 'weights.bin'))));
  await expect(train({ ...c, net: { ...flat, input: 80 }, pre: { ...c.pre!, size: 80 }, train: { ...c.train, steps: 1, init: { model: join(flatOut, 'model'), crc32: flatCrc } } }, join(dir, 'c9')))
    .rejects.toThrow(/\(input 64 → 80 with this padding changes the weights' shapes;/);
  // a widened network starts as the trained one (host/train/widen.ts): its step 0 is the parent's EER
  const wide = { ...child, net: { ...c.net, blocks: c.net.blocks.map((b, i) => (i === 0 ? { ...b, filters: b.filters + 4 } : b)) }, train: { ...child.train, steps: 1 } };
  const rw = await train(wide, join(dir, 'c5'));
  expect(rw.validation[0].step).toBe(0);
  expect(rw.validation[0].eer).toBeCloseTo(parent.best!.eer, 6);
  // another dropout rate is the same network (dropout acts in training only): the weights are copied as they are
  const logs: string[] = [];
  const rd = await train({ ...child, net: { ...c.net, dropout: c.net.dropout / 2 }, train: { ...child.train, steps: 1 } }, join(dir, 'c6'), { log: (l) => logs.push(l) });
  expect(rd.validation[0]).toEqual({ step: 0, eer: parent.best?.eer });
  expect(logs.join('\n')).toMatch(new RegExp(`warm start from .* \\(weights CRC-32 ${crc}\\), dropout ${c.net.dropout} → ${c.net.dropout / 2}`));
  expect(() => parseTrainConfig(JSON.stringify({ ...child, train: { ...child.train, init: { model: pdir, crc32: 'abc' } } }))).toThrow(/train.init must be/);
  expect(resumeMismatch(child, c, 5)).toMatch(/train.init/);
}, 120000);

test('learning-rate schedule: warm-up, cosine decay, warm restarts', () => {
  const c = parseTrainConfig(readFileSync(join(CONFIGS, 'smoke.json'), 'utf8'));
  const base = { ...c, train: { ...c.train, steps: 100, learningRate: 0.01, warmup: 10 } };
  const restarted = { ...base, train: { ...base.train, steps: 160, restarts: [{ at: 100, learningRate: 0.004, warmup: 5 }] } };
  expect(learningRateAt(base, 0)).toBeCloseTo(0.001, 12);
  expect(learningRateAt(base, 9)).toBeCloseTo(0.01, 12);
  expect(learningRateAt(base, 99)).toBeCloseTo(0.0005, 5);
  // the steps before a restart follow the shorter run's schedule exactly
  for (let s = 0; s < 100; s++) expect(learningRateAt(restarted, s)).toBe(learningRateAt(base, s));
  expect(learningRateAt(restarted, 100)).toBeCloseTo(0.0008, 12);
  expect(learningRateAt(restarted, 104)).toBeCloseTo(0.004, 12);
  expect(learningRateAt(restarted, 159)).toBeCloseTo(0.0002, 5);
  expect(resumeMismatch(base, restarted, 100)).toBeNull();
  expect(resumeMismatch(restarted, base, 100)).toBeNull();
  // a restart inside the finished run ends the first cosine segment earlier: the past rates change
  const early = { ...restarted, train: { ...restarted.train, restarts: [{ at: 90, learningRate: 0.004 }] } };
  expect(resumeMismatch(base, early, 100)).toMatch(/schedule differs at step 11 .*before the checkpoint's step 100/);
  expect(resumeMismatch(base, early, 11)).toBeNull();
  expect(resumeMismatch(base, { ...base, net: { ...base.net, embedding: base.net.embedding * 2 } }, 10)).toMatch(/net differs/);
  const bad = (r: unknown) => JSON.stringify({ ...restarted, train: { ...restarted.train, restarts: r } });
  expect(() => parseTrainConfig(bad([{ at: 160, learningRate: 0.001 }]))).toThrow(/train.restarts: each 'at'/);
  expect(() => parseTrainConfig(bad([{ at: 120, learningRate: 0.001 }, { at: 110, learningRate: 0.001 }]))).toThrow(/increasing/);
  expect(() => parseTrainConfig(bad([{ at: 120, learningRate: 0 }]))).toThrow(/learningRate must be > 0/);
  expect(() => parseTrainConfig(bad([{ at: 120, learningRate: 0.001, warmup: 40 }]))).toThrow(/warmup must be/);
});

test('training configs are checked with clear errors', () => {
  const good = readFileSync(join(CONFIGS, 'smoke.json'), 'utf8');
  expect(() => parseTrainConfig('{', 'x.json')).toThrow(/x.json: not valid JSON/);
  const c = JSON.parse(good);
  expect(() => parseTrainConfig(JSON.stringify({ ...c, validation: { ...c.validation, seed: c.data.seed } }))).toThrow(/validation.seed must differ/);
  expect(() => parseTrainConfig(JSON.stringify({ ...c, net: { ...c.net, input: 80 } }))).toThrow(/must equal the preprocessing output size 64/);
  expect(() => parseTrainConfig(JSON.stringify({ ...c, data: { ...c.data, dpis: [] } }))).toThrow(/data.dpis/);
  expect(() => parseTrainConfig(JSON.stringify({ ...c, train: { ...c.train, loss: 'arcface' } }))).toThrow(/train.loss must be supcon or triplet/);
  expect(parseTrainConfig(readFileSync(join(CONFIGS, 'default.json'), 'utf8')).net.input).toBe(96);
});
