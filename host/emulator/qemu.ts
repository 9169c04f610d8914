/** QEMU launcher: starts an emulated board, captures its console, waits for it to be ready and
 * always cleans up (stop, kill, process exit and signals). */
import { execa, type ResultPromise } from 'execa';
import { createWriteStream, type WriteStream } from 'node:fs';
import net from 'node:net';
import { ReadlineParser } from '@serialport/parser-readline';
import { WhorlError } from '../util/errors.js';
import { buildQemuArgs, type SerialSpec } from './args.js';
import { buildDir, loadBoardManifest, type BoardManifest } from './manifest.js';

export class EmulatorError extends WhorlError {}

export interface BoardOptions {
  board?: string;
  /** flash image; with it and no `kernel`, the board boots through the boot loader */
  flash?: string;
  /** ELF for -kernel (default: the board's boot loader from the firmware build) */
  kernel?: string;
  /** protocol serial port: 'pty' (default) or { tcp: port } (0 = pick a free port) */
  serial?: 'pty' | { tcp: number };
  cpu?: string;
  icount?: boolean;
  semihosting?: boolean;
  /** gdb stub port (the CPU waits for gdb; readiness is not awaited) */
  gdbPort?: number;
  /** wait for the manifest's ready line (default true unless gdbPort is set) */
  waitReady?: boolean;
  readyTimeoutMs?: number;
  /** also append console lines to this file */
  consoleLog?: string;
  /** extra environment for QEMU */
  env?: Record<string, string>;
  /** QEMU's working folder: semihosting file names (the virtual sensor) resolve there */
  cwd?: string;
}

export interface Board {
  manifest: BoardManifest;
  /** device address for the protocol UART: a pty path or tcp://127.0.0.1:PORT */
  address: string;
  args: string[];
  pid: number | undefined;
  /** console lines received so far (UART1) */
  console: string[];
  onLine(cb: (line: string) => void): void;
  waitForLine(re: RegExp, timeoutMs: number, fromIndex?: number): Promise<string>;
  /** clean stop: SIGTERM, then SIGKILL after 2 s */
  stop(): Promise<void>;
  /** power cut: SIGKILL at once */
  kill(): Promise<void>;
  exited: Promise<{ code: number | undefined; signal: string | undefined }>;
}

const live = new Set<ResultPromise>();
let hooked = false;
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  const killAll = () => { for (const p of live) p.kill('SIGKILL'); };
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => { killAll(); process.exit(130); });
  }
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const PTY_LINE = /^char device redirected to (\S+) \(label (\S+)\)/;

export async function startBoard(opts: BoardOptions = {}): Promise<Board> {
  const m = loadBoardManifest(opts.board);
  const kernel = opts.kernel ?? `${buildDir(m.name)}/${m.images.bootloader}`;
  let serial: SerialSpec = { kind: 'pty' };
  if (opts.serial && opts.serial !== 'pty') serial = { kind: 'tcp', port: opts.serial.tcp || (await freePort()) };
  const args = buildQemuArgs(m, { kernel, flash: opts.flash, serial, cpu: opts.cpu, icount: opts.icount, semihosting: opts.semihosting, gdbPort: opts.gdbPort });
  hookExit();
  const binary = process.env.WHORL_QEMU || m.qemu.binary;
  const proc = execa(binary, args, {
    env: { ...m.qemu.env, ...opts.env }, cwd: opts.cwd, reject: false, stdin: 'ignore', buffer: { stdout: false, stderr: true }, forceKillAfterDelay: 2000,
  });
  live.add(proc);
  const console: string[] = [];
  const listeners: Array<(l: string) => void> = [];
  let log: WriteStream | undefined;
  if (opts.consoleLog) log = createWriteStream(opts.consoleLog, { flags: 'a' });
  let ptyPath: string | undefined;
  const parser = proc.stdout?.pipe(new ReadlineParser({ delimiter: '\n' }));
  parser?.on('data', (raw: string) => {
    const line = raw.replace(/\r$/, '');
    const pty = PTY_LINE.exec(line);
    if (pty) {
      if (pty[2] === `serial${m.serial.protocol}`) ptyPath = pty[1];
      return;
    }
    console.push(line);
    log?.write(`${line}\n`);
    for (const l of listeners) l(line);
  });
  const exited = proc.then((r) => {
    live.delete(proc);
    log?.end();
    return { code: r.exitCode, signal: r.signal };
  });
  let stderrText = '';
  proc.stderr?.on('data', (d: Buffer) => { stderrText += d.toString(); });

  const waitForLine = (re: RegExp, timeoutMs: number, fromIndex = 0): Promise<string> =>
    new Promise((resolve, reject) => {
      const hit = console.slice(fromIndex).find((l) => re.test(l));
      if (hit !== undefined) return resolve(hit);
      const done = (fn: () => void) => { clearTimeout(timer); listeners.splice(listeners.indexOf(onl), 1); fn(); };
      const onl = (l: string) => { if (re.test(l)) done(() => resolve(l)); };
      listeners.push(onl);
      const timer = setTimeout(() => done(() => reject(new EmulatorError('E_TIMEOUT', `timeout: no console line matching ${re} within ${timeoutMs} ms`, { context: { last: console.slice(-10) } }))), timeoutMs);
      void exited.then(() => done(() => reject(new EmulatorError('E_QEMU_EXIT', `QEMU exited before a console line matched ${re}: ${stderrText.trim().split('\n').pop() ?? ''}`, { context: { last: console.slice(-10), stderr: stderrText } }))));
    });

  const stop = async () => {
    if (proc.exitCode === null && !proc.killed) proc.kill('SIGTERM');
    await exited;
  };
  const kill = async () => {
    proc.kill('SIGKILL');
    await exited;
  };
  const board: Board = {
    manifest: m, args, pid: proc.pid, console, exited, stop, kill, waitForLine,
    address: serial.kind === 'tcp' ? `tcp://127.0.0.1:${serial.port}` : '',
    onLine: (cb) => listeners.push(cb),
  };
  try {
    await Promise.race([
      new Promise<void>((resolve) => { proc.once('spawn', () => resolve()); }),
      proc.then((r) => {
        if (r.failed && (r.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
          throw new EmulatorError('E_QEMU_MISSING', `QEMU missing: ${binary} not found; install it with: sudo bash scripts/setup-debian.sh`, { context: { binary } });
        }
      }),
    ]);
    if (opts.waitReady ?? opts.gdbPort === undefined) {
      const timeoutMs = opts.readyTimeoutMs ?? 20000;
      const bootErr = new RegExp(m.console.bootErrorPattern);
      const line = await waitForLine(new RegExp(`${m.console.readyPattern}|${m.console.bootErrorPattern}`), timeoutMs);
      const be = bootErr.exec(line);
      if (be) throw new EmulatorError('E_BAD_IMAGE', `bad flash image${opts.flash ? ` ${opts.flash}` : ''}: ${be[1]}`, { context: { flash: opts.flash } });
    }
    if (serial.kind === 'pty') {
      const t0 = Date.now();
      while (!ptyPath && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 20));
      if (!ptyPath) throw new EmulatorError('E_QEMU', 'QEMU did not report the pty of the protocol UART', { context: { stderr: stderrText } });
      board.address = ptyPath;
    }
    return board;
  } catch (e) {
    await kill();
    if (e instanceof EmulatorError && e.code === 'E_TIMEOUT') {
      throw new EmulatorError('E_BOOT_TIMEOUT', `timeout: board did not print '${m.console.readyPattern}' within ${opts.readyTimeoutMs ?? 20000} ms; last console lines: ${console.slice(-5).join(' | ') || '(none)'}${stderrText ? `; QEMU: ${stderrText.trim()}` : ''}`, { context: { console: console.slice(-20), stderr: stderrText }, cause: e });
    }
    throw e;
  }
}

/** Runs `fn` with a started board and always stops it afterwards. */
export async function withBoard<T>(opts: BoardOptions, fn: (b: Board) => Promise<T>): Promise<T> {
  const b = await startBoard(opts);
  try {
    return await fn(b);
  } finally {
    await b.stop();
  }
}
