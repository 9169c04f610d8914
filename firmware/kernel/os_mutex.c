/* os_mutex.c - mutual exclusion semaphores with priority inheritance (uC/OS-II's PIP scheme):
 * each mutex reserves a priority (its PIP); when a task of higher priority than the owner waits,
 * the owner runs at the PIP until it releases the mutex. OSEventCnt holds PIP << 8 | owner's own
 * priority (0xFF when free) and OSEventPtr the owner's TCB. uC/OS-II 2.93 API. */
#include <ucos_ii.h>

#if OS_MUTEX_EN > 0u

#define OS_MUTEX_KEEP_LOWER_8 ((INT16U)0x00FFu)
#define OS_MUTEX_KEEP_UPPER_8 ((INT16U)0xFF00u)
#define OS_MUTEX_AVAILABLE ((INT16U)0x00FFu)

/* Give the owner `ptcb` its own priority `prio` back, in whatever state it is in: the poster is
 * running, but the owner of a mutex being deleted may be delayed, suspended or waiting on another
 * event, and must stay so (OS_TCBPrioMove). */
static void OSMutex_OwnerAtPrio(OS_TCB *ptcb, INT8U prio)
{
    OS_TCBPrioMove(ptcb, prio);
    OSTCBPrioTbl[prio] = ptcb;
}

/* OSMutex_Take (critical section held): when the mutex is free the current task becomes its
 * owner, *perr is OS_ERR_NONE (OS_ERR_PCP_LOWER when the owner's priority is already at or above
 * the PIP) and the answer OS_TRUE; else OS_FALSE and *perr OS_ERR_NONE. */
static BOOLEAN OSMutex_Take(OS_EVENT *pevent, INT8U *perr)
{
    INT8U pip = (INT8U)(pevent->OSEventCnt >> 8u);
    *perr = OS_ERR_NONE;
    if ((pevent->OSEventCnt & OS_MUTEX_KEEP_LOWER_8) != OS_MUTEX_AVAILABLE)
        return OS_FALSE;
    pevent->OSEventCnt &= OS_MUTEX_KEEP_UPPER_8;
    pevent->OSEventCnt |= OSTCBCur->OSTCBPrio;
    pevent->OSEventPtr = (void *)OSTCBCur;
    if (pip != OS_PRIO_MUTEX_CEIL_DIS && OSTCBCur->OSTCBPrio <= pip)
        *perr = OS_ERR_PCP_LOWER;
    return OS_TRUE;
}

#if OS_MUTEX_ACCEPT_EN > 0u
/* OSMutexAccept: take the mutex if free, without waiting. */
BOOLEAN OSMutexAccept(OS_EVENT *pevent, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
    *perr = OS_EventCheck(pevent, OS_EVENT_TYPE_MUTEX, (const void *)0, OS_ERR_NONE);
    if (*perr != OS_ERR_NONE)
        return OS_FALSE;
    if (OSIntNesting > 0u) { *perr = OS_ERR_PEND_ISR; return OS_FALSE; }
    OS_ENTER_CRITICAL();
    BOOLEAN taken = OSMutex_Take(pevent, perr);
    OS_EXIT_CRITICAL();
    return taken;
}
#endif

/* OSMutexCreate: a mutex whose inheritance priority is `prio` (that priority is reserved and
 * must be higher than every task using the mutex), or OS_PRIO_MUTEX_CEIL_DIS for none. */
OS_EVENT *OSMutexCreate(INT8U prio, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (prio != OS_PRIO_MUTEX_CEIL_DIS && prio >= OS_LOWEST_PRIO) { *perr = OS_ERR_PRIO_INVALID; return (OS_EVENT *)0; }
#endif
    if (OSIntNesting > 0u) { *perr = OS_ERR_CREATE_ISR; return (OS_EVENT *)0; }
    OS_ENTER_CRITICAL();
    if (prio != OS_PRIO_MUTEX_CEIL_DIS) {
        if (OSTCBPrioTbl[prio] != (OS_TCB *)0) {
            OS_EXIT_CRITICAL();
            *perr = OS_ERR_PRIO_EXIST;
            return (OS_EVENT *)0;
        }
        OSTCBPrioTbl[prio] = OS_TCB_RESERVED;
    }
    OS_EXIT_CRITICAL();
    OS_EVENT *pevent = OS_EventAlloc(OS_EVENT_TYPE_MUTEX, (INT16U)((INT16U)prio << 8u) | OS_MUTEX_AVAILABLE, (void *)0);
    if (pevent == (OS_EVENT *)0) {
        if (prio != OS_PRIO_MUTEX_CEIL_DIS) { /* no ECB: give the reserved priority back */
            OS_ENTER_CRITICAL();
            OSTCBPrioTbl[prio] = (OS_TCB *)0;
            OS_EXIT_CRITICAL();
        }
        *perr = OS_ERR_PEVENT_NULL;
        return pevent;
    }
    *perr = OS_ERR_NONE;
    return pevent;
}

#if OS_MUTEX_DEL_EN > 0u
/* OSMutex_Release: for a mutex being deleted, give its owner (if raised to the PIP) its own
 * priority back and free the PIP (interrupts off). */
static void OSMutex_Release(OS_EVENT *pevent)
{
    INT8U pip = (INT8U)(pevent->OSEventCnt >> 8u);
    OS_TCB *ptcb = (OS_TCB *)pevent->OSEventPtr;
    if (ptcb != (OS_TCB *)0 && pip != OS_PRIO_MUTEX_CEIL_DIS && ptcb->OSTCBPrio == pip)
        OSMutex_OwnerAtPrio(ptcb, (INT8U)(pevent->OSEventCnt & OS_MUTEX_KEEP_LOWER_8));
    if (pip != OS_PRIO_MUTEX_CEIL_DIS)
        OSTCBPrioTbl[pip] = (OS_TCB *)0;
    OSPrioCur = OSTCBCur->OSTCBPrio;
}

/* OSMutexDel: delete a mutex (OS_DEL_NO_PEND only when nobody waits, OS_DEL_ALWAYS readies the
 * waiters with OS_ERR_PEND_ABORT and restores the owner's priority). */
OS_EVENT *OSMutexDel(OS_EVENT *pevent, INT8U opt, INT8U *perr)
{
    return OS_EventDel(pevent, OS_EVENT_TYPE_MUTEX, OS_STAT_MUTEX, opt, OSMutex_Release, perr);
}
#endif

/* OSMutexPend: take the mutex, waiting up to `timeout` ticks (0: forever). If the owner has a
 * lower priority than the caller, the owner is raised to the mutex's PIP meanwhile. */
void OSMutexPend(OS_EVENT *pevent, INT32U timeout, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
    *perr = OS_EventPendCheck(pevent, OS_EVENT_TYPE_MUTEX);
    if (*perr != OS_ERR_NONE)
        return;
    OS_ENTER_CRITICAL();
    if (OSMutex_Take(pevent, perr) == OS_TRUE) {
        OS_EXIT_CRITICAL();
        return;
    }
    INT8U pip = (INT8U)(pevent->OSEventCnt >> 8u);
    if (pip != OS_PRIO_MUTEX_CEIL_DIS) {
        OS_TCB *ptcb = (OS_TCB *)pevent->OSEventPtr;
        if (ptcb->OSTCBPrio > pip && ptcb->OSTCBPrio > OSTCBCur->OSTCBPrio) {
            OS_TCBPrioMove(ptcb, pip);
            OSTCBPrioTbl[pip] = ptcb;
        }
    }
    (void)OS_EventPendWait(pevent, OS_STAT_MUTEX, timeout, cpu_sr, perr);
}

/* OSMutexPost: release the mutex (only its owner may); the owner's own priority is restored and
 * the highest-priority waiter, if any, becomes the owner. */
INT8U OSMutexPost(OS_EVENT *pevent)
{
    OS_CPU_SR cpu_sr = 0u;
    if (OSIntNesting > 0u)
        return OS_ERR_POST_ISR;
    INT8U err = OS_EventCheck(pevent, OS_EVENT_TYPE_MUTEX, (const void *)0, OS_ERR_NONE);
    if (err != OS_ERR_NONE)
        return err;
    OS_ENTER_CRITICAL();
    INT8U pip = (INT8U)(pevent->OSEventCnt >> 8u);
    INT8U prio = (INT8U)(pevent->OSEventCnt & OS_MUTEX_KEEP_LOWER_8);
    if (OSTCBCur != (OS_TCB *)pevent->OSEventPtr) {
        OS_EXIT_CRITICAL();
        return OS_ERR_NOT_MUTEX_OWNER;
    }
    if (pip != OS_PRIO_MUTEX_CEIL_DIS) {
        if (OSTCBCur->OSTCBPrio == pip) {
            OSMutex_OwnerAtPrio(OSTCBCur, prio);
            OSPrioCur = prio;
        }
        OSTCBPrioTbl[pip] = OS_TCB_RESERVED;
    }
    if (pevent->OSEventGrp != 0u) {
        prio = OS_EventTaskRdy(pevent, (void *)0, OS_STAT_MUTEX, OS_STAT_PEND_OK);
        pevent->OSEventCnt &= OS_MUTEX_KEEP_UPPER_8;
        pevent->OSEventCnt |= prio;
        pevent->OSEventPtr = OSTCBPrioTbl[prio];
        if (pip != OS_PRIO_MUTEX_CEIL_DIS && prio <= pip) {
            OS_EXIT_CRITICAL();
            OS_Sched();
            return OS_ERR_PCP_LOWER;
        }
        OS_EXIT_CRITICAL();
        OS_Sched();
        return OS_ERR_NONE;
    }
    pevent->OSEventCnt |= OS_MUTEX_AVAILABLE;
    pevent->OSEventPtr = (void *)0;
    OS_EXIT_CRITICAL();
    return OS_ERR_NONE;
}

#if OS_MUTEX_QUERY_EN > 0u
/* OSMutexQuery: state of a mutex. */
INT8U OSMutexQuery(OS_EVENT *pevent, OS_MUTEX_DATA *p_mutex_data)
{
    OS_CPU_SR cpu_sr = 0u;
    if (OSIntNesting > 0u)
        return OS_ERR_QUERY_ISR;
    INT8U err = OS_EventCheck(pevent, OS_EVENT_TYPE_MUTEX, p_mutex_data, OS_ERR_PDATA_NULL);
    if (err != OS_ERR_NONE)
        return err;
    OS_ENTER_CRITICAL();
    p_mutex_data->OSMutexPIP = (INT8U)(pevent->OSEventCnt >> 8u);
    p_mutex_data->OSOwnerPrio = (INT8U)(pevent->OSEventCnt & OS_MUTEX_KEEP_LOWER_8);
    p_mutex_data->OSValue = (p_mutex_data->OSOwnerPrio == 0xFFu) ? OS_TRUE : OS_FALSE;
    p_mutex_data->OSEventGrp = pevent->OSEventGrp;
    for (INT8U i = 0u; i < OS_EVENT_TBL_SIZE; i++)
        p_mutex_data->OSEventTbl[i] = pevent->OSEventTbl[i];
    OS_EXIT_CRITICAL();
    return OS_ERR_NONE;
}
#endif

#endif
