import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { makeMaster, drawClass } from '../../../host/synth/master.js';
import { makeImpression } from '../../../host/synth/impression.js';
import { drawTransform } from '../../../host/synth/transform.js';
import { generateDataset, resolveParams, type Manifest } from '../../../host/synth/dataset.js';
import { imageStats } from '../../../host/synth/check.js';
import { FINGER_CLASSES, NATURAL_CLASS_WEIGHTS } from '../../../host/synth/types.js';
import { deriveSeed, Rng } from '../../../host/synth/prng.js';
import { WhorlError } from '../../../host/util/errors.js';

const small = resolveParams({ width: 160, height: 200, shift: 10 });
const dirs: string[] = [];
async function tmp(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'whorl-synth-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

test('PRNG streams are deterministic and distinct per (seed, finger, impression, stream)', () => {
  const a = new Rng(deriveSeed(7, 1, 2, 3));
  const b = new Rng(deriveSeed(7, 1, 2, 3));
  const c = new Rng(deriveSeed(7, 1, 3, 3));
  const xs = Array.from({ length: 5 }, () => a.nextU32());
  expect(Array.from({ length: 5 }, () => b.nextU32())).toEqual(xs);
  expect(Array.from({ length: 5 }, () => c.nextU32())).not.toEqual(xs);
});

test('same seed gives identical masters and impressions; another seed differs', () => {
  const m1 = makeMaster(small, 11, 1);
  const m2 = makeMaster(small, 11, 1);
  expect(Buffer.from(m1.ridge.buffer).equals(Buffer.from(m2.ridge.buffer))).toBe(true);
  const i1 = makeImpression(m1, small, 11, 2);
  const i2 = makeImpression(m2, small, 11, 2);
  expect(Buffer.from(i1.data).equals(Buffer.from(i2.data))).toBe(true);
  expect(i1.transform).toEqual(i2.transform);
  const i3 = makeImpression(makeMaster(small, 12, 1), small, 12, 2);
  expect(Buffer.from(i3.data).equals(Buffer.from(i1.data))).toBe(false);
});

test('data sets are byte-identical with 0, 1 and 2 workers', async () => {
  const read = async (d: string): Promise<Map<string, Buffer>> => {
    const m = new Map<string, Buffer>();
    for (const n of (await readdir(d)).sort()) m.set(n, await readFile(join(d, n)));
    return m;
  };
  const outs: Array<Map<string, Buffer>> = [];
  for (const workers of [0, 1, 2]) {
    const out = await tmp();
    await generateDataset({ out, fingers: 3, impressions: 2, seed: 5, workers, params: small, progress: false, command: 'test' });
    outs.push(await read(out));
  }
  expect([...outs[0].keys()]).toEqual(['1_1.png', '1_2.png', '2_1.png', '2_2.png', '3_1.png', '3_2.png', 'manifest.json']);
  for (const o of outs.slice(1)) {
    for (const [k, v] of outs[0]) expect(o.get(k)?.equals(v)).toBe(true);
  }
}, 60000);

test('manifest records parameters, classes, singular points and every transform', async () => {
  const out = await tmp();
  const res = await generateDataset({ out, fingers: 2, impressions: 3, seed: 9, workers: 0, params: { ...small, rotation: 15 }, progress: false });
  const m = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as Manifest;
  expect(m).toEqual(JSON.parse(JSON.stringify(res.manifest)));
  expect(m.seed).toBe(9);
  expect(m.version).toMatch(/^\d+\.\d+\.\d+$/);
  expect([m.width, m.height, m.dpi]).toEqual([160, 200, 500]);
  expect(m.params.rotation).toBe(15);
  expect(m.items).toHaveLength(2);
  // 8-bit greyscale PNG (IHDR bit depth 8, colour type 0) of the stated size and resolution.
  const png = await readFile(join(out, '1_1.png'));
  expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([160, 200, 8, 0]);
  const meta = await sharp(png).metadata();
  expect([meta.channels, meta.density]).toEqual([1, 500]);
  for (const [fi, it] of m.items.entries()) {
    expect(it.finger).toBe(fi + 1);
    expect(FINGER_CLASSES).toContain(it.cls);
    const ns = { arch: [0, 0], tented_arch: [1, 1], left_loop: [1, 1], right_loop: [1, 1], whorl: [2, 2] }[it.cls];
    expect([it.cores.length, it.deltas.length]).toEqual(ns);
    expect(it.impressions.map((i) => i.file)).toEqual([1, 2, 3].map((k) => `${fi + 1}_${k}.png`));
    for (const im of it.impressions) {
      expect(Math.abs(im.transform.rotation)).toBeLessThanOrEqual(15);
      expect(im.transform.pressure).toBeGreaterThanOrEqual(-1);
      expect(im.transform.pressure).toBeLessThanOrEqual(1);
      expect(im.transform.distortion.radius).toBeGreaterThan(0);
      expect(im.transform.contact.rx).toBeGreaterThan(0);
      expect(im.transform.noise.sigma).toBeGreaterThanOrEqual(0);
    }
  }
});

test('rotation and displacement stay within the configured bounds and use the range', () => {
  const m = makeMaster(small, 3, 1);
  for (const rotation of [20, 5]) {
    const p = { ...small, rotation };
    const rs = Array.from({ length: 300 }, (_, k) => drawTransform(m, p, 3, k + 1));
    const rot = rs.map((t) => t.rotation);
    expect(Math.max(...rot.map(Math.abs))).toBeLessThanOrEqual(rotation);
    expect(Math.max(...rot)).toBeGreaterThan(0.8 * rotation);
    expect(Math.min(...rot)).toBeLessThan(-0.8 * rotation);
    expect(Math.max(...rs.map((t) => Math.max(Math.abs(t.dx), Math.abs(t.dy))))).toBeLessThanOrEqual(p.shift);
  }
});

test('class proportions over many fingers follow the natural distribution', () => {
  const n = 6000;
  const counts: Record<string, number> = {};
  for (let f = 1; f <= n; f++) {
    const c = drawClass(small, 1, f);
    counts[c] = (counts[c] ?? 0) + 1;
  }
  for (const c of FINGER_CLASSES) expect(Math.abs((counts[c] ?? 0) / n - NATURAL_CLASS_WEIGHTS[c])).toBeLessThan(0.015);
});

test('size and dpi are honoured; ridge period scales with dpi', () => {
  const periods: number[] = [];
  for (const dpi of [500, 400]) {
    const p = resolveParams({ width: 200, height: 240, dpi, shift: 8, noise: 0.5 });
    const med: number[] = [];
    for (const f of [1, 2]) {
      const im = makeImpression(makeMaster(p, 21, f), p, 21, 1);
      expect([im.width, im.height, im.dpi, im.data.length]).toEqual([200, 240, dpi, 200 * 240]);
      const ps = imageStats(im.data, im.width, im.height).periods.sort((a, b) => a - b);
      med.push(ps[Math.floor(ps.length / 2)]);
    }
    periods.push((med[0] + med[1]) / 2);
  }
  expect(periods[1]).toBeLessThan(periods[0]);
  expect(periods[1] / periods[0]).toBeGreaterThan(0.65);
  expect(periods[1] / periods[0]).toBeLessThan(0.95);
});

test('default impressions are non-degenerate fingerprints (foreground, ridge period, coherence)', () => {
  const p = resolveParams({});
  let coh = 0;
  for (const f of [1, 2, 3]) {
    const m = makeMaster(p, 2, f);
    const s = imageStats(makeImpression(m, p, 2, 1).data, p.width, p.height);
    expect(s.foregroundRatio).toBeGreaterThan(0.25);
    // Dry, noisy captures are part of the distribution: each keeps some ridge structure.
    expect(s.coherence).toBeGreaterThan(0.35);
    coh += s.coherence / 3;
    const ps = s.periods.sort((a, b) => a - b);
    expect(ps.length).toBeGreaterThan(50);
    const med = ps[Math.floor(ps.length / 2)];
    expect(med).toBeGreaterThan(7.5);
    expect(med).toBeLessThan(12);
  }
  expect(coh).toBeGreaterThan(0.5);
});

test('bad parameters are rejected with a WhorlError naming the field', async () => {
  expect(() => resolveParams({ width: 10 })).toThrow(WhorlError);
  expect(() => resolveParams({ rotation: -1 })).toThrow(/rotation/);
  await expect(generateDataset({ out: await tmp(), fingers: 0, impressions: 1, seed: 1, workers: 0, progress: false })).rejects.toThrow(/fingers/);
});

test('a failing finger in a worker rejects with a WhorlError naming the finger', async () => {
  const { runJobs } = await import('../../../host/synth/pool.js');
  const bad = { ...small, width: 1 };
  const err = await runJobs([{ params: bad, seed: 1, finger: 3, impressions: 1 }], 1, () => undefined).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WhorlError);
  expect((err as WhorlError).code).toBe('SYNTH_WORKER');
  expect((err as WhorlError).message).toMatch(/finger 3.*width/);
});
