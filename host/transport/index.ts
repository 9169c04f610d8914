/** Opens a device address as a byte stream. */
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { SerialPort } from 'serialport';
import { WhorlError } from '../util/errors.js';
import { parseAddress } from './address.js';

export * from './address.js';

export interface Transport {
  stream: Duplex;
  /** human-readable description, for errors */
  describe: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** starts a board for the `qemu` address; returns its protocol address and a stop function */
  launchQemu?: () => Promise<{ address: string; stop(): Promise<void> }>;
  baudRate?: number;
  connectTimeoutMs?: number;
}

export async function openTransport(addr: string, opts: OpenOptions = {}): Promise<Transport> {
  const a = parseAddress(addr);
  if (a.kind === 'qemu') {
    if (!opts.launchQemu) throw new WhorlError('E_ADDRESS', "the 'qemu' device needs a launcher", { context: { address: addr } });
    const board = await opts.launchQemu();
    try {
      const t = await openTransport(board.address, opts);
      return { stream: t.stream, describe: `qemu board (${t.describe})`, close: async () => {
        try {
          await t.close();
        } finally {
          await board.stop(); // also when closing the link fails (a killed board's pty is gone)
        }
      } };
    } catch (e) {
      await board.stop();
      throw e;
    }
  }
  if (a.kind === 'tcp') return openTcp(a.host, a.port, opts.connectTimeoutMs ?? 5000);
  return openSerial(a.path, opts.baudRate ?? 115200);
}

function openTcp(host: string, port: number, timeoutMs: number): Promise<Transport> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host, port });
    const timer = setTimeout(() => { sock.destroy(); reject(new WhorlError('E_TIMEOUT', `timeout: no TCP connection to ${host}:${port} in ${timeoutMs} ms`, { context: { host, port } })); }, timeoutMs);
    sock.once('connect', () => {
      clearTimeout(timer);
      sock.setNoDelay(true);
      resolve({ stream: sock, describe: `tcp://${host}:${port}`, close: () => new Promise((r) => { sock.end(); sock.destroy(); r(); }) });
    });
    sock.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const msg = e.code === 'ECONNREFUSED' ? `connection refused: ${host}:${port} (is the board running?)` : `cannot connect to ${host}:${port}: ${e.message}`;
      reject(new WhorlError(e.code === 'ECONNREFUSED' ? 'E_REFUSED' : 'E_CONNECT', msg, { context: { host, port }, cause: e }));
    });
  });
}

function openSerial(path: string, baudRate: number): Promise<Transport> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate, autoOpen: false });
    port.open((err) => {
      if (err) {
        const m = err.message;
        if (/ENOENT|No such file/i.test(m)) return reject(new WhorlError('E_NO_PORT', `serial port not found: ${path}`, { context: { path }, cause: err }));
        if (/EBUSY|lock|Resource temporarily unavailable/i.test(m)) return reject(new WhorlError('E_PORT_BUSY', `port busy: ${path} is in use by another program`, { context: { path }, cause: err }));
        if (/EACCES|Permission/i.test(m)) return reject(new WhorlError('E_PORT_ACCESS', `permission denied: ${path} (add yourself to the dialout group)`, { context: { path }, cause: err }));
        return reject(new WhorlError('E_PORT', `cannot open serial port ${path}: ${m}`, { context: { path }, cause: err }));
      }
      resolve({ stream: port, describe: path, close: () => new Promise((r) => { if (port.isOpen) port.close(() => r()); else r(); }) });
    });
  });
}
