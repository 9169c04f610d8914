import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { openSession } from '../../device/session.js';
import { printJson, table } from '../output.js';
import { WhorlError } from '../../util/errors.js';

export function register(program: Command): void {
  program
    .command('ping')
    .description('send PING frames and check the echo')
    .requiredOption('--device <addr>', 'serial port path, tcp://host:port, or qemu')
    .option('--count <n>', 'number of pings', '4')
    .option('--size <bytes>', 'payload size (0..4096)', '32')
    .option('--json', 'machine-readable output')
    .action(async (o: { device: string; count: string; size: string; json?: boolean }) => {
      const count = Number(o.count);
      const size = Number(o.size);
      if (!Number.isInteger(count) || count < 1) throw new WhorlError('E_USAGE', `--count must be a positive integer, got '${o.count}'`, {});
      if (!Number.isInteger(size) || size < 0 || size > 4096) throw new WhorlError('E_USAGE', `--size must be 0..4096, got '${o.size}'`, {});
      const s = await openSession(o.device);
      try {
        const times: number[] = [];
        for (let i = 0; i < count; i++) {
          const t0 = process.hrtime.bigint();
          await s.client.ping(randomBytes(size));
          times.push(Number(process.hrtime.bigint() - t0) / 1e6);
          if (!o.json) process.stdout.write(`${size} bytes from ${s.transport.describe}: seq ${i} time ${times[i].toFixed(2)} ms\n`);
        }
        const avg = times.reduce((a, b) => a + b, 0) / times.length;
        if (o.json) printJson({ device: s.transport.describe, size, count, timesMs: times, avgMs: avg, retries: s.client.stats.retries });
        else process.stdout.write(`${count} pings, avg ${avg.toFixed(2)} ms, ${s.client.stats.retries} retries\n`);
      } finally {
        await s.close();
      }
    });

  program
    .command('info')
    .description('show firmware, kernel and task information of a device')
    .requiredOption('--device <addr>', 'serial port path, tcp://host:port, or qemu')
    .option('--json', 'machine-readable output')
    .action(async (o: { device: string; json?: boolean }) => {
      const s = await openSession(o.device);
      try {
        const i = await s.client.info();
        if (o.json) return printJson(i);
        const kv: Array<[string, string | number]> = [
          ['firmware', i.firmwareVersion ?? '?'], ['build', i.buildId ?? '?'], ['board', i.board ?? '?'],
          ['protocol', i.protocolVersion ?? '?'], ['kernel', i.kernelVersion ? `uC/OS-II API ${(i.kernelVersion / 100).toFixed(2)}` : '?'],
          ['uptime', `${((i.uptimeMs ?? 0) / 1000).toFixed(1)} s`], ['cpu usage', `${i.cpuUsage ?? '?'} %`],
          ['tick', `${i.tickHz ?? '?'} Hz`], ['max payload', `${i.maxPayload ?? '?'} bytes`], ['context switches', i.contextSwitches ?? '?'],
        ];
        process.stdout.write(table(kv));
        process.stdout.write(`\n${table(i.tasks.map((t) => [t.prio, t.name, t.stackSize, t.stackFree, `${Math.round((100 * (t.stackSize - t.stackFree)) / Math.max(1, t.stackSize))} %`]), ['prio', 'task', 'stack', 'free', 'used'])}`);
      } finally {
        await s.close();
      }
    });
}
