/* ktest.c - kernel test image: exercises the uC/OS-II API on the board. Prints `PASS <name>` or
 * `FAIL <name>: <detail>` per test on the console, then `KTEST DONE passed=N failed=M`, and exits
 * through semihosting with status 0 only if every test passed. */
#include <ucos_ii.h>

#include "bsp.h"
#include "console.h"
#include "ktest.h"
#include "semihost.h"

#define STK 512u
static OS_STK stk_main[1024], stk_a[STK], stk_b[STK], stk_c[STK];
static int s_pass, s_fail;

void kt_result(const char *name, int ok, const char *detail, int v)
{
    if (ok) {
        s_pass++;
        con_printf("PASS %s\n", name);
    } else {
        s_fail++;
        con_printf("FAIL %s: %s (%d)\n", name, detail, v);
    }
}
INT8U kt_task(void (*fn)(void *), void *arg, OS_STK *stk, INT32U n, INT8U prio, const char *name)
{
    INT8U err = OSTaskCreateExt(fn, arg, &stk[n - 1u], prio, prio, stk, n, 0, OS_TASK_OPT_STK_CHK | OS_TASK_OPT_STK_CLR);
    if (err == OS_ERR_NONE)
        OSTaskNameSet(prio, (INT8U *)(void *)name, &err);
    return err;
}

/* ---- preemption by a task woken from an ISR ---- */
#define SOFT_LINE 0u
static OS_EVENT *s_isr_sem;
static volatile int s_hi_ran;
static void soft_isr(void)
{
    BSP_IntSoftClear(SOFT_LINE);
    OSSemPost(s_isr_sem);
}
static void hi_waiter(void *arg)
{
    INT8U err;
    (void)arg;
    OSSemPend(s_isr_sem, 0, &err);
    s_hi_ran = 1;
    OSTaskDel(OS_PRIO_SELF);
}
static void test_isr_preempt(void)
{
    s_isr_sem = OSSemCreate(0);
    s_hi_ran = 0;
    BSP_IntVectSet(SOFT_LINE, soft_isr);
    BSP_IntEn(SOFT_LINE);
    kt_task(hi_waiter, 0, stk_a, STK, 5, "hi");
    int before = s_hi_ran;
    BSP_IntSoftRaise(SOFT_LINE);
    int after = s_hi_ran; /* the ISR's post must have switched to prio 5 before this line */
    CHECK("isr_preempt_not_before", before == 0, before);
    CHECK("isr_preempt", after == 1, after);
    BSP_IntDis(SOFT_LINE);
}

/* ---- timeouts and semaphores ---- */
static OS_EVENT *s_sem;
static volatile int s_order[4], s_norder;
static void sem_waiter(void *arg)
{
    INT8U err;
    OSSemPend(s_sem, 0, &err);
    s_order[s_norder++] = (int)(INT32U)arg;
    OSTaskDel(OS_PRIO_SELF);
}
static void test_sem(void)
{
    INT8U err;
    OS_EVENT *sem = OSSemCreate(0);
    INT32U t0 = OSTimeGet();
    OSSemPend(sem, 10, &err);
    INT32U dt = OSTimeGet() - t0;
    CHECK("sem_timeout_err", err == OS_ERR_TIMEOUT, err);
    CHECK("sem_timeout_ticks", dt >= 10u && dt <= 11u, dt);
    CHECK("sem_accept_empty", OSSemAccept(sem) == 0u, 0);
    OSSemPost(sem);
    OSSemPost(sem);
    OS_SEM_DATA d;
    OSSemQuery(sem, &d);
    CHECK("sem_count", d.OSCnt == 2u, d.OSCnt);
    OSSemPend(sem, 1, &err);
    CHECK("sem_take", err == OS_ERR_NONE, err);
    s_sem = OSSemCreate(0);
    s_norder = 0;
    kt_task(sem_waiter, (void *)7, stk_a, STK, 7, "w7");
    kt_task(sem_waiter, (void *)6, stk_b, STK, 6, "w6");
    OSSemPost(s_sem);
    OSSemPost(s_sem);
    CHECK("sem_priority_order", s_norder == 2 && s_order[0] == 6 && s_order[1] == 7, s_order[0]);
    OSSemDel(s_sem, OS_DEL_ALWAYS, &err);
    CHECK("sem_del", err == OS_ERR_NONE, err);
    OSSemPend((OS_EVENT *)0, 1, &err);
    CHECK("sem_null_arg", err == OS_ERR_PEVENT_NULL, err);
}

/* ---- queues ---- */
static void test_queue(void)
{
    static void *qbuf[4];
    INT8U err;
    OS_EVENT *q = OSQCreate(qbuf, 4);
    OSQPost(q, (void *)1);
    OSQPost(q, (void *)2);
    OSQPostFront(q, (void *)3);
    CHECK("q_lifo_front", OSQPend(q, 1, &err) == (void *)3, 0);
    CHECK("q_fifo_1", OSQPend(q, 1, &err) == (void *)1, 0);
    CHECK("q_fifo_2", OSQPend(q, 1, &err) == (void *)2, 0);
    OSQAccept(q, &err);
    CHECK("q_empty", err == OS_ERR_Q_EMPTY, err);
    for (int i = 0; i < 4; i++)
        OSQPost(q, (void *)(INT32U)(10 + i));
    CHECK("q_full", OSQPost(q, (void *)99) == OS_ERR_Q_FULL, 0);
    OS_Q_DATA qd;
    OSQQuery(q, &qd);
    CHECK("q_query", qd.OSNMsgs == 4u && qd.OSMsg == (void *)10, qd.OSNMsgs);
    OSQFlush(q);
    OSQPend(q, 3, &err);
    CHECK("q_timeout", err == OS_ERR_TIMEOUT, err);
}

/* ---- mailboxes ---- */
static OS_EVENT *s_mbox;
static void mbox_sender(void *arg)
{
    (void)arg;
    OSTimeDly(2);
    OSMboxPost(s_mbox, (void *)0x1234);
    OSTaskDel(OS_PRIO_SELF);
}
static void test_mbox(void)
{
    INT8U err;
    s_mbox = OSMboxCreate(0);
    kt_task(mbox_sender, 0, stk_a, STK, 9, "mbox");
    void *m = OSMboxPend(s_mbox, 100, &err);
    CHECK("mbox_pend", err == OS_ERR_NONE && m == (void *)0x1234, err);
    OSMboxPost(s_mbox, (void *)1);
    CHECK("mbox_full", OSMboxPost(s_mbox, (void *)2) == OS_ERR_MBOX_FULL, 0);
    CHECK("mbox_accept", OSMboxAccept(s_mbox) == (void *)1, 0);
    OSMboxPend(s_mbox, 2, &err);
    CHECK("mbox_timeout", err == OS_ERR_TIMEOUT, err);
}

/* ---- event flags ---- */
static OS_FLAG_GRP *s_flags;
static volatile OS_FLAGS s_got;
static void flag_waiter(void *arg)
{
    INT8U err;
    s_got = OSFlagPend(s_flags, (OS_FLAGS)(INT32U)arg, OS_FLAG_WAIT_SET_ALL | OS_FLAG_CONSUME, 0, &err);
    OSTaskDel(OS_PRIO_SELF);
}
static void test_flags(void)
{
    INT8U err;
    s_flags = OSFlagCreate(0, &err);
    s_got = 0;
    kt_task(flag_waiter, (void *)0x3, stk_a, STK, 8, "flags");
    OSFlagPost(s_flags, 0x1, OS_FLAG_SET, &err);
    CHECK("flag_and_waits", s_got == 0u, s_got);
    OSFlagPost(s_flags, 0x2, OS_FLAG_SET, &err);
    CHECK("flag_and_ready", s_got == 0x3u, s_got);
    CHECK("flag_consumed", OSFlagQuery(s_flags, &err) == 0u, OSFlagQuery(s_flags, &err));
    OSFlagPost(s_flags, 0x4, OS_FLAG_SET, &err);
    OS_FLAGS f = OSFlagAccept(s_flags, 0x6, OS_FLAG_WAIT_SET_ANY, &err);
    CHECK("flag_or_accept", f == 0x4u && err == OS_ERR_NONE, f);
    OSFlagAccept(s_flags, 0x6, OS_FLAG_WAIT_SET_ALL, &err);
    CHECK("flag_not_rdy", err == OS_ERR_FLAG_NOT_RDY, err);
    OSFlagPend(s_flags, 0x8, OS_FLAG_WAIT_SET_ANY, 3, &err);
    CHECK("flag_timeout", err == OS_ERR_TIMEOUT, err);
    OSFlagPend(s_flags, 0x1, OS_FLAG_WAIT_CLR_ALL, 1, &err);
    CHECK("flag_wait_clr", err == OS_ERR_NONE, err);
}

/* ---- mutex priority inheritance ---- */
#define PIP 3u
static OS_EVENT *s_mutex;
static volatile INT8U s_low_prio_while_blocked, s_high_got;
static void mutex_high(void *arg)
{
    INT8U err;
    (void)arg;
    OSMutexPend(s_mutex, 0, &err);
    s_high_got = 1;
    OSMutexPost(s_mutex);
    OSTaskDel(OS_PRIO_SELF);
}
static void test_mutex(void)
{
    INT8U err;
    INT8U own = OSTCBCur->OSTCBPrio;
    s_mutex = OSMutexCreate(PIP, &err);
    CHECK("mutex_create", err == OS_ERR_NONE, err);
    OSMutexPend(s_mutex, 0, &err);
    kt_task(mutex_high, 0, stk_a, STK, 8, "mtx-hi"); /* runs at once and blocks on the mutex */
    s_low_prio_while_blocked = OSTCBCur->OSTCBPrio;
    CHECK("mutex_inherit", s_low_prio_while_blocked == PIP, s_low_prio_while_blocked);
    CHECK("mutex_high_waits", s_high_got == 0, s_high_got);
    OSMutexPost(s_mutex);
    CHECK("mutex_restored", OSTCBCur->OSTCBPrio == own, OSTCBCur->OSTCBPrio);
    CHECK("mutex_handed_over", s_high_got == 1, s_high_got);
    CHECK("mutex_not_owner", OSMutexPost(s_mutex) == OS_ERR_NOT_MUTEX_OWNER, 0);
}

/* ---- memory partitions ---- */
static void test_mem(void)
{
    static INT32U area[4][8];
    INT8U err;
    OS_MEM *p = OSMemCreate(area, 4, sizeof area[0], &err);
    void *b[5];
    for (int i = 0; i < 4; i++)
        b[i] = OSMemGet(p, &err);
    CHECK("mem_get_all", err == OS_ERR_NONE && b[3] != 0, err);
    b[4] = OSMemGet(p, &err);
    CHECK("mem_exhausted", err == OS_ERR_MEM_NO_FREE_BLKS && b[4] == 0, err);
    OSMemPut(p, b[0]);
    OS_MEM_DATA md;
    OSMemQuery(p, &md);
    CHECK("mem_put", md.OSNFree == 1u && md.OSNUsed == 3u, md.OSNFree);
    for (int i = 1; i < 4; i++)
        OSMemPut(p, b[i]);
    CHECK("mem_full", OSMemPut(p, b[0]) == OS_ERR_MEM_FULL, 0);
}

/* ---- task management and scheduler lock ---- */
static volatile int s_counter;
static void counter_task(void *arg)
{
    (void)arg;
    for (;;) {
        s_counter++;
        OSTimeDly(1);
    }
}
static void test_tasks(void)
{
    INT8U err;
    s_counter = 0;
    kt_task(counter_task, 0, stk_a, STK, 11, "counter");
    OSTimeDly(5);
    int c1 = s_counter;
    CHECK("task_runs", c1 >= 3, c1);
    OSTaskSuspend(11);
    OSTimeDly(5);
    CHECK("task_suspend", s_counter == c1, s_counter - c1);
    OSTaskResume(11);
    OSTimeDly(5);
    CHECK("task_resume", s_counter > c1, s_counter - c1);
    CHECK("task_change_prio", OSTaskChangePrio(11, 13) == OS_ERR_NONE, 0);
    OS_TCB tcb;
    CHECK("task_query", OSTaskQuery(13, &tcb) == OS_ERR_NONE && tcb.OSTCBPrio == 13u, tcb.OSTCBPrio);
    INT8U *name;
    OSTaskNameGet(13, &name, &err);
    CHECK("task_name", name[0] == 'c' && err == OS_ERR_NONE, err);
    OS_STK_DATA sd;
    CHECK("task_stk_chk", OSTaskStkChk(13, &sd) == OS_ERR_NONE && sd.OSUsed > 0u && sd.OSFree > 0u &&
                              sd.OSUsed + sd.OSFree == STK * 4u, sd.OSUsed);
    OSSchedLock();
    int c2 = s_counter;
    for (volatile int spin = 0; OSTimeGet() < OSTimeGet() + 0 && spin < 1; spin++)
        ;
    INT32U t = OSTimeGet();
    while (OSTimeGet() < t + 3u)
        ;
    CHECK("sched_lock", s_counter == c2, s_counter - c2);
    OSSchedUnlock();
    OSTimeDly(2);
    CHECK("sched_unlock", s_counter > c2, s_counter - c2);
    CHECK("task_del", OSTaskDel(13) == OS_ERR_NONE, 0);
    CHECK("task_del_gone", OSTaskQuery(13, &tcb) == OS_ERR_PRIO, 0);
    CHECK("task_prio_exist", kt_task(counter_task, 0, stk_a, STK, OSTCBCur->OSTCBPrio, "x") == OS_ERR_PRIO_EXIST, 0);
    t = OSTimeGet();
    OSTimeDlyHMSM(0, 0, 0, 20);
    CHECK("time_dly_hmsm", OSTimeGet() - t >= 20u && OSTimeGet() - t <= 21u, OSTimeGet() - t);
    CHECK("time_hmsm_invalid", OSTimeDlyHMSM(0, 60, 0, 0) == OS_ERR_TIME_INVALID_MINUTES, 0);
}

/* ---- priority change of a task waiting on an event and of a ready task ---- */
static OS_EVENT *s_prio_sem;
static volatile int s_prio_woken;
static void prio_waiter(void *arg)
{
    INT8U err;
    (void)arg;
    OSSemPend(s_prio_sem, 0, &err);
    s_prio_woken = OSTCBCur->OSTCBPrio;
    OSTaskDel(OS_PRIO_SELF);
}
#define KT_BIT(tbl, p) (((tbl)[(p) >> 3u] & (OS_PRIO)(1u << ((p) & 7u))) != 0u)
static void test_change_prio(void)
{
    s_prio_sem = OSSemCreate(0);
    s_prio_woken = 0;
    kt_task(prio_waiter, 0, stk_a, STK, 12, "pw"); /* runs at once and waits on the semaphore */
    CHECK("prio_pend_change", OSTaskChangePrio(12, 17) == OS_ERR_NONE, 0);
    CHECK("prio_pend_waitlist", KT_BIT(s_prio_sem->OSEventTbl, 17u) && !KT_BIT(s_prio_sem->OSEventTbl, 12u) &&
                                    (s_prio_sem->OSEventGrp & (1u << (17u >> 3u))) != 0u &&
                                    !KT_BIT(OSRdyTbl, 17u) && !KT_BIT(OSRdyTbl, 12u),
          s_prio_sem->OSEventTbl[1]);
    OSSemPost(s_prio_sem); /* prio 17 is above this task's 30: it runs at once */
    CHECK("prio_pend_woken", s_prio_woken == 17, s_prio_woken);
    OSSchedLock();
    s_prio_woken = 0;
    kt_task(prio_waiter, 0, stk_a, STK, 9, "pr"); /* ready, held off by the lock */
    INT8U err = OSTaskChangePrio(9, 18);
    CHECK("prio_ready_list", err == OS_ERR_NONE && KT_BIT(OSRdyTbl, 18u) && !KT_BIT(OSRdyTbl, 9u) &&
                                 (OSRdyGrp & (1u << (18u >> 3u))) != 0u && (OSRdyGrp & (1u << (9u >> 3u))) == 0u,
          OSRdyTbl[1]);
    OSSchedUnlock(); /* it runs at 18 and waits on the semaphore */
    OSSemPost(s_prio_sem);
    CHECK("prio_ready_woken", s_prio_woken == 18, s_prio_woken);
    OSSemDel(s_prio_sem, OS_DEL_ALWAYS, &err);
}

/* ---- stack overflow detection ---- */
static volatile INT8U s_overflow_prio = 0xFFu;
void OS_CPU_StkOverflowHook(struct os_tcb *ptcb)
{
    s_overflow_prio = ptcb->OSTCBPrio;
    ptcb->OSTCBStkBottom[0] = 0u; /* report once; the task suspends itself right after */
    ptcb->OSTCBStkBottom[1] = 0u;
    ptcb->OSTCBStkBottom[2] = 0u;
    ptcb->OSTCBStkBottom[3] = 0u;
}
static struct {
    OS_STK pad[512];    /* absorbs the overflow so that nothing else is damaged */
    OS_STK stk[96];
} s_small;
static int deep(int n)
{
    volatile INT32U frame[16];
    for (int i = 0; i < 16; i++)
        frame[i] = (INT32U)(n + i + 1);
    return n ? deep(n - 1) + (int)frame[3] : (int)frame[0];
}
static void overflow_task(void *arg)
{
    (void)arg;
    (void)deep(12); /* ~ 12 * 20 words: well past the 96-word stack */
    OSTaskSuspend(OS_PRIO_SELF);
}
static void test_overflow(void)
{
    INT8U err = OSTaskCreateExt(overflow_task, 0, &s_small.stk[95], 14, 14, s_small.stk, 96, 0,
                                OS_TASK_OPT_STK_CHK | OS_TASK_OPT_STK_CLR);
    OSTimeDly(2);
    CHECK("stk_overflow_detected", err == OS_ERR_NONE && s_overflow_prio == 14u, s_overflow_prio);
    OSTaskDel(14);
}

/* ---- statistics ---- */
static void busy_task(void *arg)
{
    (void)arg;
    for (;;) { /* about half of the time busy */
        INT32U t = OSTimeGet();
        while (OSTimeGet() < t + 5u)
            ;
        OSTimeDly(5);
    }
}
static void test_stats(void)
{
    INT32U sw0 = OSCtxSwCtr;
    kt_task(busy_task, 0, stk_c, STK, 20, "busy");
    OSTimeDly(600);
    INT8U usage = OSCPUUsage;
    CHECK("stat_cpu_usage", usage >= 25u && usage <= 75u, usage);
    CHECK("stat_ctx_switches", OSCtxSwCtr - sw0 > 100u, OSCtxSwCtr - sw0);
    OSTaskDel(20);
    OSTimeDly(300);
    CHECK("stat_cpu_idle", OSCPUUsage <= 10u, OSCPUUsage);
}

static void main_task(void *arg)
{
    (void)arg;
    BSP_TickInit(OS_TICKS_PER_SEC);
    OSStatInit();
    con_printf("ktest: kernel %u, %u Hz tick, idle counter max %u\n", (unsigned)OSVersion(), (unsigned)OS_TICKS_PER_SEC,
               (unsigned)OSIdleCtrMax);
    test_isr_preempt();
    test_sem();
    test_queue();
    test_mbox();
    test_flags();
    test_mutex();
    test_events();
    test_event_args();
    test_mem();
    test_tasks();
    test_change_prio();
    test_mutex_owner_states();
    test_overflow();
    test_stats();
    CHECK("kernel_version", OSVersion() == 293u, OSVersion());
    con_printf("KTEST DONE passed=%d failed=%d\n", s_pass, s_fail);
    pl011_flush(BSP_UART_CONSOLE);
    semihost_exit(s_fail ? 1 : 0);
}

int main(void)
{
    BSP_Init();
    con_printf("ktest: uC/OS-II API kernel test on %s\n", BSP_BOARD_NAME);
    OSInit();
    kt_task(main_task, 0, stk_main, 1024u, 30, "ktest");
    OSStart();
    return 0;
}
