import { readdir, readFile, stat } from 'node:fs/promises';
import { join, extname } from 'node:path';
import { DatasetError } from './errors.js';
import { IMAGE_EXTENSIONS, readGreyFile, type ImageKind } from './image.js';
import type { GreyImage } from './grey.js';

/** One image of a dataset, not yet loaded. */
export interface ImpressionRef {
  finger: number;
  impression: number;
  /** Absolute or dataset-relative path of the file. */
  path: string;
  /** File name inside the dataset folder. */
  name: string;
  kind: ImageKind;
  dpi: number;
}

export interface Dataset {
  dir: string;
  /** Finger number → its impressions ordered 1..K. */
  fingers: Map<number, ImpressionRef[]>;
  dpi: number;
  /** Where the resolution came from. */
  dpiSource: 'option' | 'manifest';
  imageCount: number;
  /** Files in the folder that are not images (manifest, notes) and were left alone. */
  ignored: string[];
  /** The parsed manifest.json, if the folder has one. */
  manifest?: Record<string, unknown>;
}

export interface ReadDatasetOptions {
  /** Resolution in dpi; overrides the manifest. */
  dpi?: number;
}

const NAME_RE = /^(\d+)_(\d+)$/;

/** Checks that a resolution is a plausible positive number of dots per inch. */
function checkDpi(v: unknown, where: string, dir: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 50 || v > 5000) {
    throw new DatasetError('DATASET_DPI', `${where}: resolution ${JSON.stringify(v)} is not a number of dpi between 50 and 5000`, { context: { dir, value: v } });
  }
  return v;
}

/**
 * Lists a folder of `<finger>_<impression>.<ext>` images (PNG, TIFF, BMP, PGM, JPEG). Each finger's
 * impressions must be numbered 1..K without gaps or duplicates. The resolution comes from
 * `opts.dpi`, else from `manifest.json` (`dpi` or `resolution`); with neither it is an error.
 * Images are not decoded here: use loadGrey() on a reference.
 */
export async function readDataset(dir: string, opts: ReadDatasetOptions = {}): Promise<Dataset> {
  let names: string[];
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error('not a directory');
    names = (await readdir(dir)).sort();
  } catch (cause) {
    throw new DatasetError('DATASET_DIR', `${dir}: cannot read dataset folder (${(cause as Error).message})`, { context: { dir }, cause });
  }
  let manifest: Record<string, unknown> | undefined;
  if (names.includes('manifest.json')) {
    const mpath = join(dir, 'manifest.json');
    try {
      manifest = JSON.parse(await readFile(mpath, 'utf8')) as Record<string, unknown>;
      if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) throw new Error('not a JSON object');
    } catch (cause) {
      throw new DatasetError('DATASET_MANIFEST', `${mpath}: bad manifest (${(cause as Error).message})`, { context: { file: mpath }, cause });
    }
  }
  let dpi: number;
  let dpiSource: Dataset['dpiSource'];
  if (opts.dpi !== undefined) {
    dpi = checkDpi(opts.dpi, 'option --dpi', dir);
    dpiSource = 'option';
  } else if (manifest && (manifest.dpi !== undefined || manifest.resolution !== undefined)) {
    dpi = checkDpi(manifest.dpi ?? manifest.resolution, join(dir, 'manifest.json'), dir);
    dpiSource = 'manifest';
  } else {
    throw new DatasetError('DATASET_DPI', `${dir}: resolution unknown; pass --dpi N or add {"dpi": N} to manifest.json`, { context: { dir } });
  }

  const fingers = new Map<number, ImpressionRef[]>();
  const ignored: string[] = [];
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const ext = extname(name);
    const kind = IMAGE_EXTENSIONS[ext.slice(1).toLowerCase()];
    if (!kind) {
      ignored.push(name);
      continue;
    }
    const stem = name.slice(0, name.length - ext.length);
    const m = NAME_RE.exec(stem);
    if (!m || Number(m[1]) < 0 || Number(m[2]) < 1) {
      throw new DatasetError('DATASET_NAME', `${join(dir, name)}: image name must be <finger>_<impression>${ext} with impression numbered from 1`, { context: { file: join(dir, name) } });
    }
    const finger = Number(m[1]);
    const impression = Number(m[2]);
    const list = fingers.get(finger) ?? [];
    const dup = list.find((r) => r.impression === impression);
    if (dup) {
      throw new DatasetError('DATASET_DUPLICATE', `${join(dir, name)}: finger ${finger} impression ${impression} also in ${dup.name}`, { context: { file: join(dir, name), other: dup.path } });
    }
    list.push({ finger, impression, path: join(dir, name), name, kind, dpi });
    fingers.set(finger, list);
  }
  if (fingers.size === 0) throw new DatasetError('DATASET_EMPTY', `${dir}: no <finger>_<impression> images found`, { context: { dir } });
  let imageCount = 0;
  const sorted = new Map<number, ImpressionRef[]>();
  for (const f of [...fingers.keys()].sort((a, b) => a - b)) {
    const list = fingers.get(f)!.sort((a, b) => a.impression - b.impression);
    list.forEach((r, i) => {
      if (r.impression !== i + 1) {
        throw new DatasetError('DATASET_NUMBERING', `${r.path}: finger ${f} has impressions ${list.map((x) => x.impression).join(',')}; expected 1..${list.length} without gaps (impression ${i + 1} is missing)`, { context: { file: r.path, finger: f, missing: i + 1 } });
      }
    });
    imageCount += list.length;
    sorted.set(f, list);
  }
  return { dir, fingers: sorted, dpi, dpiSource, imageCount, ignored, manifest };
}

/** Decodes one impression to an 8-bit grey image at the dataset resolution. */
export function loadGrey(ref: ImpressionRef): Promise<GreyImage> {
  return readGreyFile(ref.path, ref.kind, ref.dpi);
}
