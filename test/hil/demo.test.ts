/**
 * The quick start's main job, end to end: `whorl demo` builds the firmware, writes a flash image,
 * boots the board in QEMU and enrolls, verifies and identifies synthetic fingers over the serial pty.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const MAIN = fileURLToPath(new URL('../../host/cli/main.js', import.meta.url));

test('whorl demo runs every stage and identifies the enrolled fingers', async () => {
  const r = await promisify(execFile)('node', [MAIN, 'demo'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const out = r.stdout;
  for (const stage of ['1/5 building', '2/5 writing', '3/5 booting', '4/5 talking', '5/5 fingerprints']) expect(out).toContain(stage);
  expect(out).toMatch(/console\| whorl: ready/);
  expect(out).toMatch(/PING\s+16 x 4096 bytes echoed/);
  // every finger gets a template; most get 3 impressions (the device asks for another touch on E_MISMATCH)
  const enrolled = [...out.matchAll(/enrolled slot (\d) \((\d) impression/g)].map((m) => ({ slot: Number(m[1]), n: Number(m[2]) }));
  expect(enrolled.map((e) => e.slot)).toEqual([0, 1, 2, 3, 4]);
  expect(enrolled.filter((e) => e.n === 3).length).toBeGreaterThanOrEqual(3);
  expect(out).toMatch(/templates stored\s+5\n/);
  // the demo's acceptance figure: the genuine template ranks first for at least 4 of the 5 probes
  const rank = /rank-1 identification\s+(\d)\/5/.exec(out);
  expect(rank).not.toBeNull();
  expect(Number(rank![1])).toBeGreaterThanOrEqual(4);
  expect(out).toContain('demo done');
}, 180000);
