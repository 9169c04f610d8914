/*
 * Native test of the int8 runtime against the golden vectors (test/vectors/nn, made by
 * `whorl quantize golden`): every layer of every kernel set on the golden input of that layer, the
 * whole model, the scores, requantization edge cases and rejected blobs.
 * Usage: test_nn <vector dir>. Exit status 0 when all checks pass.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn.h"
#include "nn_armv4t.h"

static int failures;
static int checks;

#define CHECK(cond, ...) do { checks++; if (!(cond)) { failures++; printf("FAIL %s:%d: ", __FILE__, __LINE__); printf(__VA_ARGS__); printf("\n"); } } while (0)

static uint32_t blob_words[1u << 18];  /* 1 MiB, 4-aligned */
static uint32_t copy_words[1u << 18];
static uint8_t vec[4u << 20]; /* the largest vector file (print.vec: 1.3 MB) with room to grow */
static uint32_t packed[1u << 18];
static uint32_t arena_words[1u << 16];
static int8_t out_buf[1u << 16];
static int8_t embs[64 * 256];

/* Reads a whole file into buf (cap bytes); returns its size or -1. */
static long read_file(const char *path, void *buf, long cap)
{
  FILE *f = fopen(path, "rb");
  if (!f) return -1;
  long n = (long)fread(buf, 1, (size_t)cap, f);
  fclose(f);
  return n;
}

static uint32_t tsize(const nn_shape_t *s) { return (uint32_t)s->h * s->w * s->c; }

/* Reads the case file DIR/NAME (4-byte magic, u32 case count, cases) into vec: the first case and
 * the count, or 0 (after a failed check) when the file is missing, short or of another magic. */
static const uint8_t *read_cases(const char *dir, const char *name, const char *magic, uint32_t *count)
{
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  long n = read_file(path, vec, sizeof vec);
  CHECK(n > 8, "cannot read %s", path);
  CHECK(n < (long)sizeof vec, "%s fills the %u-byte buffer: raise it", path, (unsigned)sizeof vec);
  if (n <= 8 || n >= (long)sizeof vec) return 0;
  CHECK(memcmp(vec, magic, 4) == 0, "%s: not a %s file", path, magic);
  memcpy(count, vec + 4, 4);
  return vec + 8;
}

static void put32(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24); }

/* Copies the blob, lets mutate() change it, optionally fixes the CRC, and returns the parse result. */
static int parse_mutated(uint32_t len, uint32_t at, uint8_t val, int fix_crc, uint32_t newlen)
{
  static nn_model_t m;
  uint8_t *c = (uint8_t *)copy_words;
  memcpy(c, blob_words, len);
  c[at] = val;
  if (fix_crc) put32(c + newlen - 4, nn_crc32(c, newlen - 4, 0));
  return nn_model_parse(c, newlen, &m);
}

static void test_case(const char *dir, const char *name)
{
  char path[512];
  static nn_model_t m;
  snprintf(path, sizeof path, "%s/%s.wnn", dir, name);
  long blen = read_file(path, blob_words, sizeof blob_words);
  snprintf(path, sizeof path, "%s/%s.vec", dir, name);
  long vlen = read_file(path, vec, sizeof vec);
  CHECK(blen > 0 && vlen > 0, "%s: cannot read vectors in %s", name, dir);
  if (blen <= 0 || vlen <= 0) return;
  int e = nn_model_parse((const uint8_t *)blob_words, (uint32_t)blen, &m);
  CHECK(e == NN_OK, "%s: parse: %s", name, nn_strerror(e));
  if (e != NN_OK) return;
  uint32_t nimg, nlay;
  memcpy(&nimg, vec + 4, 4);
  memcpy(&nlay, vec + 8, 4);
  CHECK(nlay == m.n_layers, "%s: vector layer count", name);
  nn_armv4t_ctx_t ctx;
  e = nn_armv4t_prepare(&m, &ctx, packed, sizeof packed);
  CHECK(e == NN_OK, "%s: armv4t prepare: %d", name, e);
  const nn_ops_t *sets[2] = { &nn_ref_ops, &nn_armv4t_ops };
  void *ctxs[2] = { NULL, &ctx };
  const char *set_names[2] = { "ref", "armv4t" };
  int8_t emb[2][256];
  const uint8_t *p = vec + 12;
  int32_t scores_ref[64];
  for (uint32_t img = 0; img < nimg && img < 64; img++) {
    const int8_t *input = (const int8_t *)p;
    const int8_t *x = input;
    p += tsize(&m.input);
    for (uint32_t li = 0; li < m.n_layers; li++) {
      const nn_layer_t *l = &m.layers[li];
      const int8_t *gold = (const int8_t *)p;
      uint32_t n = tsize(&l->out);
      for (int s = 0; s < 2; s++) {
        memset(out_buf, 0x55, n);
        nn_layer_run(sets[s], ctxs[s], l, li, x, out_buf);
        uint32_t bad = 0;
        for (uint32_t k = 0; k < n; k++) bad += out_buf[k] != gold[k];
        CHECK(bad == 0, "%s image %u layer %u (op %u) %s: %u of %u bytes differ", name, img, li, l->op, set_names[s], bad, n);
      }
      x = gold;
      p += n;
    }
    for (int s = 0; s < 2; s++) {
      e = nn_model_run(&m, sets[s], ctxs[s], input, (int8_t *)arena_words, sizeof arena_words, emb[s]);
      CHECK(e == NN_OK && memcmp(emb[s], x, m.emb_len) == 0, "%s image %u: %s embedding differs", name, img, set_names[s]);
    }
    memcpy(embs + img * 256, emb[0], m.emb_len);
  }
  for (uint32_t img = 0; img < nimg && img < 64; img++) {
    int32_t want;
    memcpy(&want, p + 4 * img, 4);
    scores_ref[img] = nn_score(embs + img * 256, embs + ((img + 1) % nimg) * 256, m.emb_len);
    CHECK(scores_ref[img] == want, "%s score %u: %d != %d", name, img, (int)scores_ref[img], (int)want);
  }
  /* nn_embed = preprocessing + u8-128 + model, on a synthetic 37 x 29 sensor image */
  if (m.input.c == 1u) {
    static uint8_t sensor[37 * 29], pre[65536];
    static int8_t e1[256], e2[256];
    for (uint32_t i = 0; i < sizeof sensor; i++) sensor[i] = (uint8_t)(i * 31u + (i >> 3) * 7u);
    e = nn_embed(&m, &nn_armv4t_ops, &ctx, sensor, 37, 29, pre, (int8_t *)arena_words, sizeof arena_words, e1);
    CHECK(e == NN_OK, "%s: nn_embed %d", name, e);
    nn_preprocess(sensor, 37, 29, pre, m.input.h, m.input.w);
    for (uint32_t i = 0; i < tsize(&m.input); i++) pre[i] = (uint8_t)(pre[i] - 128u);
    nn_model_run(&m, &nn_ref_ops, NULL, (const int8_t *)pre, (int8_t *)arena_words, sizeof arena_words, e2);
    CHECK(memcmp(e1, e2, m.emb_len) == 0, "%s: nn_embed differs from its steps", name);
  }
  /* Rejected blobs. */
  uint32_t len = (uint32_t)blen;
  uint8_t *b = (uint8_t *)blob_words;
  CHECK(parse_mutated(len, 0, 'X', 0, len) == NN_ERR_MAGIC, "%s: bad magic accepted", name);
  CHECK(parse_mutated(len, 4, 3, 1, len) == NN_ERR_VERSION, "%s: version 3 accepted", name);
  CHECK(parse_mutated(len, len / 2, (uint8_t)(b[len / 2] ^ 1), 0, len) == NN_ERR_CRC, "%s: flipped bit accepted", name);
  CHECK(parse_mutated(len, 0, b[0], 0, len - 4) == NN_ERR_LENGTH, "%s: truncated blob accepted", name);
  CHECK(parse_mutated(len, 12, 0, 1, len) == NN_ERR_LAYERS, "%s: zero layers accepted", name);
  CHECK(parse_mutated(len, NN_HEADER_SIZE, 9, 1, len) == NN_ERR_OP, "%s: unknown op accepted", name);
  CHECK(parse_mutated(len, NN_HEADER_SIZE + 8, (uint8_t)(b[NN_HEADER_SIZE + 8] + 1), 1, len) == NN_ERR_SHAPE, "%s: bad shape accepted", name);
  CHECK(parse_mutated(len, NN_HEADER_SIZE + 23, 0x7F, 1, len) == NN_ERR_BOUNDS, "%s: out-of-blob weights accepted", name);
  CHECK(parse_mutated(len, NN_HEADER_SIZE + 20, (uint8_t)(b[NN_HEADER_SIZE + 20] + 1), 1, len) == NN_ERR_BOUNDS, "%s: misaligned weights accepted", name);
  CHECK(nn_model_parse(b, 10, &m) == NN_ERR_SHORT, "%s: short blob accepted", name);
  if (strcmp(name, "net") == 0) { /* layer 2 is a 2x2 average pooling: a window past the input is refused */
    uint32_t r = NN_HEADER_SIZE + 2u * NN_LAYER_SIZE;
    CHECK(b[r] == NN_OP_AVGPOOL, "net layer 2 is not AVGPOOL");
    CHECK(parse_mutated(len, r + 14, (uint8_t)(b[r + 14] + 1), 1, len) == NN_ERR_FIELD, "avgpool window outside the input accepted");
  }
  nn_model_parse(b, len, &m);
  CHECK(nn_model_run(&m, &nn_ref_ops, NULL, (const int8_t *)vec, (int8_t *)arena_words, m.arena_bytes - 4, emb[0]) == NN_ERR_ARENA, "%s: small arena accepted", name);
  printf("%s: %u images, %u layers, blob %ld bytes, CRC 0x%08x\n", name, nimg, m.n_layers, blen, (unsigned)m.crc32);
}

/* Preprocessing golden cases (pre.vec) and argument checks. */
static void test_pre(const char *dir)
{
  static uint8_t dst[65536];
  uint32_t count;
  const uint8_t *p = read_cases(dir, "pre.vec", "WPV1", &count);
  if (p == 0) return;
  for (uint32_t i = 0; i < count; i++) {
    uint16_t d[4];
    memcpy(d, p, 8);
    p += 8;
    const uint8_t *src = p;
    p += (uint32_t)d[0] * d[1];
    int e = nn_preprocess(src, d[0], d[1], dst, d[2], d[3]);
    CHECK(e == NN_OK && memcmp(dst, p, (size_t)d[2] * d[3]) == 0, "preprocess case %u (%ux%u -> %ux%u) differs", i, d[0], d[1], d[2], d[3]);
    p += (uint32_t)d[2] * d[3];
  }
  CHECK(nn_preprocess(vec, 0, 4, dst, 2, 2) == NN_ERR_ARG, "zero height accepted");
  CHECK(nn_preprocess(vec, 4, 4, dst, 300, 300) == NN_ERR_ARG, "oversized output accepted");
  printf("pre: %u cases\n", count);
}

/* Fingerprint preprocessing golden cases (print.vec) and argument checks. */
static void test_print(const char *dir)
{
  static uint8_t work[NN_PRINT_WORK_MAX], dst[255 * 255];
  uint32_t count;
  const uint8_t *p = read_cases(dir, "print.vec", "WFV2", &count);
  if (p == 0) return;
  for (uint32_t i = 0; i < count; i++) {
    uint16_t d[13];
    int16_t c[2];
    uint16_t e2[2];
    memcpy(d, p, 26);
    memcpy(c, p + 26, 4);
    memcpy(e2, p + 30, 4);
    p += 34;
    nn_print_params_t pp = { d[0], d[1], (uint8_t)d[2], (uint8_t)d[3], (uint8_t)d[4], (uint8_t)d[5], (uint8_t)e2[0] };
    const uint8_t *src = p;
    p += (uint32_t)d[7] * d[8];
    nn_quality_t q;
    uint32_t need = nn_print_work_bytes(&pp, d[7], d[8], d[6]);
    int e = nn_print_preprocess(&pp, src, d[7], d[8], d[6], work, sizeof work, dst, &q);
    CHECK(e == NN_OK && need > 0 && memcmp(dst, p, (size_t)d[0] * d[0]) == 0, "print case %u (%ux%u at %u dpi) image differs (e=%d)", i, d[8], d[7], d[6], e);
    CHECK(q.reason == d[9] && q.quality == d[10] && q.fg_blocks == d[11] && q.ridged_blocks == d[12] && q.cy == c[0] && q.cx == c[1] && q.core == e2[1],
          "print case %u: verdict %u/%u/%u/%u/%d/%d, expected %u/%u/%u/%u/%d/%d", i, q.reason, q.quality, q.fg_blocks, q.ridged_blocks, q.cy, q.cx, d[9], d[10], d[11], d[12], c[0], c[1]);
    CHECK(nn_print_preprocess(&pp, src, d[7], d[8], d[6], work, need - 1u, dst, &q) == NN_ERR_WORK, "print case %u: short work buffer accepted", i);
    p += (uint32_t)d[0] * d[0];
  }
  nn_print_params_t pp = { 96, 250, 8, 12, 30, 25, 1 };
  nn_quality_t q;
  CHECK(nn_print_preprocess(&pp, vec, 100, 100, 50, work, sizeof work, dst, &q) == NN_ERR_ARG, "50 dpi accepted");
  CHECK(nn_print_preprocess(&pp, vec, 4000, 4000, 500, work, sizeof work, dst, &q) == NN_ERR_ARG, "oversized image accepted");
  pp.block = 7;
  CHECK(nn_print_preprocess(&pp, vec, 100, 100, 500, work, sizeof work, dst, &q) == NN_ERR_ARG, "size not a multiple of the block accepted");
  printf("print: %u cases\n", count);
}

/* Model partition image (tiny.img): accepted, and refused when empty, damaged or of another version. */
static void test_image(const char *dir)
{
  char path[512];
  static nn_model_t m;
  uint8_t *img = (uint8_t *)copy_words;
  snprintf(path, sizeof path, "%s/tiny.img", dir);
  long n = read_file(path, img, sizeof copy_words);
  CHECK(n > 64, "cannot read %s", path);
  if (n <= 64) return;
  uint32_t len = (uint32_t)n;
  CHECK(nn_model_from_image(img, len, &m) == NN_OK && m.n_layers == 8, "tiny.img refused");
  CHECK(nn_model_from_image(img, len + 4096, &m) == NN_OK, "tiny.img in a larger partition refused");
  img[70] ^= 0x10;
  CHECK(nn_model_from_image(img, len, &m) == NN_ERR_CRC, "damaged payload accepted");
  img[70] ^= 0x10;
  img[24] = 3; /* content version 3, header CRC fixed */
  put32(img + 60, nn_crc32(img, 60, 0));
  CHECK(nn_model_from_image(img, len, &m) == NN_ERR_VERSION, "model format 3 accepted");
  img[24] = 2;
  img[6] = 1; /* type firmware */
  put32(img + 60, nn_crc32(img, 60, 0));
  CHECK(nn_model_from_image(img, len, &m) == NN_ERR_IMAGE, "firmware image accepted as a model");
  img[6] = 2;
  put32(img + 60, nn_crc32(img, 60, 0));
  CHECK(nn_model_from_image(img, len, &m) == NN_OK, "restored image refused");
  img[61] ^= 1;
  CHECK(nn_model_from_image(img, len, &m) == NN_ERR_IMAGE, "bad header CRC accepted");
  img[61] ^= 1;
  CHECK(nn_model_from_image(img, len - 8, &m) == NN_ERR_LENGTH, "payload longer than the partition accepted");
  memset(img, 0xFF, 64);
  CHECK(nn_model_from_image(img, len, &m) == NN_ERR_EMPTY, "erased partition not reported as empty");
  printf("image: %u bytes, %s\n", len, nn_strerror(NN_ERR_EMPTY));
}

static void test_requant(void)
{
  const int32_t H = 1 << 30;
  CHECK(nn_requant(1, H, 31) == 1, "0.5 rounds up");
  CHECK(nn_requant(-1, H, 31) == 0, "-0.5 rounds up to 0");
  CHECK(nn_requant(-3, H, 31) == -1, "-1.5 rounds up to -1");
  CHECK(nn_requant(1000, H, 32) == 127, "250 saturates");
  CHECK(nn_requant(400, H, 32) == 100, "400/4");
  CHECK(nn_requant(-514, H, 32) == -128, "-128.5 -> -128");
  CHECK(nn_requant(-518, H, 32) == -128, "-129.5 saturates");
  CHECK(nn_requant(2147483647, 2147483647, 16) == 127, "max saturates");
  CHECK(nn_requant(-2147483647 - 1, 2147483647, 16) == -128, "min saturates");
  CHECK(nn_requant(12345, 0, 31) == 0, "M = 0");
  CHECK(nn_requant(-255, H, 62) == 0, "tiny multiplier");
}

int main(int argc, char **argv)
{
  const char *dir = argc > 1 ? argv[1] : "../test/vectors/nn";
  test_requant();
  test_pre(dir);
  test_print(dir);
  test_image(dir);
  test_case(dir, "tiny");
  test_case(dir, "net");
  test_case(dir, "sat");
  test_case(dir, "wide");
  printf("nn host test: %d checks, %d failures\n", checks, failures);
  return failures == 0 ? 0 : 1;
}
