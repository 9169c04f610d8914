/** HIL: power cuts of the template store on the real firmware in QEMU, through the real transport.
 * One flash image; the board is killed with SIGKILL at seeded random moments (half of them aimed
 * inside an ENROLL or DELETE whose reply has not arrived), rebooted on the same image, and checked:
 * every acknowledged enrollment is there with its metadata, nothing else is, the device's start-up
 * scan reports no corrupt record, and every template VERIFYs with the host int8 reference's score.
 * A 3-block store partition makes compaction (and cuts during it) part of a short campaign. */
import { existsSync, rmSync } from 'node:fs';
import { DEFAULT_MODEL_BLOB } from '../../host/device/session.js';
import { campaignPassed, runPowercutCampaign, type PowercutResult } from '../../host/fp/powercut.js';
import { consoleLogPath } from './qemu-run.js';

let r: PowercutResult;

beforeAll(async () => {
  expect(existsSync(DEFAULT_MODEL_BLOB)).toBe(true); // the committed model must exist
  const log = consoleLogPath('powercut');
  rmSync(log, { force: true }); // this run's boards only
  r = await runPowercutCampaign({ cuts: 10, seed: 20250, storeBlocks: 3, commandShare: 0.75, consoleLog: log });
}, 240000);

test('10 power cuts: every acknowledged enrollment survives, nothing else appears', () => {
  expect(r.boots).toBe(11);
  expect(r.rounds.filter((x) => x.cut).length).toBe(10);
  expect(r.acknowledged.enrolls).toBeGreaterThan(0);
  expect(r.cutsInFlight).toBeGreaterThan(0);
  expect(r.lost).toBe(0);
  expect(r.unexpected).toBe(0);
  expect(r.problems).toEqual([]);
});

test('the device reports no corrupt record and every template matches the reference 1:1', () => {
  for (const x of r.rounds) expect(x.mount.corrupt).toBe(0); // reported by the firmware's start-up scan
  expect(r.device.corruptRecords).toBe(0);
  expect(r.device.unexplainedTorn).toBe(0);
  expect(r.templatesChecked).toBeGreaterThan(0);
  expect(r.templateMismatches).toBe(0);
  expect(campaignPassed(r)).toBe(true);
});
