import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { buildFirmware } from '../../firmware/build.js';
import { freshFlashImage, openSession } from '../../device/session.js';
import { inspectFlashImage } from '../../flash/image.js';
import { table } from '../output.js';

/** The end-to-end demo: build, flash, boot, talk. */
export function register(program: Command): void {
  program
    .command('demo')
    .description('build the firmware, write a flash image, boot an emulated board and talk to it')
    .action(async () => {
      const say = (s: string) => process.stdout.write(`${s}\n`);
      say('1/4 building the firmware (make -C firmware)');
      const a = await buildFirmware();
      say(`    ${a.elf}`);
      say('2/4 writing a 64 MiB flash image');
      const img = await freshFlashImage();
      const r = await inspectFlashImage(img.file);
      say(`    ${r.partitions.map((p) => `${p.name}: ${p.state}`).join(', ')}`);
      say('3/4 booting the emulated board (QEMU versatilepb, boot loader -> firmware from flash)');
      const s = await openSession('qemu', { flash: img.file });
      try {
        for (const l of s.board?.console ?? []) say(`    console| ${l}`);
        say(`4/4 talking to it over ${s.transport.describe}`);
        const info = await s.client.info();
        const t0 = Date.now();
        let bytes = 0;
        for (let i = 0; i < 16; i++) {
          const p = randomBytes(4096);
          await s.client.ping(p);
          bytes += p.length;
        }
        const kib = bytes / 1024 / ((Date.now() - t0) / 1000);
        say(table([
          ['firmware', `${info.firmwareVersion} build ${info.buildId}`], ['board', info.board ?? '?'],
          ['kernel', `uC/OS-II API ${((info.kernelVersion ?? 0) / 100).toFixed(2)}, ${info.tickHz} Hz`],
          ['tasks', info.tasks.map((t) => `${t.name}(${t.prio})`).join(' ')],
          ['PING', `16 x 4096 bytes echoed, ${kib.toFixed(1)} KiB/s each way, ${s.client.stats.retries} retries`],
        ]));
        say('demo done: the board was stopped and its temporary flash image removed');
      } finally {
        await s.close();
        await img.cleanup();
      }
    });
}
