/** HIL: the QEMU launcher's lifecycle: cleanup, errors, several boards at once. */
import { execFileSync } from 'node:child_process';
import { writeFileSync, readFileSync } from 'node:fs';
import { startBoard } from '../../host/emulator/qemu.js';
import { freshFlashImage, openSession } from '../../host/device/session.js';
import { buildFirmware } from '../../host/firmware/build.js';

let flash: { file: string; cleanup(): Promise<void> };
beforeAll(async () => {
  await buildFirmware();
  flash = await freshFlashImage();
}, 300000);
afterAll(async () => flash?.cleanup());

function alive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('stop() and kill() leave no QEMU process behind', async () => {
  const a = await startBoard({ flash: flash.file, serial: { tcp: 0 } });
  expect(alive(a.pid)).toBe(true);
  await a.stop();
  expect(alive(a.pid)).toBe(false);
  const b = await startBoard({ flash: flash.file });
  await b.kill();
  expect(alive(b.pid)).toBe(false);
  expect((await b.exited).signal).toBe('SIGKILL');
}, 60000);

test('two boards run at once on different TCP ports', async () => {
  const s1 = await openSession('qemu', { flash: flash.file, boardOptions: { serial: { tcp: 0 } } });
  const s2 = await openSession('qemu', { flash: flash.file, boardOptions: { serial: { tcp: 0 } } });
  try {
    expect(s1.board?.address).not.toBe(s2.board?.address);
    const [a, b] = await Promise.all([s1.client.ping(Buffer.from('one')), s2.client.ping(Buffer.from('two'))]);
    expect(Buffer.from(a).toString()).toBe('one');
    expect(Buffer.from(b).toString()).toBe('two');
  } finally {
    await s1.close();
    await s2.close();
  }
  expect(alive(s1.board?.pid)).toBe(false);
  expect(alive(s2.board?.pid)).toBe(false);
}, 60000);

test('a corrupt firmware partition is reported as a bad flash image and QEMU is stopped', async () => {
  const img = readFileSync(flash.file);
  img[0x40000 + 64 + 100] ^= 0xff;
  const bad = `${flash.file}.bad`;
  writeFileSync(bad, img);
  const err = await startBoard({ flash: bad }).catch((e: unknown) => e);
  expect((err as Error).message).toMatch(/^bad flash image .*: firmware payload CRC mismatch$/);
  expect(execFileSync('sh', ['-c', `pgrep -f '[q]emu-system-arm.*${bad}' || true`]).toString().trim()).toBe('');
}, 60000);

test('a board that never becomes ready times out with its console lines', async () => {
  // the kernel test image never prints the ready line: give it 1.5 s
  const { BUILD_DIR } = await import('./qemu-run.js');
  const err = await startBoard({ kernel: `${BUILD_DIR}/ktest.elf`, readyTimeoutMs: 1500 }).catch((e: unknown) => e);
  expect((err as Error).message).toMatch(/^timeout: board did not print .* within 1500 ms; last console lines: .*(ktest|PASS)/);
}, 60000);

test('CLI: QEMU missing and a busy serial port are one clear line each', async () => {
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  const { fileURLToPath } = await import('node:url');
  const { SerialPort } = await import('serialport');
  const main = fileURLToPath(new URL('../../host/cli/main.js', import.meta.url));
  const cli = (args: string[], env: Record<string, string> = {}) =>
    promisify(execFile)('node', [main, ...args], { env: { ...process.env, ...env } }).then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => e);
  const missing = await cli(['info', '--device', 'qemu'], { WHORL_QEMU: '/nonexistent/qemu-system-arm' });
  expect(missing.code).toBe(1);
  expect(missing.stderr.trim()).toBe('whorl: QEMU missing: /nonexistent/qemu-system-arm not found; install it with: sudo bash scripts/setup-debian.sh');
  const board = await startBoard({ flash: flash.file, serial: 'pty' });
  const holder = new SerialPort({ path: board.address, baudRate: 115200, autoOpen: false });
  try {
    await new Promise<void>((res, rej) => holder.open((e) => (e ? rej(e) : res())));
    const busy = await cli(['ping', '--device', board.address]);
    expect(busy.code).toBe(1);
    expect(busy.stderr.trim()).toBe(`whorl: port busy: ${board.address} is in use by another program`);
  } finally {
    await new Promise<void>((res) => (holder.isOpen ? holder.close(() => res()) : res()));
    await board.stop();
  }
}, 60000);
