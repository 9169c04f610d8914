/** Every firmware image contains ARMv4T instructions only (what an ARM920T executes). */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { BUILD_DIR, buildFirmware } from './qemu-run.js';

// ARMv5 and later: count leading zeros, BLX, doubleword loads/stores, preload, saturating and DSP
// multiplies (SMLAxy, SMULxy, SMLAWy, SMULWy, SMLALxy; plain SMULL/SMLAL are ARMv4 and allowed),
// wait-for-interrupt, and v6 extend/reverse/exclusive instructions.
const FORBIDDEN = /\s(clz|blx|ldrd|strd|pld|qadd|qsub|qdadd|qdsub|smla[bt][bt]|smlaw[bt]|smul[bt][bt]|smulw[bt]|smlal[bt][bt]|wfi|wfe|sev|rev|rev16|uxtb|uxth|sxtb|sxth|ldrex|strex)(\s|$)/;

beforeAll(async () => {
  await buildFirmware();
}, 300000);

test.each(['whorl.elf', 'boot.elf', 'ktest.elf', 'flashtest.elf'])('%s has no instruction beyond ARMv4T', (elf) => {
  const file = `${BUILD_DIR}/${elf}`;
  expect(existsSync(file)).toBe(true);
  const dis = execFileSync('arm-none-eabi-objdump', ['-d', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const bad = dis.split('\n').filter((l) => /^\s+[0-9a-f]+:\s+[0-9a-f]{8}\s/.test(l) && FORBIDDEN.test(l));
  expect(bad).toEqual([]);
  expect(dis.split('\n').length).toBeGreaterThan(100);
});
