import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { register as registerDoctor } from './commands/doctor.js';
import { register as registerFw } from './commands/fw.js';
import { register as registerFlash } from './commands/flash.js';
import { register as registerBoard } from './commands/board.js';
import { register as registerDevice } from './commands/device.js';
import { register as registerDemo } from './commands/demo.js';
import { register as registerQuantize } from './commands/quantize.js';
import { register as registerEval } from './commands/eval.js';
import { register as registerSynth } from './commands/synth.js';
import { register as registerTrain } from './commands/train.js';
import { register as registerFp } from './commands/fp.js';
import { register as registerHil } from './commands/hil.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Builds the whorl command tree. Each command module registers itself here. */
export function buildProgram(): Command {
  const program = new Command('whorl')
    .description('Fingerprint recognition toolkit for small ARM9 devices')
    .version(version());
  registerDoctor(program);
  registerFw(program);
  registerFlash(program);
  registerBoard(program);
  registerDevice(program);
  registerDemo(program);
  registerQuantize(program);
  registerEval(program);
  registerSynth(program);
  registerTrain(program);
  registerFp(program);
  registerHil(program);
  return program;
}

export async function run(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv);
}
