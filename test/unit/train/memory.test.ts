import { mkdtempSync, readFileSync, rmSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EmbeddingMemory, supCon } from '../../../host/train/loss.js';
import { parseTrainConfig, train } from '../../../host/train/train.js';
import { resumeMismatch } from '../../../host/train/config.js';
import { tf, useWasmBackend } from '../../../host/train/wasm-backend.js';

const CONFIGS = fileURLToPath(new URL('../../../../models/configs/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'whorl-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => { await useWasmBackend(); });

/** n unit vectors of dimension d from a fixed pattern */
function unitRows(n: number, d: number, phase: number): Float32Array {
  const a = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0; t < d; t++) { const v = Math.sin(phase + 1.7 * i + 0.9 * t * (i + 1)); a[i * d + t] = v; s += v * v; }
    for (let t = 0; t < d; t++) a[i * d + t] /= Math.sqrt(s);
  }
  return a;
}

test('supcon with a memory: an empty memory changes nothing, a stored copy of an anchor is a hard negative, a far one is nearly free', () => {
  const d = 8;
  const e = tf.tensor2d(unitRows(6, d, 0.3), [6, d]);
  const y = tf.tensor1d([0, 0, 1, 1, 2, 2], 'int32');
  const plain = supCon(e, y, 0.1).dataSync()[0];
  expect(supCon(e, y, 0.1, tf.zeros([0, d]) as tf.Tensor2D).dataSync()[0]).toBeCloseTo(plain, 6);
  const copy = tf.slice(e, [0, 0], [1, d]) as tf.Tensor2D;
  const withCopy = supCon(e, y, 0.1, copy).dataSync()[0];
  const far = supCon(e, y, 0.1, tf.neg(copy) as tf.Tensor2D).dataSync()[0];
  expect(withCopy).toBeGreaterThan(plain + 0.05);
  expect(far - plain).toBeGreaterThanOrEqual(0);
  expect(far - plain).toBeLessThan(withCopy - plain);
  // the gradient reaches the batch only: the memory is a constant
  const g = tf.grad((x: tf.Tensor) => supCon(x as tf.Tensor2D, y, 0.1, copy))(e);
  expect(g.shape).toEqual([6, d]);
});

test('the memory ring keeps the newest rows and round-trips through its checkpoint bytes', () => {
  const m = new EmbeddingMemory(3, 2);
  expect(m.tensor()).toBeNull();
  m.push(Float32Array.from([1, 1, 2, 2]));
  expect([m.count, m.head]).toEqual([2, 2]);
  m.push(Float32Array.from([3, 3, 4, 4]));
  expect([m.count, m.head]).toEqual([3, 1]);
  expect([...m.data]).toEqual([4, 4, 2, 2, 3, 3]);
  const back = new EmbeddingMemory(3, 2);
  back.restore(m.toBytes(), m.count, m.head);
  expect([...back.data]).toEqual([...m.data]);
  expect(back.head).toBe(1);
  expect(() => back.restore(Buffer.alloc(8), 3, 0)).toThrow(/memory.bin holds 8 bytes, 3 rows of 2 expected/);
});

test('train.memory is checked, is part of what a resume must match, and a resumed run keeps its memory', async () => {
  const c = JSON.parse(readFileSync(join(CONFIGS, 'smoke.json'), 'utf8'));
  expect(() => parseTrainConfig(JSON.stringify({ ...c, train: { ...c.train, memory: -1 } }))).toThrow(/train.memory must be an integer 0..65536/);
  expect(() => parseTrainConfig(JSON.stringify({ ...c, train: { ...c.train, memory: 16, loss: 'triplet' } }))).toThrow(/supcon loss only/);
  const m = parseTrainConfig(JSON.stringify({ ...c, train: { ...c.train, steps: 24, memory: 64 } }));
  expect(resumeMismatch(m, { ...m, train: { ...m.train, memory: 32 } }, 5)).toMatch(/train.memory differs/);
  const out = join(dir, 'm');
  const part = await train(m, out, { until: 15 });
  const st = JSON.parse(readFileSync(join(out, 'checkpoint', 'state.json'), 'utf8')) as { memory: { count: number; head: number } };
  // 15 batches of 6 fingers × 4 impressions = 360 embeddings through a ring of 64
  expect(st.memory).toEqual({ count: 64, head: (15 * 24) % 64 });
  expect(statSync(join(out, 'checkpoint', 'memory.bin')).size).toBe(64 * m.net.embedding * 4);
  const resumed = await train(m, out, { resume: true });
  const straight = await train(m, join(dir, 'straight'));
  expect(resumed.losses.slice(0, 15)).toEqual(part.losses);
  resumed.losses.slice(15).forEach((l, i) => expect(l).toBeCloseTo(straight.losses[15 + i], 1));
  expect(existsSync(join(out, 'model', 'model.json'))).toBe(true);
}, 120000);

test('supcon margin: each positive cosine counts `margin` less (checked against the formula), 0 is the plain loss', () => {
  const n = 6, d = 8, tau = 0.1;
  const rows = unitRows(n, d, 1.1);
  const lab = [0, 0, 1, 1, 2, 2];
  const e = tf.tensor2d(rows, [n, d]);
  const y = tf.tensor1d(lab, 'int32');
  const reference = (m: number): number => {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const l = (j: number): number => { let s = 0; for (let t = 0; t < d; t++) s += rows[i * d + t] * rows[j * d + t]; return (s - (lab[j] === lab[i] ? m : 0)) / tau; };
      const others = [...Array(n).keys()].filter((j) => j !== i);
      const lse = Math.log(others.reduce((a, j) => a + Math.exp(l(j)), 0));
      const pos = others.filter((j) => lab[j] === lab[i]);
      total += pos.reduce((a, j) => a + (l(j) - lse), 0) / pos.length;
    }
    return -total / n;
  };
  expect(supCon(e, y, tau, undefined, 0).dataSync()[0]).toBeCloseTo(supCon(e, y, tau).dataSync()[0], 6);
  for (const m of [0, 0.1, 0.3]) expect(supCon(e, y, tau, undefined, m).dataSync()[0]).toBeCloseTo(reference(m), 4);
  expect(supCon(e, y, tau, undefined, 0.1).dataSync()[0]).toBeGreaterThan(supCon(e, y, tau).dataSync()[0]);
  const smoke = JSON.parse(readFileSync(join(CONFIGS, 'smoke.json'), 'utf8')) as { train: object };
  expect(() => parseTrainConfig(JSON.stringify({ ...smoke, train: { ...smoke.train, margin: -0.1 } }))).toThrow(/train.margin must be in \[0, 1\)/);
});
