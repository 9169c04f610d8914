/** Typed client of the fingerprint service (docs/protocol.md, "Fingerprint commands"). */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeviceClient } from '../protocol/client.js';
import { Cmd, Status } from '../protocol/codec.js';
import { DeviceStatusError } from '../protocol/errors.js';
import { transfer } from '../protocol/transfer.js';
import { WhorlError } from '../util/errors.js';
import type { GreyImage } from '../data/grey.js';
import { makeImpression, makeMaster, type SynthParams } from '../synth/index.js';

export const XFER_IMAGE = 1;
export const MAX_SLOTS = 1024;
export const LABEL_LEN = 32;
export const SENSOR_FILE = 'whorl-sensor.raw';
export const DELETE_ALL_KEY = 0x4c4c4144;

export type { GreyImage };

/** Impression `k` of synthetic finger `f` (generator seed `seed`, parameters `p`) as a sensor image. */
export function syntheticImage(p: SynthParams, seed: number, f: number, k: number): GreyImage {
  const im = makeImpression(makeMaster(p, seed, f), p, seed, k);
  return { width: im.width, height: im.height, dpi: p.dpi, data: im.data };
}

export interface Capture { width: number; height: number; dpi: number; reason: number; quality: number; instructions: number; pending: number }
/** `used`: which pending captures the template holds (0 = the oldest pending; older firmware omits it). */
export interface Enrolled { slot: number; impressions: number; quality: number; instructions: number; used?: number[] }
export interface Verified { score: number; match: boolean; threshold: number; instructions: number }
/**
 * IDENTIFY's answer: candidates ranked by margin (score minus the threshold of the template's size, which
 * newer firmware reports per candidate), best first; `match` and `threshold` are the best candidate's.
 */
export interface Identified { match: boolean; threshold: number; instructions: number; candidates: Array<{ slot: number; score: number; threshold?: number }> }
export interface SlotInfo { slot: number; impressions: number; quality: number; time: number; label: string }
/**
 * The operating threshold, the table of targets, and (newer firmware) the enrollment check's threshold
 * and every target's score per template size. `score` and the table's scores are for a template of
 * `nominal` impressions (the default enrollment, 3; reported by newer firmware); VERIFY and IDENTIFY
 * apply the score of the template's own size (`bySize[k]`: k + 1 impressions) and report it.
 */
export interface ThresholdInfo {
  fmr: number; score: number; table: Array<{ fmr: number; score: number; bySize?: number[] }>; enroll?: { fmr: number; score: number };
  /** the operating target's scores per template size (firmware with per-size thresholds) */
  bySize?: number[];
  /** the template size `score` and the table's scores are for (firmware that reports it) */
  nominal?: number;
}

/** The template size THRESHOLD's single scores are for: reported by newer firmware, 3 before. */
export const NOMINAL_IMPRESSIONS = 3;

/** The operating threshold for a template of `impressions` (the single score where the firmware has no per-size table). */
export function thresholdFor(t: ThresholdInfo, impressions: number): number {
  if (!t.bySize) return t.score;
  return t.bySize[Math.min(Math.max(impressions, 1), t.bySize.length) - 1];
}
export interface FpStats {
  captures: number; enrolls: number; verifies: number; identifies: number; rejected: number;
  /** guest instructions of the last command of each kind (24 MHz counter; exact under -icount shift=0); delete and list from firmware that reports them */
  lastInstructions: { capture: number; enroll: number; verify: number; identify: number; delete?: number; list?: number };
  templates: number; capacity: number; model: boolean; modelCrc: number; pending: number;
}

export const QUALITY_REASONS = ['ok', 'blank', 'small-area', 'no-ridges'];

/** ENROLL's E_MISMATCH detail (docs/protocol.md): the impression that matches none of the others, its best score; undefined for any other error. */
export function mismatchDetail(e: unknown): { impression: number; score: number } | undefined {
  if (!(e instanceof DeviceStatusError) || e.statusName !== 'E_MISMATCH' || e.detail.length < 5) return undefined;
  const d = Buffer.from(e.detail);
  return { impression: d[0], score: d.readInt32LE(1) };
}

/** Wire form of an image on the sensor: u16 width, height, dpi, reserved, then the pixels. */
export function encodeSensorImage(img: GreyImage): Uint8Array {
  if (img.data.length !== img.width * img.height) throw new WhorlError('E_IMAGE', `image has ${img.data.length} bytes for ${img.width}×${img.height}`);
  const b = Buffer.alloc(8 + img.data.length);
  b.writeUInt16LE(img.width, 0); b.writeUInt16LE(img.height, 2); b.writeUInt16LE(img.dpi, 4);
  b.set(img.data, 8);
  return b;
}

export class FingerprintClient {
  /** `sensorDir`: the emulated board's working folder (virtual sensor); without it images are uploaded. */
  constructor(readonly dev: DeviceClient, readonly sensorDir?: string) {}

  /** Places `img` on the sensor and captures it. `newSet` starts a new group of impressions. */
  async capture(img: GreyImage, newSet: boolean): Promise<Capture> {
    const wire = encodeSensorImage(img);
    let source = 0;
    if (this.sensorDir) {
      await writeFile(join(this.sensorDir, SENSOR_FILE), wire);
      source = 1;
    } else {
      await transfer(this.dev, XFER_IMAGE, wire);
    }
    const f = await this.dev.request(Cmd.FP_CAPTURE, Uint8Array.of(source, newSet ? 1 : 0), { allowError: true, timeoutMs: 20000, retries: 0 });
    if (f.status !== Status.OK && f.status !== Status.E_QUALITY) throw new DeviceStatusError(Cmd.FP_CAPTURE, f.seq, f.status, f.payload);
    const p = Buffer.from(f.payload);
    return { width: p.readUInt16LE(0), height: p.readUInt16LE(2), dpi: p.readUInt16LE(4), reason: p[6], quality: p[7], instructions: p.readUInt32LE(8), pending: p[12] };
  }

  /** Enrolls `impressions` of the pending good captures into `slot`: the ones that agree best (docs/protocol.md). */
  async enroll(slot: number, o: { impressions?: number; force?: boolean; label?: string; time?: number } = {}): Promise<Enrolled> {
    checkSlot(slot);
    const req = Buffer.alloc(8 + LABEL_LEN);
    req.writeUInt16LE(slot, 0);
    req[2] = o.impressions ?? 0;
    req[3] = o.force ? 1 : 0;
    req.writeUInt32LE((o.time ?? Math.floor(Date.now() / 1000)) >>> 0, 4);
    const label = Buffer.from(o.label ?? '', 'utf8');
    if (label.length > LABEL_LEN) throw new WhorlError('E_USAGE', `label is ${label.length} bytes (at most ${LABEL_LEN})`);
    req.set(label, 8);
    const p = Buffer.from((await this.dev.request(Cmd.FP_ENROLL, req, { timeoutMs: 20000, retries: 0 })).payload);
    const used = p.length >= 9 ? [0, 1, 2, 3, 4, 5, 6, 7].filter((i) => (p[8] & (1 << i)) !== 0) : undefined;
    return { slot: p.readUInt16LE(0), impressions: p[2], quality: p[3], instructions: p.readUInt32LE(4), ...(used ? { used } : {}) };
  }

  async verify(slot: number): Promise<Verified> {
    checkSlot(slot);
    const req = Buffer.alloc(2);
    req.writeUInt16LE(slot, 0);
    const p = Buffer.from((await this.dev.request(Cmd.FP_VERIFY, req, { timeoutMs: 10000 })).payload);
    return { score: p.readInt32LE(0), match: p[4] === 1, threshold: p.readInt32LE(5), instructions: p.readUInt32LE(9) };
  }

  async identify(candidates = 3): Promise<Identified> {
    const p = Buffer.from((await this.dev.request(Cmd.FP_IDENTIFY, Uint8Array.of(candidates), { timeoutMs: 10000 })).payload);
    const n = p[0];
    const thr = p.length >= 10 + 10 * n; // each candidate's threshold follows the list (older firmware omits it)
    const list = Array.from({ length: n }, (_, i) => ({ slot: p.readUInt16LE(10 + 6 * i), score: p.readInt32LE(12 + 6 * i), ...(thr ? { threshold: p.readInt32LE(10 + 6 * n + 4 * i) } : {}) }));
    return { match: p[1] === 1, threshold: p.readInt32LE(2), instructions: p.readUInt32LE(6), candidates: list };
  }

  async delete(slot: number): Promise<void> {
    checkSlot(slot);
    const req = Buffer.alloc(2);
    req.writeUInt16LE(slot, 0);
    await this.dev.request(Cmd.FP_DELETE, req, { timeoutMs: 10000 });
  }

  async deleteAll(): Promise<void> {
    const req = Buffer.alloc(4);
    req.writeUInt32LE(DELETE_ALL_KEY, 0);
    await this.dev.request(Cmd.FP_DELETE_ALL, req, { timeoutMs: 20000 });
  }

  async list(): Promise<SlotInfo[]> {
    const out: SlotInfo[] = [];
    let from = 0;
    for (;;) {
      const req = Buffer.alloc(2);
      req.writeUInt16LE(from, 0);
      const p = Buffer.from((await this.dev.request(Cmd.FP_LIST, req, { timeoutMs: 10000 })).payload);
      let o = 4;
      while (o < p.length) {
        const ll = p[o + 8];
        out.push({ slot: p.readUInt16LE(o), impressions: p[o + 2], quality: p[o + 3], time: p.readUInt32LE(o + 4), label: p.subarray(o + 9, o + 9 + ll).toString('utf8') });
        o += 9 + ll;
      }
      const next = p.readUInt16LE(2);
      if (next === 0xffff) return out;
      from = next;
    }
  }

  /** Reads the threshold, or sets it to the target FMR 1/`fmr` (one of the device's table). */
  async threshold(fmr?: number): Promise<ThresholdInfo> {
    const req = fmr === undefined ? Uint8Array.of(0) : (() => { const b = Buffer.alloc(5); b[0] = 1; b.writeUInt32LE(fmr, 1); return b; })();
    const p = Buffer.from((await this.dev.request(Cmd.FP_THRESHOLD, req)).payload);
    const n = p[8];
    const e = 9 + 8 * n; // the enrollment check's threshold follows the table (older firmware omits it)
    const table: ThresholdInfo['table'] = Array.from({ length: n }, (_, i) => ({ fmr: p.readUInt32LE(9 + 8 * i), score: p.readInt32LE(13 + 8 * i) }));
    const op = p.readUInt32LE(0);
    const sizes = p.length > e + 8 ? p[e + 8] : 0; // then every target's score per template size (older firmware omits it)
    let bySize: number[] | undefined;
    const end = e + 9 + 4 * n * sizes;
    if (sizes > 0 && p.length >= end) {
      table.forEach((row, i) => { row.bySize = Array.from({ length: sizes }, (_, k) => p.readInt32LE(e + 9 + 4 * (i * sizes + k))); });
      bySize = table.find((row) => row.fmr === op)?.bySize;
    }
    const nominal = sizes > 0 && p.length > end ? p[end] : undefined; // then the size the single scores are for
    return {
      fmr: op, score: p.readInt32LE(4), table,
      ...(p.length >= e + 8 ? { enroll: { fmr: p.readUInt32LE(e), score: p.readInt32LE(e + 4) } } : {}),
      ...(bySize ? { bySize } : {}),
      ...(nominal !== undefined ? { nominal } : {}),
    };
  }

  async stats(): Promise<FpStats> {
    const p = Buffer.from((await this.dev.request(Cmd.FP_STATS)).payload);
    const v = (i: number) => p.readUInt32LE(4 * i);
    return {
      captures: v(0), enrolls: v(1), verifies: v(2), identifies: v(3), rejected: v(4),
      lastInstructions: { capture: v(5), enroll: v(6), verify: v(7), identify: v(8), ...(p.length >= 64 ? { delete: v(14), list: v(15) } : {}) },
      templates: v(9), capacity: v(10), model: v(11) === 1, modelCrc: v(12), pending: v(13),
    };
  }
}

function checkSlot(slot: number): void {
  if (!Number.isInteger(slot) || slot < 0 || slot >= MAX_SLOTS) throw new WhorlError('E_USAGE', `slot must be 0..${MAX_SLOTS - 1}, got ${slot}`, { context: { slot } });
}
