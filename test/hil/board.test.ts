/** HIL: boots the real firmware from a freshly built flash image under QEMU and talks to it
 * through the real transports (pty and TCP), on the ARM926 and the ARMv4T ti925t core. */
import { randomBytes } from 'node:crypto';
import { openSession, freshFlashImage, type Session } from '../../host/device/session.js';
import { buildFirmware } from '../../host/firmware/build.js';
import { inspectFlashImage } from '../../host/flash/image.js';
import { consoleLogPath } from './qemu-run.js';

let flash: { file: string; cleanup(): Promise<void> };

beforeAll(async () => {
  await buildFirmware();
  flash = await freshFlashImage();
}, 300000);

afterAll(async () => {
  await flash?.cleanup();
});

test('the freshly built flash image is valid', async () => {
  const r = await inspectFlashImage(flash.file);
  expect(r.ok).toBe(true);
  expect(r.partitions.find((p) => p.name === 'firmware')?.state).toBe('ok');
  expect(r.partitions.find((p) => p.name === 'store')?.state).toBe('ok');
});

describe.each([
  ['arm926', 'pty'],
  ['arm926', 'tcp'],
  ['ti925t', 'pty'],
  ['ti925t', 'tcp'],
] as const)('board on -cpu %s over %s', (cpu, link) => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession('qemu', { flash: flash.file, boardOptions: { cpu, serial: link === 'pty' ? 'pty' : { tcp: 0 }, consoleLog: consoleLogPath(`board-${cpu}-${link}`) }, timeoutMs: 3000 });
  }, 60000);
  afterAll(async () => {
    await s?.close();
  });

  test('boots through the boot loader and prints the banner', () => {
    const con = s.board?.console ?? [];
    expect(con.some((l) => /^boot: firmware \S+ build \S+ \d+ bytes crc ok/.test(l))).toBe(true);
    expect(con.some((l) => /^Whorl firmware \S+ build \S+ board versatilepb$/.test(l))).toBe(true);
    expect(con.some((l) => /^store: mounted 0 templates \(0 records, 0 torn/.test(l))).toBe(true);
    expect(con).toContain('whorl: ready');
  });

  test('PING echoes and INFO describes the device', async () => {
    expect(Buffer.from(await s.client.ping(Buffer.from('whorl'))).toString()).toBe('whorl');
    const info = await s.client.info();
    expect(info.board).toBe('versatilepb');
    expect(info.protocolVersion).toBe(1);
    expect(info.kernelVersion).toBe(293);
    expect(info.maxPayload).toBe(4096);
    expect(info.tickHz).toBe(1000);
    expect(info.tasks.map((t) => t.name)).toEqual(expect.arrayContaining(['proto', 'uC/OS-II Idle', 'uC/OS-II Stat']));
    for (const t of info.tasks) expect(t.stackFree).toBeGreaterThan(0);
  });

  test('recovers after garbage bytes injected between frames', async () => {
    for (const junk of [randomBytes(300), Buffer.from([0xa5, 0x5a, 0x01, 0x00, 0x00]), Buffer.alloc(64, 0xa5)]) {
      s.transport.stream.write(junk);
      const retries = s.client.stats.retries;
      expect(Buffer.from(await s.client.ping(Buffer.from('after-garbage'))).toString()).toBe('after-garbage');
      expect(s.client.stats.retries).toBe(retries);
    }
  });

  test('an unknown command gets E_UNKNOWN_CMD', async () => {
    const f = await s.client.request(0x7f, new Uint8Array(0), { allowError: true });
    expect(f.status).toBe(1);
  });
});

test('1 MiB of PING payloads over TCP: 0 bytes lost or corrupted', async () => {
  const s = await openSession('qemu', { flash: flash.file, boardOptions: { serial: { tcp: 0 }, consoleLog: consoleLogPath('ping-1mib') }, timeoutMs: 3000 });
  try {
    let sent = 0;
    let mismatched = 0;
    while (sent < 1024 * 1024) {
      const p = randomBytes(4096);
      const echo = await s.client.ping(p).catch(() => null);
      if (!echo || Buffer.compare(Buffer.from(echo), p) !== 0) mismatched++;
      sent += p.length;
    }
    expect(mismatched).toBe(0);
    expect(s.client.stats.retries).toBe(0);
  } finally {
    await s.close();
  }
}, 240000);

test('RESET reboots the board, which answers again', async () => {
  const s = await openSession('qemu', { flash: flash.file, boardOptions: { serial: 'pty', consoleLog: consoleLogPath('reset') }, timeoutMs: 3000 });
  try {
    const board = s.board;
    if (!board) throw new Error('no board');
    const mark = board.console.length;
    await s.client.reset();
    await board.waitForLine(/^whorl: ready$/, 20000, mark);
    const info = await s.client.info();
    expect(info.uptimeMs).toBeLessThan(20000);
    expect(Buffer.from(await s.client.ping(Buffer.from('back'))).toString()).toBe('back');
  } finally {
    await s.close();
  }
}, 60000);

test('chunked transfer: 200 KiB in acknowledged chunks arrives intact; bad transfers are refused', async () => {
  const { transfer, Cmd, Status } = await import('../../host/protocol/index.js');
  const { crc32 } = await import('../../host/util/crc.js');
  const s = await openSession('qemu', { flash: flash.file, boardOptions: { serial: { tcp: 0 }, consoleLog: consoleLogPath('xfer') }, timeoutMs: 3000 });
  try {
    const data = randomBytes(200 * 1024);
    let acks = 0;
    const resp = Buffer.from(await transfer(s.client, 0, data, { onProgress: () => acks++ }));
    expect(resp.readUInt32LE(0)).toBe(data.length);
    expect(resp.readUInt32LE(4)).toBe(crc32(data));
    expect(acks).toBe(Math.ceil(data.length / 4092));
    const req = (cmd: number, p: Buffer) => s.client.request(cmd, p, { allowError: true });
    const begin = (target: number, len: number, crc: number) => {
      const b = Buffer.alloc(12);
      b[0] = target;
      b.writeUInt32LE(len, 4);
      b.writeUInt32LE(crc, 8);
      return b;
    };
    expect((await req(Cmd.XFER_END, Buffer.alloc(0))).status).toBe(Status.E_SEQUENCE);
    expect((await req(Cmd.XFER_BEGIN, begin(9, 10, 0))).status).toBe(Status.E_BAD_PARAM);
    expect((await req(Cmd.XFER_BEGIN, begin(0, 300 * 1024, 0))).status).toBe(Status.E_NO_SPACE);
    expect((await req(Cmd.XFER_BEGIN, Buffer.alloc(3))).status).toBe(Status.E_BAD_LENGTH);
    // a chunk at the wrong offset is refused with the offset the device expects
    expect((await req(Cmd.XFER_BEGIN, begin(0, 8, 0x12345678))).status).toBe(Status.OK);
    const wrong = Buffer.alloc(8);
    wrong.writeUInt32LE(4, 0);
    const w = await req(Cmd.XFER_CHUNK, wrong);
    expect(w.status).toBe(Status.E_SEQUENCE);
    expect(Buffer.from(w.payload).readUInt32LE(0)).toBe(0);
    const right = Buffer.alloc(12);
    expect((await req(Cmd.XFER_CHUNK, right)).status).toBe(Status.OK);
    // the CRC announced in BEGIN does not match the data: refused at END
    expect((await req(Cmd.XFER_END, Buffer.alloc(0))).status).toBe(Status.E_CRC);
  } finally {
    await s.close();
  }
}, 120000);
