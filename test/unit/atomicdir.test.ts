import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recoverDir, replaceDir } from '../../host/util/atomicdir.js';

const root = mkdtempSync(join(tmpdir(), 'whorl-atomic-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const save = (dir: string, v: string) => replaceDir(dir, async (tmp) => writeFileSync(join(tmp, 'v.txt'), v));
const read = (dir: string) => readFileSync(join(dir, 'v.txt'), 'utf8');

test('replaceDir swaps a folder in whole and leaves nothing beside it', async () => {
  const d = join(root, 'a');
  await save(d, '1');
  expect(read(d)).toBe('1');
  await save(d, '2');
  expect(read(d)).toBe('2');
  expect(readdirSync(root).filter((f) => f.startsWith('a'))).toEqual(['a']);
  // a write that fails leaves the previous folder as it was
  await expect(replaceDir(d, async () => { throw new Error('disk full'); })).rejects.toThrow(/disk full/);
  expect(read(d)).toBe('2');
  await save(d, '3');
  expect(read(d)).toBe('3');
});

test('recoverDir restores the newest whole folder after a process was killed while saving', async () => {
  // killed while writing the new folder: the old one stays, the partial one is dropped at the next save
  const a = join(root, 'b');
  await save(a, 'old');
  mkdirSync(`${a}.tmp`);
  writeFileSync(join(`${a}.tmp`, 'v.txt'), 'half');
  expect(await recoverDir(a)).toBe('');
  expect(read(a)).toBe('old');
  await save(a, 'new');
  expect(read(a)).toBe('new');
  expect(existsSync(`${a}.tmp`)).toBe(false);

  // killed between the two renames, the new folder complete: it is the one kept
  const b = join(root, 'c');
  await save(b, 'old');
  await save(`${b}-next`, 'new');
  renameSync(b, `${b}.old`);
  renameSync(`${b}-next`, `${b}.tmp`);
  expect(await recoverDir(b)).toMatch(/completed an interrupted save/);
  expect(read(b)).toBe('new');
  expect(existsSync(`${b}.old`)).toBe(false);

  // killed after moving the old folder aside, the new one not marked complete: the old one comes back
  const c = join(root, 'e');
  await save(c, 'old');
  renameSync(c, `${c}.old`);
  mkdirSync(`${c}.tmp`);
  writeFileSync(join(`${c}.tmp`, 'v.txt'), 'half');
  expect(await recoverDir(c)).toMatch(/kept the previous save/);
  expect(read(c)).toBe('old');
  expect(existsSync(`${c}.tmp`)).toBe(false);

  // nothing saved yet
  expect(await recoverDir(join(root, 'none'))).toBe('');
  expect(existsSync(join(root, 'none'))).toBe(false);
});
