/**
 * The fingerprint service bench's result (scripts/bench-fp.ts, `npm run bench:fp`): its JSON shape,
 * the markdown table, and the writing of DIR/fp-bench.json and the table between the markers of
 * DIR/fp-bench.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WhorlError } from '../util/errors.js';

export class BenchError extends WhorlError {}

/** Clock of the ARM920T the figures are converted to (one instruction per cycle). */
export const MHZ = 200;

export interface Summary { n: number; min: number; median: number; max: number; mean: number }
export function summary(xs: number[]): Summary {
  if (xs.length === 0) return { n: 0, min: 0, median: 0, max: 0, mean: 0 };
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1], mean: Math.round(s.reduce((a, b) => a + b, 0) / s.length) };
}
export const ms200 = (instr: number): number => Math.round((instr / (MHZ * 1000)) * 1000) / 1000;

export interface Checkpoint {
  slots: number;
  probeCapture: number;
  verify?: { instructions: number; score: number; expected: number };
  identify: { instructions: number; candidates: Array<{ slot: number; score: number }>; expected: Array<{ slot: number; score: number }> };
  enrollN3: { instructions?: number; status: string };
  enrollN1: { instructions?: number; status: string };
  delete: number[];
  list: { pages: number; entries: number; instructionsPerPage: number[]; instructionsTotal: number };
}

export interface CounterCheck {
  loopInstructions: number; ticks: number; instructions: number; cases: string;
  kernel: { probePrepare128: number; dot128: number; template1: number; template3: number; plainDot128: number };
}
export interface Rate { count: number; seconds: number; perSecond: number }
export interface BoardRates { verify: Rate; captureVerify: Rate }
export interface ThroughputRun { boards: number; load1Before: number; perBoard: BoardRates[]; total: { verifyPerSecond: number; captureVerifyPerSecond: number } }
export interface Throughput { seconds: number; cores: number; oneBoard: ThroughputRun; twoBoards: ThroughputRun }
export interface BenchResult {
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

export function markdown(r: BenchResult): string {
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
  for (const c of cps) add(`IDENTIFY 1:N (${r.identify.candidates} candidates)`, String(c.slots), c.identify.instructions);
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
      `Over ${r.identify.slots} slots: **${fmt(r.identify.instructions)}** instructions, ${r.identify.msAt200MHz} ms at ${MHZ} MHz — target < ${fmt(r.identify.target)}: ${r.identify.meetsTarget === undefined ? 'not measured (fewer than 1000 slots)' : r.identify.meetsTarget ? '**met**' : '**missed**'}.`,
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

export const BENCH_START = '<!-- bench-fp:start -->';
export const BENCH_END = '<!-- bench-fp:end -->';

/** Writes DIR/fp-bench.json and replaces the table between the markers of DIR/fp-bench.md (a new
 * file with the markers when there is none); returns the table and the two paths. */
export function writeBenchReport(dir: string, r: BenchResult): { table: string; json: string; md: string } {
  const table = markdown(r);
  const mdFile = join(dir, 'fp-bench.md');
  const doc = existsSync(mdFile) ? readFileSync(mdFile, 'utf8') : `# Fingerprint service cost\n\nGenerated by \`npm run bench:fp\`.\n\n${BENCH_START}\n${BENCH_END}\n`;
  const a = doc.indexOf(BENCH_START), b = doc.indexOf(BENCH_END);
  if (a < 0 || b < a) throw new BenchError('E_BENCH', `${mdFile} has no ${BENCH_START} ... ${BENCH_END} markers`, { context: { file: mdFile } });
  const jsonFile = join(dir, 'fp-bench.json');
  writeFileSync(jsonFile, JSON.stringify(r, null, 2) + '\n');
  writeFileSync(mdFile, doc.slice(0, a + BENCH_START.length) + '\n' + table + '\n' + doc.slice(b));
  return { table, json: jsonFile, md: mdFile };
}
