import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { register as registerEval } from './commands/eval.js';
import { register as registerSynth } from './commands/synth.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Builds the whorl command tree. Each command module registers itself here. */
export function buildProgram(): Command {
  const program = new Command('whorl')
    .description('Fingerprint recognition toolkit for small ARM9 devices')
    .version(version());
  registerEval(program);
  registerSynth(program);
  return program;
}

export async function run(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv);
}
