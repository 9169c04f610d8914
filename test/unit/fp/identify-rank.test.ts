/** IDENTIFY's candidate ranking by margin over each template size's threshold: the host reference's
 * rules, its agreement with the shared vectors, and the firmware's (app/fp_rank.c, native build). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rankCandidates, type RankEntry } from '../../../host/fp/identify-rank.js';
import { nativePassFail } from '../native.js';

const VECTORS = fileURLToPath(new URL('../../../../test/vectors/fp/identify.txt', import.meta.url));

test('a template above its own level ranks ahead of a larger one that scores higher but is below its level', () => {
  const r = rankCandidates([{ slot: 0, score: 15500, threshold: 15537 }, { slot: 1, score: 15400, threshold: 15322 }], 2);
  expect(r.candidates.map((c) => c.slot)).toEqual([1, 0]);
  expect(r.match).toBe(true); // ranked by raw score the best would be slot 0, below its level: no match
});

test('the best candidate matches exactly when some template reaches its threshold', () => {
  const below = [{ slot: 3, score: 15000, threshold: 15322 }, { slot: 8, score: 15536, threshold: 15537 }];
  expect(rankCandidates(below, 8).match).toBe(false);
  expect(rankCandidates([...below, { slot: 9, score: 15493, threshold: 15493 }], 1)).toEqual({ match: true, candidates: [{ slot: 9, score: 15493, threshold: 15493 }] });
  expect(rankCandidates([], 3)).toEqual({ match: false, candidates: [] });
});

test('equal margins keep the lower slot first, whatever the order given; k limits the list', () => {
  const es: RankEntry[] = [{ slot: 9, score: 15537, threshold: 15537 }, { slot: 2, score: 15449, threshold: 15449 }, { slot: 7, score: 15322, threshold: 15322 }];
  expect(rankCandidates(es, 2).candidates.map((c) => c.slot)).toEqual([2, 7]);
  expect(() => rankCandidates(es, 0)).toThrow(RangeError);
  expect(() => rankCandidates(es, 9)).toThrow(RangeError);
});

/** The cases of the shared vectors file: templates offered and the expected list. */
function cases(): Array<{ name: string; k: number; entries: RankEntry[]; match: boolean; want: RankEntry[] }> {
  const out: ReturnType<typeof cases> = [];
  for (const line of readFileSync(VECTORS, 'utf8').split('\n')) {
    const f = (key: string): number => Number(new RegExp(`\\b${key}=(-?\\d+)`).exec(line)?.[1]);
    const entry = (): RankEntry => ({ slot: f('slot'), score: f('score'), threshold: f('thr') });
    if (line.startsWith('case ')) out.push({ name: line.split(' ')[1], k: f('k'), entries: [], match: false, want: [] });
    else if (line.startsWith('t ')) out[out.length - 1].entries.push(entry());
    else if (line.startsWith('want ')) out[out.length - 1].match = f('match') === 1;
    else if (line.startsWith('c ')) out[out.length - 1].want.push(entry());
  }
  return out;
}

test('the host reference gives every list of the shared vectors', () => {
  const all = cases();
  expect(all.length).toBeGreaterThan(300);
  // the vectors exercise what matters: lists that differ from a raw-score ranking, and ties of margin
  const raw = (c: (typeof all)[number]): number[] => [...c.entries].sort((a, b) => b.score - a.score || a.slot - b.slot).slice(0, c.k).map((e) => e.slot);
  expect(all.filter((c) => JSON.stringify(raw(c)) !== JSON.stringify(c.want.map((e) => e.slot))).length).toBeGreaterThan(50);
  for (const c of all) expect({ name: c.name, ...rankCandidates(c.entries, c.k) }).toEqual({ name: c.name, match: c.match, candidates: c.want });
});

test('the firmware gives every list of the shared vectors (make rank-host-tests)', () => {
  const r = nativePassFail('rank-host-tests', 'test_rank');
  expect(r).not.toBeNull();
  expect(r?.failed).toBe(0);
  expect(r?.passed).toBeGreaterThan(300);
}, 120000);
