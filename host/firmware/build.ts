/** Runs the firmware build (make) and returns the artifact paths. */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { WhorlError } from '../util/errors.js';
import { FIRMWARE_DIR, buildDir, loadBoardManifest } from '../emulator/manifest.js';

export interface FirmwareArtifacts {
  dir: string;
  elf: string;
  bin: string;
  boot: string;
  ktest: string;
  map: string;
}

export function artifacts(board = 'versatilepb'): FirmwareArtifacts {
  const m = loadBoardManifest(board);
  const dir = buildDir(board);
  return { dir, elf: `${dir}/${m.images.firmware}`, bin: `${dir}/${m.images.firmwareBin}`, boot: `${dir}/${m.images.bootloader}`, ktest: `${dir}/${m.images.kernelTest}`, map: `${dir}/whorl.map` };
}

/** Builds the firmware for `board` (incremental make). */
export async function buildFirmware(opts: { board?: string; buildId?: string } = {}): Promise<FirmwareArtifacts> {
  const board = opts.board ?? 'versatilepb';
  const a = artifacts(board);
  const cc = await execa('arm-none-eabi-gcc', ['--version'], { reject: false });
  if (cc.failed) throw new WhorlError('E_TOOLCHAIN', 'arm-none-eabi-gcc not found; install it with: sudo bash scripts/setup-debian.sh', {});
  const args = ['-C', FIRMWARE_DIR, `BOARD=${board}`];
  if (opts.buildId) args.push(`BUILD_ID=${opts.buildId}`);
  const r = await execa('make', args, { reject: false, all: true });
  if (r.failed) {
    const tail = (r.all ?? '').split('\n').slice(-20).join('\n');
    throw new WhorlError('E_BUILD', `firmware build failed (make -C firmware BOARD=${board}):\n${tail}`, { context: { board } });
  }
  for (const f of [a.elf, a.bin, a.boot]) {
    if (!existsSync(f)) throw new WhorlError('E_BUILD', `firmware build did not produce ${f}`, { context: { board } });
  }
  return a;
}

const ensured = new Map<string, Promise<FirmwareArtifacts>>();

/**
 * The current firmware: an incremental make, once per board in this process (so boards started
 * together do not run make side by side). Without a toolchain, artifacts already built are used as
 * they are, with a warning that they may be stale.
 */
export function ensureFirmware(board = 'versatilepb'): Promise<FirmwareArtifacts> {
  let p = ensured.get(board);
  if (!p) {
    p = buildFirmware({ board }).catch((e: unknown) => {
      ensured.delete(board);
      const a = artifacts(board);
      if (e instanceof WhorlError && e.code === 'E_TOOLCHAIN' && [a.elf, a.bin, a.boot].every((f) => existsSync(f))) {
        process.stderr.write(`warning: ${e.message}; using the firmware already built in ${a.dir}, which may not match the sources\n`);
        return a;
      }
      throw e;
    });
    ensured.set(board, p);
  }
  return p;
}
