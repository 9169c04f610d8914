/** Parser of test/vectors/protocol-v1.txt (format described at the top of that file). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface FrameVector { name: string; expect: string; hex: Buffer; fields?: { version: number; flags: number; seq: number; cmd: number; status: number; payload: Buffer } }
export interface StreamVector { name: string; hex: Buffer; expect: string[] }

const FILE = fileURLToPath(new URL('../../../../test/vectors/protocol-v1.txt', import.meta.url));

export function loadVectors(): { frames: FrameVector[]; streams: StreamVector[] } {
  const frames: FrameVector[] = [];
  const streams: StreamVector[] = [];
  for (const line of readFileSync(FILE, 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const parts = line.split(' ');
    const kv = Object.fromEntries(parts.filter((p) => p.includes('=')).map((p) => p.split('=') as [string, string]));
    const hex = (s: string | undefined) => Buffer.from(!s || s === '-' ? '' : s, 'hex');
    if (parts[0] === 'frame') {
      const v: FrameVector = { name: parts[1], expect: parts[2], hex: hex(kv.hex) };
      if (v.expect === 'ok') {
        v.fields = { version: +kv.ver, flags: +kv.flags, seq: +kv.seq, cmd: +kv.cmd, status: +kv.status, payload: hex(kv.payload) };
      }
      frames.push(v);
    } else if (parts[0] === 'stream') {
      streams.push({ name: parts[1], hex: hex(kv.hex), expect: kv.expect === '-' ? [] : kv.expect.split(',') });
    }
  }
  return { frames, streams };
}
