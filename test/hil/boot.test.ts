/** HIL: the boot loader refuses every kind of bad flash image with its own one-line reason, which
 * the launcher reports as a bad flash image (and QEMU is stopped). */
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBoard } from '../../host/emulator/qemu.js';
import { freshFlashImage } from '../../host/device/session.js';
import { buildFirmware } from '../../host/firmware/build.js';
import { crc32 } from '../../host/util/crc.js';
import { encodeImageHeader, FLASH_SIZE } from '../../host/flash/layout.js';

let good: Buffer;
const dir = mkdtempSync(join(tmpdir(), 'whorl-boot-'));
beforeAll(async () => {
  await buildFirmware();
  const img = await freshFlashImage();
  good = readFileSync(img.file);
  await img.cleanup();
}, 300000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FW = 0x40000;
function fixTableCrc(b: Buffer): Buffer {
  b.writeUInt32LE(crc32(b.subarray(0, 272)), 272);
  return b;
}
function header(b: Buffer, edit: (h: { load: number; entry: number }) => void): Buffer {
  const h = { load: b.readUInt32LE(FW + 16), entry: b.readUInt32LE(FW + 20) };
  edit(h);
  encodeImageHeader({ type: 1, payloadLength: b.readUInt32LE(FW + 8), payloadCrc: b.readUInt32LE(FW + 12), loadAddress: h.load, entryAddress: h.entry, contentVersion: b.readUInt32LE(FW + 24), buildId: 'x' }).copy(b, FW);
  return b;
}

const cases: Array<[string, (b: Buffer) => Buffer, RegExp]> = [
  ['erased flash', () => Buffer.alloc(FLASH_SIZE, 0xff), /flash is empty \(no partition table\)/],
  ['zeroed flash (a fresh QEMU file)', () => Buffer.alloc(FLASH_SIZE, 0), /flash is empty/],
  ['bad table magic', (b) => { b[0] ^= 1; return b; }, /bad partition table magic/],
  ['bad table CRC', (b) => { b[20] ^= 1; return b; }, /partition table CRC mismatch/],
  ['no firmware partition', (b) => { b.writeUInt32LE(9, 16 + 32 + 16); return fixTableCrc(b); }, /no firmware partition/],
  ['empty firmware partition', (b) => { b.fill(0xff, FW, FW + 64); return b; }, /firmware partition is empty/],
  ['bad firmware header CRC', (b) => { b[FW + 30] ^= 1; return b; }, /bad firmware image header/],
  ['bad firmware payload CRC', (b) => { b[FW + 64 + 1000] ^= 1; return b; }, /firmware payload CRC mismatch/],
  ['load address outside RAM', (b) => header(b, (h) => { h.load = 0x07f80000; h.entry = 0x07f80000; }), /outside RAM/],
];

test.each(cases)('%s is refused with a clear reason', async (_name, corrupt, reason) => {
  const file = join(dir, `${_name.replace(/\W+/g, '_')}.img`);
  writeFileSync(file, corrupt(Buffer.from(good)));
  const err = await startBoard({ flash: file, readyTimeoutMs: 15000 }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(Error);
  expect((err as Error).message).toMatch(/^bad flash image /);
  expect((err as Error).message).toMatch(reason);
}, 60000);
