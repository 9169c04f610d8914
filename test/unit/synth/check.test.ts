import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { folderStats, formatStats, imageStats, signaturePeriod } from '../../../host/synth/check.js';
import { buildProgram } from '../../../host/cli/program.js';
import { defaultReferences } from '../../../host/cli/commands/synth.js';
import { WhorlError } from '../../../host/util/errors.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'whorl-synth-check-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('period and coherence of a pure sinusoid are measured exactly', () => {
  const W = 128;
  const H = 128;
  const d = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) d[y * W + x] = 128 + 80 * Math.cos((2 * Math.PI * (x * 0.8 + y * 0.6)) / 9);
  const s = imageStats(d, W, H);
  expect(s.foregroundRatio).toBe(1);
  expect(s.coherence).toBeGreaterThan(0.99);
  const ps = s.periods.sort((a, b) => a - b);
  expect(ps[ps.length >> 1]).toBeCloseTo(9, 0);
  expect(signaturePeriod(new Float64Array(32))).toBe(0);
  const flat = imageStats(new Uint8Array(W * H).fill(200), W, H);
  expect(flat.foregroundRatio).toBe(0);
});

test('whorl synth writes a data set through the CLI and --check reads it back', async () => {
  const out = join(dir, 'set');
  const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    await buildProgram().parseAsync(['node', 'whorl', 'synth', '--out', out, '--fingers', '2', '--impressions', '2', '--seed', '4', '--width', '200', '--height', '240', '--workers', '0', '--json']);
    const summary = JSON.parse(String(write.mock.calls.at(-1)?.[0])) as { images: number };
    expect(summary.images).toBe(4);
    await buildProgram().parseAsync(['node', 'whorl', 'synth', '--check', out, '--reference', out, '--json']);
    const res = JSON.parse(String(write.mock.calls.at(-1)?.[0])) as { sets: Array<{ images: number; period: { median: number } }> };
    expect(res.sets).toHaveLength(2);
    expect(res.sets[0].images).toBe(4);
    expect(res.sets[0].period.median).toBeGreaterThan(7.5);
    expect(res.sets[0].period.median).toBeLessThan(12);
  } finally {
    write.mockRestore();
  }
  const m = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as { command: string };
  expect(m.command).toContain('synth');
});

test('bad CLI input gives a clear error', async () => {
  await expect(buildProgram().parseAsync(['node', 'whorl', 'synth', '--fingers', '3'])).rejects.toThrow(/--out/);
  await expect(buildProgram().parseAsync(['node', 'whorl', 'synth', '--out', dir, '--fingers', 'x'])).rejects.toThrow(/--fingers/);
  await writeFile(join(dir, 'notes.txt'), 'x');
  await expect(folderStats(join(dir, 'missing'))).rejects.toThrow(WhorlError);
});

const refs = defaultReferences();
(refs.length > 0 ? test : test.skip)('reference sets (../shared/data/fingerprints) are readable and look like fingerprints', async () => {
  const sets = [];
  for (const r of refs) sets.push(await folderStats(r, 8));
  for (const s of sets) {
    expect(s.images).toBe(8);
    expect(s.period.median).toBeGreaterThan(6);
    expect(s.period.median).toBeLessThan(12);
  }
  expect(formatStats(sets)).toContain('ridge period median');
});
if (refs.length === 0) console.warn('synth check: reference sets not found under ../shared/data/fingerprints; reference test skipped');

