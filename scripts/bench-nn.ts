/**
 * Int8 runtime cost on the emulated ARM9: `node dist/scripts/bench-nn.js [--model FILE.wnn] [--out docs]`.
 * Builds the bench image, runs it in QEMU (-icount shift=0,sleep=off) and fails when the device's
 * outputs differ from the TS runtime.
 * Without --model: the random-weight benchmark network → docs/nn-bench.json and the table between the
 * bench-nn markers of docs/nn-bench.md.
 * With --model: that blob on synthetic sensor images through its own preprocessing (the product
 * path) → docs/nn-bench-model.json and the tables between the bench-nn-model markers.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { benchModel, buildBenchImage, mapSymbols, modelBench, parseMap, runBenchImage } from '../host/nn/bench.js';
import { benchTable, parseBenchOutput } from '../host/nn/benchreport.js';
import { modelBenchFailures, modelBenchTable, parseModelBenchOutput } from '../host/nn/modelbenchreport.js';
import { WhorlError } from '../host/util/errors.js';

const root = new URL('../../', import.meta.url).pathname;
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  if (i < 0) return undefined;
  const v = process.argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new WhorlError('E_USAGE', `${name} needs a value`, { context: { argv: process.argv.slice(2) } });
  return v;
};
let outDir = join(root, 'docs');

/** Replaces the text between `<!-- key:start -->` and `<!-- key:end -->` of a markdown file. */
function writeSection(file: string, key: string, text: string, required: boolean): void {
  const start = `<!-- ${key}:start -->`, end = `<!-- ${key}:end -->`;
  const md = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const a = md.indexOf(start), b = md.indexOf(end);
  if (a >= 0 && b > a) writeFileSync(file, md.slice(0, a + start.length) + '\n' + text + '\n' + md.slice(b));
  else if (required) throw new WhorlError('NN_BENCH_DOC', `${file} lacks the ${start} … ${end} markers`, { context: { file, key } });
}

/** nn/ objects and the libgcc members the image pulls in, with their code+rodata bytes. */
function codeBytesOf(map: string, withLibgcc: boolean): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [obj, s] of Object.entries(parseMap(map))) if (obj.startsWith('nn/') || (withLibgcc && obj.startsWith('libgcc.a(') && s.code > 0)) out[obj] = s.code;
  return out;
}

async function benchmarkNetwork(work: string): Promise<void> {
  const bm = benchModel(work);
  const elf = await buildBenchImage(join(root, 'firmware'), bm.blob, bm.input);
  const out = await runBenchImage(elf);
  const codeBytes = codeBytesOf(readFileSync(elf.replace(/\.elf$/, '.map'), 'utf8'), false);
  const r = parseBenchOutput(out, bm.model, bm.embedding, { blobBytes: bm.blob.length, codeBytes });
  if (!r.bitExact.deviceEmbeddingEqualsTs || r.bitExact.goldenCases.length < 5) throw new Error('device results differ from the TypeScript runtime');
  const table = benchTable(r);
  writeFileSync(join(outDir, 'nn-bench.json'), JSON.stringify({ generatedBy: 'node dist/scripts/bench-nn.js', ...r }, null, 2) + '\n');
  writeSection(join(outDir, 'nn-bench.md'), 'bench-nn', table, false);
  console.log(table);
  console.log(`conv stack ${r.convStack.optPerMac.toFixed(3)} instr/MAC (ref ${r.convStack.refPerMac.toFixed(2)}), embedding ${r.embedding.optInstr} instr, preprocessing ${r.preprocessing.instr} instr, score ${r.score.instr} instr, stack ${r.memory.stackBytes} B`);
}

async function benchmarkBlob(file: string): Promise<void> {
  const path = resolve(file);
  if (!existsSync(path)) throw new WhorlError('E_NOT_FOUND', `model blob ${path} does not exist`, { context: { path } });
  const shown = relative(root, path).startsWith('..') || isAbsolute(relative(root, path)) ? path : relative(root, path);
  const mb = modelBench(new Uint8Array(readFileSync(path)), shown);
  const elf = await buildBenchImage(join(root, 'firmware'), mb.blob, mb.input, mb.sensor);
  const out = await runBenchImage(elf);
  const map = readFileSync(elf.replace(/\.elf$/, '.map'), 'utf8');
  const sym = mapSymbols(map, ['bench_blob', 'bench_blob_end']);
  if (sym.bench_blob === undefined || sym.bench_blob_end === undefined) throw new WhorlError('NN_BENCH_MAP', 'map file lacks bench_blob / bench_blob_end', { context: { map: elf.replace(/\.elf$/, '.map') } });
  const r = parseModelBenchOutput(out, mb, { file: shown, flashBlobBytes: sym.bench_blob_end - sym.bench_blob, codeBytes: codeBytesOf(map, true) });
  const failures = modelBenchFailures(r);
  if (failures.length) throw new WhorlError('NN_BENCH_MISMATCH', `${shown}: ${failures.join('; ')}`, { context: { file: shown, bitExact: r.bitExact } });
  const table = modelBenchTable(r);
  writeFileSync(join(outDir, 'nn-bench-model.json'), JSON.stringify({ generatedBy: `node dist/scripts/bench-nn.js --model ${shown}`, ...r }, null, 2) + '\n');
  writeSection(join(outDir, 'nn-bench.md'), 'bench-nn-model', table, true);
  console.log(table);
  console.log(`${shown}: conv stack ${r.convStack.optPerMac.toFixed(3)} instr/MAC (target ${r.convStack.target}), preprocessing ${r.preprocessing.instr} + embedding ${r.embedding.optInstr} → ${r.total.preprocessingPlusEmbedding} instr (target ${r.total.target}), score ${r.score.instr} instr; device = TypeScript byte for byte`);
}

const work = mkdtempSync(join(tmpdir(), 'whorl-nnbench-'));
try {
  outDir = arg('--out') ?? outDir;
  const modelArg = arg('--model');
  if (modelArg !== undefined) await benchmarkBlob(modelArg);
  else await benchmarkNetwork(work);
} catch (e) {
  console.error(`bench-nn: ${e instanceof Error ? e.message : String(e)}`);
  if (e instanceof WhorlError && Object.keys(e.context).length) console.error(JSON.stringify(e.context, null, 2).slice(0, 4000));
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
