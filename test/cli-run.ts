/** Runs the built `whorl` CLI in a child process, for the tests: exit code, stdout and stderr, never throws. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const WHORL_MAIN = fileURLToPath(new URL('../host/cli/main.js', import.meta.url));

export async function runWhorl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await promisify(execFile)('node', [WHORL_MAIN, ...args], { encoding: 'utf8' });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}
