/* ARMv4T pooling: 2x2 stride-2 windows without padding (the common CNN case); else the reference. */
#include "nn_armv4t.h"
#include "nn_ref.h"

/* MAXPOOL: fast path for 2x2/2 windows that lie inside the input. */
void nn_armv4t_maxpool(const nn_layer_t *l, uint32_t index, const int8_t *x, int8_t *y, void *ctx)
{
  if (l->kh != 2u || l->kw != 2u || l->stride != 2u || l->pt != 0u || l->pl != 0u ||
      2u * l->out.h > l->in.h || 2u * l->out.w > l->in.w) {
    nn_ref_maxpool(l, index, x, y, ctx);
    return;
  }
  const uint32_t c = l->in.c, row = (uint32_t)l->in.w * c;
  for (uint32_t oy = 0; oy < l->out.h; oy++) {
    const int8_t *a = x + 2u * oy * row;
    for (uint32_t ox = 0; ox < l->out.w; ox++, a += 2u * c) {
      const int8_t *b = a + row;
      for (uint32_t ch = 0; ch < c; ch++) {
        int32_t m = a[ch], v = a[c + ch];
        if (v > m) m = v;
        v = b[ch];
        if (v > m) m = v;
        v = b[c + ch];
        if (v > m) m = v;
        *y++ = (int8_t)m;
      }
    }
  }
}
