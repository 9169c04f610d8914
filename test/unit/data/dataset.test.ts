import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { DatasetError, loadGrey, readDataset } from '../../../host/data/index.js';
import { bmp8, pgm } from './fixtures.js';
import { sharedFingerprints } from './shared.js';

let root: string;
let n = 0;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'whorl-dataset-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fresh folder holding the given files. */
function folder(files: Record<string, Uint8Array | string>): string {
  const d = join(root, `d${n++}`);
  mkdirSync(d);
  for (const [k, v] of Object.entries(files)) writeFileSync(join(d, k), v);
  return d;
}

const px = Uint8Array.from({ length: 12 }, (_, i) => i * 20);
const P = pgm(4, 3, px);

test('lists fingers and impressions in order, dpi from the option, other files ignored', async () => {
  const d = folder({ '2_1.pgm': P, '2_2.pgm': P, '10_1.pgm': P, '10_2.pgm': P, '10_3.pgm': P, 'notes.txt': 'x', '.hidden': 'y' });
  const ds = await readDataset(d, { dpi: 500 });
  expect([...ds.fingers.keys()]).toEqual([2, 10]);
  expect(ds.fingers.get(10)!.map((r) => r.impression)).toEqual([1, 2, 3]);
  expect(ds.imageCount).toBe(5);
  expect(ds.ignored).toEqual(['notes.txt']);
  expect([ds.dpi, ds.dpiSource]).toEqual([500, 'option']);
  const g = await loadGrey(ds.fingers.get(2)![1]);
  expect([g.width, g.height, g.dpi]).toEqual([4, 3, 500]);
  expect(Array.from(g.data)).toEqual(Array.from(px));
});

test('mixed formats in one folder; dpi from manifest (dpi or resolution), option overrides', async () => {
  const png = await sharp(Buffer.from(px), { raw: { width: 4, height: 3, channels: 1 } }).png().toBuffer();
  const tif = await sharp(Buffer.from(px), { raw: { width: 4, height: 3, channels: 1 } }).tiff({ compression: 'lzw' }).toBuffer();
  const bmp = bmp8(4, 3, px, Array.from({ length: 256 }, (_, i) => [i, i, i] as [number, number, number]));
  const d = folder({ '1_1.png': png, '1_2.TIF': tif, '1_3.bmp': bmp, '1_4.pgm': P, 'manifest.json': '{"resolution": 569}' });
  const ds = await readDataset(d);
  expect([ds.dpi, ds.dpiSource]).toEqual([569, 'manifest']);
  for (const ref of ds.fingers.get(1)!) expect(Array.from((await loadGrey(ref)).data)).toEqual(Array.from(px));
  expect((await readDataset(d, { dpi: 400 })).dpi).toBe(400);
  const d2 = folder({ '1_1.pgm': P, 'manifest.json': '{"dpi": 500}' });
  expect((await readDataset(d2)).dpi).toBe(500);
});

test('errors name the folder or file', async () => {
  const noDpi = folder({ '1_1.pgm': P });
  await expect(readDataset(noDpi)).rejects.toThrow(/resolution unknown; pass --dpi/);
  await expect(readDataset(noDpi, { dpi: -3 })).rejects.toThrow(DatasetError);
  const badManifest = folder({ '1_1.pgm': P, 'manifest.json': '{oops' });
  await expect(readDataset(badManifest)).rejects.toThrow(/manifest\.json: bad manifest/);
  const badName = folder({ '1_1.pgm': P, 'left-thumb.pgm': P });
  await expect(readDataset(badName, { dpi: 500 })).rejects.toThrow(/left-thumb\.pgm: image name must be <finger>_<impression>/);
  const zero = folder({ '1_0.pgm': P });
  await expect(readDataset(zero, { dpi: 500 })).rejects.toThrow(/1_0\.pgm: image name/);
  const gap = folder({ '3_1.pgm': P, '3_2.pgm': P, '3_4.pgm': P });
  await expect(readDataset(gap, { dpi: 500 })).rejects.toThrow(/3_4\.pgm: finger 3 has impressions 1,2,4; .*impression 3 is missing/);
  const noFirst = folder({ '3_2.pgm': P });
  await expect(readDataset(noFirst, { dpi: 500 })).rejects.toMatchObject({ code: 'DATASET_NUMBERING', context: { finger: 3, missing: 1 } });
  const dup = folder({ '1_1.pgm': P, '1_1.png': P });
  await expect(readDataset(dup, { dpi: 500 })).rejects.toThrow(/also in 1_1\.pgm/);
  await expect(readDataset(folder({ 'a.txt': 'x' }), { dpi: 500 })).rejects.toMatchObject({ code: 'DATASET_EMPTY' });
  await expect(readDataset(join(root, 'nope'), { dpi: 500 })).rejects.toThrow(/nope: cannot read dataset folder/);
  // Unreadable content surfaces when the image is loaded, naming the file.
  const broken = folder({ '1_1.png': 'garbage' });
  const ds = await readDataset(broken, { dpi: 500 });
  await expect(loadGrey(ds.fingers.get(1)![0])).rejects.toThrow(/1_1\.png: cannot decode/);
});

const SHARED = sharedFingerprints() ?? '';
const shared = SHARED ? test : test.skip;
if (!SHARED) console.warn('shared fingerprint sets not found (../shared/data/fingerprints or $WHORL_FINGERPRINTS): skipping the shared-set reader test');

shared('reads the shared real (palette PNG) and SFinGe (TIFF) sets', async () => {
  const real = await readDataset(join(SHARED, 'pyfnprint-real'), { dpi: 500 });
  expect([real.fingers.size, real.imageCount]).toEqual([16, 128]);
  const g = await loadGrey(real.fingers.get([...real.fingers.keys()][0])![0]);
  expect([g.width, g.height, g.data.length]).toEqual([248, 338, 248 * 338]);
  const sf = await readDataset(join(SHARED, 'sfinge-db4b'), { dpi: 500 });
  expect([sf.fingers.size, sf.imageCount]).toEqual([10, 80]);
  const t = await loadGrey(sf.fingers.get(101)![0]);
  expect([t.width, t.height]).toEqual([288, 384]);
});
