/* nn_field.h - orientation-field arithmetic shared by the core search (nn_print.c find_core) and its
 * refinement (nn_corerefine.c); the host twin is host/nn/field.ts. Internal to firmware/nn. */
#ifndef NN_FIELD_H
#define NN_FIELD_H

#include <stdint.h>

/* Floor of a / 256 for any int32 (host: a >> 8). */
static inline int32_t nn_floor256(int32_t a)
{
  return a >= 0 ? a / 256 : -(int32_t)(((uint32_t)(-(int64_t)a) + 255u) / 256u);
}

/* Winding number of the doubled-angle field (su, sv) along the 8 points c + ring[k] (clockwise
 * from the top-left): signed crossings of the positive u axis. A core winds +1, a delta -1. */
static inline int32_t nn_field_winding(const int32_t *su, const int32_t *sv, int32_t c, const int32_t ring[8])
{
  int32_t w = 0;
  for (int k = 0; k < 8; k++) {
    const int32_t i = c + ring[k], j = c + ring[(k + 1) & 7];
    const int64_t cross = (int64_t)su[i] * sv[j] - (int64_t)sv[i] * su[j];
    if (sv[i] < 0 && sv[j] >= 0 && cross > 0) w++;
    else if (sv[j] < 0 && sv[i] >= 0 && cross < 0) w--;
  }
  return w;
}

#endif
