/**
 * Where a CNN matcher's errors come from: an evaluation report's scores split by how each image was
 * registered (crop centred on a core, or on the foreground centroid when no core was found) and, for
 * synthetic sets whose manifest names each finger's class, by class; and by crop fill, the lower
 * of the two images' quality (ridged foreground blocks per 100 blocks of the network's crop: a crop
 * that hangs over the print's edge fills less); for synthetic sets whose manifest keeps each impression's
 * transform, genuine pairs by the rotation between the two impressions. Genuine pairs give the FNMR of each group at the EER
 * threshold and at the FMR100 threshold; impostor pairs give the FMR of each group at the EER threshold.
 */
import { WhorlError } from '../util/errors.js';
import { readDataset, loadGrey } from '../data/dataset.js';
import { preprocessPrint, type PrintPreParams } from '../nn/printpre.js';
import { progress } from '../util/progress.js';
import { errorCurve, pointAtFmr } from './metrics.js';
import { pct, readReport } from './report.js';
import type { ScoredPair } from './run.js';

export interface GroupRates {
  group: string;
  pairs: number;
  /** FNMR (genuine groups) or FMR (impostor groups) at the EER threshold */
  atEer: number;
  /** FNMR at the FMR100 threshold (genuine groups only) */
  atFmr100?: number;
}

export interface Breakdown {
  report: string;
  /** a pair is accepted when its score is at or above the threshold */
  thresholds: { eer: number; fmr100: number };
  /** images whose crop was centred on a core, of all images */
  coreFound: { images: number; withCore: number };
  genuineByRegistration: GroupRates[];
  genuineByClass: GroupRates[];
  impostorByClass: GroupRates[];
  /** groups by the lower crop fill of the pair: "00–69", "70–84", "85–94", "95–100" (quality, %) */
  genuineByFill: GroupRates[];
  impostorByFill: GroupRates[];
  /** genuine pairs by |rotation difference| of the two impressions: "00–09°", "10–19°", "20° and more" (synthetic sets) */
  genuineByRotation: GroupRates[];
}

/** The rotation group of an angle between two impressions (degrees, any sign). */
export function rotationGroup(deg: number): string {
  const a = Math.abs(deg);
  return a < 10 ? '00–09°' : a < 20 ? '10–19°' : '20° and more';
}

/** The crop-fill group of a quality value (0..100). */
export function fillGroup(q: number): string {
  return q < 70 ? '00–69' : q < 85 ? '70–84' : q < 95 ? '85–94' : '95–100';
}

function rates(pairs: ScoredPair[], key: (p: ScoredPair) => string | undefined, tEer: number, t100: number | undefined, genuine: boolean): GroupRates[] {
  const g = new Map<string, { n: number; e: number; f: number }>();
  for (const p of pairs) {
    const k = key(p);
    if (k === undefined) continue;
    const v = g.get(k) ?? { n: 0, e: 0, f: 0 };
    v.n++;
    if (genuine ? p[2] < tEer : p[2] >= tEer) v.e++;
    if (t100 !== undefined && p[2] < t100) v.f++;
    g.set(k, v);
  }
  return [...g.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([group, v]) => ({ group, pairs: v.n, atEer: v.e / v.n, ...(t100 !== undefined ? { atFmr100: v.f / v.n } : {}) }));
}

/**
 * Splits the errors of `reportFile` (written by `whorl eval`) by registration and class. `pre` is the
 * model's preprocessing (its manifest's input.pre), used to tell which images had a core.
 */
export async function errorBreakdown(reportFile: string, pre: PrintPreParams, opts: { dataset?: string; progress?: boolean } = {}): Promise<Breakdown> {
  const r = await readReport(reportFile);
  if (r.protocol.enroll !== undefined) throw new WhorlError('EVAL_BREAKDOWN', `${reportFile}: a breakdown needs an FVC-protocol report (one impression a side); this one scores templates of ${r.protocol.enroll}`, { context: { report: reportFile, enroll: r.protocol.enroll } });
  const dir = opts.dataset ?? r.dataset.dir;
  const ds = await readDataset(dir, { dpi: r.dataset.dpiSource === 'option' ? r.dataset.dpi : undefined });
  const core = new Map<string, boolean>();
  const fill = new Map<string, number>();
  const refs = [...ds.fingers.values()].flat();
  const bar = progress('registration', refs.length, { enabled: opts.progress });
  try {
    for (const ref of refs) {
      const img = await loadGrey(ref);
      const p = preprocessPrint(img.data, img.height, img.width, img.dpi, pre);
      core.set(`${ref.finger}_${ref.impression}`, p.core);
      fill.set(`${ref.finger}_${ref.impression}`, p.quality);
      bar.tick();
    }
  } finally {
    bar.stop();
  }
  const cls = new Map<string, string>();
  const rot = new Map<string, number>();
  const items = (ds.manifest as { items?: Array<{ finger: number; cls?: string; impressions?: Array<{ impression: number; transform?: { rotation?: number } }> }> } | undefined)?.items ?? [];
  for (const it of items) {
    if (it.cls) cls.set(String(it.finger), it.cls);
    for (const im of it.impressions ?? []) if (typeof im.transform?.rotation === 'number') rot.set(`${it.finger}_${im.impression}`, im.transform.rotation);
  }
  const finger = (name: string): string => name.slice(0, name.lastIndexOf('_'));
  const m = r.metrics;
  const tEer = (m.eerT1 + m.eerT2) / 2;
  // the FVC FMR100 point of the report's own metrics: the lowest threshold with FMR ≤ 1 %
  const t100 = pointAtFmr(errorCurve(r.scores.genuine.map((p) => p[2]), r.scores.impostor.map((p) => p[2])), 0.01).t;
  const reg = (p: ScoredPair): string | undefined => {
    const a = core.get(p[0]), b = core.get(p[1]);
    if (a === undefined || b === undefined) return undefined;
    return a && b ? 'core in both' : a || b ? 'core in one' : 'core in neither';
  };
  const filled = (p: ScoredPair): string | undefined => {
    const a = fill.get(p[0]), b = fill.get(p[1]);
    return a === undefined || b === undefined ? undefined : fillGroup(Math.min(a, b));
  };
  return {
    report: reportFile,
    thresholds: { eer: tEer, fmr100: t100 },
    coreFound: { images: core.size, withCore: [...core.values()].filter(Boolean).length },
    genuineByRegistration: rates(r.scores.genuine, reg, tEer, t100, true),
    genuineByClass: cls.size ? rates(r.scores.genuine, (p) => cls.get(finger(p[0])), tEer, t100, true) : [],
    impostorByClass: cls.size ? rates(r.scores.impostor, (p) => {
      const a = cls.get(finger(p[0])), b = cls.get(finger(p[1]));
      return a && b ? (a === b ? 'same class' : 'different classes') : undefined;
    }, tEer, undefined, false) : [],
    genuineByFill: rates(r.scores.genuine, filled, tEer, t100, true),
    impostorByFill: rates(r.scores.impostor, filled, tEer, undefined, false),
    genuineByRotation: rates(r.scores.genuine, (p) => {
      const a = rot.get(p[0]), b = rot.get(p[1]);
      return a === undefined || b === undefined ? undefined : rotationGroup(a - b);
    }, tEer, t100, true),
  };
}

/** Markdown tables of a breakdown. */
export function breakdownMarkdown(b: Breakdown): string {
  let s = `Thresholds (accepted at or above): EER ${b.thresholds.eer.toFixed(4)}, FMR100 ${b.thresholds.fmr100.toFixed(4)}. Core found in ${b.coreFound.withCore} of ${b.coreFound.images} images.\n\n`;
  const table = (title: string, rows: GroupRates[], genuine: boolean): void => {
    if (!rows.length) return;
    s += `| ${title} | pairs | ${genuine ? 'FNMR at EER threshold | FNMR at FMR100 threshold' : 'FMR at EER threshold'} |\n|---|---|---|${genuine ? '---|' : ''}\n`;
    for (const g of rows) s += `| ${g.group} | ${g.pairs} | ${pct(g.atEer)} |${genuine ? ` ${pct(g.atFmr100 ?? 0)} |` : ''}\n`;
    s += '\n';
  };
  table('genuine pairs, registration', b.genuineByRegistration, true);
  table('genuine pairs, class', b.genuineByClass, true);
  table('impostor pairs', b.impostorByClass, false);
  table('genuine pairs, lower crop fill (%)', b.genuineByFill, true);
  table('impostor pairs, lower crop fill (%)', b.impostorByFill, false);
  table('genuine pairs, rotation between the impressions', b.genuineByRotation, true);
  return s;
}
