/* os_event.c - what semaphores, mutexes, mailboxes and queues share: an event's wait list, taking
 * an event from the free list and giving it back, blocking a task until a post, an abort or its
 * timeout, aborting waits and the checks of a delete. uC/OS-II 2.93 API (these are internal
 * functions; upstream keeps the wait-list ones in os_core.c and repeats the rest per service). */
#include <ucos_ii.h>

/* OS_EventTaskRdy: make the highest-priority task waiting on `pevent` ready; `msk` is the wait
 * bit to clear, `pend_stat` the pend status to report. Returns its priority. Interrupts off. */
INT8U OS_EventTaskRdy(OS_EVENT *pevent, void *pmsg, INT8U msk, INT8U pend_stat)
{
    INT8U y = OSUnMapTbl[pevent->OSEventGrp];
    INT8U x = OSUnMapTbl[pevent->OSEventTbl[y]];
    INT8U prio = (INT8U)((y << 3u) + x);
    OS_TCB *ptcb = OSTCBPrioTbl[prio];
    ptcb->OSTCBDly = 0u;
#if ((OS_Q_EN > 0u) && (OS_MAX_QS > 0u)) || (OS_MBOX_EN > 0u)
    ptcb->OSTCBMsg = pmsg;
#else
    (void)pmsg;
#endif
    ptcb->OSTCBStat &= (INT8U)~msk;
    ptcb->OSTCBStatPend = pend_stat;
    if ((ptcb->OSTCBStat & OS_STAT_SUSPEND) == OS_STAT_RDY)
        OS_RdyInsert(ptcb);
    OS_EventTaskRemove(ptcb, pevent);
    return prio;
}

/* OS_EventTaskWait: move the current task from the ready list to the wait list of `pevent`. */
void OS_EventTaskWait(OS_EVENT *pevent)
{
    OSTCBCur->OSTCBEventPtr = pevent;
    OS_EventWaitInsert(pevent, OSTCBCur);
    OS_RdyRemove(OSTCBCur);
}

/* OS_EventWaitInsert / OS_EventWaitRemove: set or clear the bits of `ptcb`'s priority in the wait
 * list of `pevent` (its event pointer is left alone). Interrupts disabled by the caller. */
void OS_EventWaitInsert(OS_EVENT *pevent, OS_TCB *ptcb)
{
    pevent->OSEventGrp |= ptcb->OSTCBBitY;
    pevent->OSEventTbl[ptcb->OSTCBY] |= ptcb->OSTCBBitX;
}

void OS_EventWaitRemove(OS_EVENT *pevent, OS_TCB *ptcb)
{
    INT8U y = ptcb->OSTCBY;
    pevent->OSEventTbl[y] &= (OS_PRIO)~ptcb->OSTCBBitX;
    if (pevent->OSEventTbl[y] == 0u)
        pevent->OSEventGrp &= (OS_PRIO)~ptcb->OSTCBBitY;
}

/* OS_EventTaskRemove: remove `ptcb` from the wait list of `pevent`. */
void OS_EventTaskRemove(OS_TCB *ptcb, OS_EVENT *pevent)
{
    OS_EventWaitRemove(pevent, ptcb);
    ptcb->OSTCBEventPtr = (OS_EVENT *)0;
}

/* OS_EventWaitListInit: empty the wait list of an event. */
void OS_EventWaitListInit(OS_EVENT *pevent)
{
    pevent->OSEventGrp = 0u;
    for (INT8U i = 0u; i < OS_EVENT_TBL_SIZE; i++)
        pevent->OSEventTbl[i] = 0u;
}

/* OS_EventAlloc: an event from the free list with its type, count and pointer set and an empty
 * wait list; NULL when none is left. Takes its own critical section. */
OS_EVENT *OS_EventAlloc(INT8U type, INT16U cnt, void *ptr)
{
    OS_CPU_SR cpu_sr = 0u;
    OS_ENTER_CRITICAL();
    OS_EVENT *pevent = OSEventFreeList;
    if (pevent != (OS_EVENT *)0)
        OSEventFreeList = (OS_EVENT *)pevent->OSEventPtr;
    OS_EXIT_CRITICAL();
    if (pevent != (OS_EVENT *)0) {
        pevent->OSEventType = type;
        pevent->OSEventCnt = cnt;
        pevent->OSEventPtr = ptr;
#if OS_EVENT_NAME_EN > 0u
        pevent->OSEventName = (INT8U *)(void *)"?";
#endif
        OS_EventWaitListInit(pevent);
    }
    return pevent;
}

/* OS_EventFree: put `pevent` back on the free list, marked unused. Interrupts off. */
void OS_EventFree(OS_EVENT *pevent)
{
#if OS_EVENT_NAME_EN > 0u
    pevent->OSEventName = (INT8U *)(void *)"?";
#endif
    pevent->OSEventType = OS_EVENT_TYPE_UNUSED;
    pevent->OSEventPtr = OSEventFreeList;
    pevent->OSEventCnt = 0u;
    OSEventFreeList = pevent;
}

/* OS_EventCheck: the argument checks every service on an event starts with, in uC/OS-II's
 * order: OS_ERR_PEVENT_NULL, then `parg_err` when `parg_err` is not OS_ERR_NONE and `parg` is null
 * (a service's own pointer argument: message, data block), both only with OS_ARG_CHK_EN; then
 * OS_ERR_EVENT_TYPE when `pevent` is not an event of `type`; else OS_ERR_NONE. */
INT8U OS_EventCheck(OS_EVENT *pevent, INT8U type, const void *parg, INT8U parg_err)
{
#if OS_ARG_CHK_EN > 0u
    if (pevent == (OS_EVENT *)0)
        return OS_ERR_PEVENT_NULL;
    if (parg_err != OS_ERR_NONE && parg == (const void *)0)
        return parg_err;
#else
    (void)parg;
    (void)parg_err;
#endif
    if (pevent->OSEventType != type)
        return OS_ERR_EVENT_TYPE;
    return OS_ERR_NONE;
}

/* OS_EventPendCheck: OS_ERR_NONE when the current task may pend on `pevent` as an event of
 * `type`; else OS_ERR_PEVENT_NULL, OS_ERR_EVENT_TYPE, OS_ERR_PEND_ISR (called from an ISR) or
 * OS_ERR_PEND_LOCKED (scheduler locked). */
INT8U OS_EventPendCheck(OS_EVENT *pevent, INT8U type)
{
    INT8U err = OS_EventCheck(pevent, type, (const void *)0, OS_ERR_NONE);
    if (err != OS_ERR_NONE)
        return err;
    if (OSIntNesting > 0u)
        return OS_ERR_PEND_ISR;
    if (OSLockNesting > 0u)
        return OS_ERR_PEND_LOCKED;
    return OS_ERR_NONE;
}

/* OS_EventPendWait: block the current task on `pevent` (wait bit `stat`) for up to `timeout`
 * ticks (0: forever) and collect the outcome: OS_ERR_NONE with the posted message (NULL for
 * semaphores and mutexes), or OS_ERR_PEND_ABORT or OS_ERR_TIMEOUT with NULL, in *perr. Called
 * inside the caller's critical section, whose saved status is `cpu_sr`; returns outside it. */
void *OS_EventPendWait(OS_EVENT *pevent, INT8U stat, INT32U timeout, OS_CPU_SR cpu_sr, INT8U *perr)
{
    void *pmsg = (void *)0;
    OSTCBCur->OSTCBStat |= stat;
    OSTCBCur->OSTCBStatPend = OS_STAT_PEND_OK;
    OSTCBCur->OSTCBDly = timeout;
    OS_EventTaskWait(pevent);
    OS_EXIT_CRITICAL();
    OS_Sched();
    OS_ENTER_CRITICAL();
    switch (OSTCBCur->OSTCBStatPend) {
    case OS_STAT_PEND_OK:
#if ((OS_Q_EN > 0u) && (OS_MAX_QS > 0u)) || (OS_MBOX_EN > 0u)
        pmsg = OSTCBCur->OSTCBMsg;
#endif
        *perr = OS_ERR_NONE;
        break;
    case OS_STAT_PEND_ABORT:
        *perr = OS_ERR_PEND_ABORT;
        break;
    case OS_STAT_PEND_TO:
    default:
        OS_EventTaskRemove(OSTCBCur, pevent);
        *perr = OS_ERR_TIMEOUT;
        break;
    }
    OSTCBCur->OSTCBStat = OS_STAT_RDY;
    OSTCBCur->OSTCBStatPend = OS_STAT_PEND_OK;
    OSTCBCur->OSTCBEventPtr = (OS_EVENT *)0;
#if ((OS_Q_EN > 0u) && (OS_MAX_QS > 0u)) || (OS_MBOX_EN > 0u)
    OSTCBCur->OSTCBMsg = (void *)0;
#endif
    OS_EXIT_CRITICAL();
    return pmsg;
}

/* OS_EventAbortAll: ready every task waiting on `pevent` (wait bit `stat`) with
 * OS_ERR_PEND_ABORT; returns how many. Interrupts off; the caller reschedules. */
static INT8U OS_EventAbortAll(OS_EVENT *pevent, INT8U stat)
{
    INT8U nbr = 0u;
    while (pevent->OSEventGrp != 0u) {
        (void)OS_EventTaskRdy(pevent, (void *)0, stat, OS_STAT_PEND_ABORT);
        nbr++;
    }
    return nbr;
}

/* OS_EventPendAbort: OSSemPendAbort and its kin for an event of `type` whose waiters have the wait
 * bit `stat`: ready the highest-priority waiter (every one with OS_PEND_OPT_BROADCAST) with
 * OS_ERR_PEND_ABORT; *perr is OS_ERR_PEND_ABORT when a task was readied, OS_ERR_NONE when none
 * waited. Returns how many. */
INT8U OS_EventPendAbort(OS_EVENT *pevent, INT8U type, INT8U stat, INT8U opt, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
    INT8U nbr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (pevent == (OS_EVENT *)0) { *perr = OS_ERR_PEVENT_NULL; return 0u; }
#endif
    if (pevent->OSEventType != type) { *perr = OS_ERR_EVENT_TYPE; return 0u; }
    OS_ENTER_CRITICAL();
    if (opt == OS_PEND_OPT_BROADCAST) {
        nbr = OS_EventAbortAll(pevent, stat);
    } else if (pevent->OSEventGrp != 0u) {
        (void)OS_EventTaskRdy(pevent, (void *)0, stat, OS_STAT_PEND_ABORT);
        nbr = 1u;
    }
    OS_EXIT_CRITICAL();
    if (nbr == 0u) {
        *perr = OS_ERR_NONE;
        return 0u;
    }
    OS_Sched();
    *perr = OS_ERR_PEND_ABORT;
    return nbr;
}

/* OS_EventDel: OSSemDel and its kin for an event of `type` whose waiters have the wait bit
 * `stat`. OS_DEL_NO_PEND deletes only when no task waits (OS_ERR_TASK_WAITING otherwise),
 * OS_DEL_ALWAYS readies the waiters with OS_ERR_PEND_ABORT; any other option is
 * OS_ERR_INVALID_OPT. `release` (NULL: nothing) frees what the service keeps beside the event; it
 * runs with interrupts off after the waiters are readied and before the event goes back to the free
 * list. Returns NULL when deleted, `pevent` with the reason in *perr otherwise. */
OS_EVENT *OS_EventDel(OS_EVENT *pevent, INT8U type, INT8U stat, INT8U opt, void (*release)(OS_EVENT *pevent),
                      INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (pevent == (OS_EVENT *)0) { *perr = OS_ERR_PEVENT_NULL; return pevent; }
#endif
    if (pevent->OSEventType != type) { *perr = OS_ERR_EVENT_TYPE; return pevent; }
    if (OSIntNesting > 0u) { *perr = OS_ERR_DEL_ISR; return pevent; }
    if (opt != OS_DEL_NO_PEND && opt != OS_DEL_ALWAYS) { *perr = OS_ERR_INVALID_OPT; return pevent; }
    OS_ENTER_CRITICAL();
    if (opt == OS_DEL_NO_PEND && pevent->OSEventGrp != 0u) {
        OS_EXIT_CRITICAL();
        *perr = OS_ERR_TASK_WAITING;
        return pevent;
    }
    INT8U readied = OS_EventAbortAll(pevent, stat);
    if (release != (void (*)(OS_EVENT *))0)
        release(pevent);
    OS_EventFree(pevent);
    OS_EXIT_CRITICAL();
    if (readied > 0u)
        OS_Sched();
    *perr = OS_ERR_NONE;
    return (OS_EVENT *)0;
}
