/** The fingerprint matching kernel's C model (firmware/app/fp_match.c, native gcc) gives the plain
 * int8 dot product on every case of firmware/tests/fp/fp_match_cases.h; the ARMv4T assembly runs the
 * same cases in test/hil/fp-match.test.ts. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const FW = fileURLToPath(new URL('../../../../firmware', import.meta.url));

test('matching kernel (C model): every score equals the plain dot product', () => {
  const out = execFileSync('make', ['-s', '-C', FW, 'fp-host-tests'], { encoding: 'utf8' });
  const m = /fp_match: (\d+) scores checked \((\d+) on the packed path\), (\d+) failures/.exec(out);
  expect(m).not.toBeNull();
  expect(Number(m![3])).toBe(0);
  expect(Number(m![2])).toBeGreaterThan(500);
}, 120000);
