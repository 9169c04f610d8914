import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const FW = fileURLToPath(new URL('../../../../firmware', import.meta.url));

test('template store survives a power cut at every flash operation (native C, simulated NOR)', () => {
  const out = execFileSync('make', ['-s', '-C', FW, 'store-host-tests'], { encoding: 'utf8' });
  expect(out).toMatch(/test_store: \d+ passed, 0 failed/);
  const cuts = Number(out.match(/power-cut campaign: (\d+) cuts in total/)?.[1]);
  expect(cuts).toBeGreaterThan(3000);
  for (const scenario of ['enroll', 'replace_compaction', 'delete_mixed', 'campaign']) {
    expect(out).toMatch(new RegExp(`^${scenario}: .* 0 failures$`, 'm'));
  }
  expect(out).toMatch(/capacity: 1000 live/);
}, 180000);
