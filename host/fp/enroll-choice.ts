/**
 * ENROLL's choice of impressions (docs/protocol.md), the host reference of firmware/app/fp_enroll.c:
 * from the pending captures (oldest first, at most 5), the n that agree with each other best. A set
 * agrees when each member's best partner in the set scores at least the enrollment threshold; among
 * those, the set with the highest lowest best-partner score wins, ties going to the set with the more
 * recent captures (the larger bit mask, bit i = capture i). n = 1 takes the most recent capture.
 */
import { scoreI8 } from '../nn/fixed.js';

export const MAX_PENDING = 5;

export type EnrollChoice =
  | { ok: true; mask: number; indices: number[]; score: number }
  /** no set agrees: the first of the last n captures whose best partner among those n is below the threshold */
  | { ok: false; impression: number; score: number };

const NONE = -0x7fffffff;

function bestPartner(s: number[][], mask: number, i: number): number {
  let best = NONE;
  for (let j = 0; j < s.length; j++) if (j !== i && (mask & (1 << j)) !== 0 && s[i][j] > best) best = s[i][j];
  return best;
}

const popcount = (v: number): number => {
  let k = 0;
  for (; v !== 0; v &= v - 1) k++;
  return k;
};

const indicesOf = (mask: number): number[] => [...Array(MAX_PENDING).keys()].filter((i) => (mask & (1 << i)) !== 0);

/** The choice the device makes for ENROLL with `n` impressions over `pending` (oldest first). */
export function chooseEnrollment(pending: Int8Array[], n: number, threshold: number): EnrollChoice {
  const p = pending.length;
  if (n < 1 || n > p || p > MAX_PENDING) throw new RangeError(`ENROLL chooses 1..${Math.min(p, MAX_PENDING)} of ${p} pending captures, not ${n}`);
  if (n === 1) return { ok: true, mask: 1 << (p - 1), indices: [p - 1], score: 0x7fffffff };
  const s = pending.map((a) => pending.map((b) => scoreI8(a, b)));
  let chosen = 0;
  let chosenLow = 0;
  for (let mask = 1; mask < 1 << p; mask++) {
    if (popcount(mask) !== n) continue;
    const low = Math.min(...indicesOf(mask).map((i) => bestPartner(s, mask, i)));
    if (low >= threshold && (chosen === 0 || low >= chosenLow)) {
      chosen = mask;
      chosenLow = low;
    }
  }
  if (chosen !== 0) return { ok: true, mask: chosen, indices: indicesOf(chosen), score: chosenLow };
  const last = ((1 << n) - 1) << (p - n);
  for (let i = p - n; i < p; i++) {
    const b = bestPartner(s, last, i);
    if (b < threshold) return { ok: false, impression: i - (p - n), score: b };
  }
  throw new Error('unreachable: the last n captures agree, so some set agrees');
}
