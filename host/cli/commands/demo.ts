import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { buildFirmware } from '../../firmware/build.js';
import { freshFlashImage, openSession } from '../../device/session.js';
import { inspectFlashImage } from '../../flash/image.js';
import { table } from '../output.js';
import { FingerprintClient, mismatchDetail, NOMINAL_IMPRESSIONS, syntheticImage, type Enrolled, type GreyImage } from '../../fp/client.js';
import { resolveParams } from '../../synth/index.js';
import type { Session } from '../../device/session.js';

/**
 * Enrolls 3 impressions like an enrollment screen: when no 3 of the pending captures agree
 * (E_MISMATCH), touch again with impressions 4, 5 and 7 (6 is the demo's probe): the device keeps the
 * 5 most recent captures and enrolls the 3 that agree best; after that, the last impression alone.
 */
async function enrollTouchingAgain(fp: FingerprintClient, slot: number, label: string, touch: (k: number) => Promise<unknown>, say: (t: string) => void): Promise<Enrolled & { touches: number[] }> {
  const touched = [1, 2, 3]; // impressions captured for this finger, in order
  const named = (e: Enrolled): Enrolled & { touches: number[] } => ({ ...e, touches: (e.used ?? []).map((i) => touched.slice(-5)[i]) });
  const enroll3 = (): Promise<Enrolled | undefined> => fp.enroll(slot, { label, force: true, impressions: 3 }).catch((err: unknown) => {
    if (mismatchDetail(err)) return undefined;
    throw err;
  });
  for (const again of [4, 5, 7]) {
    const e = await enroll3();
    if (e) return named(e);
    say(`    slot ${slot}: no 3 of the impressions agree at the enroll threshold (E_MISMATCH); touching again`);
    await touch(again);
    touched.push(again);
  }
  const e = await enroll3();
  if (e) return named(e);
  // the committed model is weak: even 3 more touches may not give 3 impressions that agree
  say(`    slot ${slot}: still no 3 impressions agree (E_MISMATCH); enrolling the last one alone`);
  return named(await fp.enroll(slot, { label, force: true, impressions: 1 }));
}

/** Enrolls synthetic fingers through the virtual sensor, then verifies and identifies genuine and impostor probes. */
async function fingerprintDemo(s: Session, say: (t: string) => void, fingers = 5): Promise<void> {
  const fp = new FingerprintClient(s.client, s.sensorDir);
  const P = resolveParams({ width: 288, height: 384, dpi: 500, rotation: 15 });
  const seed = 31337;
  const img = (f: number, k: number): GreyImage => syntheticImage(P, seed, f, k);
  say(`5/5 fingerprints: enrolling ${fingers} synthetic fingers (3 impressions each, virtual sensor), then probing`);
  const t0 = Date.now();
  for (let f = 1; f <= fingers; f++) {
    for (let k = 1; k <= 3; k++) await fp.capture(img(f, k), k === 1);
    const e = await enrollTouchingAgain(fp, f - 1, `synthetic-${f}`, (k) => fp.capture(img(f, k), false), say);
    say(`    enrolled slot ${e.slot} (${e.impressions} impression(s)${e.touches.length ? ` from touches ${e.touches.join(', ')}` : ''}, quality ${e.quality})`);
  }
  const rows: Array<Array<string | number>> = [];
  let ok = 0;
  for (let f = 1; f <= fingers; f++) {
    await fp.capture(img(f, 6), true);
    const v = await fp.verify(f - 1);
    const id = await fp.identify(3);
    const impostor = await fp.verify(f % fingers);
    const right = id.candidates[0]?.slot === f - 1;
    if (right) ok++;
    rows.push([`finger ${f}`, `${v.score}${v.match ? ' match' : ''}`, `${impostor.score}${impostor.match ? ' match' : ''}`, id.candidates.map((c) => `${c.slot}:${c.score}`).join(' '), right ? 'yes' : 'no']);
  }
  say(table(rows, ['probe', 'genuine score', 'impostor score', 'identify (slot:score)', 'rank-1 right']));
  const st = await fp.stats();
  const th = await fp.threshold();
  say(table([
    ['rank-1 identification', `${ok}/${fingers}`], ['threshold', `FMR 1/${th.fmr} -> score ${th.score} for templates of ${th.nominal ?? NOMINAL_IMPRESSIONS} impressions${th.bySize ? ` (1..5: ${th.bySize.join(', ')})` : ''}`],
    ['device work per command', `capture ${st.lastInstructions.capture}, verify ${st.lastInstructions.verify}, identify ${st.lastInstructions.identify} (24 MHz counter, ns-equivalent)`],
    ['templates stored', `${st.templates}`], ['wall time', `${((Date.now() - t0) / 1000).toFixed(1)} s`],
  ]));
}

/** The end-to-end demo: build, flash, boot, talk. */
export function register(program: Command): void {
  program
    .command('demo')
    .description('build the firmware, write a flash image, boot an emulated board and talk to it')
    .action(async () => {
      const say = (s: string) => process.stdout.write(`${s}\n`);
      say('1/5 building the firmware (make -C firmware)');
      const a = await buildFirmware();
      say(`    ${a.elf}`);
      say('2/5 writing a 64 MiB flash image');
      const img = await freshFlashImage();
      const r = await inspectFlashImage(img.file);
      say(`    ${r.partitions.map((p) => `${p.name}: ${p.state}`).join(', ')}`);
      say('3/5 booting the emulated board (QEMU versatilepb, boot loader -> firmware from flash)');
      const s = await openSession('qemu', { flash: img.file });
      try {
        for (const l of s.board?.console ?? []) say(`    console| ${l}`);
        say(`4/5 talking to it over ${s.transport.describe}`);
        const info = await s.client.info();
        const t0 = Date.now();
        let bytes = 0;
        for (let i = 0; i < 16; i++) {
          const p = randomBytes(4096);
          await s.client.ping(p);
          bytes += p.length;
        }
        const kib = bytes / 1024 / ((Date.now() - t0) / 1000);
        say(table([
          ['firmware', `${info.firmwareVersion} build ${info.buildId}`], ['board', info.board ?? '?'],
          ['kernel', `uC/OS-II API ${((info.kernelVersion ?? 0) / 100).toFixed(2)}, ${info.tickHz} Hz`],
          ['tasks', info.tasks.map((t) => `${t.name}(${t.prio})`).join(' ')],
          ['PING', `16 x 4096 bytes echoed, ${kib.toFixed(1)} KiB/s each way, ${s.client.stats.retries} retries`],
        ]));
        await fingerprintDemo(s, say);
        say('demo done: the board was stopped and its temporary flash image removed');
      } finally {
        await s.close();
        await img.cleanup();
      }
    });
}
