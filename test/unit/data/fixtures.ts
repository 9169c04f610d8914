/** Test fixture writers: BMP and PGM by hand, synthetic ridge images. */

/** An 8-bit palette BMP (bottom-up unless topDown) from palette indices and an RGB palette. */
export function bmp8(w: number, h: number, idx: Uint8Array, palette: Array<[number, number, number]>, topDown = false): Uint8Array {
  const stride = Math.ceil(w / 4) * 4;
  const palBytes = palette.length * 4;
  const off = 14 + 40 + palBytes;
  const buf = new Uint8Array(off + stride * h);
  const dv = new DataView(buf.buffer);
  buf[0] = 0x42;
  buf[1] = 0x4d;
  dv.setUint32(2, buf.length, true);
  dv.setUint32(10, off, true);
  dv.setUint32(14, 40, true);
  dv.setInt32(18, w, true);
  dv.setInt32(22, topDown ? -h : h, true);
  dv.setUint16(26, 1, true);
  dv.setUint16(28, 8, true);
  dv.setUint32(46, palette.length, true);
  palette.forEach(([r, g, b], i) => buf.set([b, g, r, 0], 54 + i * 4));
  for (let y = 0; y < h; y++) {
    const row = off + (topDown ? y : h - 1 - y) * stride;
    for (let x = 0; x < w; x++) buf[row + x] = idx[y * w + x];
  }
  return buf;
}

/** A 24-bit (or 16-bit header-only, to test refusal) BMP from RGB triples, bottom-up. */
export function bmp24(w: number, h: number, rgb: Uint8Array, bpp: 24 | 16 = 24): Uint8Array {
  const stride = Math.ceil((w * bpp) / 32) * 4;
  const off = 54;
  const buf = new Uint8Array(off + stride * h);
  const dv = new DataView(buf.buffer);
  buf[0] = 0x42;
  buf[1] = 0x4d;
  dv.setUint32(2, buf.length, true);
  dv.setUint32(10, off, true);
  dv.setUint32(14, 40, true);
  dv.setInt32(18, w, true);
  dv.setInt32(22, h, true);
  dv.setUint16(26, 1, true);
  dv.setUint16(28, bpp, true);
  if (bpp === 24) {
    for (let y = 0; y < h; y++) {
      const row = off + (h - 1 - y) * stride;
      for (let x = 0; x < w; x++) {
        const s = (y * w + x) * 3;
        buf.set([rgb[s + 2], rgb[s + 1], rgb[s]], row + x * 3);
      }
    }
  }
  return buf;
}

/** PGM P5 (binary) or P2 (ASCII) with a comment line. */
export function pgm(w: number, h: number, data: Uint8Array, ascii = false, maxval = 255): Uint8Array {
  const header = `${ascii ? 'P2' : 'P5'}\n# written by a whorl test\n${w} ${h}\n${maxval}\n`;
  if (ascii) {
    const rows: string[] = [];
    for (let y = 0; y < h; y++) rows.push(Array.from(data.subarray(y * w, (y + 1) * w)).join(' '));
    return new TextEncoder().encode(header + rows.join('\n') + '\n');
  }
  const out = new Uint8Array(header.length + data.length);
  out.set(new TextEncoder().encode(header));
  out.set(data, header.length);
  return out;
}

/**
 * A synthetic "fingerprint": curved sinusoidal ridges (period ~8 px at 500 dpi) inside an ellipse
 * on a white background. `finger` picks the pattern; `impression` shifts it by a few pixels.
 */
export function ridgeImage(w: number, h: number, finger: number, impression: number): Uint8Array {
  const out = new Uint8Array(w * h).fill(255);
  const th = finger * 1.3;
  const curv = 0.004 + 0.003 * (finger % 3);
  const dx = (impression - 1) * 2;
  const dy = (impression - 1) * -1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const ex = (x - w / 2) / (w * 0.42);
      const ey = (y - h / 2) / (h * 0.45);
      if (ex * ex + ey * ey > 1) continue;
      const u = x - dx - w / 2;
      const v = y - dy - h / 2;
      const along = u * Math.cos(th) + v * Math.sin(th);
      const across = -u * Math.sin(th) + v * Math.cos(th);
      const phase = (2 * Math.PI * (along + curv * across * across)) / 8;
      out[y * w + x] = Math.round(128 + 90 * Math.sin(phase));
    }
  }
  return out;
}
