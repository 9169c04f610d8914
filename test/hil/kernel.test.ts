import { BUILD_DIR, buildFirmware, runImage } from './qemu-run.js';

beforeAll(async () => {
  await buildFirmware();
}, 300000);

describe.each(['arm926', 'ti925t'])('kernel test image on -cpu %s', (cpu) => {
  test('every kernel test passes', async () => {
    const r = await runImage(`${BUILD_DIR}/ktest.elf`, cpu);
    const fails = r.console.filter((l) => l.startsWith('FAIL') || l.startsWith('ASSERT'));
    expect(fails).toEqual([]);
    // the argument checks of every event service ran (test_event_args)
    expect(r.console.filter((l) => l.startsWith('PASS args_')).length).toBe(28);
    // a priority change moves a waiting task within the event's wait list and a ready one within the ready list
    expect(r.console.filter((l) => l.startsWith('PASS prio_'))).toEqual(['PASS prio_pend_change', 'PASS prio_pend_waitlist', 'PASS prio_pend_woken', 'PASS prio_ready_list', 'PASS prio_ready_woken']);
    // a mutex owner is raised or restored in the state it is in: timed out but not yet run, asleep at the PIP
    expect(r.console.filter((l) => /^PASS mutex_(owner|sleeper)_/.test(l)).length).toBe(10);
    const done = r.console.find((l) => l.startsWith('KTEST DONE'));
    expect(done).toBeDefined();
    const m = done?.match(/passed=(\d+) failed=(\d+)/);
    expect(Number(m?.[2])).toBe(0);
    expect(Number(m?.[1])).toBeGreaterThanOrEqual(100);
    expect(r.timedOut).toBe(false);
    expect(r.exitCode).toBe(0);
  }, 90000);
});
