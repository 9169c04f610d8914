/** ensureFirmware: an incremental make, so a changed source or header never leaves a stale image. */
import { statSync, utimesSync } from 'node:fs';
import { ensureFirmware } from '../../host/firmware/build.js';
import { THRESHOLD_HEADER as HEADER } from '../../host/fp/thresholds.js';

test('a header touched after the last build makes ensureFirmware rebuild the image', async () => {
  const first = await ensureFirmware();
  const built = statSync(first.elf).mtimeMs;
  const later = new Date(Math.max(Date.now(), built) + 1000);
  utimesSync(HEADER, later, later);
  // a new module instance: ensureFirmware builds once per process and board
  const { ensureFirmware: again } = await import(`../../host/firmware/build.js?fresh=${Date.now()}`) as typeof import('../../host/firmware/build.js');
  const a = await again();
  expect(statSync(a.elf).mtimeMs).toBeGreaterThan(built);
  expect(await again()).toBe(a); // once per process: the same artifacts without another make
}, 180000);
