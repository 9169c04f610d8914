/** The int8 model: exactly what the blob holds (docs/quantization.md), plus host-only scales. */
import type { Shape } from './graph.js';
import type { PrintPreParams } from './printpre.js';

export const WNN_MAGIC = 0x314e4e57; // 'WNN1'
export const WNN_FORMAT_VERSION = 2;
export const WNN_HEADER_SIZE = 64;
export const WNN_LAYER_SIZE = 48;
export const WNN_MAX_LAYERS = 32;
/** Preprocessing kinds: 1 = area resize + contrast (preprocess.ts), 2 = fingerprint (printpre.ts). */
export const PREPROC_U8_MINUS_128 = 1;
export const PREPROC_PRINT = 2;
/** Longest model name in the blob (bytes, NUL-terminated field of 20). */
export const WNN_NAME_MAX = 19;

/** Operator codes of the blob. */
export enum Op { CONV2D = 1, MAXPOOL = 2, AVGPOOL = 3, GAP = 4, DENSE = 5, L2NORM = 6, LUT = 7 }

/** One int8 layer. */
export interface QLayer {
  op: Op;
  name: string;
  kh: number;
  kw: number;
  stride: number;
  pt: number;
  pl: number;
  inShape: Shape;
  outShape: Shape;
  weights?: Int8Array;
  bias?: Int32Array;
  mult?: Int32Array;
  shift?: Int32Array;
  lut?: Int8Array;
  /** Host-only: real scales, for the report. */
  info?: { inScale: number; preScale?: number; outScale: number; weightScales?: Float32Array; act?: string };
}

/** An int8 model. */
export interface QModel {
  name: string;
  input: Shape;
  /** Size of the u8 image the preprocessing produces (= input H, W). */
  pre: { h: number; w: number };
  /** Fingerprint preprocessing parameters (blob preprocessing kind 2); absent: kind 1. */
  print?: PrintPreParams;
  layers: QLayer[];
}

/** Number of bytes of a tensor. */
export function tensorSize(s: Shape): number {
  return s.h * s.w * s.c;
}

/** Largest tensor (input included) and the arena size: two buffers of it, rounded up to 4. */
export function arenaOf(m: QModel): { maxTensor: number; arena: number } {
  let max = tensorSize(m.input);
  for (const l of m.layers) max = Math.max(max, tensorSize(l.outShape));
  return { maxTensor: max, arena: 2 * ((max + 3) & ~3) };
}

/** Embedding length: size of the last layer's output. */
export function embeddingLength(m: QModel): number {
  const last = m.layers[m.layers.length - 1];
  return last ? tensorSize(last.outShape) : tensorSize(m.input);
}
