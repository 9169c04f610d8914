/*
 * Whorl int8 CNN runtime: model blob loader and layer runner (docs/quantization.md, nn blob 1).
 * No heap: the caller owns the model descriptor and the activation arena.
 */
#ifndef WHORL_NN_H
#define WHORL_NN_H

#include <stdint.h>

#define NN_FORMAT_VERSION 2u
#define NN_MAGIC 0x314E4E57u /* 'WNN1' */
#define NN_HEADER_SIZE 64u
#define NN_LAYER_SIZE 48u
#define NN_MAX_LAYERS 32u
#define NN_PREPROC_U8_MINUS_128 1u /* area resize + contrast (nn_preprocess) */
#define NN_PREPROC_PRINT 2u        /* fingerprint preprocessing (nn_print_preprocess) */
#define NN_NAME_MAX 19u

/* Operator codes of the blob. */
#define NN_OP_CONV2D 1u
#define NN_OP_MAXPOOL 2u
#define NN_OP_AVGPOOL 3u
#define NN_OP_GAP 4u
#define NN_OP_DENSE 5u
#define NN_OP_L2NORM 6u
#define NN_OP_LUT 7u

/* Errors (negative). */
#define NN_OK 0
#define NN_ERR_ARG (-1)      /* null pointer or bad argument */
#define NN_ERR_SHORT (-2)    /* fewer bytes than a header */
#define NN_ERR_MAGIC (-3)    /* not a model blob */
#define NN_ERR_VERSION (-4)  /* other blob format version */
#define NN_ERR_LENGTH (-5)   /* length field does not match */
#define NN_ERR_CRC (-6)      /* CRC-32 mismatch */
#define NN_ERR_LAYERS (-7)   /* bad layer count */
#define NN_ERR_OP (-8)       /* unknown operator */
#define NN_ERR_SHAPE (-9)    /* layer input size is not the previous output size */
#define NN_ERR_BOUNDS (-10)  /* array outside the blob or misaligned */
#define NN_ERR_FIELD (-11)   /* inconsistent field */
#define NN_ERR_ARENA (-12)   /* caller's arena too small */
#define NN_ERR_EMPTY (-13)   /* model partition erased */
#define NN_ERR_IMAGE (-14)   /* model partition: bad image header, header CRC or type */
#define NN_ERR_WORK (-15)    /* caller's work buffer too small */

/* Fingerprint preprocessing parameters (blob header bytes 56..61; host/nn/printpre.ts). */
typedef struct {
  uint16_t size;          /* output side, multiple of block */
  uint16_t dpi;           /* working resolution */
  uint8_t block;          /* segmentation block side */
  uint8_t std_min;        /* least block standard deviation for foreground */
  uint8_t min_fg_pct;     /* least foreground, % of the crop's blocks */
  uint8_t min_ridge_pct;  /* least coherent blocks, % of the foreground */
  uint8_t registration;   /* 0 foreground centroid, 1 core (centroid when none), 2 core with edge smoothing,
                             3 core with the field one block beyond the foreground, 4 as 3 with the core
                             refined to the pixel (nn_print_refine_core); byte 62 */
} nn_print_params_t;

/* Image quality verdicts (same numbers as host Quality). */
#define NN_Q_OK 0u
#define NN_Q_BLANK 1u
#define NN_Q_SMALL_AREA 2u
#define NN_Q_NO_RIDGES 3u

typedef struct {
  uint8_t reason;         /* NN_Q_* */
  uint8_t quality;        /* 0..100 */
  uint16_t fg_blocks, ridged_blocks;
  int16_t cy, cx;         /* crop centre in the resampled image */
  uint8_t core;           /* 1: the crop is centred on a core */
} nn_quality_t;

/* Limits of the fingerprint preprocessing. */
#define NN_PRINT_DPI_MIN 100u
#define NN_PRINT_DPI_MAX 2000u
#define NN_PRINT_MAX_WORK 65536u
/* Registration 4's fine field around the block core (host host/nn/corerefine.ts): windows of
 * REFINE_WIN pixels every REFINE_STEP, a ring REFINE_RING steps out, moves of up to REFINE_SEARCH
 * pixels; the grid is REFINE_N x REFINE_N points over 2 * REFINE_SPAN pixels. */
#define NN_PRINT_REFINE_STEP 2
#define NN_PRINT_REFINE_WIN 8
#define NN_PRINT_REFINE_RING 4
#define NN_PRINT_REFINE_SEARCH 16
#define NN_PRINT_REFINE_SPAN (NN_PRINT_REFINE_SEARCH + (NN_PRINT_REFINE_RING + 1) * NN_PRINT_REFINE_STEP + NN_PRINT_REFINE_WIN)
#define NN_PRINT_REFINE_N ((2 * NN_PRINT_REFINE_SPAN) / NN_PRINT_REFINE_STEP)
/* Its work bytes: four int32 fields and two flag maps over the grid, plus alignment. */
#define NN_PRINT_REFINE_BYTES (18u * NN_PRINT_REFINE_N * NN_PRINT_REFINE_N + 3u)
/* Largest work buffer nn_print_work_bytes asks for: pixels, block map, four int32 block fields,
 * winding map (18 bytes a block, at least 4x4 pixels a block), alignment, registration 4's grid. */
#define NN_PRINT_WORK_MAX (NN_PRINT_MAX_WORK + 18u * (NN_PRINT_MAX_WORK / 16u) + 4u + NN_PRINT_REFINE_BYTES)
/* Core search radius in blocks (host CORE_CLUSTER). */
#define NN_PRINT_CORE_CLUSTER 4
/* registration 2: least foreground blocks of a 3x3 neighbourhood for a smoothed field value
 * (registration 1 needs all nine, registration 3 one; host CORE_MIN_FG). */
#define NN_PRINT_CORE_EDGE_MIN 6
/* Highest registration mode (blob byte 62); a blob with a higher one is refused. */
#define NN_PRINT_REGISTRATION_MAX 4u
/* Registration 4: refines the block core (*cy, *cx) of the resampled image r (h x w) to the pixel;
 * 1 when moved, 0 when no fine position winds positively (left as is). work: NN_PRINT_REFINE_BYTES. */
int nn_print_refine_core(const uint8_t *r, int32_t h, int32_t w, int32_t *cy, int32_t *cx, uint8_t *work);
/* Work bytes nn_print_preprocess needs for a hs x ws image at dpi (0: out of range). */
uint32_t nn_print_work_bytes(const nn_print_params_t *p, uint32_t hs, uint32_t ws, uint32_t dpi);
/*
 * Fingerprint preprocessing: resample to p->dpi, segment, centre the crop on the foreground,
 * normalise the foreground; dst gets p->size^2 bytes and q the quality verdict (the image is made
 * whatever the verdict). NN_OK, NN_ERR_ARG (sizes, resolution) or NN_ERR_WORK.
 */
int nn_print_preprocess(const nn_print_params_t *p, const uint8_t *src, uint32_t hs, uint32_t ws, uint32_t dpi,
                        uint8_t *work, uint32_t work_bytes, uint8_t *dst, nn_quality_t *q);

typedef struct {
  uint16_t h, w, c;
} nn_shape_t;

/* One layer; the arrays point into the blob. */
typedef struct {
  uint8_t op;        /* NN_OP_* */
  uint8_t act;       /* 1: lut applies to the requantized output */
  uint8_t kh, kw;    /* window */
  uint8_t stride;
  uint8_t pt, pl;    /* leading padding */
  nn_shape_t in, out;
  const int8_t *weights; /* conv [out][kh][kw][in], dense [out][in] */
  const int32_t *bias;   /* [out_c] */
  const int32_t *mult;   /* [n_mult], 2^30 <= M < 2^31 or 0 */
  const int32_t *shift;  /* [n_mult], 16..62 */
  const int8_t *lut;     /* [256], index x + 128 */
  uint32_t n_mult;
} nn_layer_t;

/* A parsed model. */
typedef struct {
  uint16_t n_layers;
  uint16_t emb_len;       /* embedding length D */
  nn_shape_t input;
  uint16_t preproc;       /* NN_PREPROC_* */
  uint16_t pre_h, pre_w;  /* preprocessing output size */
  uint32_t arena_bytes;   /* arena nn_model_run needs */
  uint32_t max_tensor;    /* largest tensor, bytes */
  uint32_t crc32;         /* blob CRC */
  nn_print_params_t print; /* valid when preproc == NN_PREPROC_PRINT */
  char name[NN_NAME_MAX + 1];
  nn_layer_t layers[NN_MAX_LAYERS];
} nn_model_t;

/* Layer kernels: one set is the plain reference (nn_ref_ops), others are optimized. */
typedef void (*nn_kernel_fn)(const nn_layer_t *l, uint32_t index, const int8_t *x, int8_t *y, void *ctx);
typedef struct {
  nn_kernel_fn op[8]; /* indexed by NN_OP_* (0 unused) */
} nn_ops_t;

extern const nn_ops_t nn_ref_ops;

/* CRC-32 (IEEE 802.3) of len bytes, continuing from prev (0 to start). */
uint32_t nn_crc32(const uint8_t *p, uint32_t len, uint32_t prev);

/* Checks a blob (4-aligned, len bytes) and fills m with pointers into it. Returns NN_OK or NN_ERR_*. */
int nn_model_parse(const uint8_t *blob, uint32_t len, nn_model_t *m);

/*
 * Checks a model partition (docs/flash-layout.md image header, type 2, content version =
 * NN_FORMAT_VERSION, payload CRC) of part_size bytes and parses the blob behind it.
 * NN_ERR_EMPTY for an erased partition, NN_ERR_IMAGE, NN_ERR_VERSION, NN_ERR_LENGTH, NN_ERR_CRC or a
 * nn_model_parse error otherwise.
 */
int nn_model_from_image(const uint8_t *part, uint32_t part_size, nn_model_t *m);

/* One line for an error code. */
const char *nn_strerror(int err);

/*
 * Runs the model on an int8 input (input H*W*C bytes, = u8 - 128) with the kernels of ops.
 * arena: 4-aligned, arena_bytes >= m->arena_bytes. Writes the embedding (m->emb_len bytes) to emb.
 */
int nn_model_run(const nn_model_t *m, const nn_ops_t *ops, void *ctx, const int8_t *input,
                 int8_t *arena, uint32_t arena_bytes, int8_t *emb);

/* Runs one layer with the kernels of ops (x: input, y: output, distinct buffers). */
void nn_layer_run(const nn_ops_t *ops, void *ctx, const nn_layer_t *l, uint32_t index, const int8_t *x, int8_t *y);

/*
 * Whole embedding from a sensor image: nn_preprocess (hs x ws -> model input size, into pre, which
 * needs input H*W bytes), int8 = u8 - 128 in place, then nn_model_run. Returns NN_OK or NN_ERR_*.
 */
int nn_embed(const nn_model_t *m, const nn_ops_t *ops, void *ctx, const uint8_t *sensor, uint32_t hs, uint32_t ws,
             uint8_t *pre, int8_t *arena, uint32_t arena_bytes, int8_t *emb);
/*
 * The same for either preprocessing kind: a sensor image of hs x ws at dpi; work/work_bytes is the
 * fingerprint preprocessing's buffer (nn_print_work_bytes), q its verdict (q->reason 0 for kind 1).
 */
int nn_embed_print(const nn_model_t *m, const nn_ops_t *ops, void *ctx, const uint8_t *sensor, uint32_t hs, uint32_t ws,
                   uint32_t dpi, uint8_t *work, uint32_t work_bytes, uint8_t *pre, int8_t *arena, uint32_t arena_bytes,
                   int8_t *emb, nn_quality_t *q);

/* Score of two embeddings: int32 dot product (cos ~ score / 16129). */
int32_t nn_score(const int8_t *a, const int8_t *b, uint32_t n);

/* Preprocessing limits. */
#define NN_PRE_MAX_SIDE 4096u
#define NN_PRE_MAX_OUT 65535u

/*
 * Fixed-point preprocessing: area resize of the u8 hs x ws image src to h x w, then contrast
 * normalisation (mean 128, standard deviation 64) into dst (h*w bytes). NN_OK or NN_ERR_ARG.
 */
int nn_preprocess(const uint8_t *src, uint32_t hs, uint32_t ws, uint8_t *dst, uint32_t h, uint32_t w);
/* Area resize alone (round half up); arguments unchecked. */
void nn_area_resize(const uint8_t *src, uint32_t hs, uint32_t ws, uint8_t *dst, uint32_t h, uint32_t w);
/* Floor square root. */
uint32_t nn_isqrt64(uint64_t v);
/* Contrast normalisation (both preprocessing kinds): gain floor(2^30 / isqrt(v)) for
 * v = n*S2 - S1^2 (0 for a flat image), and one pixel clamp(128 + ((t*g + 2^23) >> 24)), t = n*r - S1. */
int64_t nn_contrast_gain(uint64_t v);
uint8_t nn_norm_pixel(int64_t t, int64_t g);

/* Requantization of docs/quantization.md: clamp(floor((acc*M + 2^(s-1)) / 2^s), -128, 127). */
static inline int8_t nn_requant(int32_t acc, int32_t M, int32_t s)
{
  int64_t p = (int64_t)acc * M + ((int64_t)1 << (s - 1));
  int64_t y = p >> s; /* arithmetic shift (gcc) */
  return (int8_t)(y < -128 ? -128 : y > 127 ? 127 : y);
}

#endif /* WHORL_NN_H */
