import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { startBoard } from '../../emulator/qemu.js';
import { freePort } from '../../emulator/qemu.js';
import { ensureFirmware } from '../../firmware/build.js';
import { freshFlashImage } from '../../device/session.js';
import { inspectFlashImage } from '../../flash/image.js';
import { WhorlError } from '../../util/errors.js';

interface StartOpts { board: string; flash?: string; kernel?: string; serial: string; cpu?: string; icount?: boolean; gdb?: boolean; semihosting?: boolean }

export function register(program: Command): void {
  const board = program.command('board').description('emulated boards');
  board.command('start')
    .description('boot an emulated board and keep it running until Ctrl-C')
    .option('--board <name>', 'board', 'versatilepb')
    .option('--flash <img>', 'flash image (default: a fresh one from the current firmware build)')
    .option('--kernel <elf>', 'boot this ELF directly instead of the boot loader')
    .option('--serial <spec>', "protocol UART: 'pty' or 'tcp:PORT'", 'pty')
    .option('--cpu <model>', 'CPU model (arm926, or ti925t for ARMv4T)')
    .option('--icount', 'deterministic instruction counting (-icount shift=0,sleep=off)')
    .option('--semihosting', 'enable semihosting')
    .option('--gdb', 'start a gdb stub and wait for the debugger')
    .action(async (o: StartOpts) => {
      const m = /^(pty|tcp:(\d{1,5}))$/.exec(o.serial);
      if (!m) throw new WhorlError('E_USAGE', `--serial must be 'pty' or 'tcp:PORT', got '${o.serial}'`, {});
      let flash = o.flash;
      let cleanup: (() => Promise<void>) | undefined;
      if (flash) {
        if (!existsSync(flash)) throw new WhorlError('E_BAD_IMAGE', `bad flash image: ${flash} does not exist`, {});
        await inspectFlashImage(flash);
      } else if (!o.kernel) {
        const img = await freshFlashImage(o.board);
        flash = img.file;
        cleanup = img.cleanup;
      }
      const a = await ensureFirmware(o.board);
      const gdbPort = o.gdb ? await freePort() : undefined;
      const b = await startBoard({
        board: o.board, flash, kernel: o.kernel, serial: m[2] ? { tcp: Number(m[2]) } : 'pty', cpu: o.cpu, icount: o.icount,
        semihosting: o.semihosting, gdbPort, readyTimeoutMs: 30000,
      });
      for (const l of b.console) process.stdout.write(`console| ${l}\n`);
      b.onLine((l) => process.stdout.write(`console| ${l}\n`));
      process.stdout.write(`board ${o.board} running (pid ${b.pid}); protocol UART at ${b.address || '(pty: see above)'}\n`);
      process.stdout.write(`  talk to it:  whorl info --device ${b.address}\n`);
      if (gdbPort) process.stdout.write(`  debug it:    gdb-multiarch -ex 'target remote :${gdbPort}' ${o.kernel ?? a.elf}   (the CPU waits for gdb)\n`);
      process.stdout.write('  stop it:     Ctrl-C\n');
      const stop = async () => { await b.stop(); await cleanup?.(); process.exit(0); };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
      const r = await b.exited;
      await cleanup?.();
      process.stdout.write(`board exited (code ${r.code ?? '-'}, signal ${r.signal ?? '-'})\n`);
    });
}
