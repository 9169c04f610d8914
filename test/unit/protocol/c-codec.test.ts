import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const FW = fileURLToPath(new URL('../../../../firmware', import.meta.url));

test('C codec and dispatcher pass the shared vectors (make proto-host-tests)', () => {
  const out = execFileSync('make', ['-s', '-C', FW, 'proto-host-tests'], { encoding: 'utf8' });
  const m = out.match(/test_proto: (\d+) passed, (\d+) failed/);
  expect(m).not.toBeNull();
  expect(Number(m?.[2])).toBe(0);
  expect(Number(m?.[1])).toBeGreaterThan(80);
}, 120000);
