/** Test helper: rotates (degrees, about the image centre) and shifts a u8 image, nearest neighbour, filling with `fill`. */
export function transformImage(src: Uint8Array, h: number, w: number, deg: number, dy: number, dx: number, fill: number): Uint8Array {
  const out = new Uint8Array(h * w).fill(fill);
  const c = Math.cos((deg * Math.PI) / 180), s = Math.sin((deg * Math.PI) / 180);
  const cy = h / 2, cx = w / 2;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const yy = y - dy - cy, xx = x - dx - cx;
    const sy = Math.round(cy + c * yy - s * xx), sx = Math.round(cx + s * yy + c * xx);
    if (sy >= 0 && sx >= 0 && sy < h && sx < w) out[y * w + x] = src[sy * w + sx];
  }
  return out;
}
