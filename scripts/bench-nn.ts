/**
 * Int8 runtime cost on the emulated ARM9: `node dist/scripts/bench-nn.js [--out docs]`.
 * Builds the bench image, runs it in QEMU (-icount shift=0,sleep=off), writes docs/nn-bench.json and
 * the table in docs/nn-bench.md. Fails when the device's outputs differ from the TS runtime.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchModel, buildBenchImage, parseMap, runBenchImage } from '../host/nn/bench.js';
import { benchTable, parseBenchOutput } from '../host/nn/benchreport.js';

const root = new URL('../../', import.meta.url).pathname;
const outIdx = process.argv.indexOf('--out');
const outDir = outIdx > 0 ? process.argv[outIdx + 1] : join(root, 'docs');
const work = mkdtempSync(join(tmpdir(), 'whorl-nnbench-'));
try {
  const bm = benchModel(work);
  const elf = await buildBenchImage(join(root, 'firmware'), bm.blob, bm.input);
  const out = await runBenchImage(elf);
  const map = parseMap(readFileSync(elf.replace(/\.elf$/, '.map'), 'utf8'));
  const codeBytes: Record<string, number> = {};
  for (const [obj, s] of Object.entries(map)) if (obj.startsWith('nn/')) codeBytes[obj] = s.code;
  const r = parseBenchOutput(out, bm.model, bm.embedding, { blobBytes: bm.blob.length, codeBytes });
  if (!r.bitExact.deviceEmbeddingEqualsTs || r.bitExact.goldenCases.length < 5) throw new Error('device results differ from the TypeScript runtime');
  const table = benchTable(r);
  writeFileSync(join(outDir, 'nn-bench.json'), JSON.stringify({ generatedBy: 'node dist/scripts/bench-nn.js', ...r }, null, 2) + '\n');
  const md = readFileSync(join(outDir, 'nn-bench.md'), 'utf8');
  const start = '<!-- bench-nn:start -->', end = '<!-- bench-nn:end -->';
  const a = md.indexOf(start), b = md.indexOf(end);
  if (a >= 0 && b > a) writeFileSync(join(outDir, 'nn-bench.md'), md.slice(0, a + start.length) + '\n' + table + '\n' + md.slice(b));
  console.log(table);
  console.log(`conv stack ${r.convStack.optPerMac.toFixed(3)} instr/MAC (ref ${r.convStack.refPerMac.toFixed(2)}), embedding ${r.embedding.optInstr} instr, preprocessing ${r.preprocessing.instr} instr, score ${r.score.instr} instr, stack ${r.memory.stackBytes} B`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
