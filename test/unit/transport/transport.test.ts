import net from 'node:net';
import { parseAddress, openTransport } from '../../../host/transport/index.js';
import { DeviceClient } from '../../../host/protocol/client.js';
import { FLAG_RESPONSE, encodeFrame, type Frame } from '../../../host/protocol/codec.js';
import { FrameParser } from '../../../host/protocol/framer.js';

test('address forms', () => {
  expect(parseAddress('/dev/ttyUSB0')).toEqual({ kind: 'serial', path: '/dev/ttyUSB0' });
  expect(parseAddress('tcp://127.0.0.1:5000')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 5000 });
  expect(parseAddress('tcp://board.local:23')).toEqual({ kind: 'tcp', host: 'board.local', port: 23 });
  expect(parseAddress('qemu')).toEqual({ kind: 'qemu' });
  expect(() => parseAddress('usb0')).toThrow(/unknown device address 'usb0'/);
  expect(() => parseAddress('tcp://h:99999')).toThrow(/port out of range/);
});

test('TCP transport round trip with the device client', async () => {
  const server = net.createServer((sock) => {
    const p = new FrameParser();
    sock.pipe(p);
    p.on('data', (f: Frame) => sock.write(encodeFrame({ seq: f.seq, cmd: f.cmd, flags: FLAG_RESPONSE, payload: f.payload })));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  const t = await openTransport(`tcp://127.0.0.1:${port}`);
  const c = new DeviceClient(t.stream, { timeoutMs: 1000 });
  expect(Buffer.from(await c.ping(Buffer.from('over tcp'))).toString()).toBe('over tcp');
  c.close();
  await t.close();
  await new Promise((r) => server.close(r));
});

test('connection refused and missing serial ports are clear one-line errors', async () => {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  await expect(openTransport(`tcp://127.0.0.1:${port}`)).rejects.toThrow(`connection refused: 127.0.0.1:${port}`);
  await expect(openTransport('/dev/ttyWHORL-none')).rejects.toThrow('serial port not found: /dev/ttyWHORL-none');
  await expect(openTransport('qemu')).rejects.toThrow(/needs a launcher/);
});
