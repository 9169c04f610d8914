import type { ImpressionRef } from '../../../host/data/dataset.js';
import { makePairs, makeTemplatePairs } from '../../../host/eval/pairs.js';

function fingers(n: number, k: number): Map<number, ImpressionRef[]> {
  const m = new Map<number, ImpressionRef[]>();
  for (let f = 1; f <= n; f++) {
    m.set(f, Array.from({ length: k }, (_, i) => ({ finger: f, impression: i + 1, path: `${f}_${i + 1}.png`, name: `${f}_${i + 1}.png`, kind: 'png' as const, dpi: 500 })));
  }
  return m;
}

test.each([
  [10, 8],
  [16, 8],
  [100, 8],
  [3, 2],
  [1, 5],
])('FVC: %i fingers × %i impressions → N·K(K−1)/2 genuine, N(N−1)/2 impostor', (n, k) => {
  const { genuine, impostor } = makePairs(fingers(n, k));
  expect(genuine.length).toBe((n * k * (k - 1)) / 2);
  expect(impostor.length).toBe((n * (n - 1)) / 2);
  expect(genuine.every((p) => p.genuine && p.a.finger === p.b.finger && p.a.impression < p.b.impression)).toBe(true);
  expect(impostor.every((p) => !p.genuine && p.a.impression === 1 && p.b.impression === 1 && p.a.finger < p.b.finger)).toBe(true);
  // Each unordered pair once.
  expect(new Set(impostor.map((p) => `${p.a.finger}-${p.b.finger}`)).size).toBe(impostor.length);
});

test('--impostors all: every cross-finger impression pair once', () => {
  const { genuine, impostor } = makePairs(fingers(4, 3), 'all');
  expect(genuine.length).toBe(12);
  expect(impostor.length).toBe((4 * 3 * 9) / 2);
  expect(new Set(impostor.map((p) => `${p.a.name}|${p.b.name}`)).size).toBe(impostor.length);
});

test('enrolled templates: impressions 1..n against the later ones and other fingers\' probes', () => {
  const m = fingers(5, 6);
  m.set(6, fingers(1, 3).get(1)!.map((r) => ({ ...r, finger: 6 }))); // too few impressions for a template and a probe
  const { genuine, impostor } = makeTemplatePairs(m, 3);
  expect(genuine.length).toBe(5 * 3);
  expect(impostor.length).toBe(5 * 4); // ordered: template of p against the first probe of q
  for (const p of [...genuine, ...impostor]) {
    expect(p.template.map((r) => r.impression)).toEqual([1, 2, 3]);
    expect(p.template.every((r) => r.finger === p.template[0].finger)).toBe(true);
    expect(p.probe.impression).toBeGreaterThan(3);
    expect(p.probe.finger === p.template[0].finger).toBe(p.genuine);
  }
  expect(impostor.every((p) => p.probe.impression === 4)).toBe(true);
  expect([...genuine, ...impostor].some((p) => p.template[0].finger === 6 || p.probe.finger === 6)).toBe(false);
  expect(makeTemplatePairs(m, 3, 'all').impostor.length).toBe(5 * 4 * 3);
  expect(makeTemplatePairs(fingers(3, 3), 3).genuine).toEqual([]);
});
