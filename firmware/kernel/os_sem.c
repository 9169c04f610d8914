/* os_sem.c - counting semaphores. uC/OS-II 2.93 API. */
#include <ucos_ii.h>

#if OS_SEM_EN > 0u

#if OS_SEM_ACCEPT_EN > 0u
/* OSSemAccept: take the semaphore if available, without waiting; returns the count before. */
INT16U OSSemAccept(OS_EVENT *pevent)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (pevent == (OS_EVENT *)0)
        return 0u;
#endif
    if (pevent->OSEventType != OS_EVENT_TYPE_SEM)
        return 0u;
    OS_ENTER_CRITICAL();
    INT16U cnt = pevent->OSEventCnt;
    if (cnt > 0u)
        pevent->OSEventCnt--;
    OS_EXIT_CRITICAL();
    return cnt;
}
#endif

/* OSSemCreate: a semaphore with initial count `cnt`; NULL if no ECB is free or in an ISR. */
OS_EVENT *OSSemCreate(INT16U cnt)
{
    OS_CPU_SR cpu_sr = 0u;
    if (OSIntNesting > 0u)
        return (OS_EVENT *)0;
    OS_ENTER_CRITICAL();
    OS_EVENT *pevent = OSEventFreeList;
    if (OSEventFreeList != (OS_EVENT *)0)
        OSEventFreeList = (OS_EVENT *)OSEventFreeList->OSEventPtr;
    OS_EXIT_CRITICAL();
    if (pevent != (OS_EVENT *)0) {
        pevent->OSEventType = OS_EVENT_TYPE_SEM;
        pevent->OSEventCnt = cnt;
        pevent->OSEventPtr = (void *)0;
#if OS_EVENT_NAME_EN > 0u
        pevent->OSEventName = (INT8U *)(void *)"?";
#endif
        OS_EventWaitListInit(pevent);
    }
    return pevent;
}

#if OS_SEM_DEL_EN > 0u
/* OSSemDel: delete a semaphore; with OS_DEL_ALWAYS waiting tasks are readied (OS_ERR_PEND_ABORT
 * for them). Returns NULL on success, pevent on error. */
OS_EVENT *OSSemDel(OS_EVENT *pevent, INT8U opt, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (pevent == (OS_EVENT *)0) { *perr = OS_ERR_PEVENT_NULL; return pevent; }
#endif
    if (pevent->OSEventType != OS_EVENT_TYPE_SEM) { *perr = OS_ERR_EVENT_TYPE; return pevent; }
    if (OSIntNesting > 0u) { *perr = OS_ERR_DEL_ISR; return pevent; }
    OS_ENTER_CRITICAL();
    BOOLEAN waiting = (pevent->OSEventGrp != 0u) ? OS_TRUE : OS_FALSE;
    switch (opt) {
    case OS_DEL_NO_PEND:
        if (waiting == OS_TRUE) {
            OS_EXIT_CRITICAL();
            *perr = OS_ERR_TASK_WAITING;
            return pevent;
        }
        break;
    case OS_DEL_ALWAYS:
        while (pevent->OSEventGrp != 0u)
            (void)OS_EventTaskRdy(pevent, (void *)0, OS_STAT_SEM, OS_STAT_PEND_ABORT);
        break;
    default:
        OS_EXIT_CRITICAL();
        *perr = OS_ERR_INVALID_OPT;
        return pevent;
    }
#if OS_EVENT_NAME_EN > 0u
    pevent->OSEventName = (INT8U *)(void *)"?";
#endif
    pevent->OSEventType = OS_EVENT_TYPE_UNUSED;
    pevent->OSEventPtr = OSEventFreeList;
    pevent->OSEventCnt = 0u;
    OSEventFreeList = pevent;
    OS_EXIT_CRITICAL();
    if (waiting == OS_TRUE)
        OS_Sched();
    *perr = OS_ERR_NONE;
    return (OS_EVENT *)0;
}
#endif

/* OSSemPend: take the semaphore, waiting up to `timeout` ticks (0: forever). */
void OSSemPend(OS_EVENT *pevent, INT32U timeout, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (pevent == (OS_EVENT *)0) { *perr = OS_ERR_PEVENT_NULL; return; }
#endif
    if (pevent->OSEventType != OS_EVENT_TYPE_SEM) { *perr = OS_ERR_EVENT_TYPE; return; }
    if (OSIntNesting > 0u) { *perr = OS_ERR_PEND_ISR; return; }
    if (OSLockNesting > 0u) { *perr = OS_ERR_PEND_LOCKED; return; }
    OS_ENTER_CRITICAL();
    if (pevent->OSEventCnt > 0u) {
        pevent->OSEventCnt--;
        OS_EXIT_CRITICAL();
        *perr = OS_ERR_NONE;
        return;
    }
    OSTCBCur->OSTCBStat |= OS_STAT_SEM;
    OSTCBCur->OSTCBStatPend = OS_STAT_PEND_OK;
    OSTCBCur->OSTCBDly = timeout;
    OS_EventTaskWait(pevent);
    OS_EXIT_CRITICAL();
    OS_Sched();
    OS_ENTER_CRITICAL();
    switch (OSTCBCur->OSTCBStatPend) {
    case OS_STAT_PEND_OK: *perr = OS_ERR_NONE; break;
    case OS_STAT_PEND_ABORT: *perr = OS_ERR_PEND_ABORT; break;
    case OS_STAT_PEND_TO:
    default:
        OS_EventTaskRemove(OSTCBCur, pevent);
        *perr = OS_ERR_TIMEOUT;
        break;
    }
    OSTCBCur->OSTCBStat = OS_STAT_RDY;
    OSTCBCur->OSTCBStatPend = OS_STAT_PEND_OK;
    OSTCBCur->OSTCBEventPtr = (OS_EVENT *)0;
    OS_EXIT_CRITICAL();
}

#if OS_SEM_PEND_ABORT_EN > 0u
/* OSSemPendAbort: ready the highest (or, with OS_PEND_OPT_BROADCAST, every) waiting task with
 * OS_ERR_PEND_ABORT. Returns the number of tasks readied. */
INT8U OSSemPendAbort(OS_EVENT *pevent, INT8U opt, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
    INT8U nbr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (pevent == (OS_EVENT *)0) { *perr = OS_ERR_PEVENT_NULL; return 0u; }
#endif
    if (pevent->OSEventType != OS_EVENT_TYPE_SEM) { *perr = OS_ERR_EVENT_TYPE; return 0u; }
    OS_ENTER_CRITICAL();
    if (pevent->OSEventGrp != 0u) {
        if (opt == OS_PEND_OPT_BROADCAST) {
            while (pevent->OSEventGrp != 0u) {
                (void)OS_EventTaskRdy(pevent, (void *)0, OS_STAT_SEM, OS_STAT_PEND_ABORT);
                nbr++;
            }
        } else {
            (void)OS_EventTaskRdy(pevent, (void *)0, OS_STAT_SEM, OS_STAT_PEND_ABORT);
            nbr++;
        }
        OS_EXIT_CRITICAL();
        OS_Sched();
        *perr = OS_ERR_PEND_ABORT;
        return nbr;
    }
    OS_EXIT_CRITICAL();
    *perr = OS_ERR_NONE;
    return 0u;
}
#endif

/* OSSemPost: signal; readies the highest-priority waiter or increments the count. */
INT8U OSSemPost(OS_EVENT *pevent)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (pevent == (OS_EVENT *)0)
        return OS_ERR_PEVENT_NULL;
#endif
    if (pevent->OSEventType != OS_EVENT_TYPE_SEM)
        return OS_ERR_EVENT_TYPE;
    OS_ENTER_CRITICAL();
    if (pevent->OSEventGrp != 0u) {
        (void)OS_EventTaskRdy(pevent, (void *)0, OS_STAT_SEM, OS_STAT_PEND_OK);
        OS_EXIT_CRITICAL();
        OS_Sched();
        return OS_ERR_NONE;
    }
    if (pevent->OSEventCnt < 65535u) {
        pevent->OSEventCnt++;
        OS_EXIT_CRITICAL();
        return OS_ERR_NONE;
    }
    OS_EXIT_CRITICAL();
    return OS_ERR_SEM_OVF;
}

#if OS_SEM_QUERY_EN > 0u
/* OSSemQuery: count and wait list of a semaphore. */
INT8U OSSemQuery(OS_EVENT *pevent, OS_SEM_DATA *p_sem_data)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (pevent == (OS_EVENT *)0)
        return OS_ERR_PEVENT_NULL;
    if (p_sem_data == (OS_SEM_DATA *)0)
        return OS_ERR_PDATA_NULL;
#endif
    if (pevent->OSEventType != OS_EVENT_TYPE_SEM)
        return OS_ERR_EVENT_TYPE;
    OS_ENTER_CRITICAL();
    p_sem_data->OSEventGrp = pevent->OSEventGrp;
    for (INT8U i = 0u; i < OS_EVENT_TBL_SIZE; i++)
        p_sem_data->OSEventTbl[i] = pevent->OSEventTbl[i];
    p_sem_data->OSCnt = pevent->OSEventCnt;
    OS_EXIT_CRITICAL();
    return OS_ERR_NONE;
}
#endif

#if OS_SEM_SET_EN > 0u
/* OSSemSet: set the count (only when no task waits: OS_ERR_TASK_WAITING otherwise). */
void OSSemSet(OS_EVENT *pevent, INT16U cnt, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (pevent == (OS_EVENT *)0) { *perr = OS_ERR_PEVENT_NULL; return; }
#endif
    if (pevent->OSEventType != OS_EVENT_TYPE_SEM) { *perr = OS_ERR_EVENT_TYPE; return; }
    OS_ENTER_CRITICAL();
    *perr = OS_ERR_NONE;
    if (pevent->OSEventCnt > 0u || pevent->OSEventGrp == 0u)
        pevent->OSEventCnt = cnt;
    else
        *perr = OS_ERR_TASK_WAITING;
    OS_EXIT_CRITICAL();
}
#endif

#endif
