import { fileURLToPath } from 'node:url';
import { runWhorl as run, WHORL_MAIN as MAIN } from '../cli-run.js';

test('--help lists the commands', async () => {
  const r = await run('--help');
  for (const c of ['doctor', 'fw', 'flash', 'board', 'ping', 'info', 'demo']) expect(r.stdout).toContain(c);
});

test('doctor --json reports every tool', async () => {
  const r = await run('doctor', '--json');
  const j = JSON.parse(r.stdout) as { ok: boolean; checks: Array<{ name: string; found: boolean }> };
  expect(j.checks.map((c) => c.name)).toEqual(['node', 'npm', 'qemu-system-arm', 'arm-none-eabi-gcc', 'newlib', 'make', 'gcc', 'gdb-multiarch']);
  expect(r.code).toBe(j.ok ? 0 : 1);
});

test.each([
  [['ping', '--device', 'usb0'], /^whorl: unknown device address 'usb0'/],
  [['info', '--device', '/dev/ttyWHORL-none'], /^whorl: serial port not found: \/dev\/ttyWHORL-none$/],
  [['ping', '--device', 'tcp://127.0.0.1:1'], /^whorl: connection refused: 127\.0\.0\.1:1/],
  [['ping', '--device', 'qemu', '--size', '5000'], /^whorl: --size must be 0\.\.4096/],
  [['flash', '--inspect', '/nonexistent.img'], /^whorl: bad flash image \/nonexistent\.img: cannot read it$/],
  [['flash'], /^whorl: flash: give --out FILE/],
])('whorl %j fails with one clear line', async (args, re) => {
  const r = await run(...args);
  expect(r.code).toBe(1);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr.trim()).toMatch(re);
});

test('quantize golden --out writes the golden vectors where asked, identical to the committed ones', async () => {
  const { mkdtempSync, readFileSync, readdirSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'whorl-golden-'));
  const r = await run('quantize', 'golden', '--out', dir);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain(`files to ${dir}`);
  const committed = fileURLToPath(new URL('../../../test/vectors/nn/', import.meta.url));
  try {
    for (const f of readdirSync(dir)) expect(readFileSync(join(dir, f)).equals(readFileSync(join(committed, f)))).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120000);

test('output into a pipe closed early ends quietly (whorl doctor | head -0)', async () => {
  const { spawn } = await import('node:child_process');
  const child = spawn('node', [MAIN, 'doctor'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy(); // the reader is gone before the first write
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((res) => child.on('close', res));
  expect(stderr).not.toMatch(/EPIPE|Unhandled/);
  expect(code).toBe(0);
});
