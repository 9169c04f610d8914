/** Public types of the synthetic fingerprint generator. */

export const FINGER_CLASSES = ['arch', 'tented_arch', 'left_loop', 'right_loop', 'whorl'] as const;
export type FingerClass = (typeof FINGER_CLASSES)[number];

/** Natural class proportions (Wilson et al., as used by SFinGe). */
export const NATURAL_CLASS_WEIGHTS: Record<FingerClass, number> = {
  arch: 0.037,
  tented_arch: 0.029,
  left_loop: 0.338,
  right_loop: 0.317,
  whorl: 0.279,
};

export interface Point {
  x: number;
  y: number;
}

/** Parameters shared by every finger and impression of a data set. */
export interface SynthParams {
  /** Output image width and height in pixels. */
  width: number;
  height: number;
  /** Resolution in dots per inch; physical sizes (ridge period, finger size) scale with it. */
  dpi: number;
  /** Largest absolute rotation of an impression, degrees (uniform in ±rotation). */
  rotation: number;
  /** Largest displacement of an impression, pixels at 500 dpi (uniform in ±shift per axis). */
  shift: number;
  /** Ridge period range of a finger in pixels at 500 dpi. */
  periodRange: [number, number];
  /** Class weights (normalised internally). */
  classWeights: Record<FingerClass, number>;
  /** Plastic distortion strength, 0 (none) .. 1 (default) .. 2 (strong). */
  distortion: number;
  /** Noise strength, 0 (clean) .. 1 (default) .. 2 (very noisy). */
  noise: number;
}

export const DEFAULT_PARAMS: SynthParams = {
  width: 288,
  height: 384,
  dpi: 500,
  rotation: 20,
  shift: 24,
  periodRange: [8.2, 10.6],
  classWeights: { ...NATURAL_CLASS_WEIGHTS },
  distortion: 1,
  noise: 1,
};

/** A master fingerprint: the whole ridge pattern of one finger, from which impressions are taken. */
export interface Master {
  finger: number;
  width: number;
  height: number;
  dpi: number;
  cls: FingerClass;
  cores: Point[];
  deltas: Point[];
  /** Ridge field in [-1, 1] (positive on ridges), width×height. */
  ridge: Float32Array;
  /** Finger silhouette in [0, 1], width×height. */
  mask: Float32Array;
  /** Mean ridge period inside the silhouette, pixels. */
  meanPeriod: number;
  /** Gabor growth iterations used. */
  iterations: number;
  /** Silhouette centre and half axes (pixels, master coordinates). */
  shape: { cx: number; cy: number; left: number; right: number; top: number; bottom: number };
}

/** How one impression was taken from its master. */
export interface ImpressionTransform {
  /** Displacement of the finger in the image, pixels. */
  dx: number;
  dy: number;
  /** Rotation of the finger in the image, degrees (counter-clockwise positive on screen). */
  rotation: number;
  /** Cappelli plastic distortion: close-contact radius, transition width, and the outer displacement. */
  distortion: { cx: number; cy: number; radius: number; transition: number; tx: number; ty: number; rotation: number };
  /** Contact region: ellipse in master coordinates plus boundary irregularity. */
  contact: { cx: number; cy: number; rx: number; ry: number; irregularity: number };
  /** Pressure in [-1, 1]: negative dry (thin, broken ridges), positive wet (thick, merged ridges). */
  pressure: number;
  /** Noise: pixel noise std (grey levels), speckle amount, scratch count, background level. */
  noise: { sigma: number; speckle: number; scratches: number; background: number; contrast: number };
}

export interface Impression {
  finger: number;
  impression: number;
  width: number;
  height: number;
  dpi: number;
  /** 8-bit grey pixels, row major. */
  data: Uint8Array;
  transform: ImpressionTransform;
}
