/**
 * Power-cut campaign for the template store on QEMU: `npm run campaign:powercut -- [options]` (or
 * `node dist/scripts/powercut-campaign.js` after `npm run build`). One flash image; each round boots
 * the real firmware on it, checks the store against what the host saw acknowledged (LIST, the
 * device's start-up scan report, a 1:1 VERIFY of every template against the host int8 reference),
 * enrolls and deletes through the virtual sensor, and kills QEMU with SIGKILL at a seeded random
 * moment (host/fp/powercut.ts). Prints a table (or the JSON with --json) and writes the JSON to
 * --out FILE. Exit code 1 when an acknowledged enrollment was lost, anything unexpected was found,
 * the device reported a corrupt record or a template's VERIFY score differs from the reference.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { campaignPassed as passed, runPowercutCampaign, type PowercutResult, type RoundRecord } from '../host/fp/powercut.js';
import { WhorlError } from '../host/util/errors.js';

const HELP = `usage: node dist/scripts/powercut-campaign.js [options]
  --rounds N          power cuts (SIGKILL of QEMU), default 40; the board boots N + 1 times
  --seed S            PRNG seed of the cut moments and operations (default 1)
  --slots N           slots used, 0..N-1 (default 12)
  --store-blocks N    store partition size in erase blocks, 3..32 (default 32, the default layout;
                      fewer reach compaction sooner)
  --command-share X   share of the cuts aimed inside an ENROLL/DELETE, 0..1 (default 0.6)
  --console-log FILE  append every board's console to FILE
  --keep-image        keep the flash image (kept anyway when something is wrong)
  --out FILE          write the JSON result to FILE
  --json              print the JSON result on stdout instead of the table
  --verbose           one line per round on stderr
  --help`;

class UsageError extends WhorlError {}

function options() {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string' }, seed: { type: 'string' }, slots: { type: 'string' }, 'store-blocks': { type: 'string' },
      'command-share': { type: 'string' }, 'console-log': { type: 'string' }, 'keep-image': { type: 'boolean' },
      out: { type: 'string' }, json: { type: 'boolean' }, verbose: { type: 'boolean' }, help: { type: 'boolean' },
    },
  });
  if (values.help) { console.log(HELP); process.exit(0); }
  const num = (name: string, v: string | undefined, def: number, lo: number, hi: number, int = true): number => {
    const n = v === undefined ? def : Number(v);
    if (!Number.isFinite(n) || (int && !Number.isInteger(n)) || n < lo || n > hi) throw new UsageError('E_USAGE', `--${name} must be ${int ? 'an integer' : 'a number'} ${lo}..${hi}, got ${v}`, { context: { [name]: v } });
    return n;
  };
  return {
    cuts: num('rounds', values.rounds, 40, 1, 100000),
    seed: num('seed', values.seed, 1, 0, 0xffffffff),
    slots: num('slots', values.slots, 12, 1, 1024),
    storeBlocks: num('store-blocks', values['store-blocks'], 32, 3, 32),
    commandShare: num('command-share', values['command-share'], 0.6, 0, 1, false),
    consoleLog: values['console-log'], keepImage: values['keep-image'] ?? false,
    out: values.out, json: values.json ?? false, verbose: values.verbose ?? false,
  };
}

function table(r: PowercutResult): string {
  const d = r.cutDuring;
  const rows: Array<[string, string | number]> = [
    ['power cuts (SIGKILL of QEMU)', r.cuts],
    ['cuts while a command was in flight (no reply yet)', `${r.cutsInFlight} (ENROLL ${d.enroll}, DELETE ${d.delete}, DELETE_ALL ${d['delete-all']}, CAPTURE ${d.capture})`],
    ['in-flight store commands found not applied / applied', `${r.landed.old} / ${r.landed.new}`],
    ['acknowledged enrollments', r.acknowledged.enrolls],
    ['acknowledged deletes / delete-alls', `${r.acknowledged.deletes} / ${r.acknowledged.deleteAlls}`],
    ['acknowledged enrollments lost (must be 0)', r.lost],
    ['unexpected slots (must be 0)', r.unexpected],
    ['corrupt records reported by the device (must be 0)', r.device.corruptRecords],
    ['templates checked by VERIFY against the reference / differing (must be 0)', `${r.templatesChecked} / ${r.templateMismatches}`],
    ['torn records repaired at start-up (device report)', r.device.tornRecords],
    ['blocks formatted / compactions undone at start-up (device report)', `${r.device.blocksFormatted} / ${r.device.compactionsUndone}`],
    [`store: ${r.storeBlocks} blocks, erase counts at the end (sum)`, r.storeErases],
    ['boots', r.boots],
    ['wall time', `${r.wallS} s`],
  ];
  const lines = ['| figure | value |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)];
  lines.push('', `seed ${r.seed}, slots 0..${r.slots - 1}, ${cpus().length} host cores, load ${loadavg()[0].toFixed(1)}: ${passed(r) ? 'PASS' : 'FAIL'}`);
  for (const p of r.problems.slice(0, 20)) lines.push(`  ${p}`);
  if (r.image) lines.push(`flash image kept: ${r.image}`);
  return lines.join('\n');
}

function roundLine(x: RoundRecord): string {
  const m = x.mount;
  const cut = x.cut ? `cut ${x.cut.mode} at ${x.cut.atMs} ms during ${x.cut.during}${x.cut.inflight ? ` (${x.cut.inflight})` : ''}` : 'final check';
  return `round ${x.round}: ${m.live} templates, ${m.torn} torn, ${m.corrupt ?? '?'} corrupt${x.landed ? `, in-flight ${x.landed}` : ''}; ${x.templatesChecked} verified; ${cut}${x.problems.length ? `; ${x.problems.length} problem(s)` : ''}`;
}

async function main(): Promise<void> {
  const o = options();
  const r = await runPowercutCampaign({
    cuts: o.cuts, seed: o.seed, slots: o.slots, storeBlocks: o.storeBlocks, commandShare: o.commandShare, keepImage: o.keepImage,
    ...(o.consoleLog ? { consoleLog: o.consoleLog } : {}),
    ...(o.verbose ? { onRound: (x: RoundRecord) => process.stderr.write(`${roundLine(x)}\n`) } : {}),
  });
  const json = JSON.stringify({ date: new Date().toISOString(), passed: passed(r), hostCores: cpus().length, load1: loadavg()[0], ...r }, null, 1);
  if (o.out) {
    mkdirSync(dirname(o.out), { recursive: true });
    writeFileSync(o.out, `${json}\n`);
  }
  console.log(o.json ? json : table(r));
  if (!passed(r)) process.exitCode = 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`powercut-campaign: ${e instanceof Error ? e.message : String(e)}\n`);
  if (process.env.WHORL_DEBUG) console.error(e);
  process.exit(1);
});
