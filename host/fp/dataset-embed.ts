/**
 * The host int8 reference's embeddings of a data set's impressions, finger by finger, as the device
 * would capture them: for the scripts that replay device decisions on a data set (threshold-check,
 * identify-check).
 */
import type { Dataset } from '../data/dataset.js';
import { loadGrey } from '../data/dataset.js';
import type { Int8Reference } from './reference.js';

export interface EmbeddedFingers {
  /** per finger with enough impressions: impression number → embedding (refused images absent) */
  fingers: Array<Map<number, Int8Array>>;
  /** fingers with fewer than `impressions` impressions, left out */
  fingersSkipped: number;
  /** images the device would refuse at capture, left out */
  refused: number;
}

/** Embeds impressions 1..`impressions` of every finger that has at least that many. */
export async function embedFingers(ds: Dataset, ref: Int8Reference, impressions: number): Promise<EmbeddedFingers> {
  const out: EmbeddedFingers = { fingers: [], fingersSkipped: 0, refused: 0 };
  for (const refs of ds.fingers.values()) {
    if (refs.length < impressions) { out.fingersSkipped++; continue; }
    const m = new Map<number, Int8Array>();
    for (const r of refs) {
      if (r.impression > impressions) continue;
      const e = ref.embed(await loadGrey(r));
      if (e.reason !== 0) out.refused++;
      else m.set(r.impression, e.embedding);
    }
    out.fingers.push(m);
  }
  return out;
}
