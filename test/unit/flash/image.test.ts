import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseElf, loadAddress, ElfError } from '../../../host/flash/elf.js';
import { buildFlashImage, inspectFlashImage } from '../../../host/flash/image.js';
import { DEFAULT_PARTITIONS, FLASH_SIZE, decodeImageHeader, decodePartitionTable, packVersion, unpackVersion } from '../../../host/flash/layout.js';
import { crc32 } from '../../../host/util/crc.js';

const dir = mkdtempSync(join(tmpdir(), 'whorl-flash-test-'));
const elf = join(dir, 'tiny.elf');
const bin = join(dir, 'tiny.bin');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  // A tiny ARM program linked at 0x8000 with a data section, built by the real cross compiler.
  writeFileSync(join(dir, 'tiny.c'), 'int v = 42; int start(void) { return v; }\n');
  execFileSync('arm-none-eabi-gcc', ['-mcpu=arm920t', '-marm', '-nostdlib', '-e', 'start', '-Wl,-Ttext=0x8000', '-o', elf, join(dir, 'tiny.c')]);
  execFileSync('arm-none-eabi-objcopy', ['-O', 'binary', elf, bin]);
});

test('ELF reader finds the entry and load segments', () => {
  const info = parseElf(readFileSync(elf), elf);
  expect(info.machine).toBe(40);
  expect(loadAddress(info)).toBe(0x8000);
  expect(info.entry).toBeGreaterThanOrEqual(0x8000);
  expect(() => parseElf(Buffer.from('not an elf at all, definitely not'), 'x')).toThrow(ElfError);
  const wrong = Buffer.from(readFileSync(elf));
  wrong.writeUInt16LE(62, 18);
  expect(() => parseElf(wrong, 'x86.elf')).toThrow(/machine 62 is not ARM/);
});

test('image has the documented layout, sizes and CRCs', async () => {
  const model = Buffer.from('model-bytes-here');
  const img = await buildFlashImage({ firmwareElf: elf, firmwareBin: bin, version: '1.2.3', buildId: 'abc123', model, modelName: 'm1' });
  expect(img.length).toBe(FLASH_SIZE);
  const t = decodePartitionTable(img);
  expect(t.ok).toBe(true);
  if (!t.ok) return;
  expect(t.partitions).toEqual(DEFAULT_PARTITIONS);
  const fw = DEFAULT_PARTITIONS[1];
  const h = decodeImageHeader(img.subarray(fw.offset, fw.offset + 64));
  expect(h.ok).toBe(true);
  if (!h.ok) return;
  const payload = readFileSync(bin);
  expect(h.header.payloadLength).toBe(payload.length);
  expect(h.header.payloadCrc).toBe(crc32(payload));
  expect(h.header.loadAddress).toBe(0x8000);
  expect(unpackVersion(h.header.contentVersion)).toBe('1.2.3');
  expect(h.header.buildId).toBe('abc123');
  expect(img.subarray(fw.offset + 64, fw.offset + 64 + payload.length).equals(payload)).toBe(true);
  // everything not written is erased (0xFF): the end of the firmware partition and the store
  expect(img[fw.offset + fw.size - 1]).toBe(0xff);
  const store = DEFAULT_PARTITIONS[3];
  for (let off = store.offset; off < store.offset + store.size; off += 256 * 1024) {
    expect(img.readUInt32LE(off)).toBe(0x31425357);
    expect(img.subarray(off + 16, off + 256 * 1024).every((b) => b === 0xff)).toBe(true);
  }
  expect(packVersion('0.1.0')).toBe(0x000100);
});

describe('inspect', () => {
  let good: string;
  beforeAll(async () => {
    good = join(dir, 'good.img');
    writeFileSync(good, await buildFlashImage({ firmwareElf: elf, firmwareBin: bin, version: '0.1.0', buildId: 'x', model: Buffer.alloc(100, 7) }));
  });

  test('a good image is ok', async () => {
    const r = await inspectFlashImage(good);
    expect(r.ok).toBe(true);
    expect(r.partitions.map((p) => p.state)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(r.partitions[3].reason).toBe('32 blocks: 0 in use, 32 free, 0 to be formatted at mount');
  });

  test.each([
    ['firmware payload', 0x40000 + 64 + 3, 'firmware', 'payload CRC mismatch'],
    ['firmware header', 0x40000 + 10, 'firmware', 'image header CRC mismatch'],
    ['model payload', 0x240000 + 64 + 50, 'model', 'payload CRC mismatch'],
    ['model magic', 0x240000, 'model', 'bad image magic'],
  ])('a corrupt %s is reported', async (_what, offset, part, reason) => {
    const img = readFileSync(good);
    img[offset] ^= 0x5a;
    const f = join(dir, `bad-${offset}.img`);
    writeFileSync(f, img);
    const r = await inspectFlashImage(f);
    expect(r.ok).toBe(false);
    expect(r.partitions.find((p) => p.name === part)?.reason).toMatch(reason);
  });

  test('a corrupt partition table is an error naming the file', async () => {
    const img = readFileSync(good);
    img[20] ^= 1;
    const f = join(dir, 'badtable.img');
    writeFileSync(f, img);
    await expect(inspectFlashImage(f)).rejects.toThrow(/bad flash image .*badtable.img: partition table CRC mismatch/);
  });

  test('a file of the wrong size is rejected', async () => {
    const f = join(dir, 'short.img');
    writeFileSync(f, Buffer.alloc(1024));
    await expect(inspectFlashImage(f)).rejects.toThrow(/1024 bytes, expected exactly 67108864/);
  });

  test('an erased image has no partition table', async () => {
    const f = join(dir, 'erased.img');
    writeFileSync(f, Buffer.alloc(FLASH_SIZE, 0xff));
    await expect(inspectFlashImage(f)).rejects.toThrow(/partition table empty/);
  });
});
