/**
 * HIL: the fingerprint commands of the CLI against a QEMU board booted from a flash image, as a user
 * runs them: `whorl flash` (committed model by default), enroll, verify, identify, list; refusals
 * (impressions of different fingers, a duplicate finger, no model) are explained and store nothing.
 */
import { copyFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MODEL_BLOB } from '../../host/device/session.js';
import { loadGrey, readDataset } from '../../host/data/dataset.js';
import { chooseEnrollment } from '../../host/fp/enroll-choice.js';
import { Int8Reference } from '../../host/fp/reference.js';
import { runWhorl as whorl } from '../cli-run.js';

let root: string;
let img: string;
let set: string;
const pic = (f: number, k: number): string => join(set, `${f}_${k}.png`);
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'whorl-fpcli-'));
  set = join(root, 'set');
  img = join(root, 'board.img');
  expect((await whorl('synth', '--out', set, '--fingers', '6', '--impressions', '4', '--seed', '424242', '--rotation', '15', '--workers', '0')).code).toBe(0);
  const f = await whorl('flash', '--out', img);
  expect(f.code).toBe(0);
  expect(f.stdout).toMatch(new RegExp(`model\\s+0x240000\\s+1024 KiB\\s+ok\\s+v2 whorl-default ${statSync(DEFAULT_MODEL_BLOB).size} bytes`));
}, 300000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

test('flash: bad model blobs are refused on the host; --no-model leaves the partition empty', async () => {
  const junk = join(root, 'junk.wnn');
  writeFileSync(junk, Buffer.alloc(4096, 7));
  expect((await whorl('flash', '--out', join(root, 'x.img'), '--model', junk)).stderr).toMatch(/^whorl: .*junk\.wnn is not a usable model blob: model blob: bad magic/);
  expect((await whorl('flash', '--out', join(root, 'x.img'), '--model', join(root, 'none.wnn'))).stderr).toMatch(/^whorl: cannot read model blob .*none\.wnn: ENOENT/);
  // another blob's partition carries the name inside the blob (here the golden 'tiny' test model, renamed on disk)
  const other = join(root, 'renamed.wnn');
  copyFileSync('test/vectors/nn/tiny.wnn', other);
  expect((await whorl('flash', '--out', join(root, 'x.img'), '--model', other)).stdout).toMatch(new RegExp(`model\\s+0x240000\\s+1024 KiB\\s+ok\\s+v2 tiny ${statSync(other).size} bytes`));
  const empty = join(root, 'empty.img');
  expect((await whorl('flash', '--out', empty, '--no-model')).stdout).toMatch(/model\s+0x240000\s+1024 KiB\s+empty/);
  const r = await whorl('enroll', '--device', 'qemu', '--flash', empty, '--slot', '0', pic(1, 1));
  expect(r.code).not.toBe(0);
  expect(r.stderr).toMatch(/^whorl: qemu: the board has no valid model partition .*whorl flash --out IMG/);
}, 120000);

test('enroll, verify, identify and list through the CLI; refusals are explained and store nothing', async () => {
  // the finger whose impressions 1..3 agree at the enroll threshold, per the host int8 reference
  const ref = Int8Reference.fromFile(DEFAULT_MODEL_BLOB);
  const ds = await readDataset(set);
  const emb = new Map<string, Int8Array>();
  for (const r of [...ds.fingers.values()].flat()) emb.set(`${r.finger}_${r.impression}`, ref.embed(await loadGrey(r)).embedding);
  const th = JSON.parse((await whorl('threshold', '--device', 'qemu', '--flash', img, '--json')).stdout) as { enroll?: { fmr: number; score: number } };
  const enrollThr = th.enroll!.score; // the enrollment check's own threshold, FMR 1/20
  expect(th.enroll!.fmr).toBe(20);
  const agree = (ks: string[]): boolean => !Int8Reference.enrollRefused(ks.map((k) => emb.get(k)!), enrollThr);
  const f = [1, 2, 3, 4, 5, 6].find((x) => agree([1, 2, 3].map((k) => `${x}_${k}`)));
  expect(f).toBeDefined();
  const e = await whorl('enroll', '--device', 'qemu', '--flash', img, '--slot', '7', '--label', 'left-thumb', '--json', pic(f!, 1), pic(f!, 2), pic(f!, 3));
  expect(e.stderr).toBe('');
  expect(JSON.parse(e.stdout)).toMatchObject({ enrolled: { slot: 7, impressions: 3 } });
  // three different fingers, then the same finger into another slot: refused, explained, nothing stored
  const other = [1, 2, 3, 4, 5, 6].filter((x) => x !== f);
  const mixed = [pic(other[0], 1), pic(other[1], 1), pic(other[2], 1)];
  expect(agree([`${other[0]}_1`, `${other[1]}_1`, `${other[2]}_1`])).toBe(false);
  const m = await whorl('enroll', '--device', 'qemu', '--flash', img, '--slot', '8', ...mixed);
  expect(m.code).not.toBe(0);
  expect(m.stderr).toMatch(new RegExp(`^whorl: .*_1\\.png matches none of the other impressions \\(best score -?\\d+, enroll threshold ${enrollThr} at FMR 1/20\\): .*Nothing was stored`));
  const d = await whorl('enroll', '--device', 'qemu', '--flash', img, '--slot', '9', pic(f!, 1), pic(f!, 1));
  expect(d.stderr).toMatch(/^whorl: this finger is already enrolled in slot 7 \(score \d+\); nothing was stored \(--force enrolls it anyway\)/);
  const list = JSON.parse((await whorl('list', '--device', 'qemu', '--flash', img, '--json')).stdout) as Array<{ slot: number; label: string; impressions: number }>;
  expect(list.map((x) => [x.slot, x.label, x.impressions])).toEqual([[7, 'left-thumb', 3]]);
  // verify and identify with the fourth impression: the device's score is the reference's
  const probe = emb.get(`${f}_4`)!;
  const want = Int8Reference.score([1, 2, 3].map((k) => emb.get(`${f}_${k}`)!), probe);
  const v = JSON.parse((await whorl('verify', '--device', 'qemu', '--flash', img, '--slot', '7', '--json', pic(f!, 4))).stdout) as { score: number; match: boolean; threshold: number };
  expect(v.score).toBe(want);
  expect(v.match).toBe(want >= v.threshold);
  const id = JSON.parse((await whorl('identify', '--device', 'qemu', '--flash', img, '--json', pic(f!, 4))).stdout) as { candidates: Array<{ slot: number; score: number; threshold: number }> };
  expect(id.candidates[0]).toEqual({ slot: 7, score: want, threshold: v.threshold });
  const idText = await whorl('identify', '--device', 'qemu', '--flash', img, pic(f!, 4)); // the table shows each candidate's level and margin
  expect(idText.stdout).toMatch(/^slot +score +threshold +margin$/m);
  expect(idText.stdout).toMatch(new RegExp(`^7 +${want} +${v.threshold} +${want - v.threshold}$`, 'm'));
  // four images, one of another finger, three kept: the device leaves the stray one out (as the reference does)
  const four = [`${f}_1`, `${f}_2`, `${other[0]}_1`, `${f}_3`];
  const choice = chooseEnrollment(four.map((k) => emb.get(k)!), 3, enrollThr);
  expect(choice).toMatchObject({ ok: true, indices: [0, 1, 3] });
  const picks = four.map((k) => join(set, `${k}.png`));
  const k3 = await whorl('enroll', '--device', 'qemu', '--flash', img, '--slot', '10', '--force', '--impressions', '3', ...picks);
  expect(k3.stderr).toBe('');
  expect(k3.stdout).toBe(`enrolled slot 10: 3 impressions (${picks[0]}, ${picks[1]}, ${picks[3]}), quality ${k3.stdout.match(/quality (\d+)/)?.[1]}\n`);
  const bad = await whorl('enroll', '--device', 'qemu', '--flash', img, '--slot', '11', '--impressions', '5', ...picks);
  expect(bad.stderr).toMatch(/^whorl: .*impressions/);
  expect(bad.code).not.toBe(0);
}, 300000);
