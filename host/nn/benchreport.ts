/** Turns the bench image's output into the JSON and tables of docs/nn-bench.md. */
import { crc32Hex } from '../util/crc.js';
import { WhorlError } from '../util/errors.js';
import { INSTR_PER_TICK, layerMacs, MODEL_BENCH_PRINTS, type ModelBench } from './bench.js';
import { QUALITY_NAMES } from './printpre.js';
import { Op, type QLayer, type QModel } from './qmodel.js';

export interface BenchLayer { index: number; op: string; out: string; macs: number; refInstr: number; optInstr: number; refPerMac?: number; optPerMac?: number; ratio: number }
export interface BenchResult {
  device: string;
  counter: { instructionsPerTick: number; calibration: { instructions: number; ticks: number } };
  layers: BenchLayer[];
  convStack: { macs: number; refInstr: number; optInstr: number; refPerMac: number; optPerMac: number; target: number };
  embedding: { refInstr: number; optInstr: number; ratio: number; targetWithPreprocessing: number };
  score: { instr: number; length: number };
  maxpool2x2: { input: string; refInstr: number; optInstr: number; perOutput: number };
  load: { parseInstr: number; prepareInstr: number };
  preprocessing: { source: string; output: string; instr: number };
  total: { preprocessingPlusEmbedding: number; target: number; msAt200MHzOneInstrPerCycle: number };
  memory: { arenaBytes: number; packedWeightBytes: number; stackBytes: number; blobBytes: number; codeBytes: Record<string, number> };
  bitExact: { goldenCases: string[]; deviceEmbeddingEqualsTs: boolean };
}

export const OPS: Record<number, string> = { [Op.CONV2D]: 'conv', [Op.MAXPOOL]: 'maxpool', [Op.AVGPOOL]: 'avgpool', [Op.GAP]: 'gap', [Op.DENSE]: 'dense', [Op.L2NORM]: 'l2norm', [Op.LUT]: 'lut' };
export const num = (s: string, key: string): number => {
  const m = new RegExp(`${key}=(-?\\d+)`).exec(s);
  if (!m) throw new WhorlError('NN_BENCH_OUTPUT', `bench output lacks ${key}: ${s || '(line missing)'}`, { context: { key, line: s } });
  return Number(m[1]);
};
export const I = (ticks: number): number => Math.round(ticks * INSTR_PER_TICK);
export const hexBytes = (line: string, prefix: string): Int8Array => Int8Array.from(Buffer.from(line.slice(prefix.length).trim(), 'hex'));
export const sameBytes = (a: Int8Array, b: Int8Array): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/** The "nnbench ..." lines of an output and a finder by prefix. */
export function benchLines(out: string): { lines: string[]; find: (p: string) => string } {
  const lines = out.split('\n').filter((l) => l.startsWith('nnbench '));
  return { lines, find: (p: string): string => lines.find((l) => l.startsWith(`nnbench ${p}`)) ?? '' };
}

/** Per-layer figures and the conv-stack totals. */
export function parseLayers(find: (p: string) => string, model: QModel): { layers: BenchLayer[]; macs: number; refInstr: number; optInstr: number } {
  const layers: BenchLayer[] = model.layers.map((l, i) => {
    const s = find(`layer ${i} `);
    const macs = layerMacs(l);
    const refInstr = I(num(s, 'ref_ticks')), optInstr = I(num(s, 'opt_ticks'));
    return {
      index: i, op: OPS[l.op], out: `${l.outShape.h}x${l.outShape.w}x${l.outShape.c}`, macs, refInstr, optInstr,
      refPerMac: macs ? refInstr / macs : undefined, optPerMac: macs ? optInstr / macs : undefined,
      ratio: optInstr ? refInstr / optInstr : 1,
    };
  });
  const convs = layers.filter((l) => l.op === 'conv');
  return {
    layers, macs: convs.reduce((a, l) => a + l.macs, 0),
    refInstr: convs.reduce((a, l) => a + l.refInstr, 0), optInstr: convs.reduce((a, l) => a + l.optInstr, 0),
  };
}

/** Parses the "nnbench ..." lines. */
export function parseBenchOutput(out: string, model: QModel, tsEmbedding: Int8Array, extra: { blobBytes: number; codeBytes: Record<string, number> }): BenchResult {
  const { lines, find } = benchLines(out);
  const calib = find('calib');
  const ipt = num(calib, 'instructions') / num(calib, 'ticks');
  const { layers, macs: cm, refInstr: cr, optInstr: co } = parseLayers(find, model);
  const emb = find('embed ');
  const devEmb = hexBytes(find('emb '), 'nnbench emb ');
  const prep = find('prepare');
  const r: BenchResult = {
    device: 'QEMU 7.2 versatilepb -cpu ti925t (ARMv4T), -icount shift=0,sleep=off',
    counter: { instructionsPerTick: ipt, calibration: { instructions: num(calib, 'instructions'), ticks: num(calib, 'ticks') } },
    layers,
    convStack: { macs: cm, refInstr: cr, optInstr: co, refPerMac: cr / cm, optPerMac: co / cm, target: 1.5 },
    embedding: { refInstr: I(num(emb, 'ref_ticks')), optInstr: I(num(emb, 'opt_ticks')), ratio: num(emb, 'ref_ticks') / num(emb, 'opt_ticks'), targetWithPreprocessing: 60e6 },
    score: { instr: I(num(find('score1000'), 'ticks')) / 1000, length: tsEmbedding.length },
    maxpool2x2: { input: '48x48x16', refInstr: I(num(find('maxpool'), 'ref_ticks')), optInstr: I(num(find('maxpool'), 'opt_ticks')), perOutput: I(num(find('maxpool'), 'opt_ticks')) / (24 * 24 * 16) },
    load: { parseInstr: I(num(find('parse'), 'ticks')), prepareInstr: I(num(prep, 'ticks')) },
    preprocessing: { source: '384x288', output: '96x96', instr: I(num(find('preprocess'), 'ticks')) },
    total: { preprocessingPlusEmbedding: 0, target: 60e6, msAt200MHzOneInstrPerCycle: 0 },
    memory: { arenaBytes: num(prep, 'arena_bytes'), packedWeightBytes: num(prep, 'packed_bytes'), stackBytes: num(find('stack'), 'used'), blobBytes: extra.blobBytes, codeBytes: extra.codeBytes },
    bitExact: {
      goldenCases: lines.filter((l) => / ok bytes-differing=0$/.test(l)).map((l) => l.split(' ')[2]),
      deviceEmbeddingEqualsTs: sameBytes(devEmb, tsEmbedding),
    },
  };
  r.total.preprocessingPlusEmbedding = r.preprocessing.instr + r.embedding.optInstr;
  r.total.msAt200MHzOneInstrPerCycle = r.total.preprocessingPlusEmbedding / 200e3;
  return r;
}

/** Markdown table of a result. */
export function benchTable(r: BenchResult): string {
  const f = (n: number | undefined, d = 2): string => (n === undefined ? '' : n.toFixed(d));
  const rows = r.layers.map((l) => `| ${l.index} | ${l.op} | ${l.out} | ${l.macs} | ${l.refInstr} | ${l.optInstr} | ${f(l.refPerMac)} | ${f(l.optPerMac)} | ${f(l.ratio)} |`);
  return [
    '| layer | op | output | MACs | ref instr | ARMv4T instr | ref instr/MAC | ARMv4T instr/MAC | ratio |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    `| conv stack | | | ${r.convStack.macs} | ${r.convStack.refInstr} | ${r.convStack.optInstr} | ${f(r.convStack.refPerMac)} | **${f(r.convStack.optPerMac)}** | ${f(r.convStack.refInstr / r.convStack.optInstr)} |`,
    `| embedding | | | | ${r.embedding.refInstr} | **${r.embedding.optInstr}** | | | ${f(r.embedding.ratio)} |`,
    '',
    '| item | guest instructions |',
    '|---|---|',
    `| preprocessing ${r.preprocessing.source} → ${r.preprocessing.output} | ${r.preprocessing.instr} |`,
    `| preprocessing + embedding (ARMv4T kernels) | **${r.total.preprocessingPlusEmbedding}** (target < 60 000 000; ${f(r.total.msAt200MHzOneInstrPerCycle, 1)} ms at 200 MHz, 1 instr/cycle) |`,
    `| one 1:1 score (dot product of ${r.score.length}) | ${f(r.score.instr, 0)} |`,
    `| max pooling 2×2/2 of 48×48×16 (not in the network): reference / ARMv4T | ${r.maxpool2x2.refInstr} / ${r.maxpool2x2.optInstr} (${f(r.maxpool2x2.perOutput)} per output) |`,
    `| blob parse + CRC check (${r.memory.blobBytes} B) | ${r.load.parseInstr} |`,
    `| ARMv4T weight packing | ${r.load.prepareInstr} |`,
    '',
    '| memory | bytes |',
    '|---|---|',
    `| model blob (flash) | ${r.memory.blobBytes} |`,
    `| activation arena (RAM) | ${r.memory.arenaBytes} |`,
    `| packed conv + dense weights and requantization (RAM) | ${r.memory.packedWeightBytes} |`,
    `| im2col buffer (RAM, nn_armv4t_ctx_t) | ${2 * 2304} |`,
    `| stack used by the bench (whole run) | ${r.memory.stackBytes} |`,
    ...Object.entries(r.memory.codeBytes).map(([o, b]) => `| code+rodata ${o} | ${b} |`),
  ].join('\n');
}
