/**
 * Jest global set-up and tear-down: every test run gets its own temporary folder (TMPDIR, inherited
 * by the QEMU boards and CLI processes the tests start), and the run fails if anything is left in it
 * at the end. A leaked flash image is 64 MiB; a test or a library path that forgets its temporary
 * files would otherwise fill /tmp run after run.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const KEY = 'WHORL_TEST_TMPDIR';

export function setup(): void {
  const dir = mkdtempSync(join(tmpdir(), 'whorl-test-run-'));
  process.env[KEY] = dir;
  process.env.TMPDIR = dir;
}

export function teardown(): void {
  const dir = process.env[KEY];
  if (!dir) return;
  let left: string[] = [];
  try {
    left = readdirSync(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (left.length > 0) throw new Error(`the tests left ${left.length} temporary entr${left.length === 1 ? 'y' : 'ies'} behind (removed now): ${left.sort().join(', ')}`);
}
