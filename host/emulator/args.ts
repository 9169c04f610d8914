/** Builds QEMU command lines from a board manifest (pure: unit-tested without QEMU). */
import type { BoardManifest } from './manifest.js';

export type SerialSpec = { kind: 'pty' } | { kind: 'tcp'; port: number };

export interface QemuArgsOptions {
  /** ELF given to -kernel (the boot loader, a test image or the firmware itself) */
  kernel: string;
  /** 64 MiB flash image for the pflash drive */
  flash?: string;
  serial: SerialSpec;
  /** CPU model, one of manifest.qemu.cpus (default manifest.qemu.cpu) */
  cpu?: string;
  /** deterministic instruction counting: -icount shift=0,sleep=off */
  icount?: boolean;
  /** semihosting (SYS_EXIT, host file I/O) */
  semihosting?: boolean;
  /** gdb stub on this TCP port, CPU halted at start (-S) */
  gdbPort?: number;
}

export function buildQemuArgs(m: BoardManifest, o: QemuArgsOptions): string[] {
  const cpu = o.cpu ?? m.qemu.cpu;
  if (!m.qemu.cpus.includes(cpu)) throw new TypeError(`cpu '${cpu}' is not one of ${m.qemu.cpus.join(', ')} for board ${m.name}`);
  const args = ['-M', m.qemu.machine, '-cpu', cpu, '-m', m.qemu.memory, ...m.qemu.args];
  // nodelay: the UART hands QEMU one byte at a time; with Nagle on, each reply waited for the host's
  // delayed ACK (~40-50 ms per request/response instead of ~1 ms, measured with whorl hil)
  const proto = o.serial.kind === 'pty' ? 'pty' : `tcp:127.0.0.1:${o.serial.port},server=on,wait=off,nodelay=on`;
  // serial ports in order: the protocol UART and the console UART (stdio, read by the host)
  const serials: string[] = [];
  serials[m.serial.protocol] = proto;
  serials[m.serial.console] = 'stdio';
  for (let i = 0; i < serials.length; i++) args.push('-serial', serials[i] ?? 'null');
  if (o.flash) args.push('-drive', `if=${m.flash.interface},file=${o.flash},format=raw`);
  if (o.icount) args.push('-icount', 'shift=0,sleep=off');
  if (o.semihosting) args.push('-semihosting-config', 'enable=on,target=native');
  if (o.gdbPort !== undefined) args.push('-gdb', `tcp:127.0.0.1:${o.gdbPort}`, '-S');
  args.push('-kernel', o.kernel);
  return args;
}
