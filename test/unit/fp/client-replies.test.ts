/** FingerprintClient reads IDENTIFY and THRESHOLD replies of this firmware and of older firmware
 * (fields appended over time: older replies stop earlier, docs/protocol.md). */
import type { DeviceClient } from '../../../host/protocol/client.js';
import { FingerprintClient, thresholdFor } from '../../../host/fp/client.js';

/** A device that answers every request with `payload`. */
function answering(payload: Buffer): FingerprintClient {
  const dev = { request: async () => ({ cmd: 0, seq: 0, status: 0, payload: new Uint8Array(payload) }) } as unknown as DeviceClient;
  return new FingerprintClient(dev);
}

function identifyReply(cands: Array<[number, number, number]>, withThresholds: boolean): Buffer {
  const b = Buffer.alloc(10 + 6 * cands.length + (withThresholds ? 4 * cands.length : 0));
  b[0] = cands.length; b[1] = 1; b.writeInt32LE(cands[0][2], 2); b.writeUInt32LE(1234, 6);
  cands.forEach(([slot, score, thr], i) => {
    b.writeUInt16LE(slot, 10 + 6 * i); b.writeInt32LE(score, 12 + 6 * i);
    if (withThresholds) b.writeInt32LE(thr, 10 + 6 * cands.length + 4 * i);
  });
  return b;
}

test('IDENTIFY: each candidate carries its threshold when the firmware sends it', async () => {
  const c: Array<[number, number, number]> = [[7, 15400, 15322], [2, 15500, 15537]];
  expect(await answering(identifyReply(c, true)).identify(2)).toEqual({
    match: true, threshold: 15322, instructions: 1234,
    candidates: [{ slot: 7, score: 15400, threshold: 15322 }, { slot: 2, score: 15500, threshold: 15537 }],
  });
  expect((await answering(identifyReply(c, false)).identify(2)).candidates).toEqual([{ slot: 7, score: 15400 }, { slot: 2, score: 15500 }]);
});

/** THRESHOLD reply: operating level, table, then optionally the enroll pair, the per-size table and the nominal size. */
function thresholdReply(parts: { enroll?: boolean; sizes?: boolean; nominal?: boolean }): Buffer {
  const levels = [[100, 14700], [1000, 15493]];
  const out: number[] = [];
  const u32 = (v: number): void => { const b = Buffer.alloc(4); b.writeInt32LE(v); out.push(...b); };
  u32(1000); u32(15493); out.push(levels.length);
  for (const [f, s] of levels) { u32(f); u32(s); }
  if (parts.enroll) { u32(20); u32(13418); }
  if (parts.sizes) { out.push(5); for (const [, s] of levels) for (let k = 0; k < 5; k++) u32(s + 20 * (k - 2)); }
  if (parts.nominal) out.push(3);
  return Buffer.from(out);
}

test('THRESHOLD: per-size table and nominal size when present; older replies read as before', async () => {
  const full = await answering(thresholdReply({ enroll: true, sizes: true, nominal: true })).threshold();
  expect(full).toMatchObject({ fmr: 1000, score: 15493, enroll: { fmr: 20, score: 13418 }, bySize: [15453, 15473, 15493, 15513, 15533], nominal: 3 });
  expect(full.table[0].bySize).toEqual([14660, 14680, 14700, 14720, 14740]);
  expect(thresholdFor(full, 1)).toBe(15453);
  expect(thresholdFor(full, 9)).toBe(15533);
  const noNominal = await answering(thresholdReply({ enroll: true, sizes: true })).threshold();
  expect(noNominal.bySize).toEqual(full.bySize);
  expect(noNominal.nominal).toBeUndefined();
  const oldest = await answering(thresholdReply({})).threshold();
  expect(oldest).toEqual({ fmr: 1000, score: 15493, table: [{ fmr: 100, score: 14700 }, { fmr: 1000, score: 15493 }] });
  expect(thresholdFor(oldest, 1)).toBe(15493); // one score for every size
});
