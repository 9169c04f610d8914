/** HIL: the fingerprint matching kernel (firmware/app/fp_match.h, ARMv4T assembly) gives the plain
 * int8 dot product on every case of firmware/tests/fp/fp_match_cases.h, and the 24 MHz counter gives
 * guest instructions 1:1 under -icount shift=0 (a loop of exactly 2,000,000 instructions). */
import { BUILD_DIR, buildFirmware, runImage } from './qemu-run.js';

beforeAll(async () => {
  await buildFirmware();
}, 300000);

test.each(['arm926', 'ti925t'])('matching kernel and counter on -cpu %s', async (cpu) => {
  const r = await runImage(`${BUILD_DIR}/fpmatchtest.elf`, cpu, 60000);
  expect(r.console.filter((l) => l.startsWith('FAIL'))).toEqual([]);
  const calib = r.console.find((l) => l.startsWith('FPMATCH calib'));
  expect(calib).toMatch(/loop=2000000 ticks=\d+ instructions=\d+ ok$/); // within two counts (83 instructions)
  const cases = /FPMATCH cases scores=(\d+) packed=(\d+) failures=0/.exec(r.console.join('\n'));
  expect(cases).not.toBeNull();
  expect(Number(cases![2])).toBeGreaterThan(500); // the packed path is exercised
  // one 128-byte score on the packed path costs well under the plain loop
  const cost = /best1=(\d+)\.\d+ .*plain128=(\d+)\.\d+/.exec(r.console.join('\n'));
  expect(Number(cost![1])).toBeLessThan(Number(cost![2]) / 2);
  expect(r.console.some((l) => /^FPMATCH DONE passed=\d+ failed=0$/.test(l))).toBe(true);
  expect(r.exitCode).toBe(0);
}, 120000);
