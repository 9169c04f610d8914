/**
 * Fingerprint service cost on the emulated ARM9: `npm run bench:fp` (or
 * `node dist/scripts/bench-fp.js [--slots N] [--out DIR] [--json]` after `npm run build`).
 *
 * 1. Counter check: the bare-metal image fpmatchtest reads the 24 MHz counter around a loop of exactly
 *    2,000,000 instructions under -icount shift=0,sleep=off and measures the matching kernel.
 * 2. Instructions per command: boots the real firmware from a fresh flash image under
 *    -icount shift=0,sleep=off and drives it through FingerprintClient and the virtual sensor.
 *    Every slot is filled through the real path: N impressions of a synthetic finger captured
 *    (preprocessing + embedding on the device), then ENROLL (forced: the pool of fingers repeats).
 *    At 0, 1, 10, 100 and 1000 stored slots: a probe capture, VERIFY, IDENTIFY (8 candidates),
 *    ENROLL N=3 and N=1 of a finger that is not stored (not forced: the duplicate scan runs over every
 *    stored slot), DELETE, and a full LIST. The counts are the device's own (STATS and the responses).
 *    Every device score is compared with the host int8 reference (host/fp/reference.ts).
 * 3. Throughput without icount (wall clock): VERIFY commands per second, and capture + verify per
 *    second, on one board, then on two boards in parallel.
 * Writes DIR/fp-bench.json and the table between the bench-fp markers of DIR/fp-bench.md (DIR:
 * docs by default); --json prints the JSON on stdout instead of the table.
 */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { freshFlashImage, openSession, DEFAULT_MODEL_BLOB, type Session } from '../host/device/session.js';
import { buildFirmware } from '../host/firmware/build.js';
import { CANDIDATES, enrollSet, identifyPerSlot, makeFinger as benchFinger, runCheckpoint, type BenchFinger } from '../host/fp/bench-checkpoint.js';
import { BENCH_TIME, counterCheck, measureThroughput } from '../host/fp/bench-device.js';
import { BenchError, ms200, summary, writeBenchReport, type BenchResult, type Checkpoint } from '../host/fp/bench-report.js';
import { FingerprintClient, MAX_SLOTS, thresholdFor } from '../host/fp/client.js';
import { Int8Reference } from '../host/fp/reference.js';
import { resolveParams } from '../host/synth/index.js';

const HELP = `usage: node dist/scripts/bench-fp.js [options]
  --slots N             slots to fill (1..${MAX_SLOTS - 1}, default 1000); checkpoints at 0, 1, 10, 100, 1000 and N
  --impressions 1|3     impressions per filled slot (default 3, the enrollment default; 1 fills 3x faster)
  --pool F              distinct synthetic fingers cycled over the slots (default 8)
  --throughput-s S      seconds per throughput measurement (default 15; 0 skips the throughput phase)
  --out DIR             where fp-bench.json and fp-bench.md go (default docs/)
  --json                print the JSON result on stdout instead of the table
  --help`;

const ROOT = new URL('../../', import.meta.url).pathname;
const P = resolveParams({ width: 288, height: 384, dpi: 500, rotation: 15 });
const SEED = 4242;
const TARGET = 2_000_000;

interface Options { slots: number; impressions: 1 | 3; pool: number; throughputS: number; out: string; json: boolean }

function options(): Options {
  const { values } = parseArgs({
    options: {
      slots: { type: 'string' }, impressions: { type: 'string' }, pool: { type: 'string' }, 'throughput-s': { type: 'string' },
      out: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' },
    },
  });
  if (values.help) { console.log(HELP); process.exit(0); }
  const int = (name: string, v: string | undefined, def: number, lo: number, hi: number): number => {
    const n = v === undefined ? def : Number(v);
    if (!Number.isInteger(n) || n < lo || n > hi) throw new BenchError('E_USAGE', `--${name} must be an integer ${lo}..${hi}, got ${v}`, { context: { [name]: v } });
    return n;
  };
  const impressions = int('impressions', values.impressions, 3, 1, 3);
  if (impressions === 2) throw new BenchError('E_USAGE', '--impressions must be 1 or 3', { context: { impressions } });
  return {
    slots: int('slots', values.slots, 1000, 1, MAX_SLOTS - 1),
    impressions: impressions as 1 | 3,
    pool: int('pool', values.pool, 8, 1, 64),
    throughputS: int('throughput-s', values['throughput-s'], 15, 0, 600),
    out: values.out ?? join(ROOT, 'docs'),
    json: values.json ?? false,
  };
}

const say = (t: string): void => { process.stderr.write(`${t}\n`); };

const makeFinger = (ref: Int8Reference, f: number, ks: number[]): BenchFinger => benchFinger(ref, P, SEED, f, ks);

async function main(): Promise<void> {
  const o = options();
  if (!existsSync(DEFAULT_MODEL_BLOB)) throw new BenchError('E_NO_MODEL', `the committed model ${DEFAULT_MODEL_BLOB} is missing`, { context: { model: DEFAULT_MODEL_BLOB } });
  const t00 = performance.now();
  say('building the firmware');
  await buildFirmware();
  say('counter check (fpmatchtest, -icount shift=0)');
  const counter = await counterCheck(join(ROOT, 'firmware/build/versatilepb/fpmatchtest.elf'));
  const ref = Int8Reference.fromFile(DEFAULT_MODEL_BLOB);
  say(`synthesising ${o.pool} fingers x 4 impressions (host reference embeddings too)`);
  const pool = Array.from({ length: o.pool }, (_, f) => makeFinger(ref, f, [1, 2, 3, 4]));
  for (const fg of pool) {
    if (fg.qual.some((q) => q !== 0)) throw new BenchError('E_BENCH', `synthetic finger ${fg.f} has an impression the preprocessing refuses (reasons ${fg.qual.join(',')}); pick another --pool`, { context: { finger: fg.f } });
  }
  const checkpoints = [0, 1, 10, 100, 1000, o.slots].filter((c, i, a) => c <= o.slots && a.indexOf(c) === i).sort((a, b) => a - b);

  const flash = await freshFlashImage();
  let s: Session | undefined;
  const mismatches: string[] = [];
  const captures: number[] = [];
  const byImage = new Map<string, number[]>();
  const fillEnrolls: number[] = [];
  const cps: Checkpoint[] = [];
  let modelLine = '';
  let sameImpression = 0;
  let fillSeconds = 0;
  try {
    s = await openSession('qemu', { flash: flash.file, timeoutMs: 20000, boardOptions: { icount: true } });
    const fp = new FingerprintClient(s.client, s.sensorDir);
    modelLine = s.board?.console.find((l) => l.startsWith('model:')) ?? '';
    const th = await fp.threshold();
    const thr = th.score; // operating threshold of a 3-impression template
    const sets = pool.map((fg) => enrollSet(fg, o.impressions, (th.enroll ?? th.table[0]).score)); // the enrollment check's threshold
    sameImpression = sets.filter((set) => set.length > 1 && set.every((i) => i === 0)).length;
    const templateOf = (f: number): Int8Array[] => sets[f].map((i) => pool[f].emb[i]);
    const capture = async (fg: BenchFinger, k: number, newSet: boolean): Promise<number> => {
      const c = await fp.capture(fg.images[k], newSet);
      if (c.reason !== fg.qual[k]) mismatches.push(`capture finger ${fg.f} impression ${k + 1}: device reason ${c.reason}, reference ${fg.qual[k]}`);
      captures.push(c.instructions);
      const key = `${fg.f}/${k}`;
      byImage.set(key, [...(byImage.get(key) ?? []), c.instructions]);
      return c.instructions;
    };

    // a finger that is not stored (no duplicate of any pool template at the threshold), for the
    // not-forced enrollments
    let outsider: BenchFinger | undefined;
    for (let f = 1000; f < 1008 && !outsider; f++) {
      const fg = makeFinger(ref, f, [1, 2, 3]);
      const dup = fg.emb.some((e) => pool.some((_, pf) => Int8Reference.score(templateOf(pf), e) >= thresholdFor(th, templateOf(pf).length))); // the duplicate check: each template at its size's level
      if (!dup && fg.qual.every((q) => q === 0)) outsider = fg;
    }
    if (!outsider) throw new BenchError('E_BENCH', 'no synthetic finger outside the pool found that is not a duplicate at the threshold', { context: { threshold: thr } });
    const outsiderSet3 = enrollSet(outsider, 3, thr);

    const stored = new Map<number, Int8Array[]>(); // slot -> its template (host reference)
    const doCheckpoint = async (): Promise<void> => {
      say(`checkpoint: ${stored.size} slots`);
      cps.push(await runCheckpoint({ session: s!, fp, stored, probe: pool[0], probeImpression: 3, outsider: outsider!, outsiderSet3, capture, thresholds: th, mismatches }));
    };

    const tFill = performance.now();
    if (checkpoints.includes(0)) await doCheckpoint();
    for (let slot = 0; slot < o.slots; slot++) {
      const f = slot % o.pool;
      for (const [i, k] of sets[f].entries()) await capture(pool[f], k, i === 0);
      const e = await fp.enroll(slot, { impressions: o.impressions, force: true, label: `bench-${f}`, time: BENCH_TIME });
      fillEnrolls.push(e.instructions);
      stored.set(slot, templateOf(f));
      if ((slot + 1) % 50 === 0) say(`  filled ${slot + 1}/${o.slots} slots (${((performance.now() - tFill) / 1000).toFixed(0)} s)`);
      if (checkpoints.includes(slot + 1)) await doCheckpoint();
    }
    fillSeconds = (performance.now() - tFill) / 1000;
    const st = await fp.stats();
    if (st.templates !== o.slots) mismatches.push(`device reports ${st.templates} templates, expected ${o.slots}`);
  } finally {
    await s?.close();
    await flash.cleanup();
  }

  const throughput = o.throughputS > 0 ? await measureThroughput(o.throughputS, { enroll: pool[0].images[0], probe: pool[0].images[3] }, say) : undefined;

  const slope = identifyPerSlot(cps);
  const at = (n: number) => cps.find((c) => c.slots === n);
  const top = at(1000) ?? cps[cps.length - 1];
  // a timer interrupt inside a capture: repeated captures of one image differ by whole interrupts
  const spreads = [...byImage.values()].filter((v) => v.length > 4).map((v) => Math.max(...v) - Math.min(...v));
  const result: BenchResult = {
    generatedBy: 'npm run bench:fp (scripts/bench-fp.ts)',
    date: new Date().toISOString(),
    qemu: (await execa('qemu-system-arm', ['--version'], { reject: false })).stdout.split('\n')[0],
    board: 'versatilepb (-cpu arm926, the firmware built for ARMv4T / ARM920T), -icount shift=0,sleep=off for the instruction counts',
    host: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, load1AtEnd: Math.round(loadavg()[0] * 100) / 100 },
    model: modelLine,
    counter: {
      method: 'SYS_24MHZ = QEMU virtual clock x 24/1000; under -icount shift=0 one guest instruction = 1 ns, so instructions = ticks x 1000/24 (resolution 41.67)',
      check: counter,
      captureSpreadSameImage: summary(spreads),
    },
    fill: { slots: o.slots, impressionsPerSlot: o.impressions, poolFingers: o.pool, fingersEnrolledWithOneImpressionRepeated: sameImpression, forced: true, seconds: Math.round(fillSeconds) },
    commands: {
      capture: summary(captures),
      enrollForcedDuringFill: summary(fillEnrolls),
    },
    checkpoints: cps,
    identify: {
      candidates: CANDIDATES,
      perSlot: Math.round(slope * 100) / 100,
      perStoredEmbedding: Math.round((slope / o.impressions) * 100) / 100,
      slots: top.slots,
      instructions: top.identify.instructions,
      target: TARGET,
      meetsTarget: top.slots >= 1000 ? top.identify.instructions < TARGET : undefined,
      msAt200MHz: ms200(top.identify.instructions),
    },
    throughput,
    checks: { scoresEqualReference: mismatches.length === 0, mismatches },
    seconds: Math.round((performance.now() - t00) / 1000),
  };
  if (mismatches.length) throw new BenchError('E_MISMATCH', `device results differ from the host reference: ${mismatches.slice(0, 5).join('; ')}`, { context: { mismatches } });
  const w = writeBenchReport(o.out, result);
  if (o.json) console.log(JSON.stringify(result, null, 2));
  else console.log(w.table);
  say(`identify over ${top.slots} slots: ${top.identify.instructions} instructions (${result.identify.perSlot} per slot), target ${TARGET}; written ${w.json} and ${w.md}`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench-fp: ${e instanceof Error ? e.message : String(e)}\n`);
  if (process.env.WHORL_DEBUG) console.error(e);
  process.exit(1);
});
