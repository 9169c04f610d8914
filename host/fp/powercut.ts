/**
 * Power-cut campaign for the template store on the emulated board (`npm run campaign:powercut`).
 * One flash image lives through the whole campaign. Each round boots QEMU on it, checks the store
 * against what the host saw acknowledged (LIST, the device's start-up scan report, and a 1:1 VERIFY
 * of every stored template against the host int8 reference), then enrolls and deletes through the
 * virtual sensor until the board is killed with SIGKILL at a seeded random moment: anywhere in the
 * round, or aimed inside an ENROLL/DELETE whose reply has not arrived yet. A last boot checks the
 * state the last cut left.
 */
import { appendFile, readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { openSession, freshFlashImage, DEFAULT_MODEL_BLOB } from '../device/session.js';
import { buildFirmware } from '../firmware/build.js';
import { Rng } from '../nn/rng.js';
import { crc32, crc32Hex } from '../util/crc.js';
import { FingerprintClient } from './client.js';
import type { Enrollment, MountReport } from './powercut-model.js';
import { DEFAULT_STORE_BLOCKS, resizeStore, storeErases } from './powercut-flash.js';
import { makePool, type PoolImage } from './powercut-pool.js';
import { checkStore, finishRound, PowercutError, runUntilCut, type Campaign } from './powercut-round.js';

export { PowercutError };

export interface PowercutOptions {
  /** power cuts (SIGKILL of QEMU); the campaign boots cuts + 1 times */
  cuts: number;
  seed?: number;
  /** slots 0..slots-1 are used (default 12: replacements and deletes are frequent) */
  slots?: number;
  /** synthetic fingers in the image pool and impressions of each (default 3 × 2) */
  fingers?: number;
  impressionsPerFinger?: number;
  /** share of the cuts aimed inside an ENROLL or DELETE command (default 0.6) */
  commandShare?: number;
  /** other cuts fall uniformly within this many ms of the round's first command (default 2500) */
  windowMs?: number;
  model?: string;
  /** append every board's console to this file */
  consoleLog?: string;
  /** store partition size in erase blocks, 3..32 (default 32, the default layout); fewer blocks
   * reach compaction sooner (each torn record closes its block) */
  storeBlocks?: number;
  /** keep the flash image (its path is in the result) */
  keepImage?: boolean;
  onRound?: (r: RoundRecord) => void;
}

export type CutDuring = 'capture' | 'enroll' | 'delete' | 'delete-all' | 'between';

export interface RoundRecord {
  round: number;
  /** the start-up scan report of the boot that checked the previous cut */
  mount: MountReport;
  newTorn: number;
  lost: number;
  unexpected: number;
  templatesChecked: number;
  templateMismatches: number;
  problems: string[];
  /** absent for the last (check-only) boot */
  cut?: { mode: 'timer' | 'command'; atMs: number; during: CutDuring; inflight?: string; acked: number };
  /** for the command in flight at the previous cut: which state the device kept */
  landed?: 'old' | 'new' | 'mixed';
}

export interface PowercutResult {
  seed: number; cuts: number; boots: number; slots: number; storeBlocks: number; wallS: number;
  /** sum of the store blocks' erase counts at the end (compactions and formats at mount; read from the image) */
  storeErases: number;
  /** cuts with a command sent and its reply not yet seen, and of those, ENROLL/DELETE/DELETE_ALL */
  cutsInFlight: number; cutsInStoreCommand: number;
  cutDuring: Record<CutDuring, number>;
  /** in-flight store commands found applied (new) or not (old) after the reboot */
  landed: { old: number; new: number };
  acknowledged: { enrolls: number; deletes: number; deleteAlls: number };
  lost: number; unexpected: number;
  templatesChecked: number; templateMismatches: number;
  /** from the device's start-up scan: torn records that appeared, most corrupt records one boot reported, blocks formatted, compactions undone */
  device: { tornRecords: number; corruptRecords: number; blocksFormatted: number; compactionsUndone: number; unexplainedTorn: number };
  finalTemplates: number;
  image?: string;
  problems: string[];
  rounds: RoundRecord[];
}

export async function runPowercutCampaign(o: PowercutOptions): Promise<PowercutResult> {
  if (!Number.isInteger(o.cuts) || o.cuts < 1) throw new PowercutError('E_USAGE', `cuts must be a positive integer, got ${o.cuts}`, { context: { cuts: o.cuts } });
  const t0 = performance.now();
  const seed = o.seed ?? 1;
  const slots = o.slots ?? 12;
  const rng = new Rng(seed);
  const model = o.model ?? DEFAULT_MODEL_BLOB;
  const blob = await readFile(model).catch((e: unknown) => { throw new PowercutError('E_MODEL', `cannot read model ${model}`, { context: { model }, cause: e }); });
  const pool = makePool(blob, o.fingers ?? 3, o.impressionsPerFinger ?? 2);
  await buildFirmware(); // incremental: the campaign runs the firmware of this tree
  const flash = await freshFlashImage('versatilepb', model);
  const storeBlocks = o.storeBlocks ?? DEFAULT_STORE_BLOCKS;
  if (storeBlocks !== DEFAULT_STORE_BLOCKS) await resizeStore(flash.file, storeBlocks);
  const res: PowercutResult = {
    seed, cuts: o.cuts, boots: 0, slots, storeBlocks, storeErases: 0, wallS: 0, cutsInFlight: 0, cutsInStoreCommand: 0,
    cutDuring: { capture: 0, enroll: 0, delete: 0, 'delete-all': 0, between: 0 }, landed: { old: 0, new: 0 },
    acknowledged: { enrolls: 0, deletes: 0, deleteAlls: 0 }, lost: 0, unexpected: 0, templatesChecked: 0, templateMismatches: 0,
    device: { tornRecords: 0, corruptRecords: 0, blocksFormatted: 0, compactionsUndone: 0, unexplainedTorn: 0 },
    finalTemplates: 0, problems: [], rounds: [],
  };
  const cp: Campaign = { o, rng, pool, slots, res, state: new Map(), prevTorn: 0, opCount: 0, lat: { enroll: [60], delete: [20], 'delete-all': [20] } };
  let done = false;
  try {
    for (let round = 0; round <= o.cuts; round++) {
      if (o.consoleLog) await appendFile(o.consoleLog, `--- power-cut campaign seed ${seed}, boot ${round} ---\n`);
      const s = await openSession('qemu', { flash: flash.file, timeoutMs: 10000, ...(o.consoleLog ? { boardOptions: { consoleLog: o.consoleLog } } : {}) })
        .catch((e: unknown) => { throw new PowercutError('E_BOOT', `round ${round}: the board did not boot from ${flash.file}`, { context: { round, image: flash.file }, cause: e }); });
      res.boots++;
      s.transport.stream.on('error', () => undefined); // the pty goes away with the killed QEMU
      const board = s.board!;
      try {
        const fp = new FingerprintClient(s.client, s.sensorDir);
        if (round === 0) {
          const st = await fp.stats();
          if (!st.model || st.modelCrc !== crc32(blob.subarray(0, blob.length - 4))) throw new PowercutError('E_MODEL', `the board did not load ${model} (model CRC ${crc32Hex(st.modelCrc)})`, { context: { model } });
          cp.threshold = (await fp.threshold()).score;
        }
        const rec = await checkStore(cp, fp, board, round);
        if (round === o.cuts) {
          res.finalTemplates = cp.state.size;
          finishRound(cp, rec);
          break;
        }
        await runUntilCut(cp, fp, board, round, rec);
        finishRound(cp, rec);
      } catch (e) {
        if (e instanceof PowercutError) throw e;
        throw new PowercutError('E_ROUND', `round ${round}: ${e instanceof Error ? e.message : String(e)}`, { context: { round, image: flash.file, console: board.console.slice(-10) }, cause: e });
      } finally {
        await s.close().catch(() => undefined);
        await board.exited; // the next boot opens the image only once this QEMU is gone
      }
    }
    done = true;
  } finally {
    res.storeErases = await storeErases(flash.file, storeBlocks).catch(() => -1);
    res.wallS = Math.round((performance.now() - t0) / 100) / 10;
    if (o.keepImage || !done || !campaignPassed(res)) res.image = flash.file; // kept for inspection
    else await flash.cleanup();
  }
  return res;
}

/** True when the campaign found nothing wrong: nothing lost, nothing unexpected, no corrupt record
 * reported, every template's VERIFY score equal to the reference, every torn record explained. */
export function campaignPassed(r: PowercutResult): boolean {
  return r.lost === 0 && r.unexpected === 0 && r.device.corruptRecords === 0 && r.templateMismatches === 0 && r.device.unexplainedTorn === 0 && r.problems.length === 0;
}

export type { Enrollment, PoolImage };
