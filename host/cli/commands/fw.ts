import type { Command } from 'commander';
import { buildFirmware } from '../../firmware/build.js';
import { printJson } from '../output.js';

export function register(program: Command): void {
  const fw = program.command('fw').description('firmware');
  fw.command('build')
    .description('build the firmware, boot loader and test images (make -C firmware)')
    .option('--board <name>', 'board', 'versatilepb')
    .option('--build-id <id>', 'build id compiled into the firmware (default: git describe)')
    .option('--json', 'machine-readable output')
    .action(async (o: { board: string; buildId?: string; json?: boolean }) => {
      const a = await buildFirmware({ board: o.board, buildId: o.buildId });
      if (o.json) printJson(a);
      else process.stdout.write(`built ${a.elf}\n      ${a.bin}\n      ${a.boot}\n      ${a.ktest}\n`);
    });
}
