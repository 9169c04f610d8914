/** Checks the tools Whorl needs and says how to install what is missing. */
import { execa } from 'execa';
import { existsSync } from 'node:fs';

export interface ToolCheck {
  name: string;
  required: boolean;
  found: boolean;
  version?: string;
  path?: string;
  install: string;
  purpose: string;
}

const SETUP = 'sudo bash scripts/setup-debian.sh';

async function version(cmd: string, args: string[], re: RegExp): Promise<{ found: boolean; version?: string }> {
  const r = await execa(cmd, args, { reject: false, all: true, timeout: 10000 });
  if (r.failed && (r.exitCode === undefined || r.exitCode === 127)) return { found: false };
  const m = re.exec(r.all ?? '');
  return { found: !r.failed || Boolean(m), version: m?.[1] ?? (r.all ?? '').split('\n')[0] };
}

export async function runDoctor(): Promise<ToolCheck[]> {
  const checks: ToolCheck[] = [];
  const add = async (name: string, required: boolean, purpose: string, install: string, cmd: string, args: string[], re: RegExp) => {
    checks.push({ name, required, purpose, install, ...(await version(cmd, args, re)) });
  };
  checks.push({ name: 'node', required: true, found: true, version: process.versions.node, purpose: 'host tools', install: 'https://nodejs.org (Node 20 or later)' });
  await add('npm', true, 'packages', 'comes with Node.js', 'npm', ['--version'], /(\d+\.\d+\.\d+)/);
  await add('qemu-system-arm', true, 'emulated boards', `${SETUP} (Debian package qemu-system-arm)`, 'qemu-system-arm', ['--version'], /version (\S+)/);
  await add('arm-none-eabi-gcc', true, 'firmware build', `${SETUP} (Debian package gcc-arm-none-eabi)`, 'arm-none-eabi-gcc', ['--version'], /\) (\d+\.\d+\.\d+)/);
  const lib = await execa('arm-none-eabi-gcc', ['-mcpu=arm920t', '-marm', '-print-file-name=libc.a'], { reject: false });
  const libPath = lib.stdout?.trim();
  checks.push({
    name: 'newlib', required: true, purpose: 'firmware C library (memcpy, memset)', install: `${SETUP} (Debian package libnewlib-arm-none-eabi)`,
    found: Boolean(libPath && libPath !== 'libc.a' && existsSync(libPath)), path: libPath && libPath !== 'libc.a' ? libPath : undefined,
  });
  await add('make', true, 'firmware build', `${SETUP} (Debian package make)`, 'make', ['--version'], /Make (\S+)/);
  await add('gcc', true, 'native tests of firmware code', `${SETUP} (Debian package gcc)`, 'gcc', ['--version'], /\) (\d+\.\d+\.\d+)/);
  await add('gdb-multiarch', false, 'debugging the guest (whorl board start --gdb)', 'sudo apt-get install gdb-multiarch', 'gdb-multiarch', ['--version'], /GNU gdb .* (\d+\.\d+)/);
  return checks;
}
