/** `whorl train`: trains the float matcher from a config file (models/configs/*.json). */
import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { WhorlError } from '../../util/errors.js';
import { printJson } from '../output.js';

export function register(program: Command): void {
  program
    .command('train')
    .description('train the CNN matcher on on-the-fly synthetic fingers (tfjs, wasm backend); writes OUT/model and OUT/checkpoint')
    .requiredOption('--config <file>', 'training config (e.g. models/configs/default.json)')
    .requiredOption('--out <dir>', 'output folder (model/, checkpoint/)')
    .option('--resume', 'continue from OUT/checkpoint (same fingers, same optimizer state)')
    .option('--steps <n>', 'override train.steps')
    .option('--init <dir>', "folder of the float model train.init starts from (default: the config's path)")
    .option('--workers <n>', 'data worker threads (default: the config, else 1)')
    .option('--json', 'print the result as JSON')
    .action(async (o: { config: string; out: string; resume?: boolean; init?: string; steps?: string; workers?: string; json?: boolean }) => {
      const { parseTrainConfig, train } = await import('../../train/train.js');
      const text = await readFile(o.config, 'utf8').catch((e: unknown) => {
        throw new WhorlError('E_CONFIG', `train: cannot read config ${o.config}`, { cause: e });
      });
      const c = parseTrainConfig(text, o.config);
      const int = (v: string | undefined, name: string): number | undefined => {
        if (v === undefined) return undefined;
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0) throw new WhorlError('E_CONFIG', `train: --${name} expects a non-negative integer, got '${v}'`);
        return n;
      };
      const steps = int(o.steps, 'steps');
      if (steps !== undefined) c.train.steps = steps;
      const r = await train(c, o.out, { resume: o.resume, init: o.init, progress: !o.json && process.stderr.isTTY, workers: int(o.workers, 'workers'), log: o.json ? undefined : (s) => process.stderr.write(`${s}\n`) });
      const last = r.validation.at(-1);
      if (o.json) printJson({ ...r, losses: undefined, firstLoss: r.losses[0], lastLoss: r.losses.at(-1) });
      else process.stdout.write(`trained ${r.steps} steps in ${(r.seconds / 60).toFixed(1)} min (${r.secondsPerBatch.toFixed(2)} s/batch); loss ${r.losses[0]?.toFixed(3)} → ${r.losses.at(-1)?.toFixed(3)}; validation EER ${last ? `${(100 * last.eer).toFixed(2)}%` : 'n/a'}\nmodel: ${o.out}/model\n`);
    });
}
