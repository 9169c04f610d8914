/** The power-cut campaign's check (host/fp/powercut-model.ts): what counts as lost, unexpected or
 * acceptable after a cut, and the firmware's start-up scan line. */
import { applyMutation, checkState, parseMountLine, type Enrollment, type StoreState } from '../../../host/fp/powercut-model.js';
import type { SlotInfo } from '../../../host/fp/client.js';

const e = (slot: number, time: number): Enrollment => ({ slot, label: `s${slot} t${time}`, time, impressions: 3, quality: 80, images: [0, 1, 1] });
const listed = (x: Enrollment): SlotInfo => ({ slot: x.slot, label: x.label, time: x.time, impressions: x.impressions, quality: x.quality });
const state = (...xs: Enrollment[]): StoreState => new Map(xs.map((x) => [x.slot, x]));

const a = e(1, 10);
const b = e(2, 11);
const a2 = e(1, 12);

test('no command in flight: exactly the acknowledged slots', () => {
  expect(checkState(state(a, b), undefined, [listed(a), listed(b)])).toMatchObject({ lost: 0, unexpected: 0, problems: [] });
  const gone = checkState(state(a, b), undefined, [listed(b)]);
  expect(gone).toMatchObject({ lost: 1, unexpected: 0 });
  expect(gone.problems[0]).toMatch(/slot 1: acknowledged 's1 t10'.* is missing/);
  expect(checkState(state(a), undefined, [listed(a), listed(b)])).toMatchObject({ lost: 0, unexpected: 1 });
  const changed = checkState(state(a), undefined, [{ ...listed(a), quality: 79 }]);
  expect(changed).toMatchObject({ lost: 1, unexpected: 1 });
});

test('an ENROLL in flight may leave the old or the new enrollment, nothing else', () => {
  const m = { kind: 'enroll' as const, e: a2 };
  const old = checkState(state(a, b), m, [listed(a), listed(b)]);
  expect(old).toMatchObject({ lost: 0, unexpected: 0, landed: 'old' });
  expect(old.state.get(1)).toBe(a);
  const neu = checkState(state(a, b), m, [listed(a2), listed(b)]);
  expect(neu).toMatchObject({ lost: 0, unexpected: 0, landed: 'new' });
  expect(neu.state.get(1)).toBe(a2);
  expect(checkState(state(a, b), m, [listed(b)])).toMatchObject({ lost: 1, unexpected: 0 }); // neither: the slot vanished
  expect(checkState(state(a, b), m, [listed(a2)])).toMatchObject({ lost: 1 }); // the in-flight command may not touch slot 2
});

test('a DELETE in flight may leave the slot or not; DELETE_ALL is all or nothing', () => {
  expect(checkState(state(a, b), { kind: 'delete', slot: 1 }, [listed(b)])).toMatchObject({ lost: 0, unexpected: 0, landed: 'new' });
  expect(checkState(state(a, b), { kind: 'delete', slot: 1 }, [listed(a), listed(b)])).toMatchObject({ lost: 0, landed: 'old' });
  expect(checkState(state(a), { kind: 'delete', slot: 5 }, [listed(a)]).landed).toBeUndefined(); // changes nothing
  expect(checkState(state(a, b), { kind: 'delete-all' }, [])).toMatchObject({ lost: 0, unexpected: 0, landed: 'new' });
  const partial = checkState(state(a, b), { kind: 'delete-all' }, [listed(b)]);
  expect(partial).toMatchObject({ unexpected: 1, landed: 'mixed' });
  expect(partial.problems).toContain('DELETE_ALL in flight at the cut was applied to some slots only');
  expect(applyMutation(state(a, b), { kind: 'delete-all' }).size).toBe(0);
});

test('the start-up scan line, with and without the corrupt count', () => {
  const line = 'store: mounted 3 templates (14 records, 2 torn, 1 blocks formatted, 2 closed, 1 compactions undone, 0 corrupt)';
  expect(parseMountLine(['boot', line, 'whorl: ready'])).toEqual({ live: 3, records: 14, torn: 2, formatted: 1, closed: 2, compactionsUndone: 1, corrupt: 0 });
  expect(parseMountLine(['store: mounted 0 templates (0 records, 0 torn, 0 blocks formatted, 0 closed, 0 compactions undone)'])?.corrupt).toBeUndefined();
  expect(parseMountLine(['store: no store partition; template store disabled'])).toBeUndefined();
});
