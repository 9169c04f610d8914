import sharp from 'sharp';

/** Escapes text for SVG content and attributes. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Number formatting for coordinates (2 decimals, no trailing noise). */
export function f2(x: number): string {
  return (Math.round(x * 100) / 100).toString();
}

export const FONT = 'DejaVu Sans, Arial, Helvetica, sans-serif';

/** Distinct colours for curves (colour-blind friendly, Okabe–Ito). */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

/** Opening of an SVG document with a white background and default text style. */
export function svgOpen(w: number, h: number, title: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="${FONT}" font-size="13">\n` +
    `<title>${esc(title)}</title>\n<rect width="${w}" height="${h}" fill="#ffffff"/>\n`
  );
}

/** Text element. */
export function text(x: number, y: number, s: string, attrs = ''): string {
  return `<text x="${f2(x)}" y="${f2(y)}" ${attrs}>${esc(s)}</text>\n`;
}

/** A legend box at (x, y) with one line per entry (colour swatch + label). */
export function legend(x: number, y: number, entries: Array<{ colour: string; label: string; dash?: string; marker?: boolean }>): string {
  const lh = 20;
  const w = 24 + Math.max(...entries.map((e) => e.label.length)) * 7.4 + 20;
  let s = `<rect x="${f2(x)}" y="${f2(y)}" width="${f2(w)}" height="${entries.length * lh + 10}" fill="#ffffff" fill-opacity="0.92" stroke="#999999"/>\n`;
  entries.forEach((e, i) => {
    const cy = y + 15 + i * lh;
    s += `<line x1="${f2(x + 8)}" y1="${f2(cy)}" x2="${f2(x + 30)}" y2="${f2(cy)}" stroke="${e.colour}" stroke-width="2.5"${e.dash ? ` stroke-dasharray="${e.dash}"` : ''}/>\n`;
    if (e.marker) s += `<circle cx="${f2(x + 19)}" cy="${f2(cy)}" r="4" fill="#ffffff" stroke="${e.colour}" stroke-width="2"/>\n`;
    s += text(x + 38, cy + 4.5, e.label, 'font-size="12.5"');
  });
  return s;
}

/** Renders an SVG document to PNG bytes with sharp (librsvg), at `density` dpi (96 = 1:1). */
export async function svgToPng(svg: string, density = 144): Promise<Buffer> {
  return sharp(Buffer.from(svg, 'utf8'), { density }).png().toBuffer();
}
