/** HIL: the fp bench script end to end on a small fill (2 slots of 1 impression, no throughput phase):
 * the real firmware under -icount, every device score equal to the host reference, the counter
 * check exact, the report files written; and a clear error for a bad option. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BenchResult } from '../../host/fp/bench-report.js';

const SCRIPT = fileURLToPath(new URL('../../scripts/bench-fp.js', import.meta.url));
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'whorl-benchfp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('bench-fp --slots 2: instruction counts from the device, scores equal to the reference', async () => {
  const r = await run(process.execPath, [SCRIPT, '--slots', '2', '--impressions', '1', '--pool', '2', '--throughput-s', '0', '--out', dir, '--json'], { encoding: 'utf8', timeout: 300000 });
  const res = JSON.parse(r.stdout) as BenchResult;
  expect(res.checks).toEqual({ scoresEqualReference: true, mismatches: [] });
  expect(res.counter.check.instructions).toBe(res.counter.check.loopInstructions);
  expect(res.checkpoints.map((c) => c.slots)).toEqual([0, 1, 2]);
  for (const c of res.checkpoints) {
    expect(c.list.entries).toBe(c.slots);
    expect(c.identify.candidates).toEqual(c.identify.expected);
    if (c.slots > 0) expect(c.verify!.score).toBe(c.verify!.expected);
    expect(c.enrollN1.status).toBe('OK');
  }
  // preprocessing + CNN of a 288×384 image: tens of millions of instructions, never a host figure
  expect(res.commands.capture.min).toBeGreaterThan(20e6);
  expect(res.commands.capture.max).toBeLessThan(40e6);
  expect(res.fill).toMatchObject({ slots: 2, impressionsPerSlot: 1, poolFingers: 2, forced: true });
  expect(res.identify.meetsTarget).toBeUndefined(); // fewer than 1000 slots: not judged
  expect(res.throughput).toBeUndefined();
  expect(JSON.parse(readFileSync(join(dir, 'fp-bench.json'), 'utf8'))).toEqual(res);
  const md = readFileSync(join(dir, 'fp-bench.md'), 'utf8');
  expect(md).toContain('not measured (fewer than 1000 slots)');
  expect(md).toContain('| IDENTIFY 1:N (8 candidates) | 2 |');
}, 320000);

test('bench-fp refuses a bad option with the reason and writes nothing', async () => {
  const out = mkdtempSync(join(dir, 'bad-'));
  const err = await run(process.execPath, [SCRIPT, '--slots', '0', '--out', out], { encoding: 'utf8' }).then(() => undefined, (e: { code: number; stderr: string }) => e);
  expect(err?.code).toBe(1);
  expect(err?.stderr).toMatch(/bench-fp: --slots must be an integer 1\.\.\d+, got 0/);
  expect(existsSync(join(out, 'fp-bench.json'))).toBe(false);
});
