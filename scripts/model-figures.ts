/**
 * Writes a model's evaluation figures into its manifest (figures.evaluation) from `whorl eval`
 * reports, so that the manifest carries exactly what the reports measured.
 * Usage: node dist/scripts/model-figures.js MANIFEST 'LABEL=FLOAT_REPORT[,INT8_REPORT]' ...
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { readReport } from '../host/eval/report.js';
import type { EvalResult } from '../host/eval/run.js';

const [manifestFile, ...sets] = process.argv.slice(2);
if (!manifestFile || sets.length === 0) {
  process.stderr.write("usage: model-figures MANIFEST 'LABEL=FLOAT_REPORT[,INT8_REPORT]' ...\n");
  process.exit(2);
}
const round = (x: number): number => Math.round(x * 1e4) / 1e4;
const rates = (r: EvalResult): { eer: number; fmr100: number; fmr1000: number } => ({ eer: round(r.metrics.eer), fmr100: round(r.metrics.fmr100), fmr1000: round(r.metrics.fmr1000) });
const rows = [];
for (const arg of sets) {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new Error(`'${arg}': expected LABEL=FLOAT_REPORT[,INT8_REPORT]`);
  const [f, q] = arg.slice(eq + 1).split(',');
  const fl = await readReport(f);
  const i8 = q ? await readReport(q) : undefined;
  if (i8 && (i8.metrics.genuineCount !== fl.metrics.genuineCount || i8.metrics.impostorCount !== fl.metrics.impostorCount)) throw new Error(`${arg}: the float and int8 reports compare different pairs`);
  rows.push({ set: arg.slice(0, eq), impostors: fl.protocol.impostors, pairs: [fl.metrics.genuineCount, fl.metrics.impostorCount], float: rates(fl), ...(i8 ? { int8: rates(i8) } : {}) });
}
const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as { figures?: Record<string, unknown> };
m.figures = { ...m.figures, evaluation: { protocol: 'FVC (genuine i<j; impostors as named), 500 dpi; docs/evaluation.md', sets: rows } };
writeFileSync(manifestFile, JSON.stringify(m, null, 2) + '\n');
process.stdout.write(rows.map((r) => `${r.set} (${r.impostors}): float EER ${(100 * r.float.eer).toFixed(2)}%${r.int8 ? `, int8 ${(100 * r.int8.eer).toFixed(2)}%` : ''}`).join('\n') + '\n');
