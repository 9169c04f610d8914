import { nativePassFail } from '../native.js';

test('C codec and dispatcher pass the shared vectors (make proto-host-tests)', () => {
  const r = nativePassFail('proto-host-tests', 'test_proto');
  expect(r).not.toBeNull();
  expect(r?.failed).toBe(0);
  expect(r?.passed).toBeGreaterThan(80);
}, 120000);
