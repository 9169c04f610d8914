/** Host int8 reference of the device matcher: the same preprocessing, runtime and score, bit for bit. */
import { readFileSync } from 'node:fs';
import { decodeBlob } from '../nn/blob.js';
import { scoreI8 } from '../nn/fixed.js';
import { embedImage, forwardI8, int8Input } from '../nn/int8.js';
import { preprocess } from '../nn/preprocess.js';
import { preprocessPrint } from '../nn/printpre.js';
import type { QModel } from '../nn/qmodel.js';
import type { GreyImage } from './client.js';
import { chooseEnrollment } from './enroll-choice.js';

export class Int8Reference {
  readonly model: QModel;
  constructor(blob: Uint8Array) {
    this.model = decodeBlob(blob);
  }

  static fromFile(file: string): Int8Reference {
    return new Int8Reference(new Uint8Array(readFileSync(file)));
  }

  /** Embedding and quality verdict of an image, as the device computes them. */
  embed(img: GreyImage): { embedding: Int8Array; reason: number; quality: number } {
    const m = this.model;
    if (m.print) {
      const r = preprocessPrint(img.data, img.height, img.width, img.dpi, m.print);
      const outs = forwardI8(m, int8Input(r.image));
      return { embedding: outs[outs.length - 1], reason: r.reason, quality: r.quality };
    }
    return { embedding: embedImage(m, img.data, img.height, img.width, preprocess), reason: 0, quality: 100 };
  }

  /** Score of a probe against a template of several embeddings: the best one. */
  static score(template: Int8Array[], probe: Int8Array): number {
    return Math.max(...template.map((t) => scoreI8(t, probe)));
  }

  /** ENROLL's consistency check over exactly these impressions (1..5, firmware fp_enroll.c): refused when an impression's best partner among the others scores below `threshold`. */
  static enrollRefused(impressions: Int8Array[], threshold: number): boolean {
    return !chooseEnrollment(impressions, impressions.length, threshold).ok;
  }
}
