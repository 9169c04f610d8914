import { ImageFormatError } from './errors.js';
import { luma } from './grey.js';

/** Decoded pixels of a file read by one of the small readers here. */
export interface RawGrey {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * Decodes an uncompressed Windows BMP (BITMAPINFOHEADER or later): 1, 4 or 8 bits with a palette,
 * 24 or 32 bits BGR(A). Palette and colour pixels become grey by BT.601 luma. 16-bit and
 * run-length-encoded files are refused with an ImageFormatError naming `file`.
 */
export function decodeBmp(buf: Uint8Array, file: string): RawGrey {
  const fail = (msg: string, ctx: Record<string, unknown> = {}): never => {
    throw new ImageFormatError('BMP_UNSUPPORTED', `${file}: ${msg}`, { context: { file, ...ctx } });
  };
  if (buf.length < 54 || buf[0] !== 0x42 || buf[1] !== 0x4d) fail('not a BMP file (no "BM" header)');
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const pixOff = dv.getUint32(10, true);
  const hdrSize = dv.getUint32(14, true);
  if (hdrSize < 40) fail(`BMP header of ${hdrSize} bytes (OS/2 BMP) is not supported`, { headerSize: hdrSize });
  const width = dv.getInt32(18, true);
  const rawH = dv.getInt32(22, true);
  const bpp = dv.getUint16(28, true);
  const compression = dv.getUint32(30, true);
  let nColours = dv.getUint32(46, true);
  const height = Math.abs(rawH);
  const topDown = rawH < 0;
  if (width <= 0 || height === 0) fail(`bad size ${width}x${rawH}`);
  if (bpp === 16) fail('16-bit BMP is not supported: use an 8-bit grey, palette or 24-bit image', { bitsPerPixel: bpp });
  if (![1, 4, 8, 24, 32].includes(bpp)) fail(`${bpp} bits per pixel is not supported`, { bitsPerPixel: bpp });
  // BI_RGB = 0; BI_BITFIELDS = 3 is accepted for 32-bit only when the masks are plain BGRA.
  if (compression !== 0 && !(compression === 3 && bpp === 32)) fail(`compressed BMP (compression ${compression}) is not supported`, { compression });
  let palette: Uint8Array | undefined;
  if (bpp <= 8) {
    if (nColours === 0) nColours = 1 << bpp;
    const palOff = 14 + hdrSize;
    if (palOff + nColours * 4 > buf.length) fail('palette runs past the end of the file');
    palette = new Uint8Array(nColours);
    for (let i = 0; i < nColours; i++) {
      const o = palOff + i * 4;
      palette[i] = luma(buf[o + 2], buf[o + 1], buf[o]);
    }
  }
  const stride = Math.floor((width * bpp + 31) / 32) * 4;
  if (pixOff + stride * height > buf.length) fail('pixel data runs past the end of the file', { expected: pixOff + stride * height, size: buf.length });
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = pixOff + (topDown ? y : height - 1 - y) * stride;
    const o = y * width;
    for (let x = 0; x < width; x++) {
      let v: number;
      if (bpp === 24 || bpp === 32) {
        const p = row + x * (bpp >> 3);
        v = luma(buf[p + 2], buf[p + 1], buf[p]);
      } else {
        const bit = x * bpp;
        const byte = buf[row + (bit >> 3)];
        const idx = (byte >> (8 - bpp - (bit & 7))) & ((1 << bpp) - 1);
        if (idx >= palette!.length) fail(`palette index ${idx} out of range`, { x, y });
        v = palette![idx];
      }
      out[o + x] = v;
    }
  }
  return { width, height, data: out };
}
