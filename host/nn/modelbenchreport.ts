/** Turns the output of the bench image built for a model blob (with sensor images) into the JSON and
 * tables of docs/nn-bench.md's model section (docs/nn-bench-model.json). */
import { crc32Hex } from '../util/crc.js';
import { WhorlError } from '../util/errors.js';
import { MODEL_BENCH_PRINTS, type ModelBench } from './bench.js';
import { benchLines, hexBytes, I, num, OPS, parseLayers, sameBytes, type BenchLayer } from './benchreport.js';
import { QUALITY_NAMES } from './printpre.js';
import { Op, type QLayer, type QModel } from './qmodel.js';

/** Result of the benchmark of a model blob (docs/nn-bench-model.json). */
export interface ModelBenchResult {
  device: string;
  counter: { instructionsPerTick: number; calibration: { instructions: number; ticks: number } };
  model: { file: string; name: string; crc32: string; blobBytes: number; input: string; embeddingLength: number; preprocessingKind: number; print?: ModelBench['model']['print']; network: string };
  sensor: { generator: string; seed: number; finger: number; impressions: number[]; size: string; dpi: number; verdict: { reason: string; quality: number; core?: boolean } };
  layers: BenchLayer[];
  convStack: { macs: number; refInstr: number; optInstr: number; refPerMac: number; optPerMac: number; target: number; met: boolean };
  embedding: { refInstr: number; optInstr: number; ratio: number };
  preprocessing: { kind: number; source: string; output: string; instr: number };
  total: { preprocessingPlusEmbedding: number; secondImpression: number; target: number; met: boolean; msAt200MHzOneInstrPerCycle: number };
  score: { instr: number; length: number; value: number; cosine: number };
  load: { parseInstr: number; prepareInstr: number };
  memory: {
    ram: { arenaBytes: number; packedWeightBytes: number; armv4tCtxBytes: number; modelDescriptorBytes: number; printWorkBytes: number; printWorkMax: number; preprocessedImageBytes: number;
      stack: { preprocessing: number; modelRun: number; preprocessingPlusEmbedding: number; wholeBench: number } };
    flash: { blobBytes: number; int8WeightBytes: number; int32Bytes: number; lutBytes: number; headerRecordsCrcPadBytes: number; codeBytes: Record<string, number>; codeTotal: number };
  };
  bitExact: { goldenCases: string[]; layersRefEqualsArmv4t: boolean; preprocessingEqualsTs: boolean; deviceEmbeddingEqualsTs: boolean; pipelineEmbeddingsEqualTs: boolean; scoreEqualsTs: boolean };
}

/** One line describing a network from its layers ("flatten" where a dense layer takes a map). */
export function describeNetwork(m: QModel): string {
  const part = (l: QLayer, i: number): string => {
    const prev = i > 0 ? m.layers[i - 1].outShape : m.input;
    switch (l.op) {
      case Op.CONV2D: return `conv ${l.kh}×${l.kw}/${l.stride} ${l.outShape.c}`;
      case Op.MAXPOOL: case Op.AVGPOOL: return `${OPS[l.op]} ${l.kh}×${l.kw}/${l.stride}`;
      case Op.DENSE: return `${prev.h * prev.w > 1 ? `flatten ${prev.h}×${prev.w}×${prev.c}, ` : ''}dense ${l.outShape.c}`;
      default: return OPS[l.op];
    }
  };
  return [`${m.input.h}×${m.input.w}×${m.input.c}`, ...m.layers.map(part)].join(', ');
}

/**
 * Parses the output of the bench image built for a model blob (with sensor images) and checks it
 * against the TypeScript runtime. `extra`: sizes from the map file and the blob's file name.
 */
export function parseModelBenchOutput(out: string, mb: ModelBench, extra: { file: string; flashBlobBytes: number; codeBytes: Record<string, number> }): ModelBenchResult {
  const { lines, find } = benchLines(out);
  const model = mb.model;
  const calib = find('calib');
  const { layers, macs: cm, refInstr: cr, optInstr: co } = parseLayers(find, model);
  const emb = find('embed ');
  const prep = find('prepare');
  const sp = find('sensorpre');
  const mr = find('modelrun');
  const ep = mb.sensor.map((_, k) => find(`embedprint ${k} `));
  const embp = mb.sensor.map((_, k) => hexBytes(find(`embp ${k} `), `nnbench embp ${k} `));
  const pair = find('pairscore1000');
  for (const [k, l] of [['sensorpre', sp], ['modelrun', mr], ['pairscore1000', pair], ...ep.map((l, k) => [`embedprint ${k}`, l])]) {
    if (!l) throw new WhorlError('NN_BENCH_OUTPUT', `bench output lacks the "nnbench ${k}" line (sensor images not run?)`, { context: { missing: k } });
  }
  const s0 = mb.sensor[0];
  const tsPrint = mb.ts.print;
  const dv = new DataView(mb.blob.buffer, mb.blob.byteOffset, mb.blob.byteLength);
  const w8 = model.layers.reduce((a, l) => a + (l.weights?.length ?? 0), 0);
  const w32 = model.layers.reduce((a, l) => a + 4 * ((l.bias?.length ?? 0) + (l.mult?.length ?? 0) + (l.shift?.length ?? 0)), 0);
  const luts = model.layers.reduce((a, l) => a + (l.lut?.length ?? 0), 0);
  const codeTotal = Object.values(extra.codeBytes).reduce((a, b) => a + b, 0);
  const r: ModelBenchResult = {
    device: 'QEMU 7.2 versatilepb -cpu ti925t (ARMv4T), -icount shift=0,sleep=off',
    counter: { instructionsPerTick: num(calib, 'instructions') / num(calib, 'ticks'), calibration: { instructions: num(calib, 'instructions'), ticks: num(calib, 'ticks') } },
    model: {
      file: extra.file, name: model.name, crc32: crc32Hex(dv.getUint32(mb.blob.length - 4, true)), blobBytes: mb.blob.length,
      input: `${model.input.h}x${model.input.w}x${model.input.c}`, embeddingLength: mb.embedding.length, preprocessingKind: model.print ? 2 : 1,
      print: model.print, network: describeNetwork(model),
    },
    sensor: {
      generator: 'syntheticImage (host/fp/client.ts, host/synth)', seed: MODEL_BENCH_PRINTS.seed, finger: MODEL_BENCH_PRINTS.finger, impressions: [...MODEL_BENCH_PRINTS.impressions],
      size: `${s0.width}x${s0.height}`, dpi: s0.dpi,
      verdict: { reason: QUALITY_NAMES[mb.ts.reasons[0]] ?? String(mb.ts.reasons[0]), quality: mb.ts.qualities[0], core: tsPrint?.core },
    },
    layers,
    convStack: { macs: cm, refInstr: cr, optInstr: co, refPerMac: cr / cm, optPerMac: co / cm, target: 1.5, met: co / cm <= 1.5 },
    embedding: { refInstr: I(num(emb, 'ref_ticks')), optInstr: I(num(emb, 'opt_ticks')), ratio: num(emb, 'ref_ticks') / num(emb, 'opt_ticks') },
    preprocessing: { kind: num(sp, 'kind'), source: `${s0.width}x${s0.height} at ${s0.dpi} dpi`, output: `${model.input.w}x${model.input.h}`, instr: I(num(sp, 'ticks')) },
    total: { preprocessingPlusEmbedding: I(num(ep[0], 'ticks')), secondImpression: ep[1] ? I(num(ep[1], 'ticks')) : 0, target: 60e6, met: false, msAt200MHzOneInstrPerCycle: 0 },
    score: { instr: I(num(pair, 'ticks')) / 1000, length: mb.embedding.length, value: num(pair, 'score'), cosine: num(pair, 'score') / 16129 },
    load: { parseInstr: I(num(find('parse'), 'ticks')), prepareInstr: I(num(prep, 'ticks')) },
    memory: {
      ram: {
        arenaBytes: num(prep, 'arena_bytes'), packedWeightBytes: num(prep, 'packed_bytes'), armv4tCtxBytes: num(mr, 'ctx_bytes'), modelDescriptorBytes: num(mr, 'model_bytes'),
        printWorkBytes: num(sp, 'work_bytes'), printWorkMax: model.print ? num(sp, 'work_max') : 0, preprocessedImageBytes: model.input.h * model.input.w,
        stack: { preprocessing: num(sp, 'stack'), modelRun: num(mr, 'stack'), preprocessingPlusEmbedding: Math.max(...ep.map((l) => num(l, 'stack'))), wholeBench: num(find('stack'), 'used') },
      },
      flash: {
        blobBytes: extra.flashBlobBytes, int8WeightBytes: w8, int32Bytes: w32, lutBytes: luts, headerRecordsCrcPadBytes: mb.blob.length - w8 - w32 - luts,
        codeBytes: extra.codeBytes, codeTotal,
      },
    },
    bitExact: {
      goldenCases: lines.filter((l) => / ok bytes-differing=0$/.test(l)).map((l) => l.split(' ')[2]),
      layersRefEqualsArmv4t: model.layers.every((_, i) => num(find(`layer ${i} `), 'mismatch') === 0),
      preprocessingEqualsTs: num(sp, 'err') === 0 && num(sp, 'mismatch') === 0 &&
        (!tsPrint || (num(sp, 'reason') === tsPrint.reason && num(sp, 'quality') === tsPrint.quality && num(sp, 'core') === (tsPrint.core ? 1 : 0))),
      deviceEmbeddingEqualsTs: sameBytes(hexBytes(find('emb '), 'nnbench emb '), mb.embedding),
      pipelineEmbeddingsEqualTs: ep.every((l, k) => num(l, 'err') === 0 && num(l, 'reason') === mb.ts.reasons[k] && num(l, 'quality') === mb.ts.qualities[k]) &&
        embp.every((e, k) => sameBytes(e, mb.ts.embeddings[k])),
      scoreEqualsTs: num(pair, 'score') === mb.ts.score,
    },
  };
  r.total.met = r.total.preprocessingPlusEmbedding < r.total.target;
  r.total.msAt200MHzOneInstrPerCycle = r.total.preprocessingPlusEmbedding / 200e3;
  return r;
}

/** The checks of a model benchmark that failed (empty: the device matches the TypeScript runtime). */
export function modelBenchFailures(r: ModelBenchResult): string[] {
  const b = r.bitExact;
  return [
    b.goldenCases.length < 5 ? `golden cases passed on the device: ${b.goldenCases.join(', ') || 'none'} (5 expected)` : '',
    b.layersRefEqualsArmv4t ? '' : 'reference and ARMv4T kernels differ on some layer',
    b.preprocessingEqualsTs ? '' : 'device preprocessing (image or verdict) differs from the TypeScript one',
    b.deviceEmbeddingEqualsTs ? '' : 'device embedding (nn_model_run) differs from forwardI8',
    b.pipelineEmbeddingsEqualTs ? '' : 'device embeddings of the sensor images (nn_embed_print) differ from Int8Reference',
    b.scoreEqualsTs ? '' : 'device score differs from the TypeScript score',
  ].filter((x) => x);
}

/** Markdown tables of a model benchmark. */
export function modelBenchTable(r: ModelBenchResult): string {
  const f = (n: number | undefined, d = 2): string => (n === undefined ? '' : n.toFixed(d));
  const rows = r.layers.map((l) => `| ${l.index} | ${l.op} | ${l.out} | ${l.macs} | ${l.refInstr} | ${l.optInstr} | ${f(l.refPerMac)} | ${f(l.optPerMac)} | ${f(l.ratio)} |`);
  const ram = r.memory.ram, fl = r.memory.flash, m = r.model;
  const pre = m.print ? `kind 2, ${m.print.dpi} dpi, block ${m.print.block}, register ${m.print.register ?? 0}` : 'kind 1';
  return [
    `Model \`${m.file}\` ("${m.name}", ${m.blobBytes} B, CRC-32 ${m.crc32}): ${m.network}; preprocessing ${pre}. ` +
      `Sensor images: impressions ${r.sensor.impressions.join(' and ')} of synthetic finger ${r.sensor.finger} (generator seed ${r.sensor.seed}), ` +
      `${r.sensor.size.replace('x', '×')} at ${r.sensor.dpi} dpi; verdict of impression ${r.sensor.impressions[0]}: ${r.sensor.verdict.reason}, quality ${r.sensor.verdict.quality}` +
      `${r.sensor.verdict.core === undefined ? '' : r.sensor.verdict.core ? ', crop on the core' : ', crop on the foreground centroid'}.`,
    '',
    '| layer | op | output | MACs | ref instr | ARMv4T instr | ref instr/MAC | ARMv4T instr/MAC | ratio |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    `| conv stack | | | ${r.convStack.macs} | ${r.convStack.refInstr} | ${r.convStack.optInstr} | ${f(r.convStack.refPerMac)} | **${f(r.convStack.optPerMac)}** (target ≤ ${r.convStack.target}: ${r.convStack.met ? 'met' : 'not met'}) | ${f(r.convStack.refInstr / r.convStack.optInstr)} |`,
    `| embedding | | | | ${r.embedding.refInstr} | **${r.embedding.optInstr}** | | | ${f(r.embedding.ratio)} |`,
    '',
    '| item | guest instructions |',
    '|---|---|',
    `| preprocessing (${r.preprocessing.kind === 2 ? 'nn_print_preprocess' : 'nn_preprocess'}) ${r.preprocessing.source.replace('x', '×')} → ${r.preprocessing.output.replace('x', '×')} | ${r.preprocessing.instr} |`,
    `| preprocessing + embedding (nn_embed_print, ARMv4T kernels) | **${r.total.preprocessingPlusEmbedding}** (target < 60 000 000: ${r.total.met ? 'met' : 'not met'}; ${f(r.total.msAt200MHzOneInstrPerCycle, 1)} ms at 200 MHz, 1 instr/cycle) |`,
    ...(r.total.secondImpression ? [`| the same, impression ${r.sensor.impressions[1]} | ${r.total.secondImpression} |`] : []),
    `| one 1:1 score (dot product of ${r.score.length}) | ${f(r.score.instr, 0)} (score of the two impressions: ${r.score.value}, cos ≈ ${f(r.score.cosine, 3)}) |`,
    `| blob parse + CRC check (${m.blobBytes} B) | ${r.load.parseInstr} |`,
    `| ARMv4T weight packing | ${r.load.prepareInstr} |`,
    '',
    '| memory | bytes |',
    '|---|---|',
    `| RAM: activation arena | ${ram.arenaBytes} |`,
    `| RAM: preprocessing work buffer, nn_print_work_bytes for ${r.sensor.size.replace('x', '×')} at ${r.sensor.dpi} dpi${ram.printWorkMax ? ` (NN_PRINT_WORK_MAX ${ram.printWorkMax})` : ''} | ${ram.printWorkBytes} |`,
    `| RAM: preprocessed image | ${ram.preprocessedImageBytes} |`,
    `| RAM: packed conv + dense weights and requantization | ${ram.packedWeightBytes} |`,
    `| RAM: nn_armv4t_ctx_t (im2col buffer, layer pointers) | ${ram.armv4tCtxBytes} |`,
    `| RAM: nn_model_t | ${ram.modelDescriptorBytes} |`,
    `| stack: preprocessing / nn_model_run / preprocessing + embedding | ${ram.stack.preprocessing} / ${ram.stack.modelRun} / ${ram.stack.preprocessingPlusEmbedding} |`,
    `| stack: whole bench run | ${ram.stack.wholeBench} |`,
    `| flash: model blob (map file) | ${fl.blobBytes} |`,
    `| flash: of which int8 weights / int32 bias and requantization / activation tables / header, records, CRC | ${fl.int8WeightBytes} / ${fl.int32Bytes} / ${fl.lutBytes} / ${fl.headerRecordsCrcPadBytes} |`,
    ...Object.entries(fl.codeBytes).map(([o, b]) => `| flash: code+rodata ${o} | ${b} |`),
    `| flash: code+rodata, total | ${fl.codeTotal} |`,
  ].join('\n');
}
