/** `whorl hil`: HIL campaign — a dataset enrolled and probed through the device (host/hil). */
import { Option, type Command } from 'commander';
import { basename, join, resolve } from 'node:path';
import { pct } from '../../eval/report.js';
import { assertReference, runCampaign, MAX_BOARDS } from '../../hil/campaign.js';
import { commandRows, f1, referenceLine, writeHilReport } from '../../hil/report.js';
import type { HilResult } from '../../hil/result.js';
import { WhorlError } from '../../util/errors.js';
import { printJson, table } from '../output.js';

interface HilCliOptions {
  device: string; dataset: string; boards: string; dpi?: string; impostors: 'fvc' | 'all'; enroll?: string; touches?: string; model?: string;
  refWorkers: string; out?: string; json?: boolean; icount?: boolean; progress: boolean;
}

function intArg(v: string | undefined, name: string, lo: number, hi: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isInteger(n) || n < lo || n > hi) throw new WhorlError('HIL_USAGE', `--${name} must be an integer ${lo}..${hi}, got '${v}'`);
  return n;
}

function summary(r: HilResult, out: string): string {
  const m = r.metrics;
  const h = r.hil;
  const { head, rows } = commandRows(r);
  let s = `${r.dataset.name}: ${r.dataset.fingers} fingers, ${r.dataset.images} images; ${m.genuineCount} genuine / ${m.impostorCount} impostor pairs on ${h.boards.length} board(s)${h.icount ? ' under -icount' : ''}\n`;
  s += `EER ${pct(m.eer)}  FMR100 ${pct(m.fmr100)}  FMR1000 ${pct(m.fmr1000)}  ZeroFMR ${pct(m.zeroFmr)}`;
  if (m.atThreshold) s += `  (device threshold ${h.threshold.score}: FMR ${pct(m.atThreshold.fmr)}, FNMR ${pct(m.atThreshold.fnmr)})`;
  const e = h.enrollment;
  if (e) {
    const touches = e.touches > 0
      ? `failed to enroll ${e.firstTouch.failedToEnroll} at the first touch (${pct(e.firstTouch.fte)}), ${e.failedToEnroll} after up to ${e.touches} touch(es) again (FTE ${pct(e.fte)}; stored after 0..${e.touches} touches: ${e.enrolledAfter.join(' / ')})`
      : `failed to enroll ${e.failedToEnroll} at the first touch (FTE ${pct(e.fte)}; --touches K lets ENROLL leave a stray capture out)`;
    s += `\ntemplates of ${e.impressions}: ${e.templates}, ${touches}; their pairs count as failed matches; enrolled templates alone: EER ${pct(e.enrolledOnly.eer)}, FMR1000 ${pct(e.enrolledOnly.fmr1000)}`;
  }
  s += `\n${table(rows, head)}`;
  s += `throughput ${f1(h.throughput.verifiesPerSecond)} verifications/s overall (per board ${h.throughput.perBoard.map(f1).join(', ')}); wall ${f1(h.seconds.total)} s (boot ${f1(h.seconds.boot)}, devices ${f1(h.seconds.devices)}, reference wait ${f1(h.seconds.referenceWait)})\n`;
  return `${s}${referenceLine(r).split('\n')[0]}\nreport: ${out}/report.md\n`;
}

export function register(program: Command): void {
  program
    .command('hil')
    .description('HIL campaign: enroll and probe a dataset through the device (FVC pairs), check every score against the host int8 reference, report accuracy, instructions, wall time and throughput')
    .requiredOption('--device <addr>', 'serial port path, tcp://host:port, or qemu (fresh emulated boards with the virtual sensor)')
    .requiredOption('--dataset <dir>', 'folder of <finger>_<impression>.<png|tif|bmp|pgm|jpg> images (e.g. from whorl synth)')
    .option('--boards <n>', `with --device qemu: boards run in parallel, 1..${MAX_BOARDS}`, '1')
    .option('--icount', 'with --device qemu: run the boards under -icount shift=0 (exact guest instruction counts)')
    .option('--dpi <n>', 'image resolution (overrides manifest.json)')
    .addOption(new Option('--impostors <mode>', 'impostor pairs, as whorl eval').choices(['fvc', 'all']).default('fvc'))
    .option('--enroll <n>', 'enroll templates of n impressions (1..5) as a user does, probe with the later impressions (as whorl eval --enroll); reports the failure-to-enroll rate')
    .option('--touches <k>', 'with --enroll n: after a refused ENROLL touch again up to k times (0..5-n), as a user does; impressions n+1..n+k are those touches and the probes start after them; reports the FTE at the first touch and after')
    .option('--model <blob>', 'model blob the device runs (flashed on qemu boards; default: the committed model)')
    .option('--ref-workers <n>', 'worker threads for the host int8 reference', '1')
    .option('--out <dir>', 'output folder (default out/hil/<dataset>)')
    .option('--json', 'print the summary as JSON on stdout')
    .option('--no-progress', 'no progress bar')
    .action(async (o: HilCliOptions) => {
      const out = o.out ?? join('out', 'hil', basename(resolve(o.dataset)));
      const r = await runCampaign({
        device: o.device, dataset: o.dataset, boards: intArg(o.boards, 'boards', 1, MAX_BOARDS), icount: o.icount,
        dpi: intArg(o.dpi, 'dpi', 50, 5000), impostors: o.impostors, enroll: intArg(o.enroll, 'enroll', 1, 5), touches: intArg(o.touches, 'touches', 0, 4), model: o.model, refWorkers: intArg(o.refWorkers, 'ref-workers', 1, 16),
        progress: o.progress && !o.json ? undefined : false, consoleDir: out,
      });
      const files = await writeHilReport(r, out, ['whorl', ...process.argv.slice(2)].join(' '));
      if (o.json) {
        const { scores: _scores, hil, ...rest } = r;
        const { images: _images, ...hilRest } = hil;
        printJson({ ...rest, hil: hilRest, files });
      } else {
        process.stdout.write(summary(r, out));
      }
      assertReference(r, out); // a mismatch fails the run, after the report is written
    });
}
