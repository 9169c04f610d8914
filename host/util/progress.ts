import cliProgress from 'cli-progress';

export interface Progress {
  /** Advance by `n` steps, optionally updating the payload fields shown after the bar. */
  tick(n?: number, fields?: Record<string, string | number>): void;
  stop(): void;
}

/**
 * A progress bar on stderr when stderr is a terminal and `enabled` is not false; a silent
 * no-op otherwise (CI logs, `--json` output, tests).
 */
export function progress(label: string, total: number, opts: { enabled?: boolean; fields?: string[] } = {}): Progress {
  const on = opts.enabled ?? Boolean(process.stderr.isTTY);
  if (!on) return { tick: () => undefined, stop: () => undefined };
  const extra = (opts.fields ?? []).map((f) => ` ${f}={${f}}`).join('');
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total} {percentage}% eta {eta_formatted}${extra}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, {});
  return {
    tick: (n = 1, fields) => bar.increment(n, fields ?? {}),
    stop: () => bar.stop(),
  };
}
