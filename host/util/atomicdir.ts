/**
 * Folders replaced whole, for checkpoints and saved models that a killed process must not leave half
 * written. `replaceDir(DIR, write)` lets `write` fill DIR.tmp, marks it complete (`.complete`, written
 * last), flushes it to disk, then swaps it in: DIR → DIR.old, DIR.tmp → DIR, DIR.old removed. Killed at
 * any point, the process leaves either DIR whole (old or new), or no DIR with DIR.old whole and
 * perhaps a complete DIR.tmp; `recoverDir(DIR)` puts the newest whole one back before it is read.
 */
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const MARK = '.complete';

/** Flushes a file to disk (fsync); a folder too where the system allows it (Linux does, Windows not). */
async function flush(path: string, folder = false): Promise<void> {
  let fh;
  try {
    fh = await open(path, 'r');
    await fh.sync();
  } catch (e) {
    if (!folder) throw e;
  } finally {
    await fh?.close();
  }
}

/** Replaces folder `dir` by what `write(tmp)` puts into a fresh temporary folder, all at once. */
export async function replaceDir(dir: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = `${dir}.tmp`;
  const old = `${dir}.old`;
  await recoverDir(dir);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  await write(tmp);
  await writeFile(join(tmp, MARK), '');
  for (const f of await readdir(tmp, { withFileTypes: true })) if (f.isFile()) await flush(join(tmp, f.name));
  await flush(tmp, true);
  await rm(old, { recursive: true, force: true });
  if (existsSync(dir)) await rename(dir, old);
  await rename(tmp, dir);
  await flush(dirname(dir), true);
  await rm(old, { recursive: true, force: true });
}

/**
 * After a process was killed inside `replaceDir`: when `dir` is missing, a complete `dir.tmp` (the
 * newer) or else `dir.old` becomes `dir` again. Returns what it did, for logs ('' when nothing).
 */
export async function recoverDir(dir: string): Promise<string> {
  if (existsSync(dir)) return '';
  const tmp = `${dir}.tmp`;
  const old = `${dir}.old`;
  if (existsSync(join(tmp, MARK))) {
    await rename(tmp, dir);
    await rm(old, { recursive: true, force: true });
    return `${basename(dir)}: completed an interrupted save`;
  }
  if (existsSync(old)) {
    await rename(old, dir);
    await rm(tmp, { recursive: true, force: true });
    return `${basename(dir)}: kept the previous save (the last one was interrupted)`;
  }
  return '';
}
