/** The firmware's native (gcc) tests, run from jest: `make -C firmware <target>` and its summary line. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const FIRMWARE_DIR = fileURLToPath(new URL('../../../firmware', import.meta.url));

/** Runs `make -s -C firmware target` and reads the "name: P passed, F failed" line (null when absent). */
export function nativePassFail(target: string, name: string): { passed: number; failed: number } | null {
  const out = execFileSync('make', ['-s', '-C', FIRMWARE_DIR, target], { encoding: 'utf8' });
  const m = new RegExp(`${name}: (\\d+) passed, (\\d+) failed`).exec(out);
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : null;
}
