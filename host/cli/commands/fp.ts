/** Fingerprint commands: enroll, verify, identify, delete, list, threshold (thin CLI over host/fp). */
import type { Command } from 'commander';
import { extname } from 'node:path';
import { openSession, type Session } from '../../device/session.js';
import { FingerprintClient, mismatchDetail, NOMINAL_IMPRESSIONS, QUALITY_REASONS, type Capture } from '../../fp/client.js';
import { IMAGE_EXTENSIONS, readGreyFile } from '../../data/image.js';
import type { GreyImage } from '../../data/grey.js';
import { DeviceStatusError } from '../../protocol/errors.js';
import { WhorlError } from '../../util/errors.js';
import { printJson, table } from '../output.js';

interface Common { device: string; flash?: string; dpi: string; json?: boolean }

function intArg(v: string, name: string, lo: number, hi: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < lo || n > hi) throw new WhorlError('E_USAGE', `--${name} must be an integer ${lo}..${hi}, got '${v}'`);
  return n;
}

async function readImage(file: string, dpi: number): Promise<GreyImage> {
  const kind = IMAGE_EXTENSIONS[extname(file).slice(1).toLowerCase()];
  if (!kind) throw new WhorlError('E_USAGE', `${file}: unknown image type (${Object.keys(IMAGE_EXTENSIONS).join(' ')})`);
  return readGreyFile(file, kind, dpi);
}

/** Opens the device; `qemu` with --flash boots that image, so enrollments persist in it. */
async function withFp<T>(o: Common, fn: (fp: FingerprintClient, s: Session) => Promise<T>): Promise<T> {
  const s = await openSession(o.device, { flash: o.flash, timeoutMs: 5000 });
  try {
    return await fn(new FingerprintClient(s.client, s.sensorDir), s);
  } catch (e) {
    if (e instanceof DeviceStatusError && e.statusName === 'E_NO_MODEL') {
      throw new WhorlError('E_NO_MODEL', `${o.device}: the board has no valid model partition (${e.message}); write one: whorl flash --out IMG [--model BLOB] (the committed model by default)`, { context: { device: o.device, flash: o.flash }, cause: e });
    }
    throw e;
  } finally {
    await s.close();
  }
}

async function captureAll(fp: FingerprintClient, files: string[], dpi: number): Promise<Capture[]> {
  const out: Capture[] = [];
  for (const [i, f] of files.entries()) {
    const c = await fp.capture(await readImage(f, dpi), i === 0);
    if (c.reason !== 0) throw new WhorlError('E_QUALITY', `${f}: refused by the device: ${QUALITY_REASONS[c.reason] ?? c.reason} (quality ${c.quality})`, { context: { file: f, ...c } });
    out.push(c);
  }
  return out;
}

/**
 * The device's refusals of an enrollment in words: which impression, which slot, what to do. Nothing
 * is stored when the device refuses (docs/protocol.md).
 */
async function explainEnroll(e: unknown, fp: FingerprintClient, images: string[], slot: number, n: number): Promise<never> {
  if (!(e instanceof DeviceStatusError)) throw e;
  const d = Buffer.from(e.detail);
  const ctx = { slot, status: e.statusName, images };
  const m = mismatchDetail(e);
  if (m) {
    const t = await fp.threshold();
    const thr = t.enroll ?? t.table[0];
    // the device names an impression among the last n captures; no n of them agree
    const named = images[images.length - n + m.impression] ?? `impression ${m.impression}`;
    const which = n < images.length ? `no ${n} of the ${images.length} images agree; ${named}` : named;
    throw new WhorlError('E_MISMATCH', `${which} matches none of the other impressions (best score ${m.score}, enroll threshold ${thr.score} at FMR 1/${thr.fmr}): are they all the same finger? Nothing was stored; capture it again`, { context: { ...ctx, ...m }, cause: e });
  }
  if (e.statusName === 'E_DUPLICATE' && d.length >= 6) {
    throw new WhorlError('E_DUPLICATE', `this finger is already enrolled in slot ${d.readUInt16LE(0)} (score ${d.readInt32LE(2)}); nothing was stored (--force enrolls it anyway)`, { context: { ...ctx, other: d.readUInt16LE(0), score: d.readInt32LE(2) }, cause: e });
  }
  if (e.statusName === 'E_NO_SPACE') throw new WhorlError('E_NO_SPACE', `the template store is full; delete a slot first`, { context: ctx, cause: e });
  throw e;
}

function common(c: Command): Command {
  return c.requiredOption('--device <addr>', 'serial port path, tcp://host:port, or qemu')
    .option('--flash <img>', 'with --device qemu: boot this flash image (enrollments persist in it)')
    .option('--dpi <dpi>', 'resolution of the images (when the file does not say)', '500')
    .option('--json', 'machine-readable output');
}

export function register(program: Command): void {
  common(program.command('enroll').description('enroll a finger from N impression images into a slot').argument('<images...>'))
    .requiredOption('--slot <n>', 'slot 0..1023')
    .option('--label <text>', 'label stored with the template', '')
    .option('--force', 'enroll even if the finger is already enrolled in another slot')
    .option('--impressions <n>', 'template size: the device keeps the n images that agree best (default: all of them)')
    .action(async (images: string[], o: Common & { slot: string; label: string; force?: boolean; impressions?: string }) => {
      const slot = intArg(o.slot, 'slot', 0, 1023);
      const dpi = intArg(o.dpi, 'dpi', 100, 2000);
      if (images.length < 1 || images.length > 5) throw new WhorlError('E_USAGE', `enroll takes 1..5 impressions, got ${images.length}`);
      const n = o.impressions === undefined ? images.length : intArg(o.impressions, 'impressions', 1, images.length);
      const r = await withFp(o, async (fp) => {
        const caps = await captureAll(fp, images, dpi);
        const enrolled = await fp.enroll(slot, { impressions: n, label: o.label, force: o.force }).catch((e: unknown) => explainEnroll(e, fp, images, slot, n));
        return { captures: caps, enrolled, images: enrolled.used?.map((i) => images[i]) };
      });
      if (o.json) printJson(r);
      else process.stdout.write(`enrolled slot ${r.enrolled.slot}: ${r.enrolled.impressions} impressions${n < images.length && r.images ? ` (${r.images.join(', ')})` : ''}, quality ${r.enrolled.quality}\n`);
    });

  common(program.command('verify').description('1:1 — does the image match the finger in a slot?').argument('<image>'))
    .requiredOption('--slot <n>', 'slot 0..1023')
    .action(async (image: string, o: Common & { slot: string }) => {
      const slot = intArg(o.slot, 'slot', 0, 1023);
      const r = await withFp(o, async (fp) => { await captureAll(fp, [image], intArg(o.dpi, 'dpi', 100, 2000)); return fp.verify(slot); });
      if (o.json) printJson(r);
      else process.stdout.write(`${r.match ? 'MATCH' : 'NO MATCH'}: score ${r.score} (threshold ${r.threshold})\n`);
      if (!r.match) process.exitCode = 1;
    });

  common(program.command('identify').description('1:N — which enrolled finger is this?').argument('<image>'))
    .option('--candidates <k>', 'candidates to report (1..8)', '3')
    .action(async (image: string, o: Common & { candidates: string }) => {
      const k = intArg(o.candidates, 'candidates', 1, 8);
      const r = await withFp(o, async (fp) => { await captureAll(fp, [image], intArg(o.dpi, 'dpi', 100, 2000)); return fp.identify(k); });
      if (o.json) printJson(r);
      else process.stdout.write(`${r.match ? `MATCH slot ${r.candidates[0].slot}` : 'NO MATCH'} (threshold ${r.threshold})\n${r.candidates.every((c) => c.threshold !== undefined)
        ? table(r.candidates.map((c) => [c.slot, c.score, c.threshold!, c.score - c.threshold!]), ['slot', 'score', 'threshold', 'margin'])
        : table(r.candidates.map((c) => [c.slot, c.score]), ['slot', 'score'])}`);
      if (!r.match) process.exitCode = 1;
    });

  common(program.command('delete').description('delete one slot, or --all'))
    .option('--slot <n>', 'slot 0..1023')
    .option('--all', 'delete every template')
    .action(async (o: Common & { slot?: string; all?: boolean }) => {
      if (!o.all === (o.slot === undefined)) throw new WhorlError('E_USAGE', 'delete needs exactly one of --slot N or --all');
      const slot = o.slot === undefined ? undefined : intArg(o.slot, 'slot', 0, 1023);
      await withFp(o, (fp) => (slot === undefined ? fp.deleteAll() : fp.delete(slot)));
      if (o.json) printJson({ deleted: slot ?? 'all' });
      else process.stdout.write(`deleted ${slot === undefined ? 'all templates' : `slot ${slot}`}\n`);
    });

  common(program.command('list').description('list enrolled slots with their metadata'))
    .action(async (o: Common) => {
      const r = await withFp(o, (fp) => fp.list());
      if (o.json) printJson(r);
      else process.stdout.write(table(r.map((s) => [s.slot, s.label, s.impressions, s.quality, new Date(s.time * 1000).toISOString()]), ['slot', 'label', 'impressions', 'quality', 'enrolled']));
    });

  common(program.command('threshold').description('read the decision threshold, or set it as a target false match rate'))
    .option('--fmr <1/N>', 'target FMR as N (e.g. 1000 for 1/1000); one of the device table')
    .action(async (o: Common & { fmr?: string }) => {
      const fmr = o.fmr === undefined ? undefined : intArg(o.fmr, 'fmr', 1, 2 ** 31);
      const r = await withFp(o, (fp) => fp.threshold(fmr));
      if (o.json) printJson(r);
      else if (!r.bySize) process.stdout.write(`threshold: FMR 1/${r.fmr}, score ${r.score}\n${table(r.table.map((t) => [`1/${t.fmr}`, t.score]), ['FMR', 'score'])}`);
      else {
        const sizes = r.bySize.map((_, k) => `${k + 1} impression${k ? 's' : ''}`);
        process.stdout.write(`threshold: FMR 1/${r.fmr}, score ${r.score} for a template of ${r.nominal ?? NOMINAL_IMPRESSIONS} impressions (${r.bySize.map((v, k) => `${k + 1}: ${v}`).join(', ')})\n` +
          table(r.table.map((t) => [`1/${t.fmr}`, ...(t.bySize ?? [])]), ['FMR', ...sizes]) + (r.enroll ? `enrollment check: FMR 1/${r.enroll.fmr}, score ${r.enroll.score} (single impressions)\n` : ''));
      }
    });
}
