/* ktest_event.c - kernel test image: what semaphores, mailboxes, queues and mutexes do with tasks
 * waiting on them (pend abort, delete, broadcast post) and that deleted events go back to the free
 * list. Two waiter tasks at priorities 6 and 7 (above the test task) block on the event at once. */
#include <ucos_ii.h>

#include "ktest.h"

#define STK 512u
#define WAITERS 2
#define MTX_PIP 4u

enum kind { K_SEM, K_MBOX, K_Q, K_MUTEX };
static const char *const k_name[] = {"sem", "mbox", "q", "mutex"};

static OS_STK s_stk[WAITERS][STK];
static void *s_qbuf[4];
static OS_EVENT *s_ev;
static enum kind s_kind;
static volatile INT8U s_err[WAITERS];
static void *volatile s_msg[WAITERS];
static volatile int s_done[WAITERS];

static void waiter(void *arg)
{
    int i = (int)(INT32U)arg;
    INT8U err = 0xFFu;
    void *m = (void *)0;
    switch (s_kind) {
    case K_SEM: OSSemPend(s_ev, 0, &err); break;
    case K_MBOX: m = OSMboxPend(s_ev, 0, &err); break;
    case K_Q: m = OSQPend(s_ev, 0, &err); break;
    default: OSMutexPend(s_ev, 0, &err); break;
    }
    s_err[i] = err;
    s_msg[i] = m;
    s_done[i] = 1;
    OSTaskDel(OS_PRIO_SELF);
}

/* Starts the waiters on `ev`; each runs at once (higher priority) and blocks. */
static void start_waiters(OS_EVENT *ev, enum kind k)
{
    s_ev = ev;
    s_kind = k;
    for (int i = 0; i < WAITERS; i++) {
        s_done[i] = 0;
        s_err[i] = 0xFFu;
        s_msg[i] = (void *)0xBADu;
        kt_task(waiter, (void *)(INT32U)i, s_stk[i], STK, (INT8U)(6 + i), "waiter");
    }
}

static int waiter_ended(int i, INT8U err) { return s_done[i] == 1 && s_err[i] == err; }

static OS_EVENT *create(enum kind k)
{
    INT8U err;
    switch (k) {
    case K_SEM: return OSSemCreate(0);
    case K_MBOX: return OSMboxCreate((void *)0);
    case K_Q: return OSQCreate(s_qbuf, 4);
    default: return OSMutexCreate(MTX_PIP, &err);
    }
}

static OS_EVENT *del(enum kind k, OS_EVENT *ev, INT8U opt, INT8U *err)
{
    switch (k) {
    case K_SEM: return OSSemDel(ev, opt, err);
    case K_MBOX: return OSMboxDel(ev, opt, err);
    case K_Q: return OSQDel(ev, opt, err);
    default: return OSMutexDel(ev, opt, err);
    }
}

static INT8U pend_abort(enum kind k, OS_EVENT *ev, INT8U opt, INT8U *err)
{
    switch (k) {
    case K_SEM: return OSSemPendAbort(ev, opt, err);
    case K_MBOX: return OSMboxPendAbort(ev, opt, err);
    default: return OSQPendAbort(ev, opt, err);
    }
}

static void check(enum kind k, const char *what, int ok, int v)
{
    static char name[40];
    int n = 0;
    for (const char *s = k_name[k]; *s != '\0'; s++)
        name[n++] = *s;
    name[n++] = '_';
    for (const char *s = what; *s != '\0' && n < (int)sizeof(name) - 1; s++)
        name[n++] = *s;
    name[n] = '\0';
    kt_result(name, ok, what, v);
}

/* Pend abort of one waiter, then of all, then with nobody waiting (semaphore, mailbox, queue). */
static void test_pend_abort(enum kind k)
{
    INT8U err;
    OS_EVENT *ev = create(k);
    start_waiters(ev, k);
    INT8U n = pend_abort(k, ev, OS_PEND_OPT_NONE, &err);
    check(k, "abort_one", n == 1u && err == OS_ERR_PEND_ABORT && waiter_ended(0, OS_ERR_PEND_ABORT) && s_done[1] == 0, n);
    check(k, "abort_no_msg", k == K_SEM || s_msg[0] == (void *)0, 0);
    n = pend_abort(k, ev, OS_PEND_OPT_BROADCAST, &err);
    check(k, "abort_all", n == 1u && err == OS_ERR_PEND_ABORT && waiter_ended(1, OS_ERR_PEND_ABORT), n);
    n = pend_abort(k, ev, OS_PEND_OPT_NONE, &err);
    check(k, "abort_none", n == 0u && err == OS_ERR_NONE, n);
    (void)del(k, ev, OS_DEL_ALWAYS, &err);
}

/* Delete with waiters: refused with OS_DEL_NO_PEND and a bad option, done with OS_DEL_ALWAYS (the
 * waiters end with OS_ERR_PEND_ABORT); the deleted event is no longer of its type. A mutex also
 * gives its owner (the test task, raised to the PIP by the waiters) its own priority back. */
static void test_delete(enum kind k)
{
    INT8U err;
    INT8U own = OSTCBCur->OSTCBPrio;
    OS_EVENT *ev = create(k);
    if (k == K_MUTEX)
        OSMutexPend(ev, 0, &err);
    start_waiters(ev, k);
    if (k == K_MUTEX)
        check(k, "del_inherit", OSTCBCur->OSTCBPrio == MTX_PIP, OSTCBCur->OSTCBPrio);
    OS_EVENT *r = del(k, ev, OS_DEL_NO_PEND, &err);
    check(k, "del_refused_waiting", r == ev && err == OS_ERR_TASK_WAITING && s_done[0] == 0 && s_done[1] == 0, err);
    r = del(k, ev, 0xEEu, &err);
    check(k, "del_bad_opt", r == ev && err == OS_ERR_INVALID_OPT, err);
    r = del(k, ev, OS_DEL_ALWAYS, &err);
    check(k, "del_always", r == (OS_EVENT *)0 && err == OS_ERR_NONE, err);
    /* The mutex's second waiter (priority 7) could not run while the owner held the PIP (4): it
     * starts only now and finds the mutex deleted. */
    INT8U second = (k == K_MUTEX) ? OS_ERR_EVENT_TYPE : OS_ERR_PEND_ABORT;
    check(k, "del_waiters_aborted", waiter_ended(0, OS_ERR_PEND_ABORT) && waiter_ended(1, second), s_err[1]);
    check(k, "del_prio_restored", OSTCBCur->OSTCBPrio == own, OSTCBCur->OSTCBPrio);
    (void)del(k, ev, OS_DEL_ALWAYS, &err);
    check(k, "del_gone", err == OS_ERR_EVENT_TYPE, err);
    ev = create(k);
    r = del(k, ev, OS_DEL_NO_PEND, &err);
    check(k, "del_no_pend", ev != (OS_EVENT *)0 && r == (OS_EVENT *)0 && err == OS_ERR_NONE, err);
}

/* A broadcast post gives the message to every waiter (mailbox, queue). */
static void test_broadcast(enum kind k)
{
    INT8U err;
    OS_EVENT *ev = create(k);
    start_waiters(ev, k);
    void *m = (void *)0x5A5Au;
    INT8U r = (k == K_MBOX) ? OSMboxPostOpt(ev, m, OS_POST_OPT_BROADCAST) : OSQPostOpt(ev, m, OS_POST_OPT_BROADCAST);
    check(k, "post_broadcast", r == OS_ERR_NONE && waiter_ended(0, OS_ERR_NONE) && waiter_ended(1, OS_ERR_NONE) &&
                                   s_msg[0] == m && s_msg[1] == m, r);
    (void)del(k, ev, OS_DEL_ALWAYS, &err);
}

/* Creates events of kind k until none is left; deletes them; returns how many there were. */
static int fill_and_free(enum kind k)
{
    static OS_EVENT *evs[OS_MAX_EVENTS];
    INT8U err;
    int n = 0;
    while (n < (int)OS_MAX_EVENTS && (evs[n] = create(k)) != (OS_EVENT *)0)
        n++;
    for (int i = 0; i < n; i++)
        (void)del(k, evs[i], OS_DEL_NO_PEND, &err);
    return n;
}

void test_events(void)
{
    for (enum kind k = K_SEM; k <= K_Q; k++) {
        test_pend_abort(k);
        test_delete(k);
    }
    test_delete(K_MUTEX);
    test_broadcast(K_MBOX);
    test_broadcast(K_Q);
    int sems = fill_and_free(K_SEM);
    int again = fill_and_free(K_SEM);
    CHECK("event_free_list", sems > 0 && again == sems, again);
    int qs = fill_and_free(K_Q);
    CHECK("q_free_list", qs > 0 && qs <= (int)OS_MAX_QS && fill_and_free(K_Q) == qs, qs);
    CHECK("q_full_gives_ecb_back", fill_and_free(K_SEM) == sems, sems);
    /* no ECB left: a mutex is refused and its PIP is free again afterwards */
    static OS_EVENT *held[OS_MAX_EVENTS];
    INT8U err;
    int n = 0;
    while (n < (int)OS_MAX_EVENTS && (held[n] = OSSemCreate(0)) != (OS_EVENT *)0)
        n++;
    OS_EVENT *m = OSMutexCreate(MTX_PIP, &err);
    CHECK("mutex_no_ecb", m == (OS_EVENT *)0 && err == OS_ERR_PEVENT_NULL, err);
    for (int i = 0; i < n; i++)
        (void)OSSemDel(held[i], OS_DEL_NO_PEND, &err);
    m = OSMutexCreate(MTX_PIP, &err);
    CHECK("mutex_no_ecb_pip_freed", m != (OS_EVENT *)0 && err == OS_ERR_NONE, err);
    (void)OSMutexDel(m, OS_DEL_NO_PEND, &err);
}

/* Every service's argument checks, in uC/OS-II's order: a null event, then the service's own null
 * pointer (message, data block), then an event of another type; nothing is changed by a refusal. */
void test_event_args(void)
{
    INT8U err;
    int x = 1;
    OS_SEM_DATA sd;
    OS_MBOX_DATA md;
    OS_Q_DATA qd;
    OS_MUTEX_DATA xd;
    OS_EVENT *sem = OSSemCreate(1);
    OS_EVENT *mbox = OSMboxCreate((void *)0);
    OS_EVENT *q = OSQCreate(s_qbuf, 4);
    OS_EVENT *mtx = OSMutexCreate(MTX_PIP, &err);
    CHECK("args_events", sem && mbox && q && mtx, 0);
    CHECK("args_sem_post_null", OSSemPost((OS_EVENT *)0) == OS_ERR_PEVENT_NULL, 0);
    CHECK("args_sem_post_type", OSSemPost(mbox) == OS_ERR_EVENT_TYPE, 0);
    CHECK("args_sem_query_pdata", OSSemQuery(sem, (OS_SEM_DATA *)0) == OS_ERR_PDATA_NULL, 0);
    CHECK("args_sem_query_type", OSSemQuery(q, &sd) == OS_ERR_EVENT_TYPE, 0);
    CHECK("args_sem_accept_type", OSSemAccept(mbox) == 0u, 0);
    OSSemSet(q, 5u, &err);
    CHECK("args_sem_set_type", err == OS_ERR_EVENT_TYPE, err);
    CHECK("args_mbox_post_null", OSMboxPost((OS_EVENT *)0, &x) == OS_ERR_PEVENT_NULL, 0);
    CHECK("args_mbox_post_msg_before_type", OSMboxPost(sem, (void *)0) == OS_ERR_POST_NULL_PTR, 0);
    CHECK("args_mbox_post_type", OSMboxPost(sem, &x) == OS_ERR_EVENT_TYPE, 0);
    CHECK("args_mbox_query_pdata", OSMboxQuery(mbox, (OS_MBOX_DATA *)0) == OS_ERR_PDATA_NULL, 0);
    CHECK("args_mbox_query_type", OSMboxQuery(sem, &md) == OS_ERR_EVENT_TYPE, 0);
    CHECK("args_mbox_accept_type", OSMboxAccept(q) == (void *)0, 0);
    CHECK("args_q_post_null", OSQPost((OS_EVENT *)0, &x) == OS_ERR_PEVENT_NULL, 0);
    CHECK("args_q_post_type", OSQPost(mbox, &x) == OS_ERR_EVENT_TYPE, 0);
    CHECK("args_q_flush_type", OSQFlush(sem) == OS_ERR_EVENT_TYPE, 0);
    CHECK("args_q_query_pdata", OSQQuery(q, (OS_Q_DATA *)0) == OS_ERR_PDATA_NULL, 0);
    void *m = OSQAccept(mtx, &err);
    CHECK("args_q_accept_type", m == (void *)0 && err == OS_ERR_EVENT_TYPE, err);
    CHECK("args_mutex_post_type", OSMutexPost(sem) == OS_ERR_EVENT_TYPE, 0);
    CHECK("args_mutex_query_pdata", OSMutexQuery(mtx, (OS_MUTEX_DATA *)0) == OS_ERR_PDATA_NULL, 0);
    CHECK("args_mutex_query_type", OSMutexQuery(q, &xd) == OS_ERR_EVENT_TYPE, 0);
    BOOLEAN got = OSMutexAccept(sem, &err);
    CHECK("args_mutex_accept_type", got == OS_FALSE && err == OS_ERR_EVENT_TYPE, err);
    (void)OSFlagQuery((OS_FLAG_GRP *)0, &err);
    CHECK("args_flag_query_null", err == OS_ERR_FLAG_INVALID_PGRP, err);
    (void)OSFlagPost((OS_FLAG_GRP *)0, 1u, OS_FLAG_SET, &err);
    CHECK("args_flag_post_null", err == OS_ERR_FLAG_INVALID_PGRP, err);
    (void)OSFlagAccept((OS_FLAG_GRP *)0, 1u, OS_FLAG_WAIT_SET_ANY, &err);
    CHECK("args_flag_accept_null", err == OS_ERR_FLAG_INVALID_PGRP, err);
    /* the refusals changed nothing: the semaphore still holds its one count, the queue is empty */
    CHECK("args_sem_kept", OSSemQuery(sem, &sd) == OS_ERR_NONE && sd.OSCnt == 1u, sd.OSCnt);
    CHECK("args_q_kept", OSQQuery(q, &qd) == OS_ERR_NONE && qd.OSNMsgs == 0u, qd.OSNMsgs);
    CHECK("args_mbox_kept", OSMboxQuery(mbox, &md) == OS_ERR_NONE && md.OSMsg == (void *)0, 0);
    (void)OSSemDel(sem, OS_DEL_ALWAYS, &err);
    (void)OSMboxDel(mbox, OS_DEL_ALWAYS, &err);
    (void)OSQDel(q, OS_DEL_ALWAYS, &err);
    (void)OSMutexDel(mtx, OS_DEL_ALWAYS, &err);
}
