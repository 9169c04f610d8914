/** Device addresses: a serial port path, tcp://host:port, or `qemu` (start a board). */
import { WhorlError } from '../util/errors.js';

export type DeviceAddress =
  | { kind: 'serial'; path: string }
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'qemu' };

export function parseAddress(addr: string): DeviceAddress {
  const a = addr.trim();
  if (a === 'qemu') return { kind: 'qemu' };
  const tcp = /^tcp:\/\/([^:/]+|\[[0-9a-f:]+\]):(\d{1,5})\/?$/i.exec(a);
  if (tcp) {
    const port = Number(tcp[2]);
    if (port < 1 || port > 65535) throw badAddress(addr, 'port out of range');
    return { kind: 'tcp', host: tcp[1].replace(/^\[|\]$/g, ''), port };
  }
  if (a.startsWith('/') || /^COM\d+$/i.test(a)) return { kind: 'serial', path: a };
  throw badAddress(addr, 'unknown form');
}

function badAddress(addr: string, why: string): WhorlError {
  return new WhorlError('E_ADDRESS', `unknown device address '${addr}' (${why}); use a serial port path (/dev/ttyUSB0, /dev/pts/3), tcp://host:port, or qemu`, {
    context: { address: addr },
  });
}
