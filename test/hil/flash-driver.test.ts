/** HIL: the CFI NOR flash driver erases, programs and verifies, and the data survives a reboot. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILD_DIR, buildFirmware, runImage } from './qemu-run.js';

beforeAll(async () => {
  await buildFirmware();
}, 300000);
const dir = mkdtempSync(join(tmpdir(), 'whorl-flashtest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test.each(['arm926', 'ti925t'])('flash driver on -cpu %s: write, reboot, verify', async (cpu) => {
  const img = join(dir, `flash-${cpu}.img`);
  writeFileSync(img, Buffer.alloc(64 * 1024 * 1024, 0xff));
  const drive = ['-drive', `if=pflash,file=${img},format=raw`];
  const first = await runImage(`${BUILD_DIR}/flashtest.elf`, cpu, 60000, drive);
  expect(first.console.filter((l) => l.startsWith('FAIL'))).toEqual([]);
  expect(first.console).toContain('FLASHTEST DONE mode=write passed=7 failed=0');
  expect(first.exitCode).toBe(0);
  const second = await runImage(`${BUILD_DIR}/flashtest.elf`, cpu, 60000, drive);
  expect(second.console).toContain('PASS data_survived_reboot');
  expect(second.console).toContain('FLASHTEST DONE mode=verify passed=2 failed=0');
  expect(second.exitCode).toBe(0);
}, 120000);
