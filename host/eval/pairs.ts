import type { ImpressionRef } from '../data/dataset.js';

/** Which cross-finger pairs count as impostors. */
export type ImpostorMode = 'fvc' | 'all';

export interface Pair<T extends { impression: number } = ImpressionRef> {
  a: T;
  b: T;
  genuine: boolean;
}

/**
 * FVC protocol pairs. Genuine: every impression pair (i<j) of each finger. Impostor, mode 'fvc':
 * impression 1 of each finger against impression 1 of every later finger (each unordered pair once);
 * mode 'all': every impression of a finger against every impression of every later finger.
 * Works on any item with an impression number (dataset files, or indices into an embedding array).
 * N fingers × K impressions → N·K(K−1)/2 genuine and N(N−1)/2 ('fvc') or N(N−1)K²/2 ('all') impostor pairs.
 */
export function makePairs<T extends { impression: number } = ImpressionRef>(fingers: Map<number, T[]>, mode: ImpostorMode = 'fvc'): { genuine: Array<Pair<T>>; impostor: Array<Pair<T>> } {
  const keys = [...fingers.keys()].sort((x, y) => x - y);
  const genuine: Array<Pair<T>> = [];
  const impostor: Array<Pair<T>> = [];
  for (const f of keys) {
    const imps = fingers.get(f)!;
    for (let i = 0; i < imps.length; i++) for (let j = i + 1; j < imps.length; j++) genuine.push({ a: imps[i], b: imps[j], genuine: true });
  }
  for (let p = 0; p < keys.length; p++) {
    for (let q = p + 1; q < keys.length; q++) {
      const A = fingers.get(keys[p])!;
      const B = fingers.get(keys[q])!;
      if (mode === 'fvc') {
        const a = A.find((r) => r.impression === 1);
        const b = B.find((r) => r.impression === 1);
        if (a && b) impostor.push({ a, b, genuine: false });
      } else {
        for (const a of A) for (const b of B) impostor.push({ a, b, genuine: false });
      }
    }
  }
  return { genuine, impostor };
}

/** A template (several impressions of one finger, scored by its best impression) against one probe. */
export interface TemplatePair<T extends { impression: number } = ImpressionRef> {
  template: T[];
  probe: T;
  genuine: boolean;
  /** captures a user adds when ENROLL refuses the template (`whorl hil --touches K`), in order */
  spares?: T[];
}

/** An FVC pair as a one-impression template against a probe. */
export function asTemplatePair<T extends { impression: number }>(p: Pair<T> | TemplatePair<T>): TemplatePair<T> {
  return 'template' in p ? p : { template: [p.a], probe: p.b, genuine: p.genuine };
}

/** Name of a template in reports: `finger_1+2+3` (one impression: `finger_1`). */
export function templateName(t: Array<{ finger: number; impression: number }>): string {
  return `${t[0].finger}_${t.map((r) => r.impression).join('+')}`;
}

/**
 * Enrolled-template pairs, as a device scores them: each finger's impressions 1..n form its template,
 * the later ones are its probes. Genuine: every finger's template against each of its probes.
 * Impostor, mode 'fvc': every template against the first probe of every other finger (ordered: a
 * template and a probe play different roles); mode 'all': against every probe of every other finger.
 * Fingers with fewer than n+1 impressions take no part.
 * N fingers × K impressions → N·(K−n) genuine and N(N−1) ('fvc') or N(N−1)(K−n) ('all') impostor pairs.
 * `spares` > 0: impressions n+1..n+spares are the touches a user adds when ENROLL refuses (pairs'
 * `spares`), the probes start after them, and fingers need n+spares+1 impressions.
 */
export function makeTemplatePairs<T extends { impression: number } = ImpressionRef>(fingers: Map<number, T[]>, n: number, mode: ImpostorMode = 'fvc', spares = 0): { genuine: Array<TemplatePair<T>>; impostor: Array<TemplatePair<T>> } {
  const split = [...fingers.keys()].sort((x, y) => x - y).map((f) => [...fingers.get(f)!].sort((a, b) => a.impression - b.impression)).filter((imps) => imps.length > n + spares)
    .map((imps) => ({ template: imps.slice(0, n), probes: imps.slice(n + spares), ...(spares > 0 ? { spares: imps.slice(n, n + spares) } : {}) }));
  const genuine: Array<TemplatePair<T>> = [];
  const impostor: Array<TemplatePair<T>> = [];
  const pair = (s: (typeof split)[number], probe: T, g: boolean): TemplatePair<T> => ({ template: s.template, probe, genuine: g, ...(s.spares ? { spares: s.spares } : {}) });
  for (const s of split) for (const probe of s.probes) genuine.push(pair(s, probe, true));
  for (const [p, s] of split.entries()) {
    for (const [q, o] of split.entries()) {
      if (p === q) continue;
      for (const probe of mode === 'fvc' ? o.probes.slice(0, 1) : o.probes) impostor.push(pair(s, probe, false));
    }
  }
  return { genuine, impostor };
}
