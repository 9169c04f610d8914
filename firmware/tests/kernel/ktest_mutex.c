/* ktest_mutex.c - kernel test image: a mutex owner's priority is raised or restored in whatever
 * state the owner is in. Two windows that a plain "ready or waiting" test misses: an owner whose
 * pend has timed out but which has not run yet (ready and still on the wait list at once), and
 * the owner of a mutex deleted while it is delayed at the inherited priority. */
#include <ucos_ii.h>

#include "ktest.h"

#define MTX_PIP 2u /* test_mutex keeps its mutex (PIP 3) */
#define MTX_SELF 6u   /* this test raises the calling task here */
#define MTX_HELPER 5u /* above MTX_SELF: runs at once when created */
#define MTX_OWNER 20u
#define MTX_OWNER2 21u
#define MTX_STK 512u
#define KT_BIT(tbl, p) (((tbl)[(p) >> 3u] & (OS_PRIO)(1u << ((p) & 7u))) != 0u)

static OS_STK s_stk_owner[MTX_STK], s_stk_owner2[MTX_STK], s_stk_helper[MTX_STK];
static OS_EVENT *s_mtx, *s_sem;
static volatile INT8U s_owner_err, s_helper_err;

/* Takes the mutex, then waits 2 ticks on the semaphore and times out; gives the mutex back. */
static void owner_task(void *arg)
{
    INT8U err;
    (void)arg;
    OSMutexPend(s_mtx, 0, &err);
    OSSemPend(s_sem, 2u, &err);
    s_owner_err = err;
    OSMutexPost(s_mtx);
    OSTaskDel(OS_PRIO_SELF);
}

/* Takes the mutex and sleeps holding it. */
static void owner2_task(void *arg)
{
    INT8U err;
    (void)arg;
    OSMutexPend(s_mtx, 0, &err);
    OSTimeDly(20u);
    OSTaskDel(OS_PRIO_SELF);
}

/* Waits on the mutex (raising its owner) until the mutex is deleted. */
static void helper_task(void *arg)
{
    INT8U err;
    (void)arg;
    OSMutexPend(s_mtx, 0, &err);
    s_helper_err = err;
    OSTaskDel(OS_PRIO_SELF);
}

/* The owner has timed out on a semaphore but not run yet when a higher task pends on the mutex:
 * its wait-list bit must move to the PIP with its ready bit, so that leaving the wait list when it
 * runs leaves the semaphore with no waiter (a stale bit would be woken by the next post). */
static void timed_out_owner(void)
{
    INT8U err;
    s_sem = OSSemCreate(0u);
    s_mtx = OSMutexCreate(MTX_PIP, &err);
    s_owner_err = 0xFFu;
    kt_task(owner_task, 0, s_stk_owner, MTX_STK, MTX_OWNER, "mtx-own"); /* takes it, waits */
    CHECK("mutex_owner_create", err == OS_ERR_NONE && OSTaskChangePrio(OS_PRIO_SELF, MTX_SELF) == OS_ERR_NONE, err);
    INT32U t = OSTimeGet();
    while (OSTimeGet() < t + 4u) { /* the owner times out but cannot run */
    }
    CHECK("mutex_owner_window", KT_BIT(OSRdyTbl, MTX_OWNER) && KT_BIT(s_sem->OSEventTbl, MTX_OWNER), s_sem->OSEventGrp);
    OSMutexPend(s_mtx, 0u, &err); /* raises the owner, which runs, times out and posts */
    CHECK("mutex_owner_timeout", err == OS_ERR_NONE && s_owner_err == OS_ERR_TIMEOUT, s_owner_err);
    CHECK("mutex_owner_waitlist", s_sem->OSEventGrp == 0u && s_sem->OSEventTbl[MTX_OWNER >> 3u] == 0u &&
                                      s_sem->OSEventTbl[MTX_PIP >> 3u] == 0u,
          s_sem->OSEventGrp);
    (void)OSSemPost(s_sem);
    CHECK("mutex_owner_post_nobody", s_sem->OSEventCnt == 1u, s_sem->OSEventCnt);
    (void)OSMutexPost(s_mtx);
    (void)OSSemDel(s_sem, OS_DEL_ALWAYS, &err);
    (void)OSMutexDel(s_mtx, OS_DEL_ALWAYS, &err);
}

/* The owner sleeps at the PIP when the mutex is deleted: it gets its priority back and sleeps on. */
static void deleted_under_sleeper(void)
{
    INT8U err;
    s_mtx = OSMutexCreate(MTX_PIP, &err);
    s_helper_err = 0xFFu;
    kt_task(owner2_task, 0, s_stk_owner2, MTX_STK, MTX_OWNER2, "mtx-own2");
    OSTimeDly(1u); /* the owner takes the mutex and sleeps */
    kt_task(helper_task, 0, s_stk_helper, MTX_STK, MTX_HELPER, "mtx-help"); /* waits, raising the owner */
    OS_TCB *own = OSTCBPrioTbl[MTX_PIP];
    CHECK("mutex_sleeper_raised", own != (OS_TCB *)0 && own != OS_TCB_RESERVED && own->OSTCBPrio == MTX_PIP && own->OSTCBDly > 0u,
          own == (OS_TCB *)0 ? 0 : own->OSTCBPrio);
    (void)OSMutexDel(s_mtx, OS_DEL_ALWAYS, &err); /* the helper is woken with an abort and ends */
    own = OSTCBPrioTbl[MTX_OWNER2];
    CHECK("mutex_sleeper_restored", err == OS_ERR_NONE && s_helper_err == OS_ERR_PEND_ABORT && own != (OS_TCB *)0 &&
                                        own->OSTCBPrio == MTX_OWNER2 && OSTCBPrioTbl[MTX_PIP] == (OS_TCB *)0,
          s_helper_err);
    CHECK("mutex_sleeper_sleeps", !KT_BIT(OSRdyTbl, MTX_OWNER2) && !KT_BIT(OSRdyTbl, MTX_PIP) && own->OSTCBDly > 0u,
          own->OSTCBDly);
}

void test_mutex_owner_states(void)
{
    INT8U own = OSTCBCur->OSTCBPrio;
    timed_out_owner();
    deleted_under_sleeper();
    CHECK("mutex_owner_self_back", OSTaskChangePrio(OS_PRIO_SELF, own) == OS_ERR_NONE, own);
    OSTimeDly(30u); /* the owners end */
    CHECK("mutex_owner_tasks_ended", OSTCBPrioTbl[MTX_OWNER] == (OS_TCB *)0 && OSTCBPrioTbl[MTX_OWNER2] == (OS_TCB *)0, 0);
}
