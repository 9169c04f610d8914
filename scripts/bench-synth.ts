/**
 * Benchmark of the synthetic generator: impressions per second at 288×384, 500 dpi, masters
 * included (8 impressions per finger), PNG writing included, with 1 and 2 worker threads; each
 * configuration runs REPEATS times, best and median reported (the machine is shared: other work
 * lowers the wall-clock figures). CPU time per image (all threads of the process) is reported too.
 * Writes out/bench/synth.json and prints a short table. Run: npm run bench:synth
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { generateDataset } from '../host/synth/dataset.js';

const fingers = Number(process.env.BENCH_FINGERS ?? 16);
const repeats = Number(process.env.BENCH_REPEATS ?? 3);
const impressions = 8;
const root = new URL('../../', import.meta.url).pathname;
const outDir = `${root}out/bench`;
const tmp = `${outDir}/synth-tmp`;
await mkdir(outDir, { recursive: true });

interface Run {
  seconds: number;
  imagesPerSecond: number;
  masterMsMean: number;
  cpuMsPerImage: number;
  load1: number;
}
const loadBefore = loadavg();
// Warm-up (JIT, kernel bank) outside the measurement.
await generateDataset({ out: tmp, fingers: 1, impressions: 2, seed: 999, workers: 0, progress: false });
const rows = [];
const images = fingers * impressions;
for (const workers of [1, 2]) {
  const runs: Run[] = [];
  for (let r = 0; r < repeats; r++) {
    await rm(tmp, { recursive: true, force: true });
    const load1 = loadavg()[0];
    const cpu0 = process.cpuUsage();
    const res = await generateDataset({ out: tmp, fingers, impressions, seed: 1, workers, progress: false, command: 'npm run bench:synth' });
    const cpu = process.cpuUsage(cpu0);
    runs.push({
      seconds: res.seconds,
      imagesPerSecond: images / res.seconds,
      masterMsMean: res.masterMs / fingers,
      cpuMsPerImage: (cpu.user + cpu.system) / 1000 / images,
      load1,
    });
  }
  const byRate = [...runs].sort((a, b) => b.imagesPerSecond - a.imagesPerSecond);
  rows.push({ workers, images, best: byRate[0], median: byRate[Math.floor(byRate.length / 2)], runs });
}
await rm(tmp, { recursive: true, force: true });
const report = {
  generatedBy: 'npm run bench:synth (scripts/bench-synth.ts)',
  date: new Date().toISOString(),
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  loadBefore: loadBefore.map((v) => Math.round(v * 100) / 100),
  size: '288x384',
  dpi: 500,
  fingers,
  impressionsPerFinger: impressions,
  repeats,
  rows,
};
await writeFile(`${outDir}/synth.json`, JSON.stringify(report, null, 1) + '\n');
console.log(`load average before: ${loadBefore.map((v) => v.toFixed(2)).join(' ')}`);
console.log('workers  images  best img/s  median img/s  master ms (best)  cpu ms/image (best)');
for (const r of rows) {
  console.log(
    `${String(r.workers).padStart(7)}  ${String(r.images).padStart(6)}  ${r.best.imagesPerSecond.toFixed(1).padStart(10)}  ` +
      `${r.median.imagesPerSecond.toFixed(1).padStart(12)}  ${r.best.masterMsMean.toFixed(0).padStart(16)}  ${r.best.cpuMsPerImage.toFixed(1).padStart(19)}`,
  );
}
console.log(`written ${outDir}/synth.json`);
