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
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { freshFlashImage, openSession, DEFAULT_MODEL_BLOB, type Session } from '../host/device/session.js';
import { buildFirmware } from '../host/firmware/build.js';
import { FingerprintClient, MAX_SLOTS, syntheticImage, type GreyImage } from '../host/fp/client.js';
import { Int8Reference } from '../host/fp/reference.js';
import { Cmd } from '../host/protocol/codec.js';
import { DeviceStatusError } from '../host/protocol/errors.js';
import { resolveParams } from '../host/synth/index.js';
import { WhorlError } from '../host/util/errors.js';

class BenchError extends WhorlError {}

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
const MHZ = 200;
const CANDIDATES = 8;
const EXTRA_SLOT = MAX_SLOTS - 1; // slot of the not-stored finger's enrollments (then deleted)
const TIME = 1_700_000_000;

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

interface Summary { n: number; min: number; median: number; max: number; mean: number }
function summary(xs: number[]): Summary {
  if (xs.length === 0) return { n: 0, min: 0, median: 0, max: 0, mean: 0 };
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1], mean: Math.round(s.reduce((a, b) => a + b, 0) / s.length) };
}
const ms200 = (instr: number): number => Math.round((instr / (MHZ * 1000)) * 1000) / 1000;
const say = (t: string): void => { process.stderr.write(`${t}\n`); };

/** A finger of the pool: its impressions on the sensor and their host reference embeddings. */
interface Finger { f: number; images: GreyImage[]; emb: Int8Array[]; qual: number[] }

function makeFinger(ref: Int8Reference, f: number, ks: number[]): Finger {
  const images = ks.map((k) => syntheticImage(P, SEED, f, k));
  const r = images.map((im) => ref.embed(im));
  return { f, images, emb: r.map((x) => x.embedding), qual: r.map((x) => x.reason) };
}

/** The impressions (indices into finger.images) to enroll with n impressions: 1..n when they match
 * each other at the enroll threshold (the device refuses them otherwise), else the first one n times. */
function enrollSet(fg: Finger, n: number, thr: number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  if (n === 1) return [0];
  return Int8Reference.enrollRefused(idx.map((i) => fg.emb[i]), thr) ? idx.map(() => 0) : idx;
}

interface Checkpoint {
  slots: number;
  probeCapture: number;
  verify?: { instructions: number; score: number; expected: number };
  identify: { instructions: number; candidates: Array<{ slot: number; score: number }>; expected: Array<{ slot: number; score: number }> };
  enrollN3: { instructions?: number; status: string };
  enrollN1: { instructions?: number; status: string };
  delete: number[];
  list: { pages: number; entries: number; instructionsPerPage: number[]; instructionsTotal: number };
}

interface CounterCheck {
  loopInstructions: number; ticks: number; instructions: number; cases: string;
  kernel: { probePrepare128: number; dot128: number; template1: number; template3: number; plainDot128: number };
}
interface Rate { count: number; seconds: number; perSecond: number }
interface BoardRates { verify: Rate; captureVerify: Rate }
interface ThroughputRun { boards: number; load1Before: number; perBoard: BoardRates[]; total: { verifyPerSecond: number; captureVerifyPerSecond: number } }
interface Throughput { seconds: number; cores: number; oneBoard: ThroughputRun; twoBoards: ThroughputRun }
interface BenchResult {
  generatedBy: string; date: string; qemu: string; board: string;
  host: { cpu: string; cores: number; load1AtEnd: number };
  model: string;
  counter: { method: string; check: CounterCheck; captureSpreadSameImage: Summary };
  fill: { slots: number; impressionsPerSlot: number; poolFingers: number; fingersEnrolledWithOneImpressionRepeated: number; forced: boolean; seconds: number };
  commands: { capture: Summary; enrollForcedDuringFill: Summary };
  checkpoints: Checkpoint[];
  identify: { candidates: number; perSlot: number; perStoredEmbedding: number; slots: number; instructions: number; target: number; meetsTarget?: boolean; msAt200MHz: number };
  throughput?: Throughput;
  checks: { scoresEqualReference: boolean; mismatches: string[] };
  seconds: number;
}

async function counterCheck(): Promise<CounterCheck> {
  const elf = join(ROOT, 'firmware/build/versatilepb/fpmatchtest.elf');
  const r = await execa('qemu-system-arm', ['-M', 'versatilepb', '-cpu', 'ti925t', '-m', '128M', '-display', 'none', '-monitor', 'none',
    '-serial', 'null', '-serial', 'stdio', '-icount', 'shift=0,sleep=off', '-semihosting-config', 'enable=on,target=native', '-kernel', elf],
  { env: { QEMU_AUDIO_DRV: 'none' }, reject: false, timeout: 120000 });
  const out = r.stdout;
  const calib = /FPMATCH calib loop=(\d+) ticks=(\d+) instructions=(\d+) ok/.exec(out);
  const cost = /FPMATCH cost .* probe128=([\d.]+) dot128=([\d.]+) best1=([\d.]+) best3=([\d.]+) plain128=([\d.]+)/.exec(out);
  const cases = /FPMATCH cases (.*)/.exec(out);
  if (r.exitCode !== 0 || !calib || !cost || !cases) throw new BenchError('E_BENCH', `fpmatchtest failed (exit ${r.exitCode}): ${out.split('\n').filter((l) => /FAIL|FPMATCH/.test(l)).join(' | ')}`, { context: { elf } });
  return {
    loopInstructions: Number(calib[1]), ticks: Number(calib[2]), instructions: Number(calib[3]), cases: cases[1],
    kernel: { probePrepare128: Number(cost[1]), dot128: Number(cost[2]), template1: Number(cost[3]), template3: Number(cost[4]), plainDot128: Number(cost[5]) },
  };
}

async function main(): Promise<void> {
  const o = options();
  if (!existsSync(DEFAULT_MODEL_BLOB)) throw new BenchError('E_NO_MODEL', `the committed model ${DEFAULT_MODEL_BLOB} is missing`, { context: { model: DEFAULT_MODEL_BLOB } });
  const t00 = performance.now();
  say('building the firmware');
  await buildFirmware();
  say('counter check (fpmatchtest, -icount shift=0)');
  const counter = await counterCheck();
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
    const thr = th.score; // operating threshold: duplicates, matches
    const sets = pool.map((fg) => enrollSet(fg, o.impressions, (th.enroll ?? th.table[0]).score)); // the enrollment check's threshold
    sameImpression = sets.filter((set) => set.length > 1 && set.every((i) => i === 0)).length;
    const templateOf = (f: number): Int8Array[] => sets[f].map((i) => pool[f].emb[i]);
    const capture = async (fg: Finger, k: number, newSet: boolean): Promise<number> => {
      const c = await fp.capture(fg.images[k], newSet);
      if (c.reason !== fg.qual[k]) mismatches.push(`capture finger ${fg.f} impression ${k + 1}: device reason ${c.reason}, reference ${fg.qual[k]}`);
      captures.push(c.instructions);
      const key = `${fg.f}/${k}`;
      byImage.set(key, [...(byImage.get(key) ?? []), c.instructions]);
      return c.instructions;
    };

    // a finger that is not stored (no duplicate of any pool template at the threshold), for the
    // not-forced enrollments
    let outsider: Finger | undefined;
    for (let f = 1000; f < 1008 && !outsider; f++) {
      const fg = makeFinger(ref, f, [1, 2, 3]);
      const dup = fg.emb.some((e) => pool.some((_, pf) => Int8Reference.score(templateOf(pf), e) >= thr));
      if (!dup && fg.qual.every((q) => q === 0)) outsider = fg;
    }
    if (!outsider) throw new BenchError('E_BENCH', 'no synthetic finger outside the pool found that is not a duplicate at the threshold', { context: { threshold: thr } });
    const outsiderSet3 = enrollSet(outsider, 3, thr);

    const stored = new Map<number, number>(); // slot -> pool finger
    const doCheckpoint = async (): Promise<void> => {
      const live = stored.size;
      say(`checkpoint: ${live} slots`);
      const probe = pool[0];
      const probeCapture = await capture(probe, 3, true);
      const pe = probe.emb[3];
      const cp: Partial<Checkpoint> = { slots: live, probeCapture };
      if (live > 0) {
        const v = await fp.verify(0);
        const expected = Int8Reference.score(templateOf(stored.get(0)!), pe);
        if (v.score !== expected) mismatches.push(`verify at ${live} slots: device ${v.score}, reference ${expected}`);
        cp.verify = { instructions: v.instructions, score: v.score, expected };
      }
      const id = await fp.identify(CANDIDATES);
      const all = [...stored.entries()].sort((a, b) => a[0] - b[0]).map(([slot, f]) => ({ slot, score: Int8Reference.score(templateOf(f), pe) }));
      const expected = all.sort((a, b) => b.score - a.score).slice(0, CANDIDATES); // stable: ties keep the lower slot first, as the device
      if (JSON.stringify(id.candidates) !== JSON.stringify(expected)) mismatches.push(`identify at ${live} slots: device ${JSON.stringify(id.candidates)}, reference ${JSON.stringify(expected)}`);
      cp.identify = { instructions: id.instructions, candidates: id.candidates, expected };
      // not-forced enrollments of the outsider (duplicate scan over every stored slot), then DELETE
      const dels: number[] = [];
      const enrollOutsider = async (set: number[]): Promise<{ instructions?: number; status: string }> => {
        for (const [i, k] of set.entries()) await capture(outsider!, k, i === 0);
        try {
          const e = await fp.enroll(EXTRA_SLOT, { impressions: set.length, label: 'bench-outsider', time: TIME });
          await fp.delete(EXTRA_SLOT);
          const d = (await fp.stats()).lastInstructions.delete;
          if (d !== undefined) dels.push(d);
          return { instructions: e.instructions, status: 'OK' };
        } catch (err) {
          if (err instanceof DeviceStatusError) return { status: err.statusName };
          throw err;
        }
      };
      cp.enrollN3 = await enrollOutsider(outsiderSet3);
      cp.enrollN1 = await enrollOutsider([0]);
      cp.delete = dels;
      // full LIST, page by page
      const perPage: number[] = [];
      let from = 0;
      let entries = 0;
      for (;;) {
        const req = Buffer.alloc(2);
        req.writeUInt16LE(from, 0);
        const p = Buffer.from((await s!.client.request(Cmd.FP_LIST, req, { timeoutMs: 10000 })).payload);
        for (let off = 4; off < p.length; off += 9 + p[off + 8]) entries++;
        perPage.push((await fp.stats()).lastInstructions.list ?? 0);
        const next = p.readUInt16LE(2);
        if (next === 0xffff) break;
        from = next;
      }
      if (entries !== live) mismatches.push(`list at ${live} slots: ${entries} entries`);
      cp.list = { pages: perPage.length, entries, instructionsPerPage: perPage, instructionsTotal: perPage.reduce((a, b) => a + b, 0) };
      cps.push(cp as Checkpoint);
    };

    const tFill = performance.now();
    if (checkpoints.includes(0)) await doCheckpoint();
    for (let slot = 0; slot < o.slots; slot++) {
      const f = slot % o.pool;
      for (const [i, k] of sets[f].entries()) await capture(pool[f], k, i === 0);
      const e = await fp.enroll(slot, { impressions: o.impressions, force: true, label: `bench-${f}`, time: TIME });
      fillEnrolls.push(e.instructions);
      stored.set(slot, f);
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

  const throughput = o.throughputS > 0 ? await measureThroughput(o, pool) : undefined;

  // identify cost per slot: least squares over the checkpoints with at least one slot
  const pts = cps.filter((c) => c.slots > 0).map((c) => [c.slots, c.identify.instructions] as const);
  const mx = pts.reduce((a, p) => a + p[0], 0) / pts.length, my = pts.reduce((a, p) => a + p[1], 0) / pts.length;
  const slope = pts.length > 1 ? pts.reduce((a, p) => a + (p[0] - mx) * (p[1] - my), 0) / pts.reduce((a, p) => a + (p[0] - mx) ** 2, 0) : NaN;
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
  const table = markdown(result);
  writeFileSync(join(o.out, 'fp-bench.json'), JSON.stringify(result, null, 2) + '\n');
  const mdFile = join(o.out, 'fp-bench.md');
  const start = '<!-- bench-fp:start -->', end = '<!-- bench-fp:end -->';
  const md = existsSync(mdFile) ? readFileSync(mdFile, 'utf8') : `# Fingerprint service cost\n\nGenerated by \`npm run bench:fp\`.\n\n${start}\n${end}\n`;
  const a = md.indexOf(start), b = md.indexOf(end);
  if (a < 0 || b < a) throw new BenchError('E_BENCH', `${mdFile} has no ${start} ... ${end} markers`, { context: { file: mdFile } });
  writeFileSync(mdFile, md.slice(0, a + start.length) + '\n' + table + '\n' + md.slice(b));
  if (o.json) console.log(JSON.stringify(result, null, 2));
  else console.log(table);
  say(`identify over ${top.slots} slots: ${top.identify.instructions} instructions (${result.identify.perSlot} per slot), target ${TARGET}; written ${join(o.out, 'fp-bench.json')} and ${mdFile}`);
}

/** Wall-clock rates without icount: VERIFY commands per second (probe captured once), and
 * capture + VERIFY per second (a new presentation each time), on 1 board and on 2 in parallel. */
async function measureThroughput(o: Options, pool: Finger[]): Promise<Throughput> {
  const run = async (boards: number): Promise<ThroughputRun> => {
    say(`throughput: ${boards} board(s), ${o.throughputS} s per measurement, no icount`);
    const flashes = await Promise.all(Array.from({ length: boards }, () => freshFlashImage()));
    const sessions: Session[] = [];
    try {
      for (const f of flashes) sessions.push(await openSession('qemu', { flash: f.file, timeoutMs: 20000 }));
      const fps = sessions.map((x) => new FingerprintClient(x.client, x.sensorDir));
      const fg = pool[0];
      await Promise.all(fps.map(async (fp) => {
        for (let k = 0; k < 3; k++) await fp.capture(fg.images[0], k === 0); // the same impression: always mutually matching
        await fp.enroll(0, { force: true, time: TIME });
        await fp.capture(fg.images[3], true);
        for (let i = 0; i < 5; i++) await fp.verify(0); // warm-up
      }));
      const load1Before = Math.round(loadavg()[0] * 100) / 100;
      const loop = async (fn: () => Promise<unknown>): Promise<Rate> => {
        const t0 = performance.now();
        let count = 0;
        while (performance.now() - t0 < o.throughputS * 1000) { await fn(); count++; }
        const seconds = (performance.now() - t0) / 1000;
        return { count, seconds: Math.round(seconds * 100) / 100, perSecond: Math.round((count / seconds) * 10) / 10 };
      };
      const verify = await Promise.all(fps.map((fp) => loop(() => fp.verify(0))));
      const captureVerify = await Promise.all(fps.map((fp) => loop(async () => { await fp.capture(fg.images[3], true); await fp.verify(0); })));
      const perBoard = fps.map((_, i) => ({ verify: verify[i], captureVerify: captureVerify[i] }));
      const sum = (xs: Rate[]) => Math.round(xs.reduce((a, r) => a + r.perSecond, 0) * 10) / 10;
      return { boards, load1Before, perBoard, total: { verifyPerSecond: sum(verify), captureVerifyPerSecond: sum(captureVerify) } };
    } finally {
      for (const x of sessions) await x.close();
      for (const f of flashes) await f.cleanup();
    }
  };
  const one = await run(1);
  const two = await run(2);
  return { seconds: o.throughputS, cores: cpus().length, oneBoard: one, twoBoards: two };
}

function markdown(r: BenchResult): string {
  const fmt = (n: number | undefined): string => (n === undefined ? '—' : n.toLocaleString('en-US'));
  const rows: string[][] = [];
  const add = (cmd: string, slots: string, instr: number | undefined, note = ''): void => {
    rows.push([cmd, slots, fmt(instr), instr === undefined ? '—' : ms200(instr).toFixed(3), note]);
  };
  const cap = r.commands.capture;
  add('CAPTURE (sensor read, preprocessing, embedding)', 'any', cap.median, `${cap.n} captures of 288×384 at 500 dpi: ${fmt(cap.min)}–${fmt(cap.max)}`);
  const cps = r.checkpoints;
  const first = cps[0], last = cps[cps.length - 1];
  for (const c of [first, last]) {
    add('ENROLL N=3 (not forced: duplicate scan)', String(c.slots), c.enrollN3.instructions, c.enrollN3.status === 'OK' ? '' : c.enrollN3.status);
    add('ENROLL N=1 (not forced: duplicate scan)', String(c.slots), c.enrollN1.instructions, c.enrollN1.status === 'OK' ? '' : c.enrollN1.status);
  }
  const fe = r.commands.enrollForcedDuringFill;
  add(`ENROLL N=${r.fill.impressionsPerSlot} forced (fill, store write)`, `0–${r.fill.slots - 1}`, fe.median, `${fe.n} enrollments: ${fmt(fe.min)}–${fmt(fe.max)} (the store write depends on the log's state)`);
  for (const c of cps.filter((x) => x.verify)) add(`VERIFY 1:1 (template of ${r.fill.impressionsPerSlot})`, String(c.slots), c.verify!.instructions);
  for (const c of cps) add(`IDENTIFY 1:N (${CANDIDATES} candidates)`, String(c.slots), c.identify.instructions);
  for (const c of [first, last]) {
    if (c.delete.length) add('DELETE', String(c.slots + 1), Math.max(...c.delete));
    add(`LIST (${c.list.pages} page${c.list.pages > 1 ? 's' : ''}, ${c.list.entries} entries)`, String(c.slots), c.list.instructionsTotal, c.list.pages > 1 ? `per page ${c.list.instructionsPerPage.map(fmt).join(', ')}` : '');
  }
  const lines = [
    '| command | stored slots | guest instructions | ms at 200 MHz | notes |',
    '|---|---|---|---|---|',
    ...rows.map((x) => `| ${x.join(' | ')} |`),
    '',
    `IDENTIFY: **${fmt(r.identify.perSlot)} instructions per stored slot** (${fmt(r.identify.perStoredEmbedding)} per stored embedding; least squares over ${cps.filter((c) => c.slots > 0).map((c) => c.slots).join(', ')} slots). ` +
      `Over ${r.identify.slots} slots: **${fmt(r.identify.instructions)}** instructions, ${r.identify.msAt200MHz} ms at ${MHZ} MHz — target < ${fmt(TARGET)}: ${r.identify.meetsTarget === undefined ? 'not measured (fewer than 1000 slots)' : r.identify.meetsTarget ? '**met**' : '**missed**'}.`,
    '',
    `Counter check: a loop of exactly ${fmt(r.counter.check.loopInstructions)} instructions reads ${fmt(r.counter.check.ticks)} counts = ${fmt(r.counter.check.instructions)} instructions. ` +
      `Matching kernel (fpmatchtest, per call): probe preparation ${r.counter.check.kernel.probePrepare128}, one 128-byte score ${r.counter.check.kernel.template1}, a 3-embedding template ${r.counter.check.kernel.template3}; plain int8 dot product of 128 ${r.counter.check.kernel.plainDot128}. ` +
      `Repeated captures of one image differ by at most ${fmt(r.counter.captureSpreadSameImage.max)} instructions (${r.counter.captureSpreadSameImage.n} images captured 5 times or more).`,
  ];
  if (r.throughput) {
    const t = r.throughput;
    lines.push('', `| throughput (wall clock, no icount, ${t.cores} host cores) | VERIFY/s per board | VERIFY/s all boards | capture + VERIFY/s per board | capture + VERIFY/s all boards | load before |`, '|---|---|---|---|---|---|');
    for (const x of [t.oneBoard, t.twoBoards]) {
      lines.push(`| ${x.boards} board${x.boards > 1 ? 's in parallel' : ''} | ${x.perBoard.map((b) => b.verify.perSecond).join(', ')} | ${x.total.verifyPerSecond} | ${x.perBoard.map((b) => b.captureVerify.perSecond).join(', ')} | ${x.total.captureVerifyPerSecond} | ${x.load1Before} |`);
    }
  }
  lines.push('', `Fill: ${r.fill.slots} slots × ${r.fill.impressionsPerSlot} impression(s) through the real capture and ENROLL path (${r.fill.poolFingers} synthetic fingers cycled, forced; ${r.fill.fingersEnrolledWithOneImpressionRepeated} of them enrolled as one impression repeated because their impressions do not match each other at the enroll threshold) in ${r.fill.seconds} s. ${r.qemu}; every device score equals the host int8 reference.`);
  return lines.join('\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`bench-fp: ${e instanceof Error ? e.message : String(e)}\n`);
  if (process.env.WHORL_DEBUG) console.error(e);
  process.exit(1);
});
