#!/usr/bin/env node
import { run } from './program.js';

run(process.argv).catch((err: unknown) => {
  const msg = err instanceof Error ? err.message : String(err);
  process.stderr.write(`whorl: ${msg}\n`);
  process.exit(1);
});
