import type { Command } from 'commander';
import { runDoctor } from '../../doctor.js';
import { printJson, table } from '../output.js';

export function register(program: Command): void {
  program
    .command('doctor')
    .description('check the tools Whorl needs and how to install what is missing')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      const checks = await runDoctor();
      const missing = checks.filter((c) => c.required && !c.found);
      if (o.json) printJson({ ok: missing.length === 0, checks });
      else {
        process.stdout.write(table(checks.map((c) => [c.found ? 'ok' : c.required ? 'MISSING' : 'missing (optional)', c.name, c.version ?? c.path ?? '', c.found ? c.purpose : `install: ${c.install}`]), ['status', 'tool', 'version', 'notes']));
        if (missing.length) process.stdout.write(`\n${missing.length} required tool(s) missing: run ${'`sudo bash scripts/setup-debian.sh`'}\n`);
      }
      if (missing.length) process.exitCode = 1;
    });
}
