import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { DEFAULT_MODEL_BLOB } from '../../device/session.js';
import { decodeBlob } from '../../nn/blob.js';
import { ensureFirmware } from '../../firmware/build.js';
import { inspectFlashImage, writeFlashImage } from '../../flash/image.js';
import { REPO_ROOT } from '../../emulator/manifest.js';
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
        const version = (JSON.parse(await readFile(`${REPO_ROOT}package.json`, 'utf8')) as { version: string }).version;
        const file = o.model === false ? undefined : typeof o.model === 'string' ? o.model : DEFAULT_MODEL_BLOB;
        const model = file ? await readFile(file).catch((e: unknown) => { throw new WhorlError('E_USAGE', `cannot read model blob ${file}: ${(e as Error).message}`, { cause: e, context: { model: file } }); }) : undefined;
        if (model) {
          try {
            decodeBlob(Uint8Array.from(model));
          } catch (e) {
            throw new WhorlError('E_USAGE', `${file} is not a usable model blob: ${(e as Error).message}`, { cause: e, context: { model: file } });
          }
        }
        const id = file ? basename(file).replace(/\.[^.]*$/, '').replace(/_/g, '-').slice(0, 31) : undefined;
        await writeFlashImage(o.out, { firmwareElf: elf, firmwareBin: o.firmware ? undefined : a.bin, version, buildId: stamp, model, modelName: id, modelVersion: model && model.length >= 6 ? model.readUInt16LE(4) : undefined, keepStoreFrom: o.keepStore });
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
