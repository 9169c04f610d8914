/**
 * The fingerprint service bench's device runs (scripts/bench-fp.ts): the counter check on the bare
 * metal image fpmatchtest under -icount shift=0, and the wall-clock throughput of emulated boards.
 */
import { execa } from 'execa';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { freshFlashImage, openSession, type Session } from '../device/session.js';
import { FingerprintClient, type GreyImage } from './client.js';
import { BenchError, type CounterCheck, type Rate, type Throughput, type ThroughputRun } from './bench-report.js';

/** Enrollment time written by the bench (fixed, so runs are comparable). */
export const BENCH_TIME = 1_700_000_000;

/** Runs fpmatchtest (ELF path) under -icount shift=0,sleep=off: the 24 MHz counter against a loop of
 * known length, and the matching kernel's cost per call. */
export async function counterCheck(elf: string): Promise<CounterCheck> {
  const r = await execa('qemu-system-arm', ['-M', 'versatilepb', '-cpu', 'ti925t', '-m', '128M', '-display', 'none', '-monitor', 'none',
    '-serial', 'null', '-serial', 'stdio', '-icount', 'shift=0,sleep=off', '-semihosting-config', 'enable=on,target=native', '-kernel', elf],
  { env: { QEMU_AUDIO_DRV: 'none' }, reject: false, timeout: 120000 });
  const out = r.stdout;
  const calib = /FPMATCH calib loop=(\d+) ticks=(\d+) instructions=(\d+) ok/.exec(out);
  const cost = /FPMATCH cost .* probe128=([\d.]+) dot128=([\d.]+) best1=([\d.]+) best3=([\d.]+) plain128=([\d.]+)/.exec(out);
  const cases = /FPMATCH cases (.*)/.exec(out);
  if (r.exitCode !== 0 || !calib || !cost || !cases) throw new BenchError('E_BENCH', `fpmatchtest failed (exit ${r.exitCode}): ${out.split('\n').filter((l) => /FAIL|FPMATCH/.test(l)).join(' | ')}`, { context: { elf } });
  return {
    loopInstructions: Number(calib[1]), ticks: Number(calib[2]), instructions: Number(calib[3]), cases: cases[1],
    kernel: { probePrepare128: Number(cost[1]), dot128: Number(cost[2]), template1: Number(cost[3]), template3: Number(cost[4]), plainDot128: Number(cost[5]) },
  };
}

/** Wall-clock rates without icount: VERIFY commands per second (probe captured once), and
 * capture + VERIFY per second (a new presentation each time), on 1 board and on 2 in parallel. */
export async function measureThroughput(seconds: number, images: { enroll: GreyImage; probe: GreyImage }, say: (t: string) => void = () => {}): Promise<Throughput> {
  const run = async (boards: number): Promise<ThroughputRun> => {
    say(`throughput: ${boards} board(s), ${seconds} s per measurement, no icount`);
    const flashes = await Promise.all(Array.from({ length: boards }, () => freshFlashImage()));
    const sessions: Session[] = [];
    try {
      for (const f of flashes) sessions.push(await openSession('qemu', { flash: f.file, timeoutMs: 20000 }));
      const fps = sessions.map((x) => new FingerprintClient(x.client, x.sensorDir));
      await Promise.all(fps.map(async (fp) => {
        for (let k = 0; k < 3; k++) await fp.capture(images.enroll, k === 0); // the same impression: always mutually matching
        await fp.enroll(0, { force: true, time: BENCH_TIME });
        await fp.capture(images.probe, true);
        for (let i = 0; i < 5; i++) await fp.verify(0); // warm-up
      }));
      const load1Before = Math.round(loadavg()[0] * 100) / 100;
      const loop = async (fn: () => Promise<unknown>): Promise<Rate> => {
        const t0 = performance.now();
        let count = 0;
        while (performance.now() - t0 < seconds * 1000) { await fn(); count++; }
        const took = (performance.now() - t0) / 1000;
        return { count, seconds: Math.round(took * 100) / 100, perSecond: Math.round((count / took) * 10) / 10 };
      };
      const verify = await Promise.all(fps.map((fp) => loop(() => fp.verify(0))));
      const captureVerify = await Promise.all(fps.map((fp) => loop(async () => { await fp.capture(images.probe, true); await fp.verify(0); })));
      const perBoard = fps.map((_, i) => ({ verify: verify[i], captureVerify: captureVerify[i] }));
      const sum = (xs: Rate[]) => Math.round(xs.reduce((a, r) => a + r.perSecond, 0) * 10) / 10;
      return { boards, load1Before, perBoard, total: { verifyPerSecond: sum(verify), captureVerifyPerSecond: sum(captureVerify) } };
    } finally {
      for (const x of sessions) await x.close();
      for (const f of flashes) await f.cleanup();
    }
  };
  const one = await run(1);
  const two = await run(2);
  return { seconds, cores: cpus().length, oneBoard: one, twoBoards: two };
}
