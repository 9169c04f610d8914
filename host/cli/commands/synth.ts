/** `whorl synth`: synthetic fingerprint data sets (SFinGe method) and the realism check. */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateDataset } from '../../synth/dataset.js';
import { folderStats, formatStats } from '../../synth/check.js';
import { WhorlError } from '../../util/errors.js';

/** Default reference folders: ../shared/data/fingerprints/* relative to the repository root. */
export function defaultReferences(): string[] {
  const root = fileURLToPath(new URL('../../../../', import.meta.url));
  // Beside the checkout (main) or beside the worktree folder (worktrees under wt/).
  const bases = [`${root}../shared/data/fingerprints`, `${root}../../shared/data/fingerprints`];
  const base = bases.find((b) => existsSync(b));
  if (!base) return [];
  return ['sfinge-db4b', 'pyfnprint-real'].map((n) => `${base}/${n}`).filter((d) => existsSync(d));
}

function num(name: string, integer: boolean): (v: string) => number {
  return (v: string) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n))) {
      throw new WhorlError('SYNTH_BAD_ARG', `synth: --${name} expects ${integer ? 'an integer' : 'a number'}, got '${v}'`);
    }
    return n;
  };
}

export function register(program: Command): void {
  program
    .command('synth')
    .description('generate synthetic fingerprints (SFinGe method) as <finger>_<impression>.png + manifest.json, or --check realism')
    .option('--out <dir>', 'output folder')
    .option('--fingers <n>', 'number of fingers', num('fingers', true), 10)
    .option('--impressions <k>', 'impressions per finger', num('impressions', true), 8)
    .option('--seed <s>', 'random seed', num('seed', true), 1)
    .option('--width <px>', 'image width', num('width', true), 288)
    .option('--height <px>', 'image height', num('height', true), 384)
    .option('--dpi <dpi>', 'resolution', num('dpi', false), 500)
    .option('--rotation <deg>', 'largest rotation of an impression (±deg)', num('rotation', false), 20)
    .option('--shift <px>', 'largest displacement of an impression (±px at 500 dpi)', num('shift', false), 24)
    .option('--distortion <x>', 'plastic distortion strength (0..3)', num('distortion', false), 1)
    .option('--noise <x>', 'noise strength (0..3)', num('noise', false), 1)
    .option('--workers <w>', 'worker threads (0: in-process)', num('workers', true), 2)
    .option('--check <dir>', 'instead of generating: realism statistics of a folder, beside the references')
    .option('--reference <dir...>', 'reference folders for --check (default: ../shared/data/fingerprints/{sfinge-db4b,pyfnprint-real})')
    .option('--json', 'print JSON')
    .action(async (o: Record<string, unknown>) => {
      const json = Boolean(o.json);
      if (typeof o.check === 'string') {
        const refs = (o.reference as string[] | undefined) ?? defaultReferences();
        const sets = [];
        for (const d of [o.check, ...refs]) sets.push(await folderStats(d));
        process.stdout.write(json ? JSON.stringify({ sets }, null, 1) + '\n' : formatStats(sets) + '\n');
        return;
      }
      if (typeof o.out !== 'string') throw new WhorlError('SYNTH_BAD_ARG', 'synth: --out <dir> is required (or --check <dir>)');
      const res = await generateDataset({
        out: o.out,
        fingers: o.fingers as number,
        impressions: o.impressions as number,
        seed: o.seed as number,
        workers: o.workers as number,
        progress: json ? false : undefined,
        command:
          `whorl synth --out ${o.out} --fingers ${o.fingers} --impressions ${o.impressions} --seed ${o.seed}` +
          ` --width ${o.width} --height ${o.height} --dpi ${o.dpi} --rotation ${o.rotation} --shift ${o.shift}` +
          ` --distortion ${o.distortion} --noise ${o.noise} --workers ${o.workers}`,
        params: {
          width: o.width as number,
          height: o.height as number,
          dpi: o.dpi as number,
          rotation: o.rotation as number,
          shift: o.shift as number,
          distortion: o.distortion as number,
          noise: o.noise as number,
        },
      });
      const n = res.manifest.fingers * res.manifest.impressions;
      const summary = { out: o.out, images: n, seconds: res.seconds, imagesPerSecond: n / res.seconds };
      process.stdout.write(json ? JSON.stringify(summary) + '\n' : `wrote ${n} images + manifest.json to ${o.out} in ${res.seconds.toFixed(1)} s (${summary.imagesPerSecond.toFixed(1)} images/s)\n`);
    });
}
