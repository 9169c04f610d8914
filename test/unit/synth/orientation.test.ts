import { orientationField, placeSingularities, randomStyle } from '../../../host/synth/orientation.js';
import { randomShape } from '../../../host/synth/shape.js';
import { Rng } from '../../../host/synth/prng.js';
import { FINGER_CLASSES, type Point } from '../../../host/synth/types.js';

/** Poincaré index of an orientation field (angles mod π) around p on a circle of radius r. */
function poincare(theta: Float32Array, w: number, p: Point, r: number): number {
  const n = 64;
  let sum = 0;
  let prev = NaN;
  for (let k = 0; k <= n; k++) {
    const a = (2 * Math.PI * k) / n;
    const x = Math.round(p.x + r * Math.cos(a));
    const y = Math.round(p.y + r * Math.sin(a));
    const t = theta[y * w + x];
    if (k > 0) {
      let d = t - prev;
      while (d > Math.PI / 2) d -= Math.PI;
      while (d <= -Math.PI / 2) d += Math.PI;
      sum += d;
    }
    prev = t;
  }
  return sum / (2 * Math.PI);
}

test('orientation fields have +1/2 at every core and -1/2 at every delta, for every class', () => {
  const size = 520;
  for (const cls of FINGER_CLASSES) {
    for (let s = 1; s <= 4; s++) {
      const rng = new Rng(100 * s + cls.length);
      const shape = randomShape(rng, size, size, 1);
      const sing = placeSingularities(cls, shape, rng);
      const theta = orientationField(cls, sing, shape, randomStyle(rng), size, size);
      const inside = (p: Point): boolean => p.x > 20 && p.y > 20 && p.x < size - 20 && p.y < size - 20;
      for (const c of sing.cores.filter(inside)) expect(poincare(theta, size, c, 6)).toBeCloseTo(0.5, 5);
      for (const d of sing.deltas.filter(inside)) expect(poincare(theta, size, d, 6)).toBeCloseTo(-0.5, 5);
      // Away from singular points the index is 0.
      const free = { x: shape.cx - shape.left * 0.8, y: shape.cy - shape.top * 0.8 };
      const far = [...sing.cores, ...sing.deltas].every((q) => Math.hypot(q.x - free.x, q.y - free.y) > 20);
      if (far) expect(poincare(theta, size, free, 6)).toBeCloseTo(0, 5);
      if (cls === 'left_loop') expect(sing.deltas[0].x).toBeGreaterThan(sing.cores[0].x);
      if (cls === 'right_loop') expect(sing.deltas[0].x).toBeLessThan(sing.cores[0].x);
      if (cls === 'arch') expect(sing.cores.length + sing.deltas.length).toBe(0);
    }
  }
});
