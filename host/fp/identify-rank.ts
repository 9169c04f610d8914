/**
 * IDENTIFY's candidate list, the host reference of firmware/app/fp_rank.c (docs/protocol.md): the
 * stored templates ranked by margin, score minus the threshold of the template's size, best first;
 * equal margins keep the lower slot first. The best candidate matches when its score reaches its
 * threshold, so IDENTIFY matches exactly when some template would pass VERIFY.
 */

/** One stored template offered to the ranking: its slot, the probe's score and its size's threshold. */
export interface RankEntry { slot: number; score: number; threshold: number }

export interface RankResult { candidates: RankEntry[]; match: boolean }

/** Ranks `entries` (any order) and keeps the best `k` (1..8). */
export function rankCandidates(entries: RankEntry[], k: number): RankResult {
  if (!Number.isInteger(k) || k < 1 || k > 8) throw new RangeError(`candidates must be 1..8, got ${k}`);
  const sorted = [...entries].sort((a, b) => (b.score - b.threshold) - (a.score - a.threshold) || a.slot - b.slot);
  const candidates = sorted.slice(0, k);
  return { candidates, match: candidates.length > 0 && candidates[0].score >= candidates[0].threshold };
}
