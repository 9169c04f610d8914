import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The shared fingerprint sets folder: $WHORL_FINGERPRINTS, else ../shared/data/fingerprints from the
 * repository root (a checkout in /work/main), else ../../shared/... (a worktree in /work/wt/<name>).
 * Undefined when none exists.
 */
export function sharedFingerprints(): string | undefined {
  const c = [process.env.WHORL_FINGERPRINTS, join('..', 'shared', 'data', 'fingerprints'), join('..', '..', 'shared', 'data', 'fingerprints')];
  for (const p of c) if (p && existsSync(p)) return resolve(p);
  return undefined;
}
