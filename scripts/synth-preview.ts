/** Development preview: writes a few masters' impressions to /tmp/synth-preview (not part of the CLI). */
import sharp from 'sharp';
import { mkdirSync } from 'node:fs';
import { makeMaster } from '../host/synth/master.js';
import { makeImpression } from '../host/synth/impression.js';
import { DEFAULT_PARAMS } from '../host/synth/types.js';

const dir = process.argv[2] ?? '/tmp/synth-preview';
const fingers = Number(process.argv[3] ?? 4);
const seed = Number(process.argv[4] ?? 1);
mkdirSync(dir, { recursive: true });
for (let f = 1; f <= fingers; f++) {
  const t0 = performance.now();
  const m = makeMaster(DEFAULT_PARAMS, seed, f);
  const t1 = performance.now();
  const raw = new Uint8Array(m.width * m.height);
  for (let i = 0; i < raw.length; i++) raw[i] = Math.round(128 - 110 * m.ridge[i] * (m.mask[i] > 0 ? 1 : 0));
  await sharp(raw, { raw: { width: m.width, height: m.height, channels: 1 } }).png().toFile(`${dir}/m${f}.png`);
  for (let k = 1; k <= 2; k++) {
    const im = makeImpression(m, DEFAULT_PARAMS, seed, k);
    await sharp(im.data, { raw: { width: im.width, height: im.height, channels: 1 } }).png().toFile(`${dir}/${f}_${k}.png`);
  }
  const t2 = performance.now();
  console.log(f, m.cls, `master ${(t1 - t0).toFixed(0)} ms, iterations ${m.iterations}, 2 impressions ${(t2 - t1).toFixed(0)} ms`);
}
