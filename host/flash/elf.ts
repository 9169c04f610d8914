/** Minimal ELF32 little-endian reader: entry point and PT_LOAD segments of an ARM executable. */
import { WhorlError } from '../util/errors.js';

export interface ElfSegment {
  /** physical (load) address */
  paddr: number;
  vaddr: number;
  /** bytes in the file */
  filesz: number;
  /** bytes in memory (>= filesz; the rest is zero-filled .bss) */
  memsz: number;
  offset: number;
}

export interface ElfInfo {
  entry: number;
  machine: number;
  segments: ElfSegment[];
}

const EM_ARM = 40;
const PT_LOAD = 1;

export class ElfError extends WhorlError {
  constructor(file: string, reason: string) {
    super('E_ELF', `${file}: not a usable ARM ELF executable: ${reason}`, { context: { file, reason } });
  }
}

/** Parses the ELF header and program headers of `buf` (named `file` in errors). */
export function parseElf(buf: Buffer, file = 'ELF'): ElfInfo {
  if (buf.length < 52 || buf.readUInt32BE(0) !== 0x7f454c46) throw new ElfError(file, 'bad magic');
  if (buf[4] !== 1) throw new ElfError(file, 'not 32-bit');
  if (buf[5] !== 1) throw new ElfError(file, 'not little-endian');
  const machine = buf.readUInt16LE(18);
  if (machine !== EM_ARM) throw new ElfError(file, `machine ${machine} is not ARM`);
  const entry = buf.readUInt32LE(24);
  const phoff = buf.readUInt32LE(28);
  const phentsize = buf.readUInt16LE(42);
  const phnum = buf.readUInt16LE(44);
  if (phoff + phnum * phentsize > buf.length) throw new ElfError(file, 'program headers out of the file');
  const segments: ElfSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    if (buf.readUInt32LE(o) !== PT_LOAD) continue;
    const seg = {
      offset: buf.readUInt32LE(o + 4),
      vaddr: buf.readUInt32LE(o + 8),
      paddr: buf.readUInt32LE(o + 12),
      filesz: buf.readUInt32LE(o + 16),
      memsz: buf.readUInt32LE(o + 20),
    };
    if (seg.filesz > 0) segments.push(seg);
  }
  if (segments.length === 0) throw new ElfError(file, 'no loadable segment');
  return { entry, machine, segments };
}

/** The lowest load address with file content: where a raw `objcopy -O binary` image starts. */
export function loadAddress(info: ElfInfo): number {
  return Math.min(...info.segments.map((s) => s.paddr));
}
