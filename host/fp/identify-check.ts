/**
 * IDENTIFY's two ways of choosing the best candidate, side by side on embedded impressions (host int8
 * reference): by margin over each template size's threshold (the device, host/fp/identify-rank.ts)
 * and by raw score (the firmware before). Each draw enrolls a random half of the fingers with
 * templates of random size (impressions 1..n, n in 1..sizes) and probes with every finger's probe
 * impressions: those enrolled should be identified (rank 1 right, and a match), the others refused.
 */
import { Rng } from '../synth/prng.js';
import { Int8Reference } from './reference.js';
import { rankCandidates } from './identify-rank.js';

export interface IdentifyCheckOptions {
  /** per level: its name and thresholds per template size (bySize[k]: k + 1 impressions) */
  levels: Array<{ fmrInv: number; bySize: number[] }>;
  draws: number;
  seed: number;
  /** probe impressions (1-based), e.g. 6, 7, 8 */
  probes: number[];
}

export interface IdentifyRates { rank1: number; identified: number; outsidersAccepted: number }
export interface IdentifyCheckRow { fmrInv: number; inGallery: number; outsiders: number; margin: IdentifyRates; raw: IdentifyRates }

/** `fingers[i]`: impression number → embedding (missing: refused at capture, left out). */
export function identifyCheck(fingers: Array<Map<number, Int8Array>>, o: IdentifyCheckOptions): IdentifyCheckRow[] {
  const sizes = o.levels[0].bySize.length;
  const rng = new Rng(o.seed);
  const zero = (): IdentifyRates => ({ rank1: 0, identified: 0, outsidersAccepted: 0 });
  const counts = o.levels.map(() => ({ margin: zero(), raw: zero() }));
  let inGallery = 0, outsiders = 0;
  for (let d = 0; d < o.draws; d++) {
    const order = fingers.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) { const j = Math.floor(rng.next() * (i + 1)); [order[i], order[j]] = [order[j], order[i]]; }
    const gallery = order.slice(0, Math.floor(order.length / 2)).map((f, slot) => {
      const n = 1 + Math.floor(rng.next() * sizes);
      const tpl = Array.from({ length: n }, (_, k) => fingers[f].get(k + 1)).filter((e): e is Int8Array => e !== undefined);
      return { f, slot, n, tpl };
    }).filter((g) => g.tpl.length > 0);
    const enrolled = new Set(gallery.map((g) => g.f));
    const fingerOf = new Map(gallery.map((g) => [g.slot, g.f])); // slots are gallery positions before fingers without a template were dropped
    fingers.forEach((fi, f) => {
      for (const p of o.probes) {
        const probe = fi.get(p);
        if (!probe) continue;
        const scores = gallery.map((g) => Int8Reference.score(g.tpl, probe)); // the same at every level
        const isIn = enrolled.has(f);
        if (isIn) inGallery++; else outsiders++;
        o.levels.forEach((lv, li) => {
          const entries = gallery.map((g, i) => ({ slot: g.slot, score: scores[i], threshold: lv.bySize[g.n - 1] }));
          const byMargin = rankCandidates(entries, 1);
          const top = entries.reduce<(typeof entries)[number] | undefined>((a, b) => (a === undefined || b.score > a.score ? b : a), undefined);
          const picks = { margin: { e: byMargin.candidates[0], match: byMargin.match }, raw: { e: top, match: top !== undefined && top.score >= top.threshold } };
          for (const k of ['margin', 'raw'] as const) {
            const { e, match } = picks[k];
            const c = counts[li][k];
            const right = e !== undefined && fingerOf.get(e.slot) === f;
            if (isIn) { if (right) c.rank1++; if (right && match) c.identified++; } else if (match) c.outsidersAccepted++;
          }
        });
      }
    });
  }
  const rates = (c: IdentifyRates): IdentifyRates => ({ rank1: c.rank1 / inGallery, identified: c.identified / inGallery, outsidersAccepted: c.outsidersAccepted / outsiders });
  return o.levels.map((lv, li) => ({ fmrInv: lv.fmrInv, inGallery, outsiders, margin: rates(counts[li].margin), raw: rates(counts[li].raw) }));
}
