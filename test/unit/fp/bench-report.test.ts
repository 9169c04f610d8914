/** The fp bench's report (host/fp/bench-report.ts): the committed docs/fp-bench.json renders to the
 * committed table of docs/fp-bench.md, prose around the markers is kept, a file without them is refused. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_END, BENCH_START, BenchError, markdown, writeBenchReport, type BenchResult } from '../../../host/fp/bench-report.js';

const DOCS = fileURLToPath(new URL('../../../../docs/', import.meta.url));
const committed = JSON.parse(readFileSync(join(DOCS, 'fp-bench.json'), 'utf8')) as BenchResult;
const dir = mkdtempSync(join(tmpdir(), 'whorl-fpbench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the committed JSON renders to the committed table', () => {
  const doc = readFileSync(join(DOCS, 'fp-bench.md'), 'utf8');
  const table = doc.slice(doc.indexOf(BENCH_START) + BENCH_START.length, doc.indexOf(BENCH_END)).trim();
  expect(markdown(committed)).toBe(table);
  expect(table).toContain(`IDENTIFY 1:N (${committed.identify.candidates} candidates)`);
});

test('writeBenchReport replaces only the table between the markers and writes the JSON', () => {
  const md = join(dir, 'fp-bench.md');
  writeFileSync(md, `# Cost\n\nprose before\n\n${BENCH_START}\nold table\n${BENCH_END}\n\nprose after\n`);
  const w = writeBenchReport(dir, committed);
  expect(readFileSync(md, 'utf8')).toBe(`# Cost\n\nprose before\n\n${BENCH_START}\n${w.table}\n${BENCH_END}\n\nprose after\n`);
  expect(JSON.parse(readFileSync(w.json, 'utf8'))).toEqual(committed);
});

test('a report file without the markers is refused and left as it was', () => {
  const sub = mkdtempSync(join(dir, 'nomark-'));
  writeFileSync(join(sub, 'fp-bench.md'), '# Cost\n\nno markers here\n');
  expect(() => writeBenchReport(sub, committed)).toThrow(BenchError);
  expect(() => writeBenchReport(sub, committed)).toThrow(/has no <!-- bench-fp:start --> \.\.\. <!-- bench-fp:end --> markers/);
  expect(readFileSync(join(sub, 'fp-bench.md'), 'utf8')).toBe('# Cost\n\nno markers here\n');
});
