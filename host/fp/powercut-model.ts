/** Expected template-store contents for the power-cut campaign (host/fp/powercut.ts): what the host
 * saw acknowledged, the one command that may have been in flight at the cut, the check of LIST
 * against both, and the device's own start-up scan report (the `store: mounted` console line). */
import type { SlotInfo } from './client.js';

/** One enrollment as the host asked for it: LIST fields plus the pool images it was made of. */
export interface Enrollment {
  slot: number;
  label: string;
  /** unique per enrollment in a campaign, so LIST tells which enrollment a slot holds */
  time: number;
  impressions: number;
  quality: number;
  /** pool image ids of the impressions (empty: contents not known to the host) */
  images: number[];
}

export type StoreState = Map<number, Enrollment>;

export type Mutation = { kind: 'enroll'; e: Enrollment } | { kind: 'delete'; slot: number } | { kind: 'delete-all' };

export function applyMutation(s: StoreState, m: Mutation): StoreState {
  const out = new Map(s);
  if (m.kind === 'enroll') out.set(m.e.slot, m.e);
  else if (m.kind === 'delete') out.delete(m.slot);
  else out.clear();
  return out;
}

export function describeMutation(m: Mutation): string {
  if (m.kind === 'enroll') return `ENROLL slot ${m.e.slot} '${m.e.label}'`;
  return m.kind === 'delete' ? `DELETE slot ${m.slot}` : 'DELETE_ALL';
}

/** Does the LIST entry `x` hold enrollment `e` (both absent counts as equal)? */
export function sameEntry(e: Enrollment | undefined, x: SlotInfo | undefined): boolean {
  if (!e || !x) return !e && !x;
  return e.slot === x.slot && e.label === x.label && e.time === x.time && e.impressions === x.impressions && e.quality === x.quality;
}

const show = (x: SlotInfo | Enrollment): string => `'${x.label}' (time ${x.time}, ${x.impressions} impressions, quality ${x.quality})`;

export interface CheckOutcome {
  /** the contents now on the device, as enrollments (the base for the next round) */
  state: StoreState;
  /** acknowledged enrollments missing or changed */
  lost: number;
  /** slots holding something that is neither the acknowledged state nor the in-flight command's */
  unexpected: number;
  /** where the in-flight command landed (absent when it would have changed nothing) */
  landed?: 'old' | 'new' | 'mixed';
  problems: string[];
}

/** Checks LIST after a cut: every slot must be as acknowledged (`before`) or, for the command in
 * flight at the cut, as that command would leave it; DELETE_ALL must be all or nothing. */
export function checkState(before: StoreState, inflight: Mutation | undefined, observed: SlotInfo[]): CheckOutcome {
  const after = inflight ? applyMutation(before, inflight) : before;
  const obs = new Map(observed.map((x) => [x.slot, x]));
  const slots = [...new Set([...before.keys(), ...after.keys(), ...obs.keys()])].sort((a, b) => a - b);
  const state: StoreState = new Map();
  const problems: string[] = [];
  let lost = 0;
  let unexpected = 0;
  let allOld = true;
  let allNew = true;
  for (const s of slots) {
    const o = obs.get(s);
    const b = before.get(s);
    const a = after.get(s);
    const okOld = sameEntry(b, o);
    const okNew = sameEntry(a, o);
    allOld &&= okOld;
    allNew &&= okNew;
    if (okOld || okNew) {
      const e = okOld ? b : a;
      if (e) state.set(s, e);
      continue;
    }
    if (b) {
      lost++;
      problems.push(`slot ${s}: acknowledged ${show(b)} ${o ? `replaced by ${show(o)}` : 'is missing'}`);
    }
    if (o) {
      unexpected++;
      problems.push(`slot ${s}: unexpected ${show(o)}${a && a !== b ? ` (in flight: ${show(a)})` : ''}`);
      state.set(s, { ...o, images: [] });
    }
  }
  if (inflight?.kind === 'delete-all' && !allOld && !allNew) {
    unexpected++;
    problems.push('DELETE_ALL in flight at the cut was applied to some slots only');
  }
  const changes = slots.some((s) => before.get(s) !== after.get(s)); // a DELETE of an empty slot changes nothing
  const landed = inflight && changes ? (allOld ? 'old' : allNew ? 'new' : 'mixed') : undefined;
  return { state, lost, unexpected, ...(landed ? { landed } : {}), problems };
}

/** The firmware's start-up scan of the store (firmware/app/storage.c). */
export interface MountReport {
  live: number;
  records: number;
  /** records without their commit word: interrupted writes, closed off at mount */
  torn: number;
  /** blocks with a bad, torn or retired header, formatted at mount */
  formatted: number;
  /** used blocks whose free space was not clean: no more appends */
  closed: number;
  compactionsUndone: number;
  /** records with their commit word but a bad CRC (undefined: firmware without this field) */
  corrupt?: number;
}

export const MOUNT_LINE =
  /^store: mounted (\d+) templates \((\d+) records, (\d+) torn, (\d+) blocks formatted, (\d+) closed, (\d+) compactions undone(?:, (\d+) corrupt)?\)/;

/** The last `store: mounted` line of a board's console, or undefined. */
export function parseMountLine(lines: readonly string[]): MountReport | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = MOUNT_LINE.exec(lines[i]);
    if (!m) continue;
    const n = m.slice(1).map((v) => (v === undefined ? undefined : Number(v)));
    return {
      live: n[0]!, records: n[1]!, torn: n[2]!, formatted: n[3]!, closed: n[4]!, compactionsUndone: n[5]!,
      ...(n[6] === undefined ? {} : { corrupt: n[6] }),
    };
  }
  return undefined;
}
