import { esc, f2, legend, svgOpen, text } from './svg.js';

const W = 720;
const H = 440;
const M = { l: 70, r: 24, t: 46, b: 58 };

/** A "nice" tick step (1, 2 or 5 × 10^k) for a span split into about `n` parts. */
export function niceStep(span: number, n: number): number {
  const raw = span / n;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/**
 * Genuine and impostor score histograms as SVG: each normalised to its own pair count (fraction
 * of pairs per bin) so that sets of different sizes compare; `threshold` (the EER threshold) is
 * drawn as a dashed line.
 */
export function histSvg(genuine: ArrayLike<number>, impostor: ArrayLike<number>, opts: { title?: string; threshold?: number; bins?: number } = {}): string {
  const title = opts.title ?? 'Score distributions';
  const bins = opts.bins ?? 40;
  let lo = Infinity;
  let hi = -Infinity;
  for (const xs of [genuine, impostor]) for (let i = 0; i < xs.length; i++) {
    lo = Math.min(lo, xs[i]);
    hi = Math.max(hi, xs[i]);
  }
  if (!(hi > lo)) {
    hi = lo + 1;
  }
  const step = niceStep(hi - lo, 8);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  const bw = (hi - lo) / bins;
  const hist = (xs: ArrayLike<number>): number[] => {
    const h = new Array<number>(bins).fill(0);
    for (let i = 0; i < xs.length; i++) h[Math.min(bins - 1, Math.max(0, Math.floor((xs[i] - lo) / bw)))]++;
    return h.map((c) => c / Math.max(1, xs.length));
  };
  const hg = hist(genuine);
  const hi_ = hist(impostor);
  const top = Math.max(...hg, ...hi_);
  const ystep = niceStep(top, 5);
  const ymax = Math.ceil(top / ystep) * ystep || 1;
  const pw = W - M.l - M.r;
  const ph = H - M.t - M.b;
  const X = (v: number): number => M.l + ((v - lo) / (hi - lo)) * pw;
  const Y = (v: number): number => M.t + ph - (v / ymax) * ph;
  let s = svgOpen(W, H, title);
  s += text(W / 2, 28, title, 'text-anchor="middle" font-size="16" font-weight="bold"');
  const dec = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  for (let v = lo; v <= hi + step / 2; v += step) {
    s += `<line x1="${f2(X(v))}" y1="${M.t}" x2="${f2(X(v))}" y2="${M.t + ph + 5}" stroke="#ececec"/>\n`;
    s += `<line x1="${f2(X(v))}" y1="${M.t + ph}" x2="${f2(X(v))}" y2="${M.t + ph + 5}" stroke="#333"/>\n`;
    s += text(X(v), M.t + ph + 20, v.toFixed(dec), 'text-anchor="middle" font-size="12"');
  }
  const ydec = Math.max(0, -Math.floor(Math.log10(ystep * 100) + 1e-9));
  for (let v = 0; v <= ymax + ystep / 2; v += ystep) {
    s += `<line x1="${M.l - 5}" y1="${f2(Y(v))}" x2="${M.l + pw}" y2="${f2(Y(v))}" stroke="${v === 0 ? '#333' : '#ececec'}"/>\n`;
    s += text(M.l - 9, Y(v) + 4, `${(v * 100).toFixed(ydec)}%`, 'text-anchor="end" font-size="12"');
  }
  const bars = (h: number[], colour: string): string => {
    let d = `M${f2(X(lo))},${f2(Y(0))}`;
    h.forEach((v, k) => (d += ` V${f2(Y(v))} H${f2(X(lo + (k + 1) * bw))}`));
    d += ` V${f2(Y(0))} Z`;
    return `<path d="${d}" fill="${colour}" fill-opacity="0.35" stroke="${colour}" stroke-width="1.6"/>\n`;
  };
  s += bars(hi_, '#D55E00');
  s += bars(hg, '#0072B2');
  const entries = [
    { colour: '#0072B2', label: `genuine (${genuine.length} pairs)` },
    { colour: '#D55E00', label: `impostor (${impostor.length} pairs)` },
  ];
  if (opts.threshold !== undefined && Number.isFinite(opts.threshold)) {
    const tx = X(Math.min(hi, Math.max(lo, opts.threshold)));
    s += `<line x1="${f2(tx)}" y1="${M.t}" x2="${f2(tx)}" y2="${M.t + ph}" stroke="#222" stroke-width="1.5" stroke-dasharray="6 4"><title>${esc(`EER threshold ${opts.threshold}`)}</title></line>\n`;
    entries.push({ colour: '#222', label: `EER threshold ${opts.threshold.toFixed(3)}`, dash: '6 4' } as (typeof entries)[number]);
  }
  s += `<rect x="${M.l}" y="${M.t}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>\n`;
  s += text(M.l + pw / 2, H - 14, 'score (higher = more similar)', 'text-anchor="middle" font-size="14"');
  s += text(18, M.t + ph / 2, 'pairs per bin (% of class)', `text-anchor="middle" font-size="14" transform="rotate(-90 18 ${f2(M.t + ph / 2)})"`);
  const lw = 24 + Math.max(...entries.map((e) => e.label.length)) * 7.4 + 20;
  s += legend(M.l + pw - lw - 10, M.t + 10, entries);
  return s + '</svg>\n';
}
