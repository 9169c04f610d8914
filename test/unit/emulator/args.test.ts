import { buildQemuArgs } from '../../../host/emulator/args.js';
import { loadBoardManifest, ManifestError } from '../../../host/emulator/manifest.js';

const m = loadBoardManifest('versatilepb');

test('pty board with flash', () => {
  const a = buildQemuArgs(m, { kernel: 'boot.elf', flash: 'b.img', serial: { kind: 'pty' } });
  expect(a.join(' ')).toBe('-M versatilepb -cpu arm926 -m 128M -display none -monitor none -serial pty -serial stdio -drive if=pflash,file=b.img,format=raw -kernel boot.elf');
});

test('tcp serial, ti925t, icount, semihosting and gdb', () => {
  const a = buildQemuArgs(m, { kernel: 'k.elf', serial: { kind: 'tcp', port: 4444 }, cpu: 'ti925t', icount: true, semihosting: true, gdbPort: 1234 });
  expect(a).toEqual(expect.arrayContaining(['-cpu', 'ti925t', 'tcp:127.0.0.1:4444,server=on,wait=off,nodelay=on', '-icount', 'shift=0,sleep=off', '-semihosting-config', 'enable=on,target=native', '-gdb', 'tcp:127.0.0.1:1234', '-S']));
  expect(a.indexOf('tcp:127.0.0.1:4444,server=on,wait=off,nodelay=on')).toBeLessThan(a.indexOf('stdio'));
});

test('an unknown cpu is refused', () => {
  expect(() => buildQemuArgs(m, { kernel: 'k', serial: { kind: 'pty' }, cpu: 'cortex-a9' })).toThrow(/not one of arm926, ti925t/);
});

test('unknown boards give a clear error', () => {
  expect(() => loadBoardManifest('s3c2410')).toThrow(ManifestError);
  expect(() => loadBoardManifest('s3c2410')).toThrow(/unknown board 's3c2410' \(known: versatilepb\)/);
  expect(() => loadBoardManifest('../etc')).toThrow(/unknown board/);
});
