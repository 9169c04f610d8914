/** Opens a device by address and wraps it in a DeviceClient; `qemu` boots a fresh emulated board
 * from a flash image built from the current firmware. */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeviceClient, type ClientOptions } from '../protocol/client.js';
import { openTransport, type Transport } from '../transport/index.js';
import { startBoard, type Board, type BoardOptions } from '../emulator/qemu.js';
import { ensureFirmware } from '../firmware/build.js';
import { writeFlashImage } from '../flash/image.js';
import { REPO_ROOT } from '../emulator/manifest.js';
import { decodeBlob } from '../nn/blob.js';
import { WhorlError } from '../util/errors.js';

export interface Session {
  client: DeviceClient;
  transport: Transport;
  /** the emulated board when the address was `qemu` */
  board?: Board;
  /** the emulated board's virtual-sensor folder (QEMU's working folder), when the address was `qemu` */
  sensorDir?: string;
  close(): Promise<void>;
}

export interface SessionOptions extends ClientOptions {
  /** options for a `qemu` board (flash image and kernel are filled in) */
  boardOptions?: Omit<BoardOptions, 'flash' | 'kernel'>;
  /** a flash image to boot instead of a freshly built one */
  flash?: string;
}

/** The project's version (package.json), written into the firmware partition header. */
export async function packageVersion(): Promise<string> {
  return (JSON.parse(await readFile(`${REPO_ROOT}package.json`, 'utf8')) as { version: string }).version;
}

/** The committed int8 model the demo and `qemu` sessions flash (models/whorl-default). */
export const DEFAULT_MODEL_BLOB = `${REPO_ROOT}models/whorl-default/whorl_default.wnn`;

/**
 * A model blob file as the model partition holds it: checked like the firmware checks it (a bad blob
 * is refused before anything is written), named by the name inside the blob, versioned by its format.
 */
export async function modelPartition(file: string): Promise<{ model: Buffer; modelName: string; modelVersion: number }> {
  const model = await readFile(file).catch((e: unknown) => { throw new WhorlError('E_USAGE', `cannot read model blob ${file}: ${(e as Error).message}`, { cause: e, context: { model: file } }); });
  let name: string;
  try {
    name = decodeBlob(Uint8Array.from(model)).name;
  } catch (e) {
    throw new WhorlError('E_USAGE', `${file} is not a usable model blob: ${(e as Error).message}`, { cause: e, context: { model: file } });
  }
  return { model, modelName: name, modelVersion: model.readUInt16LE(4) };
}

/** Builds the firmware if needed and writes a fresh flash image into a temporary folder. */
export async function freshFlashImage(board = 'versatilepb', model: string | null = DEFAULT_MODEL_BLOB): Promise<{ file: string; cleanup(): Promise<void> }> {
  const a = await ensureFirmware(board);
  const dir = await mkdtemp(join(tmpdir(), 'whorl-flash-'));
  const file = join(dir, 'board.img');
  const stamp = await readFile(`${a.dir}/build-id.stamp`, 'utf8').catch(() => 'unknown');
  const part = model && existsSync(model) ? await modelPartition(model) : {};
  await writeFlashImage(file, { firmwareElf: a.elf, firmwareBin: a.bin, version: await packageVersion(), buildId: stamp.split(' ')[0].trim(), ...part });
  return { file, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function openSession(address: string, opts: SessionOptions = {}): Promise<Session> {
  let board: Board | undefined;
  let sensorDir: string | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  const transport = await openTransport(address, {
    launchQemu: async () => {
      let flash = opts.flash;
      if (!flash) {
        const img = await freshFlashImage(opts.boardOptions?.board);
        flash = img.file;
        cleanup = img.cleanup;
      }
      // The temporary flash image and sensor folder go when the board stops, or at once when it
      // does not start (a bad image, a missing QEMU).
      const removeTemps = async (): Promise<void> => {
        await cleanup?.();
        if (sensorDir) await rm(sensorDir, { recursive: true, force: true });
      };
      try {
        sensorDir = await mkdtemp(join(tmpdir(), 'whorl-sensor-'));
        board = await startBoard({ semihosting: true, cwd: sensorDir, ...opts.boardOptions, flash });
      } catch (e) {
        await removeTemps();
        throw e;
      }
      return {
        address: board.address,
        stop: async () => {
          try {
            await board?.stop();
          } finally {
            await removeTemps();
          }
        },
      };
    },
  });
  const client = new DeviceClient(transport.stream, { describe: transport.describe, ...opts });
  return {
    client, transport, board, sensorDir,
    close: async () => { client.close(); await transport.close(); },
  };
}
