/* Model blob loader and layer runner (docs/quantization.md). */
#include "nn.h"

#include <stddef.h>

/* Reads a little-endian u16/u32 from a byte pointer. */
static uint32_t rd16(const uint8_t *p) { return (uint32_t)p[0] | ((uint32_t)p[1] << 8); }
static uint32_t rd32(const uint8_t *p)
{
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* CRC-32 (reflected 0xEDB88320) with a 16-entry table, two lookups per byte. */
static const uint32_t crc_nibble[16] = {
  0x00000000u, 0x1DB71064u, 0x3B6E20C8u, 0x26D930ACu, 0x76DC4190u, 0x6B6B51F4u, 0x4DB26158u, 0x5005713Cu,
  0xEDB88320u, 0xF00F9344u, 0xD6D6A3E8u, 0xCB61B38Cu, 0x9B64C2B0u, 0x86D3D2D4u, 0xA00AE278u, 0xBDBDF21Cu,
};

uint32_t nn_crc32(const uint8_t *p, uint32_t len, uint32_t prev)
{
  uint32_t c = ~prev;
  while (len--) {
    c ^= *p++;
    c = (c >> 4) ^ crc_nibble[c & 15u];
    c = (c >> 4) ^ crc_nibble[c & 15u];
  }
  return ~c;
}

static uint32_t tsize(const nn_shape_t *s) { return (uint32_t)s->h * s->w * s->c; }

/* Checks one array reference of a layer record; sets *out or returns an error. */
static int array_at(const uint8_t *blob, uint32_t total, uint32_t first, uint32_t off, uint32_t bytes,
                    int required, const void **out)
{
  *out = NULL;
  if (off == 0) return required ? NN_ERR_FIELD : NN_OK;
  if ((off & 3u) != 0 || off < first || bytes > total - 4u || off > total - 4u - bytes) return NN_ERR_BOUNDS;
  *out = blob + off;
  return NN_OK;
}

const char *nn_strerror(int err)
{
  switch (err) {
  case NN_OK: return "ok";
  case NN_ERR_ARG: return "bad argument";
  case NN_ERR_SHORT: return "model blob shorter than its header";
  case NN_ERR_MAGIC: return "not a model blob (bad magic)";
  case NN_ERR_VERSION: return "model blob format version not supported";
  case NN_ERR_LENGTH: return "model blob length mismatch";
  case NN_ERR_CRC: return "model blob CRC-32 mismatch";
  case NN_ERR_LAYERS: return "model blob layer count out of range";
  case NN_ERR_OP: return "model blob has an unknown operator";
  case NN_ERR_SHAPE: return "model blob layer shapes do not chain";
  case NN_ERR_BOUNDS: return "model blob array outside the blob or misaligned";
  case NN_ERR_FIELD: return "model blob field inconsistent";
  case NN_ERR_ARENA: return "activation arena too small for the model";
  case NN_ERR_EMPTY: return "model partition is empty";
  case NN_ERR_IMAGE: return "model partition has no valid image header";
  case NN_ERR_WORK: return "preprocessing work buffer too small";
  default: return "unknown nn error";
  }
}

int nn_model_parse(const uint8_t *blob, uint32_t len, nn_model_t *m)
{
  if (blob == NULL || m == NULL || ((uintptr_t)blob & 3u) != 0) return NN_ERR_ARG;
  if (len < NN_HEADER_SIZE + 4u) return NN_ERR_SHORT;
  if (rd32(blob) != NN_MAGIC) return NN_ERR_MAGIC;
  if (rd16(blob + 4) != NN_FORMAT_VERSION) return NN_ERR_VERSION;
  uint32_t total = rd32(blob + 8);
  if (rd16(blob + 6) != NN_HEADER_SIZE || total != len || (total & 3u) != 0) return NN_ERR_LENGTH;
  uint32_t crc = nn_crc32(blob, total - 4u, 0);
  if (crc != rd32(blob + total - 4u)) return NN_ERR_CRC;
  uint32_t n = rd16(blob + 12);
  if (n == 0 || n > NN_MAX_LAYERS || NN_HEADER_SIZE + n * NN_LAYER_SIZE > total - 4u) return NN_ERR_LAYERS;
  m->n_layers = (uint16_t)n;
  m->emb_len = (uint16_t)rd16(blob + 14);
  m->input.h = (uint16_t)rd16(blob + 16);
  m->input.w = (uint16_t)rd16(blob + 18);
  m->input.c = (uint16_t)rd16(blob + 20);
  m->preproc = (uint16_t)rd16(blob + 22);
  if (m->preproc != NN_PREPROC_U8_MINUS_128 && m->preproc != NN_PREPROC_PRINT) return NN_ERR_FIELD;
  m->arena_bytes = rd32(blob + 24);
  m->max_tensor = rd32(blob + 28);
  m->pre_h = (uint16_t)(rd32(blob + 32) >> 16);
  m->pre_w = (uint16_t)(rd32(blob + 32) & 0xFFFFu);
  m->crc32 = crc;
  for (uint32_t i = 0; i < NN_NAME_MAX; i++) m->name[i] = (char)blob[36 + i];
  m->name[NN_NAME_MAX] = '\0';
  if (m->preproc == NN_PREPROC_PRINT) {
    nn_print_params_t *p = &m->print;
    p->size = m->pre_h; p->dpi = (uint16_t)rd16(blob + 56);
    p->block = blob[58]; p->std_min = blob[59]; p->min_fg_pct = blob[60]; p->min_ridge_pct = blob[61];
    p->registration = blob[62];
    if (m->pre_h != m->pre_w || m->pre_h != m->input.h || m->input.w != m->input.h || m->input.c != 1u ||
        p->block < 4u || p->block > 32u || p->registration > NN_PRINT_REGISTRATION_MAX || p->size % p->block != 0u || p->size > 255u || p->std_min > 127u ||
        p->min_fg_pct > 100u || p->min_ridge_pct > 100u || p->dpi < NN_PRINT_DPI_MIN || p->dpi > NN_PRINT_DPI_MAX)
      return NN_ERR_FIELD;
  }
  uint32_t first = NN_HEADER_SIZE + n * NN_LAYER_SIZE;
  uint32_t prev = tsize(&m->input), maxt = prev;
  for (uint32_t i = 0; i < n; i++) {
    const uint8_t *r = blob + NN_HEADER_SIZE + i * NN_LAYER_SIZE;
    nn_layer_t *l = &m->layers[i];
    l->op = r[0]; l->act = r[1]; l->kh = r[2]; l->kw = r[3]; l->stride = r[4]; l->pt = r[5]; l->pl = r[6];
    l->in.h = (uint16_t)rd16(r + 8); l->in.w = (uint16_t)rd16(r + 10); l->in.c = (uint16_t)rd16(r + 12);
    l->out.h = (uint16_t)rd16(r + 14); l->out.w = (uint16_t)rd16(r + 16); l->out.c = (uint16_t)rd16(r + 18);
    l->n_mult = rd32(r + 40);
    if (l->op < NN_OP_CONV2D || l->op > NN_OP_LUT) return NN_ERR_OP;
    if (tsize(&l->in) != prev) return NN_ERR_SHAPE;
    prev = tsize(&l->out);
    if (prev > maxt) maxt = prev;
    int has_w = l->op == NN_OP_CONV2D || l->op == NN_OP_DENSE;
    int has_m = has_w || l->op == NN_OP_AVGPOOL || l->op == NN_OP_GAP;
    uint32_t wbytes = 0;
    if (l->op == NN_OP_CONV2D) {
      if (l->kh == 0 || l->kw == 0 || l->stride == 0) return NN_ERR_FIELD;
      if (l->out.h == 0 || l->out.w == 0 || (uint32_t)(l->out.h - 1u) * l->stride >= (uint32_t)l->in.h + l->pt ||
          (uint32_t)(l->out.w - 1u) * l->stride >= (uint32_t)l->in.w + l->pl) return NN_ERR_FIELD;
      wbytes = (uint32_t)l->out.c * l->kh * l->kw * l->in.c;
    } else if (l->op == NN_OP_DENSE) {
      wbytes = (uint32_t)l->out.c * tsize(&l->in);
    } else if (l->op == NN_OP_L2NORM) {
      if (tsize(&l->in) > 256u || tsize(&l->out) != tsize(&l->in)) return NN_ERR_FIELD; /* keeps 256*sum x^2 < 2^32 */
    } else if (l->op == NN_OP_MAXPOOL || l->op == NN_OP_AVGPOOL) {
      if (l->kh == 0 || l->kw == 0 || l->stride == 0 || l->in.c != l->out.c || l->out.h == 0 || l->out.w == 0) return NN_ERR_FIELD;
      if (l->op == NN_OP_AVGPOOL && ((uint32_t)(l->out.h - 1u) * l->stride + l->kh > l->in.h ||
                                     (uint32_t)(l->out.w - 1u) * l->stride + l->kw > l->in.w)) return NN_ERR_FIELD; /* valid windows only */
      if (l->op == NN_OP_MAXPOOL && ((uint32_t)(l->out.h - 1u) * l->stride >= (uint32_t)l->in.h + l->pt ||
                                     (uint32_t)(l->out.w - 1u) * l->stride >= (uint32_t)l->in.w + l->pl)) return NN_ERR_FIELD;
    } else if (l->op == NN_OP_GAP) {
      if (l->out.h != 1u || l->out.w != 1u || l->out.c != l->in.c) return NN_ERR_FIELD;
    } else if (l->op == NN_OP_LUT) {
      if (tsize(&l->out) != tsize(&l->in)) return NN_ERR_FIELD;
    }
    if (l->op == NN_OP_DENSE && (l->out.h != 1u || l->out.w != 1u)) return NN_ERR_FIELD;
    if (has_m && l->n_mult != (has_w ? l->out.c : 1u)) return NN_ERR_FIELD;
    const void *p;
    int e;
    if ((e = array_at(blob, total, first, rd32(r + 20), wbytes, has_w, &p)) != NN_OK) return e;
    l->weights = (const int8_t *)p;
    if ((e = array_at(blob, total, first, rd32(r + 24), 4u * l->out.c, has_w, &p)) != NN_OK) return e;
    l->bias = (const int32_t *)p;
    if ((e = array_at(blob, total, first, rd32(r + 28), 4u * l->n_mult, has_m, &p)) != NN_OK) return e;
    l->mult = (const int32_t *)p;
    if ((e = array_at(blob, total, first, rd32(r + 32), 4u * l->n_mult, has_m, &p)) != NN_OK) return e;
    l->shift = (const int32_t *)p;
    if ((e = array_at(blob, total, first, rd32(r + 36), 256u, l->op == NN_OP_LUT || l->act == 1u, &p)) != NN_OK) return e;
    l->lut = (const int8_t *)p;
    for (uint32_t k = 0; has_m && k < l->n_mult; k++)
      if (l->shift[k] < 16 || l->shift[k] > 62 || l->mult[k] < 0) return NN_ERR_FIELD;
  }
  if (m->emb_len != prev || m->max_tensor != maxt || m->arena_bytes != 2u * ((maxt + 3u) & ~3u)) return NN_ERR_FIELD;
  return NN_OK;
}

int nn_model_from_image(const uint8_t *part, uint32_t part_size, nn_model_t *m)
{
  if (part == NULL || m == NULL) return NN_ERR_ARG;
  if (part_size < 64u) return NN_ERR_SHORT;
  uint32_t magic = rd32(part);
  if (magic == 0xFFFFFFFFu) return NN_ERR_EMPTY;
  if (magic != 0x474D4957u || rd16(part + 4) != 1u) return NN_ERR_IMAGE; /* 'WIMG', header version 1 */
  if (nn_crc32(part, 60u, 0) != rd32(part + 60)) return NN_ERR_IMAGE;
  if (rd16(part + 6) != 2u) return NN_ERR_IMAGE;                          /* partition type model */
  if (rd32(part + 24) != NN_FORMAT_VERSION) return NN_ERR_VERSION;
  uint32_t len = rd32(part + 8);
  if (len > part_size - 64u) return NN_ERR_LENGTH;
  if (nn_crc32(part + 64, len, 0) != rd32(part + 12)) return NN_ERR_CRC;
  return nn_model_parse(part + 64, len, m);
}

void nn_layer_run(const nn_ops_t *ops, void *ctx, const nn_layer_t *l, uint32_t index, const int8_t *x, int8_t *y)
{
  ops->op[l->op](l, index, x, y, ctx);
}

int nn_model_run(const nn_model_t *m, const nn_ops_t *ops, void *ctx, const int8_t *input,
                 int8_t *arena, uint32_t arena_bytes, int8_t *emb)
{
  if (m == NULL || ops == NULL || input == NULL || arena == NULL || emb == NULL) return NN_ERR_ARG;
  if (arena_bytes < m->arena_bytes) return NN_ERR_ARENA;
  int8_t *buf[2] = { arena, arena + m->arena_bytes / 2u };
  const int8_t *x = input;
  for (uint32_t i = 0; i < m->n_layers; i++) {
    int8_t *y = buf[i & 1u];
    nn_layer_run(ops, ctx, &m->layers[i], i, x, y);
    x = y;
  }
  for (uint32_t i = 0; i < m->emb_len; i++) emb[i] = x[i];
  return NN_OK;
}

int nn_embed(const nn_model_t *m, const nn_ops_t *ops, void *ctx, const uint8_t *sensor, uint32_t hs, uint32_t ws,
             uint8_t *pre, int8_t *arena, uint32_t arena_bytes, int8_t *emb)
{
  if (m == NULL || pre == NULL || m->input.c != 1u) return NN_ERR_ARG;
  int e = nn_preprocess(sensor, hs, ws, pre, m->input.h, m->input.w);
  if (e != NN_OK) return e;
  uint32_t n = (uint32_t)m->input.h * m->input.w;
  for (uint32_t i = 0; i < n; i++) pre[i] ^= 0x80u; /* u8 - 128 as int8 */
  return nn_model_run(m, ops, ctx, (const int8_t *)pre, arena, arena_bytes, emb);
}

int nn_embed_print(const nn_model_t *m, const nn_ops_t *ops, void *ctx, const uint8_t *sensor, uint32_t hs, uint32_t ws,
                   uint32_t dpi, uint8_t *work, uint32_t work_bytes, uint8_t *pre, int8_t *arena, uint32_t arena_bytes,
                   int8_t *emb, nn_quality_t *q)
{
  if (m == NULL || pre == NULL || q == NULL || m->input.c != 1u) return NN_ERR_ARG;
  if (m->preproc != NN_PREPROC_PRINT) {
    q->reason = NN_Q_OK; q->quality = 100; q->fg_blocks = 0; q->ridged_blocks = 0; q->cy = 0; q->cx = 0;
    return nn_embed(m, ops, ctx, sensor, hs, ws, pre, arena, arena_bytes, emb);
  }
  int e = nn_print_preprocess(&m->print, sensor, hs, ws, dpi, work, work_bytes, pre, q);
  if (e != NN_OK) return e;
  uint32_t n = (uint32_t)m->input.h * m->input.w;
  for (uint32_t i = 0; i < n; i++) pre[i] ^= 0x80u; /* u8 - 128 as int8 */
  return nn_model_run(m, ops, ctx, (const int8_t *)pre, arena, arena_bytes, emb);
}

int32_t nn_score(const int8_t *a, const int8_t *b, uint32_t n)
{
  int32_t s = 0;
  for (uint32_t i = 0; i < n; i++) s += (int32_t)a[i] * b[i];
  return s;
}
