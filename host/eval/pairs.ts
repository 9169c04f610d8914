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
