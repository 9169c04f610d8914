/**
 * HIL campaign (`whorl hil`): enrolls and probes a dataset through one device, or through N fresh
 * emulated boards in parallel, with the FVC pairs of `whorl eval` (or its enrolled templates,
 * `--enroll N`); checks every device answer
 * against the host int8 reference; measures instructions and wall time per command.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readDataset, type ImpressionRef } from '../data/dataset.js';
import { DatasetError } from '../data/errors.js';
import { freshFlashImage, openSession, DEFAULT_MODEL_BLOB, type Session } from '../device/session.js';
import { makePairs, makeTemplatePairs, type ImpostorMode, type Pair, type TemplatePair } from '../eval/pairs.js';
import { FingerprintClient } from '../fp/client.js';
import { MAX_PENDING } from '../fp/enroll-choice.js';
import { parseAddress } from '../transport/address.js';
import { crc32, crc32Hex } from '../util/crc.js';
import { WhorlError } from '../util/errors.js';
import { progress } from '../util/progress.js';
import { runBoard, CampaignError, type BoardRun } from './board.js';
import { planCampaign, planTemplateCampaign, type BoardPlan } from './plan.js';
import { ReferencePool } from './reference.js';
import { buildResult, type HilResult } from './result.js';

export const MAX_BOARDS = 16;

export interface CampaignOptions {
  /** device address: serial port path, tcp://host:port, or `qemu` (fresh emulated boards) */
  device: string;
  dataset: string;
  /** resolution when the dataset has no manifest.json (or to override it) */
  dpi?: number;
  /** emulated boards in parallel (`qemu` only) */
  boards?: number;
  /** run the emulated boards under -icount shift=0 (instruction counts are then exact) */
  icount?: boolean;
  impostors?: ImpostorMode;
  /** enroll templates of this many impressions (1..5; impressions 1..N of a finger, the later ones are probes) instead of the FVC pairs */
  enroll?: number;
  /**
   * with `enroll`: touches again after a refused ENROLL (0..5−enroll; default 0): impressions N+1..N+K
   * are captured one at a time until ENROLL N stores the template, and the probes start at N+K+1
   */
  touches?: number;
  /** model blob: flashed on `qemu` boards and run by the host reference (default: the committed model) */
  model?: string;
  /** reference worker threads (default 1) */
  refWorkers?: number;
  /** progress bar on stderr (default: when stderr is a terminal) */
  progress?: boolean;
  /** with `qemu`: keep each board's console in this folder as board-N.log */
  consoleDir?: string;
}

/** Checks the options that need no device; throws a CampaignError naming the bad one. */
export function checkOptions(o: CampaignOptions): { qemu: boolean; boards: number } {
  const boards = o.boards ?? 1;
  if (!Number.isInteger(boards) || boards < 1 || boards > MAX_BOARDS) throw new CampaignError('HIL_USAGE', `--boards must be an integer 1..${MAX_BOARDS}, got '${o.boards}'`, { context: { boards: o.boards } });
  const qemu = parseAddress(o.device).kind === 'qemu';
  if (!qemu && boards > 1) throw new CampaignError('HIL_USAGE', `--boards ${boards} needs --device qemu (one device address is one board)`, { context: { device: o.device } });
  if (!qemu && o.icount) throw new CampaignError('HIL_USAGE', '--icount applies to --device qemu only (the emulated boards)', { context: { device: o.device } });
  if (o.enroll !== undefined && (!Number.isInteger(o.enroll) || o.enroll < 1 || o.enroll > MAX_PENDING)) throw new CampaignError('HIL_USAGE', `--enroll must be an integer 1..${MAX_PENDING} (impressions per template on the device), got '${o.enroll}'`, { context: { enroll: o.enroll } });
  if (o.touches !== undefined) {
    if (o.enroll === undefined) throw new CampaignError('HIL_USAGE', '--touches needs --enroll N (touches again after ENROLL N refuses)', { context: { touches: o.touches } });
    if (!Number.isInteger(o.touches) || o.touches < 0 || o.enroll + o.touches > MAX_PENDING) throw new CampaignError('HIL_USAGE', `--touches must be an integer 0..${MAX_PENDING - o.enroll} with --enroll ${o.enroll} (the device keeps ${MAX_PENDING} captures), got '${o.touches}'`, { context: { touches: o.touches, enroll: o.enroll } });
  }
  if (o.refWorkers !== undefined && (!Number.isInteger(o.refWorkers) || o.refWorkers < 1 || o.refWorkers > 16)) throw new CampaignError('HIL_USAGE', `--ref-workers must be an integer 1..16, got '${o.refWorkers}'`);
  return { qemu, boards };
}

interface Board { session: Session; fp: FingerprintClient; firmware: string; cleanup?: () => Promise<void> }

/** Opens a board and checks that it runs the reference's model. */
async function openBoard(o: CampaignOptions, qemu: boolean, modelFile: string, modelCrc: number, index: number): Promise<Board> {
  const img = qemu ? await freshFlashImage(undefined, modelFile) : undefined;
  try {
    const consoleLog = qemu && o.consoleDir ? consolePath(o.consoleDir, index) : undefined;
    if (consoleLog) await rm(consoleLog, { force: true });
    // The protocol UART on TCP: with two boards under -icount the pty link stalled (docs/hil.md).
    const session = await openSession(o.device, { timeoutMs: 5000, flash: img?.file, boardOptions: { icount: Boolean(o.icount), consoleLog, serial: { tcp: 0 } } });
    const fp = new FingerprintClient(session.client, session.sensorDir);
    try {
      const info = await session.client.info();
      const board: Board = { session, fp, firmware: `${info.firmwareVersion ?? '?'} build ${info.buildId ?? '?'}${info.board ? ` (${info.board})` : ''}`, cleanup: img?.cleanup };
      const st = await fp.stats();
      if (!st.model) throw new CampaignError('HIL_NO_MODEL', `board ${index + 1} (${session.transport.describe}): the device has no valid model`, { context: { board: index + 1 } });
      if (st.modelCrc !== modelCrc) {
        throw new CampaignError('HIL_MODEL', `board ${index + 1} (${session.transport.describe}): the device's model (CRC ${crc32Hex(st.modelCrc)}) is not ${modelFile} (CRC ${crc32Hex(modelCrc)}); pass the device's blob with --model`, { context: { device: st.modelCrc, host: modelCrc, model: modelFile } });
      }
      return board;
    } catch (e) {
      await session.close();
      throw e;
    }
  } catch (e) {
    await img?.cleanup();
    throw e;
  }
}

const consolePath = (dir: string, index: number): string => join(dir, `board-${index + 1}.log`);

/** Adds an emulated board's last console lines (and its log file) to a board's error. */
function withConsole(e: unknown, s: Session, log?: string): unknown {
  if (!(e instanceof WhorlError) || !s.board) return e;
  const tail = s.board.console.slice(-5);
  const fault = tail.find((l) => /^ASSERT /.test(l));
  // a device that answered with a status has nothing to add; a silent one may have said why
  if (!fault && (e.cause as WhorlError | undefined)?.code === 'E_DEVICE') return e;
  const last = fault ?? tail[tail.length - 1];
  return new CampaignError(e.code, `${e.message}; board console: ${last ?? '(nothing)'}${log ? ` (log: ${log})` : ''}`, { context: { ...e.context, console: tail }, cause: e.cause ?? e });
}

async function closeBoards(boards: Board[]): Promise<void> {
  for (const b of boards) {
    await b.session.close().catch(() => undefined);
    await b.cleanup?.().catch(() => undefined);
  }
}

export async function runCampaign(o: CampaignOptions): Promise<HilResult> {
  const t0 = performance.now();
  const { qemu, boards: nBoards } = checkOptions(o);
  const ds = await readDataset(o.dataset, { dpi: o.dpi });
  const impostors = o.impostors ?? 'fvc';
  const { genuine, impostor } = o.enroll === undefined ? makePairs(ds.fingers, impostors) : makeTemplatePairs(ds.fingers, o.enroll, impostors, o.touches ?? 0);
  if (genuine.length === 0 || impostor.length === 0) {
    const spare = o.touches ? `, ${o.touches} touch(es) again` : '';
    const need = o.enroll === undefined ? 'a finger with 2 impressions' : `fingers with ${o.enroll + (o.touches ?? 0) + 1} impressions (a template of ${o.enroll}${spare} and a probe)`;
    throw new DatasetError('DATASET_TOO_SMALL', `${o.dataset}: ${genuine.length} genuine and ${impostor.length} impostor pairs; a campaign needs at least 2 fingers and ${need}`, { context: { dir: o.dataset, fingers: ds.fingers.size, enroll: o.enroll } });
  }
  const images: ImpressionRef[] = [...ds.fingers.values()].flat();
  const pairs: Array<Pair | TemplatePair> = [...genuine, ...impostor];
  const plan = (boards: number, slots?: number[]): BoardPlan[] => (o.enroll === undefined
    ? planCampaign(images, pairs as Pair[], boards, { slots })
    : planTemplateCampaign(images, pairs as TemplatePair[], boards, { slots }));
  const modelFile = o.model ?? DEFAULT_MODEL_BLOB;
  let blob: Buffer;
  try {
    blob = await readFile(modelFile);
  } catch (cause) {
    throw new CampaignError('HIL_MODEL', `${modelFile}: cannot read the model blob (${(cause as Error).message})`, { context: { model: modelFile }, cause });
  }
  if (blob.length < 8) throw new CampaignError('HIL_MODEL', `${modelFile}: not a model blob (${blob.length} bytes)`, { context: { model: modelFile } });
  const modelCrc = crc32(blob.subarray(0, blob.length - 4));

  if (qemu && o.consoleDir) await mkdir(o.consoleDir, { recursive: true });
  const opened: Board[] = [];
  let usedSlots: number[] = [];
  let pool: ReferencePool | undefined;
  try {
    // One device: use only its empty slots and delete what the campaign enrolled at the end.
    let plans: BoardPlan[];
    if (qemu) {
      plans = plan(nBoards);
    } else {
      opened.push(await openBoard(o, false, modelFile, modelCrc, 0));
      const taken = new Set((await opened[0].fp.list()).map((s) => s.slot));
      plans = plan(1, Array.from({ length: 1024 }, (_, i) => i).filter((s) => !taken.has(s)));
      usedSlots = [...new Set(plans[0].steps.filter((s) => s.enrollSlot >= 0).map((s) => s.enrollSlot))];
    }
    pool = await ReferencePool.start(new Uint8Array(blob), o.refWorkers ?? 1);
    const tBoot = performance.now();
    if (qemu) {
      const got = await Promise.allSettled(plans.map((_, i) => openBoard(o, true, modelFile, modelCrc, i)));
      for (const g of got) if (g.status === 'fulfilled') opened.push(g.value);
      const bad = got.find((g) => g.status === 'rejected');
      if (bad) throw (bad as PromiseRejectedResult).reason;
    }
    const bootSeconds = (performance.now() - tBoot) / 1000;
    const thresholds = await Promise.all(opened.map((b) => b.fp.threshold()));

    // a touch again counts a capture and an ENROLL, done or skipped
    const total = plans.reduce((n, p) => n + p.captures + p.enrolls + p.verifies + 2 * p.steps.filter((s) => s.retouch).length, 0);
    const bar = progress(`hil ${plans.length} board(s)`, total, { enabled: o.progress, fields: ['ref'] });
    const refPromises: Array<Promise<unknown>> = [];
    const p = pool;
    let runs: BoardRun[];
    try {
      const stop = new AbortController();
      const settled = await Promise.allSettled(plans.map((plan, i) => runBoard(opened[i].fp, plan, images, opened[i].session.transport.describe, {
        onCapture: (img) => refPromises.push(p.embed(images[img])),
        onCommand: () => bar.tick(1, { ref: `${p.done}/${images.length}` }),
        onSkip: (k) => bar.tick(k, { ref: `${p.done}/${images.length}` }),
        signal: stop.signal,
      }).catch((e: unknown) => { stop.abort(); throw e; })));
      const why = (s: PromiseSettledResult<BoardRun>): string | undefined => (s.status === 'rejected' ? ((s.reason as WhorlError).code ?? 'error') : undefined);
      let failed = settled.findIndex((s) => why(s) !== undefined && why(s) !== 'HIL_ABORTED');
      if (failed < 0) failed = settled.findIndex((s) => s.status === 'rejected');
      if (failed >= 0) throw withConsole((settled[failed] as PromiseRejectedResult).reason, opened[failed].session, o.consoleDir && qemu ? consolePath(o.consoleDir, failed) : undefined);
      runs = settled.map((s) => (s as PromiseFulfilledResult<BoardRun>).value);
    } finally {
      bar.stop();
    }
    const tDevices = performance.now();
    const deviceStats = await Promise.all(opened.map((b) => b.fp.stats()));
    await Promise.all(refPromises);
    const refWaitSeconds = (performance.now() - tDevices) / 1000;
    const reference = new Map<number, Awaited<ReturnType<ReferencePool['embed']>>>();
    for (const run of runs) for (const c of run.captures) if (!reference.has(c.image)) reference.set(c.image, await pool.embed(images[c.image]));
    return buildResult({
      ds, images, pairs, genuineCount: genuine.length, impostors, enroll: o.enroll, touches: o.touches, plans, runs, reference, thresholds, deviceStats,
      retries: opened.map((b) => b.session.client.stats.retries), firmware: opened.map((b) => b.firmware),
      device: o.device, icount: Boolean(o.icount), qemu, boardsRequested: nBoards, model: modelFile, modelCrc,
      refWorkers: o.refWorkers ?? 1, bootSeconds, refWaitSeconds, totalSeconds: (performance.now() - t0) / 1000,
    });
  } finally {
    // one device: remove what the campaign enrolled, also after a failure (best effort)
    for (const slot of usedSlots) await opened[0]?.fp.delete(slot).catch(() => undefined);
    await closeBoards(opened);
    await pool?.close();
  }
}

/** Every disagreement between the device and the host reference; none → the campaign passed. */
export class ReferenceMismatchError extends WhorlError {}

/** Throws a ReferenceMismatchError naming the mismatching pairs and images, if there are any. */
export function assertReference(r: HilResult, reportDir?: string): void {
  const mm = r.hil.reference.mismatches;
  if (mm.length === 0) return;
  const first = mm.slice(0, 3).map((m) => m.what).join('; ');
  throw new ReferenceMismatchError('HIL_MISMATCH', `device differs from the host int8 reference in ${mm.length} of ${r.hil.reference.checkedScores + r.hil.reference.checkedCaptures + (r.hil.reference.checkedEnrolls ?? 0)} checks: ${first}${mm.length > 3 ? '; …' : ''}${reportDir ? ` (all in ${reportDir}/report.json)` : ''}`, { context: { mismatches: mm.slice(0, 50) } });
}
