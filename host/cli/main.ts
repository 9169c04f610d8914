#!/usr/bin/env node
import { run } from './program.js';
import { oneLine } from '../util/errors.js';

// output piped into a reader that stops early (`whorl list | head`): stop quietly, as Unix tools do
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

run(process.argv).catch((err: unknown) => {
  process.stderr.write(`whorl: ${oneLine(err)}\n`);
  if (process.env.WHORL_DEBUG && err instanceof Error) process.stderr.write(`${err.stack ?? ''}\n`);
  process.exit(1);
});
