import { Command, InvalidArgumentError, Option } from 'commander';
import { join } from 'node:path';
import { WhorlError } from '../../util/errors.js';
import { matcherIds } from '../../eval/matcher.js';
import { runEvaluation } from '../../eval/run.js';
import { combineReports, metricsTable, pct, writeReport } from '../../eval/report.js';
import { DEFAULT_FLOAT_MODEL, floatModelPre } from '../../eval/cnn.js';
import '../../eval/builtin.js';

function positiveNumber(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive number`);
    return n;
  };
}

function workerCount(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new InvalidArgumentError('workers must be an integer 0..64 (0 = main thread only)');
  return n;
}

function keyValue(v: string, prev: Record<string, string>): Record<string, string> {
  const i = v.indexOf('=');
  if (i <= 0) throw new InvalidArgumentError(`matcher option "${v}" must be key=value`);
  return { ...prev, [v.slice(0, i)]: v.slice(i + 1) };
}

interface EvalCliOptions {
  dataset?: string;
  matcher: string;
  matcherOpt: Record<string, string>;
  dpi?: number;
  impostors: 'fvc' | 'all';
  enroll?: number;
  out?: string;
  json?: boolean;
  workers?: number;
  threshold?: number;
  cache: string | boolean;
  progress: boolean;
}

/** `whorl eval`: FVC-protocol evaluation of a matcher on a dataset, and `whorl eval report --combine`. */
export function register(program: Command): void {
  const cmd = program
    .command('eval')
    .description('evaluate a matcher on a folder of <finger>_<impression> images (FVC protocol); writes report.json/.md, det and hist SVG/PNG')
    .option('--dataset <dir>', 'folder of <finger>_<impression>.<png|tif|bmp|pgm|jpg> images')
    .option('--matcher <id>', `matcher (${matcherIds().join(', ')})`, 'baseline')
    .option('--matcher-opt <key=value>', 'option passed to the matcher (repeatable)', keyValue, {})
    .option('--dpi <n>', 'image resolution (overrides manifest.json)', positiveNumber('dpi'))
    .addOption(new Option('--impostors <mode>', 'impostor pairs: fvc = impression 1 of each finger pair, all = every cross-finger pair').choices(['fvc', 'all']).default('fvc'))
    .option('--enroll <n>', 'score enrolled templates instead: impressions 1..n of a finger (best impression counts, as on the device) against its later impressions and other fingers\' probes', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 16) throw new InvalidArgumentError('enroll must be a whole number of impressions, 1..16');
      return n;
    })
    .option('--out <dir>', 'output folder (default out/eval/<dataset>-<matcher>)')
    .option('--json', 'print the metrics as JSON on stdout')
    .option('--workers <n>', 'worker threads (default: number of cores; 0 = main thread)', workerCount)
    .option('--threshold <t>', 'also report FMR and FNMR at this score threshold', (v) => {
      const n = Number(v);
      if (!Number.isFinite(n)) throw new InvalidArgumentError('threshold must be a number');
      return n;
    })
    .option('--cache <dir>', 'feature cache folder (default <dataset>/.whorl-cache, or ~/.cache/whorl/features if read-only)')
    .option('--no-cache', 'do not read or write the feature cache')
    .option('--no-progress', 'no progress bars')
    .action(async (o: EvalCliOptions) => {
      if (!o.dataset) throw new WhorlError('CLI_USAGE', 'whorl eval: --dataset <dir> is required (or use "whorl eval report --combine ...")');
      const r = await runEvaluation(o.dataset, {
        matcher: o.matcher,
        matcherOptions: o.matcherOpt,
        dpi: o.dpi,
        impostors: o.impostors,
        enroll: o.enroll,
        workers: o.workers,
        cache: o.cache === false ? false : o.cache === true ? undefined : o.cache,
        threshold: o.threshold,
        progress: o.progress && !o.json ? undefined : false,
      });
      const out = o.out ?? join('out', 'eval', `${r.dataset.name}-${r.matcher.id}${o.enroll !== undefined ? `-enroll${o.enroll}` : ''}`);
      const command = ['whorl', ...process.argv.slice(2)].join(' ');
      const w = await writeReport(r, out, command);
      if (o.json) {
        process.stdout.write(JSON.stringify({ dataset: r.dataset, matcher: r.matcher, protocol: r.protocol, metrics: r.metrics, run: r.run, files: w.files }, null, 2) + '\n');
      } else {
        const m = r.metrics;
        process.stdout.write(metricsTable([r]));
        process.stdout.write(`EER ${pct(m.eer)}  FMR100 ${pct(m.fmr100)}  FMR1000 ${pct(m.fmr1000)}  (${m.genuineCount} genuine, ${m.impostorCount} impostor pairs)\n`);
        if (m.atThreshold) process.stdout.write(`threshold ${m.atThreshold.t}: FMR ${pct(m.atThreshold.fmr)}  FNMR ${pct(m.atThreshold.fnmr)}\n`);
        process.stdout.write(`report: ${out}/report.md (features: ${r.run.cacheHits} cached, ${r.run.cacheMisses} extracted; scores: ${r.run.scoreCacheHits ?? 0} cached)\n`);
      }
    });
  cmd
    .command('report')
    .description('combine several report.json files: one DET plot with every curve and one table')
    .requiredOption('--combine <report.json...>', 'reports written by whorl eval')
    .option('--out <dir>', 'output folder (default out/eval/combined)')
    .action(async (o: { combine: string[] }, sub: Command) => {
      // `eval` has its own --out, which commander may fill instead of ours: read both.
      const out = (sub.optsWithGlobals() as { out?: string }).out ?? join('out', 'eval', 'combined');
      const w = await combineReports(o.combine, out, ['whorl', ...process.argv.slice(2)].join(' '));
      process.stdout.write(`${w.files.join('\n')}\n`);
    });
  cmd
    .command('breakdown')
    .description('split the errors of a CNN evaluation by registration (core found or not), crop fill and, on synthetic sets, finger class and the rotation between the impressions')
    .requiredOption('--report <report.json>', 'report written by whorl eval (float or int8 matcher)')
    .option('--model <dir>', 'float model folder whose preprocessing decides the registration', DEFAULT_FLOAT_MODEL)
    .option('--dataset <dir>', 'dataset folder (default: the one named in the report)')
    .action(async (o: { report: string; model: string; dataset?: string }, sub: Command) => {
      const { errorBreakdown, breakdownMarkdown } = await import('../../eval/breakdown.js');
      const g = sub.optsWithGlobals() as { json?: boolean; dataset?: string };
      const b = await errorBreakdown(o.report, floatModelPre(o.model), { dataset: o.dataset ?? g.dataset, progress: !g.json && process.stderr.isTTY });
      process.stdout.write(g.json ? JSON.stringify(b, null, 2) + '\n' : breakdownMarkdown(b));
    });
}
