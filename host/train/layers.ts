/** Custom layers of the Whorl matcher, serialisable in the tfjs layers format: 'Mish' and
 * 'L2Normalize' (the int8 quantizer reads them by these class names). */
import { tf } from './wasm-backend.js';

/** Mish(x) = x · tanh(softplus(x)). */
export class Mish extends tf.layers.Layer {
  static className = 'Mish';
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      return tf.mul(x, tf.tanh(tf.softplus(x)));
    });
  }
  override getClassName(): string {
    return Mish.className;
  }
}

/** x / max(‖x‖₂, ε) over the last axis. */
export class L2Normalize extends tf.layers.Layer {
  static className = 'L2Normalize';
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const n = tf.maximum(tf.norm(x, 'euclidean', -1, true), tf.scalar(1e-6));
      return tf.div(x, n);
    });
  }
  override getClassName(): string {
    return L2Normalize.className;
  }
}

tf.serialization.registerClass(Mish);
tf.serialization.registerClass(L2Normalize);
