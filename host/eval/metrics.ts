/**
 * Verification error rates as defined in the FVC2000/FVC2002 reports (Maio et al.). Scores are
 * "higher = more similar"; a pair is accepted when score >= t.
 *   FMR(t)  = |{impostor scores >= t}| / |impostor|
 *   FNMR(t) = |{genuine scores  <  t}| / |genuine|
 */

export interface ErrorPoint {
  /** Threshold: pairs with score >= t are accepted. */
  t: number;
  fmr: number;
  fnmr: number;
}

export interface Metrics {
  genuineCount: number;
  impostorCount: number;
  /** (EERlow + EERhigh) / 2. */
  eer: number;
  eerLow: number;
  eerHigh: number;
  /** Thresholds t1 (last with FNMR <= FMR) and t2 (first with FNMR >= FMR). */
  eerT1: number;
  eerT2: number;
  /** Lowest FNMR with FMR <= 1%, <= 0.1%, = 0; and lowest FMR with FNMR = 0. */
  fmr100: number;
  fmr1000: number;
  zeroFmr: number;
  zeroFnmr: number;
  /** Present when a threshold was given. */
  atThreshold?: ErrorPoint;
}

/** Counts of values >= t (for a sorted ascending array) by binary search. */
function countAtLeast(sorted: Float64Array, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] >= t) hi = mid;
    else lo = mid + 1;
  }
  return sorted.length - lo;
}

function sortedCopy(xs: ArrayLike<number>): Float64Array {
  const a = Float64Array.from(xs);
  a.sort();
  return a;
}

/** FMR and FNMR at one threshold. */
export function ratesAt(genuine: ArrayLike<number>, impostor: ArrayLike<number>, t: number): ErrorPoint {
  const g = sortedCopy(genuine);
  const i = sortedCopy(impostor);
  return { t, fmr: countAtLeast(i, t) / i.length, fnmr: (g.length - countAtLeast(g, t)) / g.length };
}

/**
 * The error curve over every distinct threshold: each distinct score and +Infinity (which rejects
 * everything), ascending in t. Between consecutive scores the rates do not change, so this is
 * the whole step function.
 */
export function errorCurve(genuine: ArrayLike<number>, impostor: ArrayLike<number>): ErrorPoint[] {
  const g = sortedCopy(genuine);
  const i = sortedCopy(impostor);
  const all = sortedCopy([...g, ...i]);
  const ts: number[] = [];
  for (let k = 0; k < all.length; k++) if (k === 0 || all[k] !== all[k - 1]) ts.push(all[k]);
  ts.push(Infinity);
  const out: ErrorPoint[] = [];
  let gi = 0; // genuine scores < t
  let ii = 0; // impostor scores < t
  for (const t of ts) {
    while (gi < g.length && g[gi] < t) gi++;
    while (ii < i.length && i[ii] < t) ii++;
    out.push({ t, fnmr: gi / g.length, fmr: (i.length - ii) / i.length });
  }
  return out;
}

/** The lowest threshold of an error curve whose FMR is at most `bound` (FMR100's point for 0.01). */
export function pointAtFmr(curve: ErrorPoint[], bound: number): ErrorPoint {
  return curve.find((p) => p.fmr <= bound + 1e-12) ?? curve[curve.length - 1];
}

/** Lowest `minimise` rate over the points where `limit` rate is <= `bound` (1 when none). */
function lowestWhere(curve: ErrorPoint[], limit: 'fmr' | 'fnmr', bound: number): number {
  let best = 1;
  const eps = 1e-12;
  for (const p of curve) {
    if (p[limit] <= bound + eps) {
      const v = limit === 'fmr' ? p.fnmr : p.fmr;
      if (v < best) best = v;
    }
  }
  return best;
}

/**
 * All FVC indicators from two score lists. EER per FVC: t1 = max{t : FNMR(t) <= FMR(t)},
 * t2 = min{t : FNMR(t) >= FMR(t)}; if FNMR(t1)+FMR(t1) <= FMR(t2)+FNMR(t2) then
 * [EERlow, EERhigh] = [FNMR(t1), FMR(t1)], else [FMR(t2), FNMR(t2)]; EER is their mean.
 */
export function computeMetrics(genuine: ArrayLike<number>, impostor: ArrayLike<number>, threshold?: number): Metrics {
  if (genuine.length === 0 || impostor.length === 0) {
    throw new RangeError(`need genuine and impostor scores (got ${genuine.length} genuine, ${impostor.length} impostor)`);
  }
  const curve = errorCurve(genuine, impostor);
  let p1 = curve[0];
  let p2 = curve[curve.length - 1];
  for (const p of curve) if (p.fnmr <= p.fmr) p1 = p; // ascending t: keeps the last (max t)
  for (let k = curve.length - 1; k >= 0; k--) if (curve[k].fnmr >= curve[k].fmr) p2 = curve[k];
  let eerLow: number;
  let eerHigh: number;
  if (p1.fnmr + p1.fmr <= p2.fmr + p2.fnmr) {
    eerLow = p1.fnmr;
    eerHigh = p1.fmr;
  } else {
    eerLow = p2.fmr;
    eerHigh = p2.fnmr;
  }
  const m: Metrics = {
    genuineCount: genuine.length,
    impostorCount: impostor.length,
    eer: (eerLow + eerHigh) / 2,
    eerLow,
    eerHigh,
    eerT1: p1.t,
    eerT2: p2.t,
    fmr100: lowestWhere(curve, 'fmr', 0.01),
    fmr1000: lowestWhere(curve, 'fmr', 0.001),
    zeroFmr: lowestWhere(curve, 'fmr', 0),
    zeroFnmr: lowestWhere(curve, 'fnmr', 0),
  };
  if (threshold !== undefined) m.atThreshold = ratesAt(genuine, impostor, threshold);
  return m;
}
