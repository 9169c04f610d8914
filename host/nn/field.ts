/**
 * The orientation-field arithmetic shared by the core search (printpre.ts findCore) and its
 * refinement (corerefine.ts); the C twin is firmware/nn/nn_field.h.
 */

/**
 * Winding number of the doubled-angle field (su, sv) along the 8 points c + ring[k] (clockwise from
 * the top-left): signed crossings of the positive u axis. A core winds +1 (a whorl +2), a delta −1.
 * The caller keeps |su|, |sv| under 2^21 so that every cross product is exact (< 2^42).
 */
export function fieldWinding(su: Int32Array, sv: Int32Array, c: number, ring: readonly number[]): number {
  let w = 0;
  for (let k = 0; k < 8; k++) {
    const i = c + ring[k], j = c + ring[(k + 1) & 7];
    const cross = su[i] * sv[j] - sv[i] * su[j];
    if (sv[i] < 0 && sv[j] >= 0 && cross > 0) w++;
    else if (sv[j] < 0 && sv[i] >= 0 && cross < 0) w--;
  }
  return w;
}
