/** HIL: the fingerprint service on the real firmware in QEMU, through the real transport: capture
 * (virtual sensor and upload), enroll, verify, identify, list, delete, threshold, statistics;
 * every device score equals the host int8 reference bit for bit; bad requests change nothing. */
import { existsSync } from 'node:fs';
import { openSession, freshFlashImage, DEFAULT_MODEL_BLOB, type Session } from '../../host/device/session.js';
import { buildFirmware } from '../../host/firmware/build.js';
import { FingerprintClient, syntheticImage, type GreyImage } from '../../host/fp/client.js';
import { rankCandidates } from '../../host/fp/identify-rank.js';
import { chooseEnrollment } from '../../host/fp/enroll-choice.js';
import { Int8Reference } from '../../host/fp/reference.js';
import { DeviceStatusError } from '../../host/protocol/errors.js';
import { resolveParams } from '../../host/synth/index.js';

const P = resolveParams({ width: 288, height: 384, dpi: 500, rotation: 15 });
const finger = (f: number, k: number): GreyImage => syntheticImage(P, 6060, f, k);
const status = async (p: Promise<unknown>): Promise<string> => p.then(() => 'OK', (e: unknown) => (e instanceof DeviceStatusError ? e.statusName : String(e)));

let flash: { file: string; cleanup(): Promise<void> };
let s: Session;
let fp: FingerprintClient;
let up: FingerprintClient;
const ref = existsSync(DEFAULT_MODEL_BLOB) ? Int8Reference.fromFile(DEFAULT_MODEL_BLOB) : undefined;

beforeAll(async () => {
  expect(ref).toBeDefined(); // the committed model must exist
  await buildFirmware();
  flash = await freshFlashImage();
  s = await openSession('qemu', { flash: flash.file, timeoutMs: 5000 });
  fp = new FingerprintClient(s.client, s.sensorDir);
  up = new FingerprintClient(s.client); // same board, images uploaded through XFER
}, 300000);

afterAll(async () => {
  await s?.close();
  await flash?.cleanup();
});

test('the board loads the committed model and starts with an empty store', async () => {
  expect(s.board?.console.join('\n')).toMatch(/model: 'whorl-default'/);
  const st = await fp.stats();
  expect(st.model).toBe(true);
  expect(st.templates).toBe(0);
  expect(await fp.list()).toEqual([]);
});

test('enroll, verify and identify: device scores equal the host int8 reference bit for bit', async () => {
  const imps = [1, 2, 3].map((k) => finger(1, k));
  for (const [i, im] of imps.entries()) {
    const c = await (i === 1 ? up : fp).capture(im, i === 0); // one impression through the upload path
    const r = ref!.embed(im);
    expect(c.reason).toBe(r.reason);
    expect(c.quality).toBe(r.quality);
    expect(c.pending).toBe(i + 1);
  }
  // the device's mutual-match decision is the host reference's at the enrollment check's threshold
  const thr = (await fp.threshold()).enroll!.score;
  const embs = imps.map((im) => ref!.embed(im).embedding);
  const mutual = !Int8Reference.enrollRefused(embs, thr);
  let template = embs;
  if (!mutual) {
    expect(await status(fp.enroll(3))).toBe('E_MISMATCH');
    expect(await fp.list()).toEqual([]);
    for (let i = 0; i < 3; i++) await fp.capture(imps[0], i === 0); // the same impression three times always matches
    template = [embs[0], embs[0], embs[0]];
  }
  const e = await fp.enroll(3, { label: 'alice-right-index', time: 1_700_000_000, force: true });
  expect(e).toMatchObject({ slot: 3, impressions: 3 });
  for (const probe of [finger(1, 4), finger(2, 1)]) {
    await fp.capture(probe, true);
    const v = await fp.verify(3);
    expect(v.score).toBe(Int8Reference.score(template, ref!.embed(probe).embedding));
    expect(v.match).toBe(v.score >= v.threshold);
    expect(v.threshold).toBe((await fp.threshold()).bySize![2]); // the 3-impression template's own level
    const id = await fp.identify(3);
    expect(id.candidates[0]).toEqual({ slot: 3, score: v.score, threshold: v.threshold });
  }
  const list = await fp.list();
  expect(list).toEqual([{ slot: 3, impressions: 3, quality: e.quality, time: 1_700_000_000, label: 'alice-right-index' }]);
}, 120000);

test('the same finger in another slot is a duplicate unless forced', async () => {
  for (let i = 0; i < 3; i++) await fp.capture(finger(1, 1), i === 0);
  expect(await status(fp.enroll(4))).toBe('E_DUPLICATE');
  expect((await fp.list()).map((x) => x.slot)).toEqual([3]);
  for (let i = 0; i < 3; i++) await fp.capture(finger(1, 1), i === 0);
  await fp.enroll(4, { force: true, label: 'copy' });
  expect((await fp.list()).map((x) => x.slot)).toEqual([3, 4]);
}, 120000);

test('ENROLL takes the pending captures that agree: another finger touched in between is left out', async () => {
  // finger 11's impressions 1, 2, 3 agree; finger 61 touched between 2 and 3 (so the last three disagree)
  const imgs = [finger(11, 1), finger(11, 2), finger(61, 1), finger(11, 3)];
  for (const [i, im] of imgs.entries()) await fp.capture(im, i === 0);
  const thr = (await fp.threshold()).enroll!.score;
  const embs = imgs.map((im) => ref!.embed(im).embedding);
  expect(Int8Reference.enrollRefused(embs.slice(1), thr)).toBe(true); // the last three alone would be refused
  const want = chooseEnrollment(embs, 3, thr);
  expect(want).toMatchObject({ ok: true, indices: [0, 1, 3] });
  const e = await fp.enroll(6, { force: true, label: 'chosen' });
  expect(e).toMatchObject({ slot: 6, impressions: 3, used: [0, 1, 3] });
  await fp.capture(finger(11, 5), true);
  const v = await fp.verify(6);
  expect(v.score).toBe(Int8Reference.score([embs[0], embs[1], embs[3]], ref!.embed(finger(11, 5)).embedding));
  await fp.delete(6);
}, 120000);

test('bad requests get their status and change nothing stored', async () => {
  const before = await fp.list();
  expect(await status(fp.enroll(5))).toBe('E_SEQUENCE'); // nothing captured since the last enrollment
  // three different fingers in one enrollment: refused at the enroll threshold, as the host reference says
  const enrollThr = (await fp.threshold()).enroll!.score;
  const mixed = [finger(5, 1), finger(6, 1), finger(7, 1)];
  const me = mixed.map((im) => ref!.embed(im).embedding);
  expect(Int8Reference.enrollRefused(me, enrollThr)).toBe(true); // these seeds do give an unmatched impression
  for (const [i, im] of mixed.entries()) await fp.capture(im, i === 0);
  expect(await status(fp.enroll(5, { force: true }))).toBe('E_MISMATCH');
  expect(await fp.list()).toEqual(before);
  expect(await status(s.client.request(0x21, new Uint8Array(3)))).toBe('E_BAD_LENGTH');
  const big = Buffer.alloc(40); big.writeUInt16LE(4000, 0);
  expect(await status(s.client.request(0x21, big))).toBe('E_BAD_PARAM');
  await fp.capture(finger(2, 2), true);
  expect(await status(fp.verify(700))).toBe('E_NOT_FOUND');
  expect(await status(fp.delete(900))).toBe('E_NOT_FOUND');
  expect(await status(s.client.request(0x25, Buffer.from('nope')))).toBe('E_BAD_PARAM'); // delete-all without its key
  expect(await status(fp.threshold(12345))).toBe('E_BAD_PARAM');
  expect(await status(s.client.request(0x20, Uint8Array.of(9, 0)))).toBe('E_BAD_PARAM'); // unknown source
  expect(await status(up.capture({ width: 10, height: 10, dpi: 50, data: new Uint8Array(100) }, true))).toMatch(/E_BAD_PARAM/);
  const blank = await fp.capture({ width: 200, height: 200, dpi: 500, data: new Uint8Array(40000).fill(200) }, true);
  expect(blank.reason).toBe(1); // blank: refused with its reason, not kept as a probe
  expect(await status(fp.verify(3))).toBe('E_SEQUENCE');
  expect(await fp.list()).toEqual(before);
}, 120000);

test('threshold targets, delete, and the store survives a reset', async () => {
  const t = await fp.threshold();
  expect(t.table.map((x) => x.fmr)).toEqual([100, 1000, 10000, 100000]);
  expect(t.enroll?.fmr).toBe(20); // the enrollment check's threshold follows the table
  expect(t.enroll!.score).toBeLessThan(t.table[0].score);
  const t2 = await fp.threshold(10000);
  expect(t2.fmr).toBe(10000);
  expect(t2.score).toBe(t.table[2].score);
  // one level per template size 1..5: never looser for a larger template; the single score is for 3
  for (const row of t2.table) {
    expect(row.bySize).toHaveLength(5);
    expect(row.bySize![2]).toBe(row.score);
    for (let k = 1; k < 5; k++) expect(row.bySize![k]).toBeGreaterThanOrEqual(row.bySize![k - 1]);
  }
  expect(t2.bySize).toEqual(t2.table[2].bySize);
  expect(t.table[1].bySize![4]).toBeGreaterThan(t.table[1].bySize![0]); // the sample resolves the sizes apart at 1/1000
  // a template of one impression is decided at the one-impression level, by VERIFY and IDENTIFY
  await fp.capture(finger(21, 1), true);
  await fp.enroll(7, { impressions: 1, force: true, label: 'one' });
  await fp.capture(finger(21, 1), true);
  const v = await fp.verify(7);
  expect(v).toMatchObject({ threshold: t2.bySize![0], match: true });
  const id = await fp.identify(1);
  expect(id).toMatchObject({ threshold: t2.bySize![0], match: true, candidates: [{ slot: 7, score: v.score }] });
  // templates of 3, 3 and 1 impressions: IDENTIFY ranks them by margin over their own level, as VERIFY
  // of each reports score and level (host/fp/identify-rank.ts), and matches when one of them would
  await fp.capture(finger(1, 5), true);
  const each = [];
  for (const slot of [3, 4, 7]) { const x = await fp.verify(slot); each.push({ slot, score: x.score, threshold: x.threshold }); }
  expect(each.map((x) => x.threshold)).toEqual([t2.bySize![2], t2.bySize![2], t2.bySize![0]]);
  const all = await fp.identify(3);
  const want = rankCandidates(each, 3);
  expect(all).toMatchObject({ match: want.match, threshold: want.candidates[0].threshold });
  expect(all.candidates).toEqual(want.candidates);
  expect(t2.nominal).toBe(3); // the size THRESHOLD's single scores are for
  await fp.delete(7);
  await fp.delete(4);
  expect((await fp.list()).map((x) => x.slot)).toEqual([3]);
  const counts = (await fp.stats()).lastInstructions; // STATS reports DELETE and LIST too
  expect(counts.delete).toBeGreaterThan(0);
  expect(counts.list).toBeGreaterThan(0);
  const mark = s.board!.console.length;
  await s.client.reset();
  await s.board!.waitForLine(/whorl: ready/, 30000, mark);
  expect(s.board!.console.slice(mark).join('\n')).toMatch(/fp: 1 templates cached/);
  expect((await fp.list()).map((x) => x.slot)).toEqual([3]);
  await fp.deleteAll();
  expect(await fp.list()).toEqual([]);
  const st = await fp.stats();
  expect(st.templates).toBe(0);
}, 120000);
