import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { DEFAULT_MODEL_BLOB, modelPartition, packageVersion } from '../../device/session.js';
import { ensureFirmware } from '../../firmware/build.js';
import { inspectFlashImage, writeFlashImage } from '../../flash/image.js';
import { WhorlError } from '../../util/errors.js';
import { printJson, table } from '../output.js';

interface FlashOpts { out?: string; inspect?: string; firmware?: string; model?: string | false; board: string; keepStore?: string; json?: boolean }

export function register(program: Command): void {
  program
    .command('flash')
    .description('write a 64 MiB flash image (partition table, firmware, model, empty store) or inspect one')
    .option('--out <file>', 'image to write')
    .option('--firmware <elf>', 'firmware ELF (default: the current build; built if missing)')
    .option('--model <blob>', 'model blob for the model partition (default: the committed model)')
    .option('--no-model', 'leave the model partition empty (the firmware then answers E_NO_MODEL)')
    .option('--keep-store <img>', 'copy the template store partition from an existing image')
    .option('--inspect <file>', 'check an existing image and report each partition')
    .option('--board <name>', 'board', 'versatilepb')
    .option('--json', 'machine-readable output')
    .action(async (o: FlashOpts) => {
      if (!o.out && !o.inspect) throw new WhorlError('E_USAGE', 'flash: give --out FILE to write an image or --inspect FILE to check one', {});
      if (o.out) {
        const a = await ensureFirmware(o.board);
        const elf = o.firmware ?? a.elf;
        const stamp = o.firmware ? 'custom' : (await readFile(`${a.dir}/build-id.stamp`, 'utf8').catch(() => 'unknown')).split(' ')[0].trim();
        const file = o.model === false ? undefined : typeof o.model === 'string' ? o.model : DEFAULT_MODEL_BLOB;
        const part = file ? await modelPartition(file) : {};
        await writeFlashImage(o.out, { firmwareElf: elf, firmwareBin: o.firmware ? undefined : a.bin, version: await packageVersion(), buildId: stamp, ...part, keepStoreFrom: o.keepStore });
      }
      const r = await inspectFlashImage((o.out ?? o.inspect) as string);
      if (o.json) printJson(r);
      else {
        process.stdout.write(`${r.file}: ${r.ok ? 'ok' : 'CORRUPT'}\n`);
        process.stdout.write(table(r.partitions.map((p) => [p.name, `0x${p.offset.toString(16)}`, `${p.size / 1024} KiB`, p.state, p.state === 'ok' && p.reason ? p.reason : p.reason ?? [p.version && `v${p.version}`, p.buildId, p.payloadLength !== undefined && `${p.payloadLength} bytes`].filter(Boolean).join(' ')]), ['partition', 'offset', 'size', 'state', 'details']));
      }
      if (!r.ok) throw new WhorlError('E_BAD_IMAGE', `bad flash image ${r.file}: ${r.partitions.filter((p) => p.state === 'corrupt').map((p) => `${p.name} ${p.reason}`).join('; ')}`, {});
    });
}
