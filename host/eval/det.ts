import { errorCurve } from './metrics.js';
import { esc, f2, legend, PALETTE, svgOpen, text } from './svg.js';

/** One curve on a DET plot. */
export interface DetSeries {
  label: string;
  genuine: ArrayLike<number>;
  impostor: ArrayLike<number>;
  eer: number;
}

const W = 720;
/** Height of the plot part; the legend goes below it, so the figure grows with the series. */
const H0 = 600;
const M = { l: 78, r: 24, t: 46, b: 62 };

/** Percent label of a decade. */
function pct(v: number): string {
  const p = v * 100;
  return `${p >= 1 ? p.toFixed(0) : p.toPrecision(1).replace(/0+$/, '')}%`;
}

/**
 * DET plot as SVG: FNMR against FMR, both on log axes from the smallest decade the data can reach
 * up to 100%, one staircase per series, the FMR = FNMR diagonal dashed and each EER marked with a
 * circle. Rates of 0 are drawn on the lower axis edge.
 */
export function detSvg(series: DetSeries[], title = 'DET curve'): string {
  // Lower edge: the decade below the smallest non-zero rate any series can show.
  const finest = Math.min(...series.map((s) => 1 / Math.max(1, s.genuine.length, s.impostor.length)));
  const loExp = Math.min(-1, Math.max(-5, Math.floor(Math.log10(finest) - 1e-9)));
  const lo = 10 ** loExp;
  const pw = W - M.l - M.r;
  const ph = H0 - M.t - M.b;
  const H = H0 + (series.length + 1) * 20 + 24;
  const X = (v: number): number => M.l + ((Math.log10(Math.max(v, lo)) - loExp) / -loExp) * pw;
  const Y = (v: number): number => M.t + ph - ((Math.log10(Math.max(v, lo)) - loExp) / -loExp) * ph;
  let s = svgOpen(W, H, title);
  s += text(W / 2, 28, title, 'text-anchor="middle" font-size="16" font-weight="bold"');
  // Grid: minor lines at 2..9 × decade, major at decades.
  for (let e = loExp; e <= 0; e++) {
    for (let k = 1; k <= 9 && (e < 0 || k === 1); k++) {
      const v = k * 10 ** e;
      const major = k === 1;
      const stroke = major ? '#c8c8c8' : '#ececec';
      s += `<line x1="${f2(X(v))}" y1="${M.t}" x2="${f2(X(v))}" y2="${M.t + ph}" stroke="${stroke}"/>\n`;
      s += `<line x1="${M.l}" y1="${f2(Y(v))}" x2="${M.l + pw}" y2="${f2(Y(v))}" stroke="${stroke}"/>\n`;
      if (major) {
        s += text(X(v), M.t + ph + 20, pct(v), 'text-anchor="middle" font-size="12"');
        s += text(M.l - 8, Y(v) + 4, pct(v), 'text-anchor="end" font-size="12"');
      }
      s += `<line x1="${f2(X(v))}" y1="${M.t + ph}" x2="${f2(X(v))}" y2="${M.t + ph + (major ? 6 : 3)}" stroke="#333"/>\n`;
      s += `<line x1="${M.l - (major ? 6 : 3)}" y1="${f2(Y(v))}" x2="${M.l}" y2="${f2(Y(v))}" stroke="#333"/>\n`;
    }
  }
  s += `<line x1="${X(lo)}" y1="${Y(lo)}" x2="${X(1)}" y2="${Y(1)}" stroke="#888" stroke-dasharray="5 4"/>\n`;
  s += `<defs><clipPath id="plot"><rect x="${M.l}" y="${M.t}" width="${pw}" height="${ph}"/></clipPath></defs>\n`;
  const entries: Array<{ colour: string; label: string; marker?: boolean; dash?: string }> = [];
  series.forEach((ser, i) => {
    const colour = PALETTE[i % PALETTE.length];
    const curve = errorCurve(ser.genuine, ser.impostor);
    // Staircase: thresholds ascend, FMR falls and FNMR rises.
    let d = `M${f2(X(curve[0].fmr))},${f2(Y(curve[0].fnmr))}`;
    for (let k = 1; k < curve.length; k++) d += ` H${f2(X(curve[k].fmr))} V${f2(Y(curve[k].fnmr))}`;
    s += `<path d="${d}" fill="none" stroke="${colour}" stroke-width="2.2" stroke-linejoin="round" clip-path="url(#plot)"/>\n`;
    s += `<circle cx="${f2(X(ser.eer))}" cy="${f2(Y(ser.eer))}" r="5.5" fill="#ffffff" stroke="${colour}" stroke-width="2.2"><title>${esc(`${ser.label}: EER ${(ser.eer * 100).toFixed(2)}%`)}</title></circle>\n`;
    entries.push({ colour, label: `${ser.label} — EER ${(ser.eer * 100).toFixed(2)}%`, marker: true });
  });
  s += `<rect x="${M.l}" y="${M.t}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>\n`;
  s += text(M.l + pw / 2, H0 - 16, 'FMR (false match rate)', 'text-anchor="middle" font-size="14"');
  s += text(20, M.t + ph / 2, 'FNMR (false non-match rate)', `text-anchor="middle" font-size="14" transform="rotate(-90 20 ${f2(M.t + ph / 2)})"`);
  entries.push({ colour: '#888888', label: 'FMR = FNMR (circles: EER)', dash: '5 4' });
  // Below the plot, where it can hide no curve.
  s += legend(M.l, H0 + 2, entries);
  s += text(W - M.r, H0 - 16, 'rates of 0 drawn on the axes', 'text-anchor="end" font-size="11" fill="#777"');
  return s + '</svg>\n';
}
