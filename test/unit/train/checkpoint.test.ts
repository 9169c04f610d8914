import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTrainConfig, train } from '../../../host/train/train.js';

const CONFIGS = fileURLToPath(new URL('../../../../models/configs/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'whorl-ckpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a run killed while saving its checkpoint resumes from the last whole one; a mixed checkpoint is refused', async () => {
  const base = parseTrainConfig(readFileSync(join(CONFIGS, 'smoke.json'), 'utf8'));
  const c = { ...base, train: { ...base.train, steps: 30, checkpointEvery: 10, validateEvery: 10 } };
  const out = join(dir, 'run');
  const part = await train(c, out, { until: 20 });
  const ckpt = join(out, 'checkpoint');
  const state = () => JSON.parse(readFileSync(join(ckpt, 'state.json'), 'utf8')) as { step: number };
  expect(state().step).toBe(20);
  expect(existsSync(`${ckpt}.tmp`) || existsSync(`${ckpt}.old`)).toBe(false);

  // killed after the step-20 checkpoint was moved aside and before the next one was complete
  const spare = join(dir, 'spare');
  cpSync(ckpt, spare, { recursive: true });
  renameSync(ckpt, `${ckpt}.old`);
  mkdirSync(`${ckpt}.tmp`);
  writeFileSync(join(`${ckpt}.tmp`, 'weights.bin'), 'cut off');
  const log: string[] = [];
  const resumed = await train(c, out, { resume: true, log: (s) => log.push(s) });
  expect(log.join('\n')).toMatch(/kept the previous save[\s\S]*resumed at step 20/);
  expect(resumed.steps).toBe(30);
  expect(resumed.losses.slice(0, 20)).toEqual(part.losses);
  expect(existsSync(`${ckpt}.tmp`) || existsSync(`${ckpt}.old`)).toBe(false);

  // a checkpoint whose state and weights are of different steps (older whorl, written in place) is refused
  rmSync(ckpt, { recursive: true });
  cpSync(spare, ckpt, { recursive: true });
  writeFileSync(join(ckpt, 'state.json'), JSON.stringify({ ...state(), step: 10 }));
  await expect(train(c, out, { resume: true })).rejects.toThrow(/weights are of step 20 and its state of step 10/);
}, 240000);
