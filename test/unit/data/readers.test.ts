import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { decodeBmp, decodePgm, ImageFormatError, luma, readGreyFile } from '../../../host/data/index.js';
import { bmp8, bmp24, pgm } from './fixtures.js';

const W = 5;
const H = 3;
const grey = Uint8Array.from({ length: W * H }, (_, i) => (i * 17) % 256);
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'whorl-readers-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, bytes: Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

describe('BMP reader', () => {
  test('8-bit palette, bottom-up and top-down, palette colours become luma', () => {
    const palette: Array<[number, number, number]> = [[0, 0, 0], [255, 0, 0], [0, 255, 0], [10, 20, 250]];
    const idx = Uint8Array.from({ length: W * H }, (_, i) => i % 4);
    const want = Uint8Array.from(idx, (i) => luma(...palette[i]));
    for (const topDown of [false, true]) {
      const g = decodeBmp(bmp8(W, H, idx, palette, topDown), 'x.bmp');
      expect([g.width, g.height]).toEqual([W, H]);
      expect(Array.from(g.data)).toEqual(Array.from(want));
    }
    expect(luma(255, 0, 0)).toBe(76);
  });

  test('24-bit RGB with row padding becomes luma', () => {
    const rgb = Uint8Array.from({ length: W * H * 3 }, (_, i) => (i * 37) % 256);
    const g = decodeBmp(bmp24(W, H, rgb), 'x.bmp');
    const want = Array.from({ length: W * H }, (_, i) => luma(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]));
    expect(Array.from(g.data)).toEqual(want);
  });

  test('16-bit, truncated and non-BMP files are refused naming the file', () => {
    expect(() => decodeBmp(bmp24(W, H, new Uint8Array(0), 16), 'd/1_1.bmp')).toThrow(/d\/1_1\.bmp: 16-bit BMP/);
    const good = bmp24(W, H, new Uint8Array(W * H * 3));
    expect(() => decodeBmp(good.subarray(0, good.length - 4), 'd/t.bmp')).toThrow(ImageFormatError);
    expect(() => decodeBmp(new Uint8Array(60), 'd/n.bmp')).toThrow(/d\/n\.bmp: not a BMP/);
  });
});

describe('PGM reader', () => {
  test('P5 and P2 with comments give the same pixels', () => {
    expect(Array.from(decodePgm(pgm(W, H, grey), 'a.pgm').data)).toEqual(Array.from(grey));
    const g = decodePgm(pgm(W, H, grey, true), 'a.pgm');
    expect([g.width, g.height]).toEqual([W, H]);
    expect(Array.from(g.data)).toEqual(Array.from(grey));
  });

  test('maxval below 255 is stretched; 16-bit and truncated data are refused', () => {
    const small = Uint8Array.from([0, 1, 2, 3, 15, 7]);
    expect(Array.from(decodePgm(pgm(3, 2, small, true, 15), 'a.pgm').data)).toEqual([0, 17, 34, 51, 255, 119]);
    expect(() => decodePgm(pgm(W, H, grey, false, 65535), 'b/2_1.pgm')).toThrow(/b\/2_1\.pgm: maxval 65535 means 16-bit/);
    expect(() => decodePgm(pgm(W, H, grey).subarray(0, 30), 'c.pgm')).toThrow(/c\.pgm: .*(truncated|ends)/);
    expect(() => decodePgm(new TextEncoder().encode('P6\n1 1\n255\nabc'), 'd.pgm')).toThrow(/only P5 and P2/);
  });
});

describe('sharp formats through readGreyFile', () => {
  test('PNG grey, PNG palette, TIFF, JPEG, RGB PNG become 8-bit grey', async () => {
    const raw = { raw: { width: W, height: H, channels: 1 as const } };
    const p1 = write('g.png', await sharp(Buffer.from(grey), raw).png().toBuffer());
    const p2 = write('p.png', await sharp(Buffer.from(grey), raw).png({ palette: true, colours: 256, dither: 0 }).toBuffer());
    const p3 = write('t.tif', await sharp(Buffer.from(grey), raw).tiff({ compression: 'lzw' }).toBuffer());
    const flat = new Uint8Array(64 * 64).fill(90);
    const p4 = write('j.jpg', await sharp(Buffer.from(flat), { raw: { width: 64, height: 64, channels: 1 } }).jpeg({ quality: 95 }).toBuffer());
    const rgb = Uint8Array.from({ length: W * H * 3 }, (_, i) => (i * 37) % 256);
    const p5 = write('c.png', await sharp(Buffer.from(rgb), { raw: { width: W, height: H, channels: 3 } }).png().toBuffer());
    for (const [p, kind] of [[p1, 'png'], [p2, 'png'], [p3, 'tiff']] as const) {
      const g = await readGreyFile(p, kind, 500);
      expect([g.width, g.height, g.dpi]).toEqual([W, H, 500]);
      g.data.forEach((v, i) => expect(Math.abs(v - grey[i])).toBeLessThanOrEqual(kind === 'png' && p === p2 ? 2 : 0));
    }
    const j = await readGreyFile(p4, 'jpeg', 500);
    expect(j.data.every((v) => Math.abs(v - 90) <= 2)).toBe(true);
    const c = await readGreyFile(p5, 'png', 500);
    c.data.forEach((v, i) => expect(Math.abs(v - luma(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]))).toBeLessThanOrEqual(0));
  });

  test('16-bit PNG, garbage and a mislabelled file are refused naming the file', async () => {
    const sixteen = await sharp(Buffer.from(new Uint16Array(W * H).fill(30000).buffer), { raw: { width: W, height: H, channels: 1 } })
      .toColourspace('grey16').png().toBuffer();
    const p16 = write('1_1.png', sixteen);
    await expect(readGreyFile(p16, 'png', 500)).rejects.toThrow(new RegExp(`${p16}: 16-bit samples`));
    const bad = write('2_1.png', new TextEncoder().encode('not an image'));
    await expect(readGreyFile(bad, 'png', 500)).rejects.toThrow(ImageFormatError);
    await expect(readGreyFile(bad, 'png', 500)).rejects.toThrow(new RegExp(`${bad}: cannot decode`));
    const tif = write('3_1.png', await sharp(Buffer.from(grey), { raw: { width: W, height: H, channels: 1 } }).tiff({ compression: 'lzw' }).toBuffer());
    await expect(readGreyFile(tif, 'png', 500)).rejects.toThrow(/extension says PNG but the content is TIFF/);
    await expect(readGreyFile(join(dir, 'missing.png'), 'png', 500)).rejects.toThrow(/missing\.png: cannot read/);
  });
});
