/*
 * nn benchmark and on-device golden check (runs in QEMU with -icount shift=0,sleep=off, so one
 * guest instruction is one virtual nanosecond and the 24 MHz system counter advances once per
 * 41.67 instructions). Prints "nnbench ..." lines through semihosting; scripts/bench-nn.ts parses
 * them. Exit status 0 when every output matched.
 */
#include <stdint.h>

#include "nn.h"
#include "nn_armv4t.h"

#define SYS_24MHZ (*(volatile uint32_t *)0x1000005Cu) /* versatilepb system counter, 24 MHz */
#define SH_WRITE0 0x04
#define SH_EXIT 0x18
#define ADP_EXIT_OK 0x20026u
#define ADP_EXIT_ERR 0x20024u /* ADP_Stopped_InternalError: QEMU exits with status 1 */

int semihost(int op, const void *arg);
void spin(uint32_t n);
uint32_t get_sp(void);
void paint_stack(uint32_t *limit);

extern const uint8_t bench_blob[], bench_blob_end[], bench_input[];
extern const uint8_t bench_sensor[], bench_sensor_end[];
extern const uint8_t tiny_blob[], tiny_blob_end[], tiny_vec[];
extern const uint8_t net_blob[], net_blob_end[], net_vec[];
extern const uint8_t pre_vec[];
extern const uint8_t tiny_img[], tiny_img_end[];
extern const uint8_t sat_blob[], sat_blob_end[], sat_vec[];
extern const uint8_t wide_blob[], wide_blob_end[], wide_vec[];
extern uint32_t __stack_limit[], __bss_end[];

static nn_model_t model;
static nn_armv4t_ctx_t ctx;
static uint32_t packed[(1u << 20) / 4];  /* packed conv weights, 1 MiB */
static uint32_t arena[(2u * 96u * 96u * 16u) / 4u + 64u]; /* activation arena */
static int8_t out_ref[96 * 96 * 16], out_opt[96 * 96 * 16];
static int8_t emb_ref[256], emb_opt[256];
static char line[640];
static int failed;
static uint32_t *stack_low; /* lowest stack word used before the first repaint (0: none yet) */

/* Line building without libc. */
static char *put_s(char *p, const char *s) { while (*s) *p++ = *s++; return p; }
static char *put_u(char *p, uint32_t v)
{
  char t[11]; int n = 0;
  do { t[n++] = (char)('0' + v % 10u); v /= 10u; } while (v);
  while (n) *p++ = t[--n];
  return p;
}
static void emit(char *end) { *end++ = '\n'; *end = 0; semihost(SH_WRITE0, line); }

/* Stack high-water mark: the first word above the limit that lost the paint. */
static uint32_t *low_water(void)
{
  uint32_t *w = __stack_limit;
  while (*w == 0xA5A5A5A5u) w++;
  return w;
}

static void finish(void)
{
  uint32_t *w = low_water();
  if (stack_low != 0 && stack_low < w) w = stack_low;
  char *p = put_s(line, "nnbench stack used=");
  p = put_u(p, (uint32_t)((uintptr_t)0x04000000u - (uintptr_t)w));
  emit(p);
  p = put_s(line, failed ? "nnbench FAILED" : "nnbench done");
  emit(p);
  semihost(SH_EXIT, (const void *)(uintptr_t)(failed ? ADP_EXIT_ERR : ADP_EXIT_OK));
}

static uint32_t tsize(const nn_shape_t *s) { return (uint32_t)s->h * s->w * s->c; }

/* Checks every layer of a golden case with both kernel sets; prints one line. */
static void golden(const char *name, const uint8_t *blob, uint32_t len, const uint8_t *vec)
{
  int e = nn_model_parse(blob, len, &model);
  char *p = put_s(put_s(line, "nnbench golden "), name);
  if (e != NN_OK) { failed = 1; emit(put_s(p, " parse-error")); return; }
  if (nn_armv4t_prepare(&model, &ctx, packed, sizeof packed) != NN_OK) { failed = 1; emit(put_s(p, " prepare-error")); return; }
  uint32_t nimg = (uint32_t)vec[4] | ((uint32_t)vec[5] << 8);
  const int8_t *v = (const int8_t *)(vec + 12);
  uint32_t bad = 0;
  const int8_t *embs[16];
  for (uint32_t i = 0; i < nimg && i < 16; i++) {
    const int8_t *x = v;
    v += tsize(&model.input);
    for (uint32_t li = 0; li < model.n_layers; li++) {
      const nn_layer_t *l = &model.layers[li];
      uint32_t n = tsize(&l->out);
      nn_layer_run(&nn_ref_ops, 0, l, li, x, out_ref);
      nn_layer_run(&nn_armv4t_ops, &ctx, l, li, x, out_opt);
      for (uint32_t k = 0; k < n; k++) bad += (out_ref[k] != v[k]) + (out_opt[k] != v[k]);
      x = v;
      v += n;
    }
    embs[i] = x;
  }
  /* scores: int32 after the last image, score(emb[i], emb[(i+1) mod N]) */
  const uint8_t *sc = (const uint8_t *)v;
  for (uint32_t i = 0; i < nimg && i < 16; i++) {
    int32_t want = (int32_t)((uint32_t)sc[4 * i] | ((uint32_t)sc[4 * i + 1] << 8) | ((uint32_t)sc[4 * i + 2] << 16) | ((uint32_t)sc[4 * i + 3] << 24));
    bad += nn_score(embs[i], embs[(i + 1) % nimg], model.emb_len) != want;
  }
  if (bad) failed = 1;
  p = put_s(p, bad ? " mismatch bytes+scores=" : " ok bytes-differing=");
  emit(put_u(p, bad));
}

/* Checks the preprocessing golden cases. */
static void golden_pre(void)
{
  static uint8_t dst[96 * 96];
  uint32_t count = (uint32_t)pre_vec[4] | ((uint32_t)pre_vec[5] << 8);
  const uint8_t *p = pre_vec + 8;
  uint32_t bad = 0;
  for (uint32_t i = 0; i < count; i++) {
    uint32_t hs = p[0] | (p[1] << 8), ws = p[2] | (p[3] << 8), h = p[4] | (p[5] << 8), w = p[6] | (p[7] << 8);
    p += 8;
    const uint8_t *src = p;
    p += hs * ws;
    if (h * w > sizeof dst || nn_preprocess(src, hs, ws, dst, h, w) != NN_OK) { bad++; p += h * w; continue; }
    for (uint32_t k = 0; k < h * w; k++) bad += dst[k] != p[k];
    p += h * w;
  }
  if (bad) failed = 1;
  emit(put_u(put_s(line, bad ? "nnbench golden pre mismatch bytes=" : "nnbench golden pre ok bytes-differing="), bad));
}

/* Stores v little-endian at p. */
static void put32le(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24); }

/* Corrupt or mismatched blobs and partition images are refused on the device too. */
static void reject_checks(void)
{
  static uint32_t copy_words[4096];
  uint8_t *c = (uint8_t *)copy_words;
  uint32_t n = (uint32_t)(tiny_img_end - tiny_img), bad = 0;
  if (n > sizeof copy_words) { failed = 1; return; }
  for (uint32_t i = 0; i < n; i++) c[i] = tiny_img[i];
  bad += nn_model_from_image(c, n, &model) != NN_OK;
  c[100] ^= 1;                                                   /* payload bit flip */
  bad += nn_model_from_image(c, n, &model) != NN_ERR_CRC;
  c[100] ^= 1;
  c[24] = 3; put32le(c + 60, nn_crc32(c, 60, 0));                /* model format 3 */
  bad += nn_model_from_image(c, n, &model) != NN_ERR_VERSION;
  c[24] = 2; put32le(c + 60, nn_crc32(c, 60, 0));
  c[64 + 4] = 3; put32le(c + n - 4, nn_crc32(c + 64, n - 68, 0)); /* blob says version 3 */
  put32le(c + 12, nn_crc32(c + 64, n - 64, 0));
  bad += nn_model_from_image(c, n, &model) != NN_ERR_VERSION;
  for (uint32_t i = 0; i < 64; i++) c[i] = 0xFF;                 /* erased partition */
  bad += nn_model_from_image(c, n, &model) != NN_ERR_EMPTY;
  if (bad) failed = 1;
  emit(put_u(put_s(line, bad ? "nnbench reject FAILED cases=" : "nnbench reject ok failures="), bad));
}

static uint32_t rd16(const uint8_t *p) { return (uint32_t)p[0] | ((uint32_t)p[1] << 8); }
static char *put_hex(char *p, const int8_t *v, uint32_t n)
{
  for (uint32_t i = 0; i < n; i++) {
    uint8_t b = (uint8_t)v[i];
    *p++ = "0123456789abcdef"[b >> 4]; *p++ = "0123456789abcdef"[b & 15];
  }
  return p;
}

/*
 * The product path on sensor images (bench.sensor: u16 height, width, dpi, count, then count
 * images; count 0 skips this): the model's preprocessing alone (its output compared with
 * bench.in, the TS preprocessing of image 0), nn_model_run alone, then nn_embed_print per image
 * (preprocessing + embedding, ARMv4T kernels) and the score of the first two embeddings. Each step
 * runs on a freshly painted stack so that its own stack use is measured. Needs model, ctx prepared.
 */
static uint8_t print_work[NN_PRINT_WORK_MAX];
static uint8_t sensor_pre[NN_PRE_MAX_OUT + 1u];
static int8_t emb_print[2][256];

__attribute__((noinline)) static void sensor_bench(void)
{
  uint32_t n = (uint32_t)(bench_sensor_end - bench_sensor);
  if (n < 8u) return;
  uint32_t hs = rd16(bench_sensor), ws = rd16(bench_sensor + 2), dpi = rd16(bench_sensor + 4), count = rd16(bench_sensor + 6);
  if (count == 0u) return;
  uint32_t in_n = (uint32_t)model.input.h * model.input.w;
  uint32_t work = model.preproc == NN_PREPROC_PRINT ? nn_print_work_bytes(&model.print, hs, ws, dpi) : 0u;
  if (count > 2u || n < 8u + count * hs * ws || in_n > sizeof sensor_pre || model.emb_len > sizeof emb_print[0] || model.input.c != 1u ||
      work > sizeof print_work || (model.preproc == NN_PREPROC_PRINT && work == 0u)) {
    emit(put_s(line, "nnbench error sensor images / buffers"));
    failed = 1;
    return;
  }
  const uint8_t *img = bench_sensor + 8;
  nn_quality_t q = { 0, 100, 0, 0, 0, 0, 0 };
  stack_low = low_water();

  paint_stack(__stack_limit);
  uint32_t sp = get_sp();
  uint32_t t0 = SYS_24MHZ;
  int e = model.preproc == NN_PREPROC_PRINT ? nn_print_preprocess(&model.print, img, hs, ws, dpi, print_work, work, sensor_pre, &q)
                                            : nn_preprocess(img, hs, ws, sensor_pre, model.input.h, model.input.w);
  uint32_t t1 = SYS_24MHZ;
  uint32_t stack = sp - (uint32_t)(uintptr_t)low_water(), bad = 0;
  for (uint32_t i = 0; i < in_n; i++) bad += (int8_t)(sensor_pre[i] ^ 0x80u) != (int8_t)bench_input[i];
  if (e != NN_OK || bad) failed = 1;
  char *p = put_u(put_s(line, "nnbench sensorpre kind="), model.preproc);
  p = put_u(put_s(p, " src="), hs); p = put_u(put_s(p, "x"), ws); p = put_u(put_s(p, " dpi="), dpi);
  p = put_u(put_s(p, " ticks="), t1 - t0);
  p = put_u(put_s(p, " work_bytes="), work);
  p = put_u(put_s(p, " work_max="), NN_PRINT_WORK_MAX);
  p = put_u(put_s(p, " stack="), stack);
  p = put_u(put_s(p, " err="), (uint32_t)-e);
  p = put_u(put_s(p, " reason="), q.reason);
  p = put_u(put_s(p, " quality="), q.quality);
  p = put_u(put_s(p, " core="), q.core);
  emit(put_u(put_s(p, " mismatch="), bad));

  paint_stack(__stack_limit);
  sp = get_sp();
  t0 = SYS_24MHZ;
  e = nn_model_run(&model, &nn_armv4t_ops, &ctx, (const int8_t *)bench_input, (int8_t *)arena, sizeof arena, emb_opt);
  t1 = SYS_24MHZ;
  stack = sp - (uint32_t)(uintptr_t)low_water();
  if (e != NN_OK) failed = 1;
  p = put_u(put_s(line, "nnbench modelrun ticks="), t1 - t0);
  p = put_u(put_s(p, " stack="), stack);
  p = put_u(put_s(p, " ctx_bytes="), (uint32_t)sizeof ctx);
  p = put_u(put_s(p, " model_bytes="), (uint32_t)sizeof model);
  emit(put_u(put_s(p, " err="), (uint32_t)-e));

  for (uint32_t k = 0; k < count; k++) {
    paint_stack(__stack_limit);
    sp = get_sp();
    t0 = SYS_24MHZ;
    e = nn_embed_print(&model, &nn_armv4t_ops, &ctx, img + k * hs * ws, hs, ws, dpi, print_work, work, sensor_pre, (int8_t *)arena,
                       sizeof arena, emb_print[k], &q);
    t1 = SYS_24MHZ;
    stack = sp - (uint32_t)(uintptr_t)low_water();
    if (e != NN_OK) failed = 1;
    p = put_u(put_s(line, "nnbench embedprint "), k);
    p = put_u(put_s(p, " ticks="), t1 - t0);
    p = put_u(put_s(p, " stack="), stack);
    p = put_u(put_s(p, " err="), (uint32_t)-e);
    p = put_u(put_s(p, " reason="), q.reason);
    emit(put_u(put_s(p, " quality="), q.quality));
    emit(put_hex(put_s(put_u(put_s(line, "nnbench embp "), k), " "), emb_print[k], model.emb_len));
  }
  if (count == 2u) {
    volatile int32_t acc = 0;
    t0 = SYS_24MHZ;
    for (int i = 0; i < 1000; i++) acc += nn_score(emb_print[0], emb_print[1], model.emb_len);
    t1 = SYS_24MHZ;
    p = put_u(put_s(line, "nnbench pairscore1000 ticks="), t1 - t0);
    p = put_s(p, " score=");
    int32_t s = nn_score(emb_print[0], emb_print[1], model.emb_len);
    if (s < 0) { *p++ = '-'; s = -s; }
    emit(put_u(p, (uint32_t)s));
  }
}

int main(void)
{
  /* paint the stack from its limit up to 256 bytes below this frame */
  uint32_t *frame = (uint32_t *)__builtin_frame_address(0) - 64;
  for (uint32_t *w = __stack_limit; w < frame; w++) *w = 0xA5A5A5A5u;
  char *p;
  uint32_t t0 = SYS_24MHZ; spin(1000000u); uint32_t t1 = SYS_24MHZ;
  emit(put_u(put_s(line, "nnbench calib instructions=2000000 ticks="), t1 - t0));
  t0 = SYS_24MHZ; t1 = SYS_24MHZ;
  emit(put_u(put_s(line, "nnbench overhead ticks="), t1 - t0));

  golden("tiny", tiny_blob, (uint32_t)(tiny_blob_end - tiny_blob), tiny_vec);
  golden("net", net_blob, (uint32_t)(net_blob_end - net_blob), net_vec);
  golden("sat", sat_blob, (uint32_t)(sat_blob_end - sat_blob), sat_vec);
  golden("wide", wide_blob, (uint32_t)(wide_blob_end - wide_blob), wide_vec);
  golden_pre();
  reject_checks();

  /* preprocessing cost: a 288 x 384 sensor image (500 dpi, SFinGe size) to the 96 x 96 input */
  static uint8_t sensor[384 * 288], pre_out[96 * 96];
  for (uint32_t i = 0; i < sizeof sensor; i++) sensor[i] = (uint8_t)((i * 7u) ^ (i >> 9) * 13u);
  t0 = SYS_24MHZ;
  nn_preprocess(sensor, 384, 288, pre_out, 96, 96);
  t1 = SYS_24MHZ;
  emit(put_u(put_s(line, "nnbench preprocess src=384x288 dst=96x96 ticks="), t1 - t0));

  t0 = SYS_24MHZ;
  int e = nn_model_parse(bench_blob, (uint32_t)(bench_blob_end - bench_blob), &model);
  t1 = SYS_24MHZ;
  if (e != NN_OK) { emit(put_s(put_s(line, "nnbench error "), nn_strerror(e))); failed = 1; finish(); }
  emit(put_u(put_s(line, "nnbench parse ticks="), t1 - t0));
  t0 = SYS_24MHZ;
  e = nn_armv4t_prepare(&model, &ctx, packed, sizeof packed);
  t1 = SYS_24MHZ;
  if (e != NN_OK || model.arena_bytes > sizeof arena || model.max_tensor > sizeof out_ref) { emit(put_s(line, "nnbench error prepare/arena")); failed = 1; finish(); }
  p = put_u(put_s(line, "nnbench prepare ticks="), t1 - t0);
  p = put_u(put_s(p, " packed_bytes="), nn_armv4t_packed_bytes(&model));
  emit(put_u(put_s(p, " arena_bytes="), model.arena_bytes));

  /* per layer, both kernel sets on the same input, outputs compared */
  const int8_t *x = (const int8_t *)bench_input;
  static int8_t cur[96 * 96 * 16];
  for (uint32_t li = 0; li < model.n_layers; li++) {
    const nn_layer_t *l = &model.layers[li];
    uint32_t n = tsize(&l->out);
    t0 = SYS_24MHZ; nn_layer_run(&nn_ref_ops, 0, l, li, x, out_ref); t1 = SYS_24MHZ;
    uint32_t tr = t1 - t0;
    t0 = SYS_24MHZ; nn_layer_run(&nn_armv4t_ops, &ctx, l, li, x, out_opt); t1 = SYS_24MHZ;
    uint32_t to = t1 - t0, bad = 0;
    for (uint32_t k = 0; k < n; k++) bad += out_ref[k] != out_opt[k];
    if (bad) failed = 1;
    p = put_u(put_s(line, "nnbench layer "), li);
    p = put_u(put_s(p, " op="), l->op);
    p = put_u(put_s(p, " ref_ticks="), tr);
    p = put_u(put_s(p, " opt_ticks="), to);
    emit(put_u(put_s(p, " mismatch="), bad));
    for (uint32_t k = 0; k < n; k++) cur[k] = out_opt[k];
    x = cur;
  }
  t0 = SYS_24MHZ;
  nn_model_run(&model, &nn_ref_ops, 0, (const int8_t *)bench_input, (int8_t *)arena, sizeof arena, emb_ref);
  t1 = SYS_24MHZ;
  uint32_t tr = t1 - t0;
  t0 = SYS_24MHZ;
  nn_model_run(&model, &nn_armv4t_ops, &ctx, (const int8_t *)bench_input, (int8_t *)arena, sizeof arena, emb_opt);
  t1 = SYS_24MHZ;
  p = put_u(put_s(line, "nnbench embed ref_ticks="), tr);
  emit(put_u(put_s(p, " opt_ticks="), t1 - t0));
  /* max pooling 2x2/2 on a 48x48x16 tensor (not in the bench network): reference vs ARMv4T */
  {
    nn_layer_t mp = { NN_OP_MAXPOOL, 0, 2, 2, 2, 0, 0, { 48, 48, 16 }, { 24, 24, 16 }, 0, 0, 0, 0, 0, 0 };
    static int8_t src[48 * 48 * 16];
    for (uint32_t i = 0; i < sizeof src; i++) src[i] = (int8_t)(i * 37u + (i >> 7));
    t0 = SYS_24MHZ; nn_layer_run(&nn_ref_ops, 0, &mp, 0, src, out_ref); t1 = SYS_24MHZ;
    uint32_t tr = t1 - t0;
    t0 = SYS_24MHZ; nn_layer_run(&nn_armv4t_ops, &ctx, &mp, 0, src, out_opt); t1 = SYS_24MHZ;
    uint32_t bad = 0;
    for (uint32_t k = 0; k < 24u * 24u * 16u; k++) bad += out_ref[k] != out_opt[k];
    if (bad) failed = 1;
    p = put_u(put_s(line, "nnbench maxpool in=48x48x16 ref_ticks="), tr);
    p = put_u(put_s(p, " opt_ticks="), t1 - t0);
    emit(put_u(put_s(p, " mismatch="), bad));
  }
  volatile int32_t s = 0;
  t0 = SYS_24MHZ;
  for (int i = 0; i < 1000; i++) s += nn_score(emb_opt, emb_ref, model.emb_len);
  t1 = SYS_24MHZ;
  p = put_u(put_s(line, "nnbench score1000 ticks="), t1 - t0);
  emit(put_u(put_s(p, " score="), (uint32_t)nn_score(emb_opt, emb_opt, model.emb_len)));
  p = put_s(line, "nnbench emb ");
  for (uint32_t i = 0; i < model.emb_len; i++) {
    uint8_t b = (uint8_t)emb_opt[i];
    *p++ = "0123456789abcdef"[b >> 4]; *p++ = "0123456789abcdef"[b & 15];
  }
  emit(p);
  for (uint32_t i = 0; i < model.emb_len; i++) if (emb_ref[i] != emb_opt[i]) failed = 1;
  sensor_bench();
  finish();
  return 0;
}
