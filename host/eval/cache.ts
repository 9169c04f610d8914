import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile, rename, stat, writeFile, access, constants } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** SHA-256 of image file content, hex. */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Per-image feature cache on disk: `<dir>/<matcher id>@<version>/<hash[0..2]>/<hash>-<dpi>.bin`,
 * where hash is the SHA-256 of the image file content. Each entry is written as soon as it is
 * extracted (write to a temporary name, then rename), so an interrupted run resumes. Pair scores
 * are logged too (see loadScores), so a second run with the same matcher does no work at all.
 */
export class FeatureCache {
  readonly root: string;
  hits = 0;
  misses = 0;

  constructor(dir: string, matcherId: string, matcherVersion: string) {
    this.root = join(dir, `${safe(matcherId)}@${safe(matcherVersion)}`);
  }

  private file(hash: string, dpi: number): string {
    return join(this.root, hash.slice(0, 2), `${hash}-${dpi}.bin`);
  }

  async get(hash: string, dpi: number): Promise<Uint8Array | undefined> {
    try {
      const b = await readFile(this.file(hash, dpi));
      this.hits++;
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    } catch {
      this.misses++;
      return undefined;
    }
  }

  private scores?: Map<string, number>;
  scoreHits = 0;

  private scoreKey(ha: string, hb: string, dpi: number): string {
    return `${ha}:${hb}:${dpi}`;
  }

  /**
   * Loads the score log `<root>/scores.tsv` (lines "hashA hashB dpi score", appended as pairs are
   * compared), so that a repeated or interrupted run skips pairs already scored.
   */
  async loadScores(): Promise<void> {
    this.scores = new Map();
    let text = '';
    try {
      text = await readFile(join(this.root, 'scores.tsv'), 'utf8');
    } catch {
      return;
    }
    for (const line of text.split('\n')) {
      const f = line.split('\t');
      if (f.length !== 4) continue; // a torn last line from an interrupted run
      const v = Number(f[3]);
      if (f[3] !== '' && Number.isFinite(v)) this.scores.set(this.scoreKey(f[0], f[1], Number(f[2])), v);
    }
  }

  /** A cached score of (image a, image b) at `dpi`, if any. */
  getScore(ha: string, hb: string, dpi: number): number | undefined {
    const v = this.scores?.get(this.scoreKey(ha, hb, dpi));
    if (v !== undefined) this.scoreHits++;
    return v;
  }

  /** Appends scores to the log. */
  async putScores(entries: Array<[ha: string, hb: string, score: number]>, dpi: number): Promise<void> {
    if (entries.length === 0) return;
    await mkdir(this.root, { recursive: true });
    await appendFile(join(this.root, 'scores.tsv'), entries.map(([a, b, v]) => `${a}\t${b}\t${dpi}\t${v}\n`).join(''));
    for (const [a, b, v] of entries) this.scores?.set(this.scoreKey(a, b, dpi), v);
  }

  async put(hash: string, dpi: number, bytes: Uint8Array): Promise<void> {
    const f = this.file(hash, dpi);
    await mkdir(join(this.root, hash.slice(0, 2)), { recursive: true });
    const tmp = `${f}.${process.pid}.tmp`;
    await writeFile(tmp, bytes);
    await rename(tmp, f);
  }
}

function safe(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]/g, '_');
}

/**
 * The cache folder to use for a dataset: `explicit` if given; else `<dataset>/.whorl-cache` when
 * the dataset folder is writable (access and mode bits); else `$XDG_CACHE_HOME/whorl/features` (or ~/.cache/whorl/features).
 */
export async function defaultCacheDir(datasetDir: string, explicit?: string): Promise<string> {
  if (explicit) return explicit;
  try {
    await access(datasetDir, constants.W_OK);
    // root passes access() everywhere: also honour the folder's mode bits (read-only shared sets).
    if (((await stat(datasetDir)).mode & 0o222) === 0) throw new Error('read-only folder');
    return join(datasetDir, '.whorl-cache');
  } catch {
    return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'whorl', 'features');
  }
}
