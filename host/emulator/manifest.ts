/** Board manifests (firmware/bsp/<board>/board.json): the emulator's command line as data. */
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WhorlError } from '../util/errors.js';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const FIRMWARE_DIR = `${REPO_ROOT}firmware`;

export interface BoardManifest {
  name: string;
  description: string;
  qemu: { binary: string; machine: string; cpu: string; cpus: string[]; memory: string; args: string[]; env: Record<string, string> };
  serial: { protocol: number; console: number };
  flash: { interface: string; base: number; size: number; blockSize: number };
  images: { bootloader: string; firmware: string; firmwareBin: string; kernelTest: string };
  console: { readyPattern: string; bannerPattern: string; bootErrorPattern: string; assertPattern: string };
}

export class ManifestError extends WhorlError {
  constructor(message: string, context: Record<string, unknown>, cause?: unknown) {
    super('E_MANIFEST', message, { context, cause });
  }
}

/** Lists the boards that have a manifest. */
export function knownBoards(): string[] {
  return ['versatilepb'].filter((b) => existsSync(`${FIRMWARE_DIR}/bsp/${b}/board.json`));
}

function need(cond: unknown, file: string, what: string): void {
  if (!cond) throw new ManifestError(`${file}: bad board manifest: ${what}`, { file, field: what });
}

/** Loads and validates the manifest of `board`. */
export function loadBoardManifest(board = 'versatilepb'): BoardManifest {
  if (!/^[a-z0-9_-]+$/i.test(board)) throw new ManifestError(`unknown board '${board}'`, { board });
  const file = `${FIRMWARE_DIR}/bsp/${board}/board.json`;
  if (!existsSync(file)) throw new ManifestError(`unknown board '${board}' (known: ${knownBoards().join(', ')})`, { board, file });
  let m: BoardManifest;
  try {
    m = JSON.parse(readFileSync(file, 'utf8')) as BoardManifest;
  } catch (e) {
    throw new ManifestError(`${file}: bad board manifest: not JSON`, { file }, e);
  }
  need(m.name === board, file, `name must be '${board}'`);
  need(m.qemu && typeof m.qemu.machine === 'string' && typeof m.qemu.binary === 'string', file, 'qemu.machine and qemu.binary');
  need(Array.isArray(m.qemu.args) && Array.isArray(m.qemu.cpus), file, 'qemu.args and qemu.cpus must be arrays');
  need(m.serial && Number.isInteger(m.serial.protocol) && Number.isInteger(m.serial.console), file, 'serial.protocol and serial.console');
  need(m.flash && Number.isInteger(m.flash.size) && Number.isInteger(m.flash.blockSize), file, 'flash.size and flash.blockSize');
  need(m.images && typeof m.images.bootloader === 'string' && typeof m.images.firmware === 'string', file, 'images');
  need(m.console && typeof m.console.readyPattern === 'string', file, 'console.readyPattern');
  for (const k of ['readyPattern', 'bannerPattern', 'bootErrorPattern', 'assertPattern'] as const) {
    try {
      new RegExp(m.console[k]);
    } catch (e) {
      throw new ManifestError(`${file}: bad board manifest: console.${k} is not a regular expression`, { file }, e);
    }
  }
  return m;
}

/** Directory of the firmware build outputs for `board`. */
export function buildDir(board = 'versatilepb'): string {
  return `${FIRMWARE_DIR}/build/${board}`;
}
