import { DeviceClient } from '../../../host/protocol/client.js';
import { Cmd, Status } from '../../../host/protocol/codec.js';
import { CrcError, DeviceStatusError, TimeoutError } from '../../../host/protocol/errors.js';
import { FakeDevice } from './fake-device.js';

function setup(faults: FakeDevice['faults'] = [], timeoutMs = 100) {
  const dev = new FakeDevice();
  dev.faults = faults;
  const client = new DeviceClient(dev.host, { timeoutMs, retries: 3, firstSeq: 65534 });
  return { dev, client };
}

test('ping round trip and seq wrap', async () => {
  const { dev, client } = setup();
  for (let i = 0; i < 4; i++) {
    expect(Buffer.from(await client.ping(Buffer.from(`n${i}`))).toString()).toBe(`n${i}`);
  }
  expect(dev.executed).toBe(4);
  expect(client.stats.retries).toBe(0);
});

test.each(['drop', 'corrupt', 'late', 'wrong-seq'] as const)('recovers from a %s response without executing twice', async (fault) => {
  const { dev, client } = setup([fault]);
  expect(Buffer.from(await client.ping(Buffer.from('abc'))).toString()).toBe('abc');
  expect(dev.executed).toBe(1);
  expect(client.stats.retries).toBe(1);
  // the next request still works; a late duplicate answer is ignored as stale
  await new Promise((r) => setTimeout(r, 350));
  expect(Buffer.from(await client.ping(Buffer.from('def'))).toString()).toBe('def');
  expect(dev.executed).toBe(2);
});

test('garbage before a response is skipped', async () => {
  const { client } = setup(['garbage']);
  await expect(client.ping(Buffer.from('x'))).resolves.toBeDefined();
  expect(client.stats.retries).toBe(0);
});

test('times out after all retries with a clear error', async () => {
  const { client } = setup(['drop', 'drop', 'drop', 'drop']);
  const err = await client.ping(Buffer.from('x')).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(TimeoutError);
  expect((err as Error).message).toMatch(/did not answer PING .* after 4 attempt/);
});

test('device status errors carry the code and name', async () => {
  const { client } = setup();
  const err = await client.request(0x7f).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(DeviceStatusError);
  expect((err as DeviceStatusError).status).toBe(Status.E_UNKNOWN_CMD);
  expect((err as Error).message).toMatch(/E_UNKNOWN_CMD/);
  const f = await client.request(0x7f, new Uint8Array(0), { allowError: true });
  expect(f.status).toBe(Status.E_UNKNOWN_CMD);
});

test('concurrent calls are serialised', async () => {
  const { dev, client } = setup(['late', null, 'drop']);
  const res = await Promise.all([1, 2, 3, 4].map((i) => client.ping(Buffer.from([i]))));
  expect(res.map((r) => r[0])).toEqual([1, 2, 3, 4]);
  expect(dev.executed).toBe(4);
});

test('bad options are TypeErrors naming the option', () => {
  const dev = new FakeDevice();
  expect(() => new DeviceClient(dev.host, { timeoutMs: -1 })).toThrow(/timeoutMs/);
  expect(Cmd.PING).toBe(1);
});

test('answers that always fail their CRC give a CRC error, not a bare timeout', async () => {
  const { client } = setup(['corrupt', 'corrupt', 'corrupt', 'corrupt']);
  const err = await client.ping(Buffer.from('x')).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(CrcError);
  expect((err as Error).message).toMatch(/^CRC error: device answered PING \(seq \d+\) but 4 frame\(s\) failed their CRC over 4 attempt/);
});

test('close() ends a request still waiting for its response at once with a LinkError', async () => {
  const { client } = setup(['drop', 'drop', 'drop', 'drop'], 60000);
  const t0 = Date.now();
  const p = client.ping(Buffer.from('x'));
  await new Promise((r) => setTimeout(r, 20));
  client.close();
  await expect(p).rejects.toThrow(/client closed while waiting for the response/);
  expect(Date.now() - t0).toBeLessThan(5000);
});
