/** Metric-learning losses on L2-normalised embeddings of P×K batches (every finger has ≥ 2 images). */
import { tf } from './wasm-backend.js';

export type LossName = 'supcon' | 'triplet';

/** Batch-hard triplet loss (distance = 2 − 2·cosine). */
export function batchHardTriplet(emb: tf.Tensor2D, labels: tf.Tensor1D, margin: number): tf.Scalar {
  return tf.tidy(() => {
    const sim = tf.matMul(emb, emb, false, true);
    const dist = tf.sub(2, tf.mul(2, sim));
    const same = tf.cast(tf.equal(tf.expandDims(labels, 1), tf.expandDims(labels, 0)), 'float32');
    const hardestPos = tf.max(tf.mul(dist, same), 1);
    const hardestNeg = tf.min(tf.add(dist, tf.mul(same, 10)), 1);
    return tf.mean(tf.relu(tf.add(tf.sub(hardestPos, hardestNeg), margin))) as tf.Scalar;
  });
}

/**
 * Supervised contrastive loss (multi-positive InfoNCE): for each anchor, the mean over its positives
 * of −log softmax(cos/τ) taken over all other images of the batch. Every impostor in the batch pushes,
 * so it does not collapse the way batch-hard mining can at the start.
 * `margin` (≥ 0) lowers every positive's cosine by that much inside the softmax (additive margin).
 * `memory` (rows: L2-normalised embeddings of earlier batches, no gradient) adds negatives to every
 * anchor's softmax: training never shows a finger twice, so every earlier embedding is an impostor.
 */
export function supCon(emb: tf.Tensor2D, labels: tf.Tensor1D, temperature: number, memory?: tf.Tensor2D, margin = 0): tf.Scalar {
  return tf.tidy(() => {
    const n = emb.shape[0];
    const eye = tf.eye(n);
    const notSelf = tf.sub(1, eye);
    const pos = tf.mul(tf.cast(tf.equal(tf.expandDims(labels, 1), tf.expandDims(labels, 0)), 'float32'), notSelf);
    // additive margin (CosFace-like): a positive's cosine counts `margin` less, so it must beat the
    // impostors by that much before its loss fades
    const sim = tf.matMul(emb, emb, false, true);
    const logits = tf.div(margin ? tf.sub(sim, tf.mul(pos, margin)) : sim, temperature);
    // log-sum-exp over j ≠ i: mask the diagonal with a large negative number
    const masked = tf.sub(logits, tf.mul(eye, 1e4));
    const all = memory && memory.shape[0] > 0 ? tf.concat([masked, tf.div(tf.matMul(emb, memory, false, true), temperature)], 1) : masked;
    const lse = tf.logSumExp(all, 1, true);
    const logProb = tf.sub(logits, lse);
    const perAnchor = tf.div(tf.sum(tf.mul(logProb, pos), 1), tf.maximum(tf.sum(pos, 1), 1));
    return tf.neg(tf.mean(perAnchor)) as tf.Scalar;
  });
}

/**
 * Ring of the last `capacity` training embeddings (cross-batch memory): negatives for the loss.
 * Saved with checkpoints so that a resumed run continues exactly.
 */
export class EmbeddingMemory {
  readonly data: Float32Array;
  count = 0;
  head = 0;
  constructor(readonly capacity: number, readonly dim: number) {
    this.data = new Float32Array(capacity * dim);
  }
  push(rows: Float32Array): void {
    for (let r = 0; r + this.dim <= rows.length; r += this.dim) {
      this.data.set(rows.subarray(r, r + this.dim), this.head * this.dim);
      this.head = (this.head + 1) % this.capacity;
      this.count = Math.min(this.capacity, this.count + 1);
    }
  }
  /** the stored rows (order does not matter to the loss); null when empty */
  tensor(): tf.Tensor2D | null {
    return this.count === 0 ? null : tf.tensor2d(this.data.subarray(0, this.count * this.dim), [this.count, this.dim]);
  }
  toBytes(): Buffer {
    return Buffer.from(this.data.buffer, this.data.byteOffset, this.count * this.dim * 4);
  }
  restore(bytes: Buffer, count: number, head: number): void {
    if (bytes.length !== count * this.dim * 4 || count > this.capacity) throw new Error(`memory.bin holds ${bytes.length} bytes, ${count} rows of ${this.dim} expected (capacity ${this.capacity})`);
    this.data.set(new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)));
    this.count = count;
    this.head = head % this.capacity;
  }
}
