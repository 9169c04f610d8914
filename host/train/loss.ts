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
 */
export function supCon(emb: tf.Tensor2D, labels: tf.Tensor1D, temperature: number): tf.Scalar {
  return tf.tidy(() => {
    const n = emb.shape[0];
    const logits = tf.div(tf.matMul(emb, emb, false, true), temperature);
    const eye = tf.eye(n);
    const notSelf = tf.sub(1, eye);
    const pos = tf.mul(tf.cast(tf.equal(tf.expandDims(labels, 1), tf.expandDims(labels, 0)), 'float32'), notSelf);
    // log-sum-exp over j ≠ i: mask the diagonal with a large negative number
    const masked = tf.sub(logits, tf.mul(eye, 1e4));
    const lse = tf.logSumExp(masked, 1, true);
    const logProb = tf.sub(logits, lse);
    const perAnchor = tf.div(tf.sum(tf.mul(logProb, pos), 1), tf.maximum(tf.sum(pos, 1), 1));
    return tf.neg(tf.mean(perAnchor)) as tf.Scalar;
  });
}
