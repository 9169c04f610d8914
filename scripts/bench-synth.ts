/**
 * Benchmark of the synthetic generator: impressions per second at 288×384, 500 dpi, masters
 * included (8 impressions per finger), PNG writing included, with 1 and 2 worker threads.
 * Writes out/bench/synth.json and prints a short table. CPU time per image (all threads of the
 * process) is reported too: wall-clock figures drop when other work shares the two cores. Run: npm run bench:synth
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { generateDataset } from '../host/synth/dataset.js';

const fingers = Number(process.env.BENCH_FINGERS ?? 16);
const impressions = 8;
const root = new URL('../../', import.meta.url).pathname;
const outDir = `${root}out/bench`;
await mkdir(outDir, { recursive: true });
const loadBefore = loadavg();
const rows: Array<{ workers: number; images: number; seconds: number; imagesPerSecond: number; masterMsMean: number; cpuMsPerImage: number }> = [];
// Warm-up (JIT, kernel bank) outside the measurement.
await generateDataset({ out: `${outDir}/synth-tmp`, fingers: 1, impressions: 2, seed: 999, workers: 0, progress: false });
for (const workers of [1, 2]) {
  const out = `${outDir}/synth-tmp`;
  await rm(out, { recursive: true, force: true });
  const cpu0 = process.cpuUsage();
  const res = await generateDataset({ out, fingers, impressions, seed: 1, workers, progress: false, command: 'npm run bench:synth' });
  const cpu = process.cpuUsage(cpu0);
  const images = fingers * impressions;
  rows.push({ workers, images, seconds: res.seconds, imagesPerSecond: images / res.seconds, masterMsMean: res.masterMs / fingers, cpuMsPerImage: (cpu.user + cpu.system) / 1000 / images });
}
await rm(`${outDir}/synth-tmp`, { recursive: true, force: true });
const report = {
  generatedBy: 'npm run bench:synth (scripts/bench-synth.ts)',
  date: new Date().toISOString(),
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  // Load average before the run: the machine is shared, other work lowers the figures.
  loadBefore: loadBefore.map((v) => Math.round(v * 100) / 100),
  size: '288x384',
  dpi: 500,
  fingers,
  impressionsPerFinger: impressions,
  rows,
};
await writeFile(`${outDir}/synth.json`, JSON.stringify(report, null, 1) + '\n');
console.log(`load average before: ${loadBefore.map((v) => v.toFixed(2)).join(' ')}`);
console.log('workers  images  seconds  images/s  master ms  cpu ms/image');
for (const r of rows) {
  console.log(`${String(r.workers).padStart(7)}  ${String(r.images).padStart(6)}  ${r.seconds.toFixed(2).padStart(7)}  ${r.imagesPerSecond.toFixed(1).padStart(8)}  ${r.masterMsMean.toFixed(0).padStart(9)}  ${r.cpuMsPerImage.toFixed(1).padStart(12)}`);
}
console.log(`written ${outDir}/synth.json`);
