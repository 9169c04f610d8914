/** Quantization report: per-layer scales and saturation, float-vs-int8 embedding cosine, EER of both. */
import type { LayerStats } from './quantize.js';
import type { FusedModel } from './graph.js';
import type { QModel } from './qmodel.js';
import { floatForward, floatInput } from './floatrun.js';
import { forwardI8, int8Input } from './int8.js';
import { scoreI8 } from './fixed.js';

export interface LayerReport {
  name: string; op: string; act?: string; inScale: number; preScale?: number; outScale: number;
  weightScaleMin?: number; weightScaleMax?: number;
  /** Fraction of calibration values clipped by the int8 range (pre-activation tensor where there is one). */
  saturation: number; saturationOut: number;
}

export interface QuantReport {
  method: string;
  images: number;
  layers: LayerReport[];
  cosine: { mean: number; min: number };
  /** Present when image names follow <finger>_<impression>: FVC protocol EER in percent. */
  /**
   * EER of the calibration set's FVC pairs, float beside int8 (percent). `pairStep`: points one genuine
   * pair moves the FNMR on this set; `verdict` 'unresolved' when the difference exceeds the target by
   * no more than that step, so the set is too small to tell (judge on a larger one).
   */
  eer?: { float: number; int8: number; genuine: number; impostor: number; delta: number; target: number; withinTarget: boolean; pairStep: number; verdict: EerVerdict };
}

function cos(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) { ab += a[i] * b[i]; aa += a[i] * a[i]; bb += b[i] * b[i]; }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

export type EerVerdict = 'met' | 'unresolved' | 'not met';

/** The int8-versus-float EER verdict: met, not met, or within one genuine pair's step of the target. */
export function eerVerdict(delta: number, target: number, pairStep: number): EerVerdict {
  if (delta <= target) return 'met';
  return delta <= target + pairStep ? 'unresolved' : 'not met';
}

/** Equal error rate (percent) of genuine and impostor score lists (higher score = same finger). */
export function equalErrorRate(gen: number[], imp: number[]): number {
  const ts = [...new Set([...gen, ...imp])].sort((a, b) => a - b);
  let best = 100, bestGap = Infinity;
  for (const t of ts) {
    const fnmr = (gen.filter((s) => s < t).length / gen.length) * 100;
    const fmr = (imp.filter((s) => s >= t).length / imp.length) * 100;
    const gap = Math.abs(fnmr - fmr);
    if (gap < bestGap) { bestGap = gap; best = (fnmr + fmr) / 2; }
  }
  return best;
}

/** Genuine and impostor pairs of the FVC protocol from names <finger>_<impression>. */
export function fvcPairs(names: string[]): { genuine: [number, number][]; impostor: [number, number][] } | undefined {
  const parsed = names.map((n) => /^([^_]+)_(\d+)/.exec(n));
  if (parsed.some((p) => !p)) return undefined;
  const genuine: [number, number][] = [], impostor: [number, number][] = [];
  for (let i = 0; i < names.length; i++) for (let j = i + 1; j < names.length; j++) {
    const a = parsed[i]!, b = parsed[j]!;
    if (a[1] === b[1]) genuine.push([i, j]);
    else if (a[2] === '1' && b[2] === '1') impostor.push([i, j]);
  }
  return genuine.length && impostor.length ? { genuine, impostor } : undefined;
}

/** Builds the report on a set of images (u8, model input size). */
export function buildReport(fm: FusedModel, qm: QModel, stats: LayerStats[], images: Uint8Array[], names: string[], method: string): QuantReport {
  const layers: LayerReport[] = qm.layers.map((l, i) => {
    const info = l.info!;
    const ws = info.weightScales;
    const pre = stats[i]?.pre;
    const out = stats[i]?.out;
    return {
      name: l.name, op: fm.layers[i].layer.kind, act: info.act, inScale: info.inScale, preScale: info.preScale, outScale: info.outScale,
      weightScaleMin: ws ? Math.min(...ws) : undefined, weightScaleMax: ws ? Math.max(...ws) : undefined,
      saturation: pre ? pre.fractionAbove(127.5 * info.preScale!) : out ? out.fractionAbove(127.5 * info.outScale) : 0,
      saturationOut: out ? out.fractionAbove(127.5 * info.outScale) : 0,
    };
  });
  const fEmb: Float32Array[] = [], qEmb: Int8Array[] = [];
  for (const img of images) {
    const f = floatForward(fm, floatInput(img));
    const q = forwardI8(qm, int8Input(img));
    fEmb.push(f[f.length - 1].out);
    qEmb.push(q[q.length - 1]);
  }
  const cs = fEmb.map((f, i) => cos(f, qEmb[i]));
  const rep: QuantReport = {
    method, images: images.length, layers,
    cosine: { mean: cs.reduce((a, b) => a + b, 0) / Math.max(1, cs.length), min: Math.min(...cs) },
  };
  const pairs = fvcPairs(names);
  if (pairs) {
    const fs = (p: [number, number][]): number[] => p.map(([a, b]) => cos(fEmb[a], fEmb[b]));
    const qs = (p: [number, number][]): number[] => p.map(([a, b]) => scoreI8(qEmb[a], qEmb[b]));
    const float = equalErrorRate(fs(pairs.genuine), fs(pairs.impostor));
    const int8 = equalErrorRate(qs(pairs.genuine), qs(pairs.impostor));
    const delta = int8 - float, target = 0.2, pairStep = 100 / pairs.genuine.length;
    rep.eer = {
      float, int8, genuine: pairs.genuine.length, impostor: pairs.impostor.length, delta, target,
      withinTarget: delta <= target, pairStep, verdict: eerVerdict(delta, target, pairStep),
    };
  }
  return rep;
}

/** Formats the report as a text table. */
export function formatReport(r: QuantReport): string {
  const rows = r.layers.map((l) => `${l.name.padEnd(24)} ${l.op.padEnd(8)} ${(l.act ?? '-').padEnd(6)} in ${l.inScale.toExponential(3)} ${l.preScale !== undefined ? 'pre ' + l.preScale.toExponential(3) + ' ' : ''}out ${l.outScale.toExponential(3)}  sat ${(100 * l.saturation).toFixed(3)}%`);
  const lines = [`calibration: ${r.method} on ${r.images} images`, ...rows, `embedding cosine float vs int8: mean ${r.cosine.mean.toFixed(5)}, min ${r.cosine.min.toFixed(5)}`];
  if (r.eer) {
    const e = r.eer;
    const verdict = e.verdict === 'met' ? 'met' : e.verdict === 'not met' ? 'NOT met'
      : `not resolved: one genuine pair is ${e.pairStep.toFixed(2)} points on this set, judge on a larger one (whorl eval --matcher int8)`;
    lines.push(`EER float ${e.float.toFixed(2)}%, int8 ${e.int8.toFixed(2)}% (${e.delta >= 0 ? '+' : ''}${e.delta.toFixed(2)} points, target ≤ +${e.target}: ${verdict}; ${e.genuine} genuine, ${e.impostor} impostor pairs)`);
  }
  return lines.join('\n');
}
