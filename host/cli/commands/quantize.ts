/** `whorl quantize`: int8 quantization of a float model; `whorl quantize golden`: golden vectors. */
import type { Command } from 'commander';
import { CALIB_METHODS, type CalibMethod } from '../../nn/calibrate.js';
import { writeGolden } from '../../nn/golden.js';
import { formatSummary, inspectModelFile } from '../../nn/inspect.js';
import { quantizeDir } from '../../nn/pipeline.js';
import { formatReport } from '../../nn/report.js';
import { crc32Hex } from '../../util/crc.js';
import { WhorlError } from '../../util/errors.js';
import { progress, type Progress } from '../../util/progress.js';

export function register(program: Command): void {
  const q = program
    .command('quantize')
    .description('quantize a float model (tfjs layers folder or .onnx file) to an int8 blob, model partition image, C header and report')
    .option('--model <dir>', 'tfjs layers model folder (model.json + weights) or .onnx file')
    .option('--calib <dir>', 'calibration images folder')
    .option('--out <dir>', 'output folder')
    .option('--method <m>', `calibration method: ${CALIB_METHODS.join('|')}`, 'percentile')
    .option('--percentile <p>', 'percentile for --method percentile', '99.99')
    .option('--name <name>', 'model name stored in the blob')
    .option('--limit <n>', 'use at most n calibration images')
    .option('--json', 'print the result as JSON')
    .action(async (o: { model?: string; calib?: string; out?: string; method: string; percentile: string; name?: string; limit?: string; json?: boolean }) => {
      for (const k of ['model', 'calib', 'out'] as const) if (!o[k]) throw new WhorlError('CLI_OPTION', `--${k} is required`, {});
      if (!CALIB_METHODS.includes(o.method as CalibMethod)) throw new WhorlError('CLI_OPTION', `--method ${o.method}: expected ${CALIB_METHODS.join(', ')}`, {});
      const percentile = Number(o.percentile);
      const limit = o.limit === undefined ? undefined : Number(o.limit);
      if (limit !== undefined && !(limit > 0)) throw new WhorlError('CLI_OPTION', `--limit ${o.limit}: expected a positive number`, {});
      const command = ['whorl', ...process.argv.slice(2)].join(' ');
      let bar: Progress | undefined;
      const onProgress = (phase: string, done: number, total: number): void => {
        if (phase !== 'calibrate') return;
        if (!bar) bar = progress('calibrating', total, { enabled: o.json ? false : undefined });
        bar.tick();
        if (done === total) bar.stop();
      };
      const r = await quantizeDir({ model: o.model!, calib: o.calib!, out: o.out!, method: o.method as CalibMethod, percentile, name: o.name, limit, command, onProgress });
      if (o.json) console.log(JSON.stringify({ files: r.files, blobBytes: r.blobBytes, crc32: r.crc32, report: r.report }, null, 2));
      else console.log(`${formatReport(r.report)}\nwrote ${r.files.blob} (${r.blobBytes} bytes, CRC-32 ${crc32Hex(r.crc32)}), ${r.files.image} (model partition image), ${r.files.header}, ${r.files.report}`);
    });
  q.command('inspect <file>')
    .description('check a model blob (.wnn) or model partition image (.img) as the firmware does and list its layers')
    .option('--json', 'print the result as JSON')
    .action((file: string, o: { json?: boolean }, cmd: Command) => {
      const s = inspectModelFile(file);
      const json = o.json || Boolean((cmd.parent?.opts() as { json?: boolean } | undefined)?.json); // the parent also has --json
      console.log(json ? JSON.stringify(s, null, 2) : formatSummary(s));
    });
  q.command('golden')
    .description('write the nn golden vectors (models + per-layer outputs + scores)')
    .option('--out <dir>', 'output folder (default test/vectors/nn)')
    .action((o: { out?: string }, cmd: Command) => {
      // `--out` after `golden` may be taken by the parent's own --out option: read either
      const out = o.out ?? (cmd.parent?.opts() as { out?: string } | undefined)?.out ?? 'test/vectors/nn';
      const files = writeGolden(out);
      console.log(`wrote ${files.length} files to ${out}`);
    });
}
