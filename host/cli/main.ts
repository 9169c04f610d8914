#!/usr/bin/env node
import { run } from './program.js';
import { oneLine } from '../util/errors.js';

run(process.argv).catch((err: unknown) => {
  process.stderr.write(`whorl: ${oneLine(err)}\n`);
  if (process.env.WHORL_DEBUG && err instanceof Error) process.stderr.write(`${err.stack ?? ''}\n`);
  process.exit(1);
});
