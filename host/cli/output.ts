/** Small output helpers for the CLI: JSON and aligned tables. */

export function printJson(v: unknown): void {
  process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
}

export function table(rows: Array<Array<string | number>>, header?: string[]): string {
  const all = header ? [header, ...rows] : rows;
  const w = all[0]?.map((_, i) => Math.max(...all.map((r) => String(r[i] ?? '').length))) ?? [];
  const fmt = (r: Array<string | number>) => r.map((c, i) => String(c).padEnd(w[i])).join('  ').trimEnd();
  const lines = all.map(fmt);
  if (header) lines.splice(1, 0, w.map((n) => '-'.repeat(n)).join('  '));
  return `${lines.join('\n')}\n`;
}
