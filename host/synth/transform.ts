/**
 * Draws the random acquisition parameters of one impression: placement (displacement, rotation),
 * Cappelli plastic distortion, contact region, pressure and noise levels.
 */
import type { ImpressionTransform, Master, SynthParams } from './types.js';
import { rngFor, STREAM } from './prng.js';

const r3 = (v: number): number => Math.round(v * 1000) / 1000;

/** Draws the transform of impression `impression` (1-based) of a master. */
export function drawTransform(master: Master, params: SynthParams, seed: number, impression: number): ImpressionTransform {
  const f = master.finger;
  const scale = params.dpi / 500;
  const s = master.shape;
  const tr = rngFor(seed, f, impression, STREAM.transform);
  const dx = tr.uniform(-1, 1) * params.shift * scale;
  const dy = tr.uniform(-1, 1) * params.shift * scale;
  const rotation = tr.uniform(-1, 1) * params.rotation;

  const cr = rngFor(seed, f, impression, STREAM.contact);
  const halfW = (s.left + s.right) / 2;
  const partial = cr.next() < 0.3; // a third of the prints touch the sensor with part of the finger only
  const k = partial ? cr.uniform(0.7, 0.9) : cr.uniform(1.0, 1.3);
  const contact = {
    cx: s.cx + cr.normal() * (partial ? 0.3 : 0.08) * halfW,
    cy: s.cy + cr.normal() * (partial ? 0.25 : 0.08) * s.top,
    rx: halfW * k * cr.uniform(0.9, 1.1),
    ry: (s.top + s.bottom) * 0.5 * k * cr.uniform(0.95, 1.2),
    irregularity: cr.uniform(0.04, 0.14),
  };

  const dr = rngFor(seed, f, impression, STREAM.distortion);
  const amount = params.distortion;
  const distortion = {
    cx: contact.cx + dr.normal() * 0.1 * halfW,
    cy: contact.cy + dr.normal() * 0.1 * s.top,
    radius: halfW * dr.uniform(0.25, 0.5),
    transition: halfW * dr.uniform(0.5, 0.9),
    tx: dr.normal() * 5 * amount * scale,
    ty: dr.normal() * 5 * amount * scale,
    rotation: dr.normal() * 3 * amount,
  };

  const pr = rngFor(seed, f, impression, STREAM.pressure);
  const pressure = Math.max(-1, Math.min(1, pr.normal() * 0.45));

  const nr = rngFor(seed, f, impression, STREAM.noise);
  const n = params.noise;
  const noise = {
    sigma: n * nr.uniform(5, 16),
    speckle: n * nr.uniform(0.1, 0.35) + (pressure < 0 ? -pressure * 0.25 * n : 0),
    scratches: Math.floor(n * nr.uniform(0, 4)),
    background: nr.uniform(170, 242),
    contrast: nr.uniform(0.55, 0.95),
  };
  return {
    dx: r3(dx),
    dy: r3(dy),
    rotation: r3(rotation),
    distortion: {
      cx: r3(distortion.cx), cy: r3(distortion.cy), radius: r3(distortion.radius), transition: r3(distortion.transition),
      tx: r3(distortion.tx), ty: r3(distortion.ty), rotation: r3(distortion.rotation),
    },
    contact: { cx: r3(contact.cx), cy: r3(contact.cy), rx: r3(contact.rx), ry: r3(contact.ry), irregularity: r3(contact.irregularity) },
    pressure: r3(pressure),
    noise: { sigma: r3(noise.sigma), speckle: r3(noise.speckle), scratches: noise.scratches, background: r3(noise.background), contrast: r3(noise.contrast) },
  };
}
