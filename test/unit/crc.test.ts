import { crc16, crc32 } from '../../host/util/crc.js';

test('crc32 check value', () => {
  expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  const whole = crc32(Buffer.from('hello world'));
  expect(crc32(Buffer.from(' world'), crc32(Buffer.from('hello')))).toBe(whole);
});

test('crc16 CCITT-FALSE check value', () => {
  expect(crc16(Buffer.from('123456789'))).toBe(0x29b1);
});
