/**
 * One boot of the power-cut campaign (host/fp/powercut.ts): check the store the previous cut left
 * against what the host saw acknowledged, then enroll and delete until the next cut.
 */
import { performance } from 'node:perf_hooks';
import type { Board } from '../emulator/qemu.js';
import type { Rng } from '../nn/rng.js';
import { DeviceStatusError } from '../protocol/errors.js';
import { WhorlError } from '../util/errors.js';
import type { FingerprintClient } from './client.js';
import { applyMutation, checkState, describeMutation, parseMountLine, type Mutation, type StoreState } from './powercut-model.js';
import { pickImpressions, verifyTemplates, type PoolImage } from './powercut-pool.js';
import type { CutDuring, PowercutOptions, PowercutResult, RoundRecord } from './powercut.js';

export class PowercutError extends WhorlError {}

type StoreCommand = 'enroll' | 'delete' | 'delete-all';

/** What the campaign carries from boot to boot. */
export interface Campaign {
  readonly o: PowercutOptions;
  readonly rng: Rng;
  readonly pool: PoolImage[];
  readonly slots: number;
  readonly res: PowercutResult;
  /** the store as the host saw it acknowledged */
  state: StoreState;
  /** the store command whose reply had not arrived when the power was cut */
  inflight?: Mutation;
  /** torn records the previous start-up scan reported */
  prevTorn: number;
  /** the operating threshold, read at the first boot */
  threshold?: number;
  opCount: number;
  /** round trips of the last answered store commands: an aimed cut falls within the median one */
  lat: Record<StoreCommand, number[]>;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Records a finished round in the result and reports it. */
export function finishRound(cp: Campaign, rec: RoundRecord): void {
  cp.res.rounds.push(rec);
  cp.res.problems.push(...rec.problems.map((p) => `round ${rec.round}: ${p}`));
  cp.o.onRound?.(rec);
}

/** 1. The store after the cut: the start-up scan's report, LIST against the acknowledged state (the
 * command in flight may have landed or not, nothing else may differ), every template VERIFYed. */
export async function checkStore(cp: Campaign, fp: FingerprintClient, board: Board, round: number): Promise<RoundRecord> {
  const res = cp.res;
  const mount = parseMountLine(board.console);
  if (!mount) throw new PowercutError('E_NO_MOUNT', `round ${round}: no 'store: mounted' line on the console`, { context: { round, console: board.console.slice(-10) } });
  const observed = await fp.list();
  const chk = checkState(cp.state, cp.inflight, observed);
  cp.state = chk.state;
  const problems = [...chk.problems];
  if (mount.live !== observed.length) problems.push(`the start-up scan reported ${mount.live} templates, LIST ${observed.length}`);
  const newTorn = Math.max(0, mount.torn - cp.prevTorn);
  cp.prevTorn = mount.torn;
  if (newTorn > (cp.inflight ? 1 : 0)) {
    res.device.unexplainedTorn += newTorn;
    problems.push(`${newTorn} new torn record(s) after a cut ${cp.inflight ? `in ${describeMutation(cp.inflight)}` : 'with no store command in flight'}`);
  }
  if (mount.corrupt === undefined) problems.push('the firmware does not report corrupt records');
  const v = await verifyTemplates(fp, cp.state, cp.pool, cp.rng);
  problems.push(...v.problems);
  const rec: RoundRecord = { round, mount, newTorn, lost: chk.lost, unexpected: chk.unexpected, templatesChecked: v.checked, templateMismatches: v.mismatches, problems, ...(chk.landed ? { landed: chk.landed } : {}) };
  if (chk.landed === 'old' || chk.landed === 'new') res.landed[chk.landed]++;
  Object.assign(res, { lost: res.lost + chk.lost, unexpected: res.unexpected + chk.unexpected, templatesChecked: res.templatesChecked + v.checked, templateMismatches: res.templateMismatches + v.mismatches });
  res.device.tornRecords += newTorn;
  res.device.corruptRecords = Math.max(res.device.corruptRecords, mount.corrupt ?? 0);
  res.device.blocksFormatted += mount.formatted;
  res.device.compactionsUndone += mount.compactionsUndone;
  cp.inflight = undefined;
  return rec;
}

/** 2. Enroll and delete through the virtual sensor until the board is killed (SIGKILL) at a seeded
 * moment: anywhere in the round ('timer'), or aimed inside an ENROLL/DELETE in flight ('command'). */
export async function runUntilCut(cp: Campaign, fp: FingerprintClient, board: Board, round: number, rec: RoundRecord): Promise<void> {
  const problems = rec.problems;
  const mode = cp.rng.next() < (cp.o.commandShare ?? 0.6) ? 'command' : 'timer';
  const target = cp.rng.int(3); // command mode: which store command of the round is cut
  const start = performance.now();
  let current: { during: CutDuring; mutation?: Mutation } | undefined;
  let cut: RoundRecord['cut'];
  let acked = 0;
  let killed!: () => void;
  const killedP = new Promise<void>((r) => { killed = r; });
  const kill = () => {
    if (cut) return;
    cut = { mode, atMs: Math.round(performance.now() - start), during: current?.during ?? 'between', acked, ...(current?.mutation ? { inflight: describeMutation(current.mutation) } : {}) };
    cp.inflight = current?.mutation;
    void board.kill(); // SIGKILL, a power cut: no clean quit
    killed();
  };
  const timers: NodeJS.Timeout[] = [];
  if (mode === 'timer') timers.push(setTimeout(kill, cp.rng.next() * (cp.o.windowMs ?? 2500)));
  /** Runs one command; undefined when the cut came first. */
  const step = async <T>(during: CutDuring, mutation: Mutation | undefined, fn: () => Promise<T>, aim?: number): Promise<{ v?: T; err?: unknown } | undefined> => {
    current = { during, ...(mutation ? { mutation } : {}) };
    const t = performance.now();
    const p = fn().then((v): { v?: T; err?: unknown } => ({ v }), (err: unknown): { v?: T; err?: unknown } => ({ err: err ?? 'error' }));
    if (aim !== undefined) timers.push(setTimeout(kill, aim));
    const r = await Promise.race([p, killedP.then(() => undefined)]);
    if (cut) return undefined;
    current = undefined;
    if (during !== 'capture' && r?.err === undefined) cp.lat[during as StoreCommand] = [...cp.lat[during as StoreCommand], performance.now() - t].slice(-9);
    return r;
  };
  let storeCmd = 0;
  const refused = (what: string, err: unknown) => { problems.push(`${what}: ${err instanceof Error ? err.message : String(err)}`); };
  for (let op = 0; !cut; op++) {
    if (op === 40) { kill(); break; } // safety: the aimed command never ran
    const x = cp.rng.next();
    const kind = x < 0.7 ? 'enroll' : x < 0.98 ? 'delete' : 'delete-all';
    const aim = mode === 'command' && storeCmd++ === target ? cp.rng.next() * 1.1 * median(cp.lat[kind]) : undefined;
    if (kind === 'enroll') {
      const e = pickImpressions(cp.rng, cp.pool, cp.threshold!, cp.slots, `pc r${round} op${op}`, 1_700_000_000 + ++cp.opCount);
      let ok = true;
      for (const [i, id] of e.images.entries()) {
        const c = await step('capture', undefined, () => fp.capture(cp.pool[id].image, i === 0));
        if (!c) break;
        if (c.err !== undefined || c.v?.reason !== 0) { refused(`capture of pool image ${id}`, c.err ?? `reason ${c.v?.reason}`); ok = false; break; }
      }
      if (cut || !ok) continue;
      const m: Mutation = { kind: 'enroll', e };
      const r = await step('enroll', m, () => fp.enroll(e.slot, { impressions: e.impressions, force: true, label: e.label, time: e.time }), aim);
      if (!r) break;
      if (r.err !== undefined) { refused(describeMutation(m), r.err); continue; }
      if (r.v?.quality !== e.quality) problems.push(`${describeMutation(m)}: device quality ${r.v?.quality}, reference ${e.quality}`);
      cp.state = applyMutation(cp.state, m);
      cp.res.acknowledged.enrolls++;
    } else {
      const live = [...cp.state.keys()];
      const m: Mutation = kind === 'delete-all' ? { kind } : { kind, slot: live.length && cp.rng.next() < 0.75 ? live[cp.rng.int(live.length)] : cp.rng.int(cp.slots) };
      const r = await step(kind, m, () => (m.kind === 'delete' ? fp.delete(m.slot) : fp.deleteAll()), aim);
      if (!r) break;
      const notFound = r.err instanceof DeviceStatusError && r.err.statusName === 'E_NOT_FOUND' && m.kind === 'delete' && !cp.state.has(m.slot);
      if (r.err !== undefined && !notFound) { refused(describeMutation(m), r.err); continue; }
      cp.state = applyMutation(cp.state, m);
      if (kind === 'delete') cp.res.acknowledged.deletes++;
      else cp.res.acknowledged.deleteAlls++;
    }
    acked++;
  }
  await killedP;
  for (const t of timers) clearTimeout(t);
  rec.cut = cut;
  cp.res.cutDuring[cut!.during]++;
  if (cut!.during !== 'between') cp.res.cutsInFlight++;
  if (cp.inflight) cp.res.cutsInStoreCommand++;
}
