import { niceStep } from './hist.js';
import { esc, f2, legend, PALETTE, svgOpen, text } from './svg.js';

/** One line of a line plot: points (x, y) in x order; y as a fraction, drawn in percent. */
export interface LineSeries {
  label: string;
  points: Array<[x: number, y: number]>;
  dash?: string;
}

export interface LinePlotOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  /** Tick positions on the x axis (default: the x values of the first series). */
  xTicks?: number[];
  /** Tick label; '\n' starts a second line. */
  xTickLabel?: (x: number) => string;
  /** Logarithmic x axis (for ratios such as resolutions). */
  logX?: boolean;
  /** A note under the plot (e.g. the pair counts). */
  note?: string;
}

const W = 720;
/** Height of the plot part; the legend and the note go below it, where they hide no line. */
const H0 = 440;
const M = { l: 70, r: 24, t: 46, b: 74 };

/**
 * Error rates against one factor as an SVG line plot: one polyline with round markers per series,
 * y from 0 % to a nice ceiling above the largest value, the legend below the plot.
 */
export function linePlotSvg(series: LineSeries[], o: LinePlotOptions): string {
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const fx = (x: number): number => (o.logX ? Math.log(x) : x);
  let x0 = Math.min(...xs), x1 = Math.max(...xs);
  if (!(x1 > x0)) { x0 -= 1; x1 += 1; }
  const pad = (fx(x1) - fx(x0)) * 0.04;
  const lo = fx(x0) - pad, hi = fx(x1) + pad;
  const top = Math.max(0.01, ...series.flatMap((s) => s.points.map((p) => p[1])));
  const ystep = niceStep(top * 100, 5) / 100;
  const ymax = Math.ceil(top / ystep - 1e-9) * ystep;
  const pw = W - M.l - M.r, ph = H0 - M.t - M.b;
  const H = H0 + series.length * 20 + 16 + (o.note ? 22 : 0);
  const X = (x: number): number => M.l + ((fx(x) - lo) / (hi - lo)) * pw;
  const Y = (y: number): number => M.t + ph - (y / ymax) * ph;
  let s = svgOpen(W, H, o.title);
  s += text(W / 2, 28, o.title, 'text-anchor="middle" font-size="16" font-weight="bold"');
  const ydec = Math.max(0, -Math.floor(Math.log10(ystep * 100) + 1e-9));
  for (let k = 0; k * ystep <= ymax + ystep / 2; k++) {
    const v = k * ystep;
    s += `<line x1="${M.l - 5}" y1="${f2(Y(v))}" x2="${M.l + pw}" y2="${f2(Y(v))}" stroke="${k === 0 ? '#333' : '#ececec'}"/>\n`;
    s += text(M.l - 9, Y(v) + 4, `${(v * 100).toFixed(ydec)}%`, 'text-anchor="end" font-size="12"');
  }
  for (const x of o.xTicks ?? series[0]?.points.map((p) => p[0]) ?? []) {
    s += `<line x1="${f2(X(x))}" y1="${M.t}" x2="${f2(X(x))}" y2="${M.t + ph + 5}" stroke="#ececec"/>\n`;
    s += `<line x1="${f2(X(x))}" y1="${M.t + ph}" x2="${f2(X(x))}" y2="${M.t + ph + 5}" stroke="#333"/>\n`;
    (o.xTickLabel ? o.xTickLabel(x) : String(x)).split('\n').forEach((line, k) => (s += text(X(x), M.t + ph + 20 + 14 * k, line, 'text-anchor="middle" font-size="12"')));
  }
  const entries: Array<{ colour: string; label: string; dash?: string; marker?: boolean }> = [];
  series.forEach((ser, i) => {
    const colour = PALETTE[i % PALETTE.length];
    const d = ser.points.map((p, k) => `${k ? 'L' : 'M'}${f2(X(p[0]))},${f2(Y(p[1]))}`).join(' ');
    s += `<path d="${d}" fill="none" stroke="${colour}" stroke-width="2.2" stroke-linejoin="round"${ser.dash ? ` stroke-dasharray="${ser.dash}"` : ''}/>\n`;
    for (const p of ser.points) {
      s += `<circle cx="${f2(X(p[0]))}" cy="${f2(Y(p[1]))}" r="4" fill="#ffffff" stroke="${colour}" stroke-width="2"><title>${esc(`${ser.label} at ${o.xTickLabel ? o.xTickLabel(p[0]).replace('\n', ' ') : p[0]}: ${(p[1] * 100).toFixed(2)}%`)}</title></circle>\n`;
    }
    entries.push({ colour, label: ser.label, dash: ser.dash, marker: true });
  });
  s += `<rect x="${M.l}" y="${M.t}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>\n`;
  s += text(M.l + pw / 2, H0 - 16, o.xLabel, 'text-anchor="middle" font-size="14"');
  s += text(18, M.t + ph / 2, o.yLabel, `text-anchor="middle" font-size="14" transform="rotate(-90 18 ${f2(M.t + ph / 2)})"`);
  if (entries.length) s += legend(M.l, H0 + 2, entries);
  if (o.note) s += text(M.l, H - 10, o.note, 'font-size="11" fill="#777"');
  return s + '</svg>\n';
}
