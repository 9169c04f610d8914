/** Runs a firmware test image to completion under QEMU (semihosting exit) and returns its console. */
import { execa } from 'execa';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIRMWARE_DIR = fileURLToPath(new URL('../../../firmware', import.meta.url));
export const BUILD_DIR = `${FIRMWARE_DIR}/build/versatilepb`;

export async function buildFirmware(): Promise<void> {
  await execa('make', ['-s', '-C', FIRMWARE_DIR], { all: true });
}

export interface RunResult { exitCode: number | undefined; console: string[]; timedOut: boolean }

/** Boots `elf` with the console on stdio and waits for it to exit (killed after timeoutMs). Runs
 * under -icount shift=0,sleep=off so that timing-dependent checks (CPU usage, timeouts) see the
 * same virtual time whatever the load of the host. */
export async function runImage(elf: string, cpu: string, timeoutMs = 60000, extra: string[] = []): Promise<RunResult> {
  const r = await execa('qemu-system-arm', [
    '-M', 'versatilepb', '-cpu', cpu, '-m', '128M', '-display', 'none', '-monitor', 'none',
    '-serial', 'null', '-serial', 'stdio', '-icount', 'shift=0,sleep=off', '-semihosting-config', 'enable=on,target=native', ...extra, '-kernel', elf,
  ], { env: { QEMU_AUDIO_DRV: 'none' }, reject: false, timeout: timeoutMs, forceKillAfterDelay: 1000 });
  return { exitCode: r.exitCode, console: r.stdout.split('\n'), timedOut: Boolean(r.timedOut) };
}

/** A file for a board's console log, kept with the test results in dist/hil-logs/. */
export function consoleLogPath(name: string): string {
  const dir = fileURLToPath(new URL('../../hil-logs/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  return `${dir}${name.replace(/[^a-z0-9_.-]+/gi, '_')}.log`;
}
