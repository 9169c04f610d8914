import type { ImpressionRef } from '../data/dataset.js';

/** Which cross-finger pairs count as impostors. */
export type ImpostorMode = 'fvc' | 'all';

export interface Pair {
  a: ImpressionRef;
  b: ImpressionRef;
  genuine: boolean;
}

/**
 * FVC protocol pairs. Genuine: every impression pair (i<j) of each finger. Impostor, mode 'fvc':
 * impression 1 of each finger against impression 1 of every later finger (each unordered pair once);
 * mode 'all': every impression of a finger against every impression of every later finger.
 * N fingers × K impressions → N·K(K−1)/2 genuine and N(N−1)/2 ('fvc') or N(N−1)K²/2 ('all') impostor pairs.
 */
export function makePairs(fingers: Map<number, ImpressionRef[]>, mode: ImpostorMode = 'fvc'): { genuine: Pair[]; impostor: Pair[] } {
  const keys = [...fingers.keys()].sort((x, y) => x - y);
  const genuine: Pair[] = [];
  const impostor: Pair[] = [];
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
