/**
 * Generates test/vectors/protocol-v1.txt, the frames both the TypeScript and the C codec must pass.
 * Run: npm run build && node dist/scripts/gen-protocol-vectors.js
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crc16 } from '../host/util/crc.js';
import { Cmd, FLAG_RESPONSE, MAX_PAYLOAD, Status, encodeFrame, type Frame } from '../host/protocol/codec.js';

const OUT = fileURLToPath(new URL('../../test/vectors/protocol-v1.txt', import.meta.url));

let state = 0x2545f491;
function rand(): number {
  state ^= state << 13; state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5; state >>>= 0;
  return state;
}
function bytes(n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = rand() & 0xff;
  return b;
}
const hex = (b: Uint8Array) => (b.length ? Buffer.from(b).toString('hex') : '-');

interface Entry { name: string; expect: string; f?: Frame; raw: Buffer }
const frames: Entry[] = [];
const lines: string[] = [];

function ok(name: string, f: Partial<Frame> & { cmd: number; seq: number }): Buffer {
  const raw = encodeFrame(f);
  const full: Frame = { version: f.version ?? 1, flags: f.flags ?? 0, seq: f.seq, cmd: f.cmd, status: f.status ?? 0, payload: f.payload ?? new Uint8Array(0) };
  frames.push({ name, expect: 'ok', f: full, raw });
  return raw;
}
function bad(name: string, expect: string, raw: Buffer): void {
  frames.push({ name, expect, raw });
}
/** Rewrites the header CRC after a header edit so that only the intended defect remains. */
function fixHcrc(b: Buffer): Buffer {
  b.writeUInt16LE(crc16(b.subarray(0, 10)), 10);
  return b;
}

// Valid requests and responses.
const ping0 = ok('ping_empty', { cmd: Cmd.PING, seq: 0 });
const pingHello = ok('ping_hello', { cmd: Cmd.PING, seq: 1, payload: Buffer.from('hello') });
ok('ping_max', { cmd: Cmd.PING, seq: 2, payload: bytes(MAX_PAYLOAD) });
const info = ok('info_req', { cmd: Cmd.INFO, seq: 65535 });
ok('reset_req', { cmd: Cmd.RESET, seq: 300 });
ok('ping_resp', { cmd: Cmd.PING, seq: 1, flags: FLAG_RESPONSE, payload: Buffer.from('hello') });
for (const s of [Status.E_UNKNOWN_CMD, Status.E_BAD_LENGTH, Status.E_VERSION, Status.E_BAD_FRAME, Status.E_INTERNAL]) {
  ok(`resp_${Status[s].toLowerCase()}`, { cmd: 0x7e, seq: 4660, flags: FLAG_RESPONSE, status: s });
}
const withSof = ok('payload_with_sof', { cmd: Cmd.PING, seq: 7, payload: Buffer.from([0xa5, 0x5a, 0x01, 0x00, 0xa5, 0x5a]) });
ok('version2', { cmd: Cmd.PING, seq: 8, version: 2 });
ok('reserved_flags', { cmd: Cmd.PING, seq: 9, flags: 0x80 });
ok('unknown_cmd', { cmd: 0x7f, seq: 10 });

// Invalid frames.
bad('bad_sof', 'sof', Buffer.concat([Buffer.from([0xa5, 0x5b]), pingHello.subarray(2)]));
{ const b = Buffer.from(pingHello); b[6] ^= 0x40; bad('bad_hcrc', 'hcrc', b); }
{ const b = Buffer.from(pingHello); b[b.length - 1] ^= 0x01; bad('bad_crc', 'crc', b); }
{ const b = Buffer.from(pingHello); b[13] ^= 0x10; bad('bad_payload_bit', 'crc', b); }
{ const b = Buffer.alloc(16); b[0] = 0xa5; b[1] = 0x5a; b[2] = 1; b.writeUInt16LE(MAX_PAYLOAD + 1, 8); bad('len_over_max', 'len', fixHcrc(b)); }
bad('truncated', 'size', pingHello.subarray(0, pingHello.length - 1));
bad('too_short', 'short', ping0.subarray(0, 10));

for (const e of frames) {
  if (e.f) {
    const f = e.f;
    lines.push(`frame ${e.name} ok ver=${f.version} flags=${f.flags} seq=${f.seq} cmd=${f.cmd} status=${f.status} payload=${hex(f.payload)} hex=${hex(e.raw)}`);
  } else {
    lines.push(`frame ${e.name} ${e.expect} hex=${hex(e.raw)}`);
  }
}

// Streams: garbage, bad frames and good frames mixed; `expect` lists the good frames in order.
const g = (n: number): Buffer => Buffer.from(bytes(n).map((x) => (x === 0xa5 ? 0x11 : x)));
const stream = (name: string, parts: Buffer[], expect: string[]) =>
  lines.push(`stream ${name} hex=${hex(Buffer.concat(parts))} expect=${expect.length ? expect.join(',') : '-'}`);
const badCrc = Buffer.from(pingHello); badCrc[badCrc.length - 1] ^= 0x01;
const badH = Buffer.from(pingHello); badH[6] ^= 0x40;
stream('clean_pair', [ping0, info], ['ping_empty', 'info_req']);
stream('garbage_before', [g(37), pingHello], ['ping_hello']);
stream('garbage_between', [ping0, g(100), info, g(3)], ['ping_empty', 'info_req']);
stream('false_start', [Buffer.from([0xa5, 0x00, 0xa5]), g(5), Buffer.from([0xa5, 0x5a, 0x01]), pingHello], ['ping_hello']);
stream('after_bad_crc', [badCrc, ping0], ['ping_empty']);
stream('after_bad_header', [badH, info], ['info_req']);
stream('sof_in_payload', [withSof, ping0], ['payload_with_sof', 'ping_empty']);
// A frame hidden inside a bad frame's claimed length is found after resynchronisation.
{
  const hdr = Buffer.alloc(12); hdr[0] = 0xa5; hdr[1] = 0x5a; hdr[2] = 1; hdr.writeUInt16LE(40, 8); fixHcrc(hdr);
  stream('frame_inside_bad', [hdr, ping0, g(40 + 4 - ping0.length)], ['ping_empty']);
}
stream('only_garbage', [g(64)], []);
stream('truncated_tail', [ping0, pingHello.subarray(0, 9)], ['ping_empty']);

const header = [
  '# Whorl wire protocol v1 test vectors (docs/protocol.md), shared by host/protocol and firmware/proto.',
  '# Generated by: npm run build && node dist/scripts/gen-protocol-vectors.js  -- do not edit by hand.',
  '# frame <name> ok ver=<n> flags=<n> seq=<n> cmd=<n> status=<n> payload=<hex|-> hex=<hex>',
  '#   a valid frame: decoding hex gives these fields; encoding the fields gives hex',
  '# frame <name> <reason> hex=<hex>',
  '#   an invalid whole frame; reason: short | sof | hcrc | len | size | crc',
  '# stream <name> hex=<hex> expect=<name,...|->',
  '#   a byte stream; a resynchronising receiver extracts exactly the named valid frames, in order',
];
writeFileSync(OUT, [...header, ...lines, ''].join('\n'));
console.log(`wrote ${lines.length} vectors to ${OUT}`);
