/* os_sem.c - counting semaphores. uC/OS-II 2.93 API. */
#include <ucos_ii.h>

#if OS_SEM_EN > 0u

#if OS_SEM_ACCEPT_EN > 0u
/* OSSemAccept: take the semaphore if available, without waiting; returns the count before. */
INT16U OSSemAccept(OS_EVENT *pevent)
{
    OS_CPU_SR cpu_sr = 0u;
    if (OS_EventCheck(pevent, OS_EVENT_TYPE_SEM, (const void *)0, OS_ERR_NONE) != OS_ERR_NONE)
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
    if (OSIntNesting > 0u)
        return (OS_EVENT *)0;
    return OS_EventAlloc(OS_EVENT_TYPE_SEM, cnt, (void *)0);
}

#if OS_SEM_DEL_EN > 0u
/* OSSemDel: delete a semaphore; with OS_DEL_ALWAYS waiting tasks are readied (OS_ERR_PEND_ABORT
 * for them). Returns NULL on success, pevent on error. */
OS_EVENT *OSSemDel(OS_EVENT *pevent, INT8U opt, INT8U *perr)
{
    return OS_EventDel(pevent, OS_EVENT_TYPE_SEM, OS_STAT_SEM, opt, (void (*)(OS_EVENT *))0, perr);
}
#endif

/* OSSemPend: take the semaphore, waiting up to `timeout` ticks (0: forever). */
void OSSemPend(OS_EVENT *pevent, INT32U timeout, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
    *perr = OS_EventPendCheck(pevent, OS_EVENT_TYPE_SEM);
    if (*perr != OS_ERR_NONE)
        return;
    OS_ENTER_CRITICAL();
    if (pevent->OSEventCnt > 0u) {
        pevent->OSEventCnt--;
        OS_EXIT_CRITICAL();
        *perr = OS_ERR_NONE;
        return;
    }
    (void)OS_EventPendWait(pevent, OS_STAT_SEM, timeout, cpu_sr, perr);
}

#if OS_SEM_PEND_ABORT_EN > 0u
/* OSSemPendAbort: ready the highest (or, with OS_PEND_OPT_BROADCAST, every) waiting task with
 * OS_ERR_PEND_ABORT. Returns the number of tasks readied. */
INT8U OSSemPendAbort(OS_EVENT *pevent, INT8U opt, INT8U *perr)
{
    return OS_EventPendAbort(pevent, OS_EVENT_TYPE_SEM, OS_STAT_SEM, opt, perr);
}
#endif

/* OSSemPost: signal; readies the highest-priority waiter or increments the count. */
INT8U OSSemPost(OS_EVENT *pevent)
{
    OS_CPU_SR cpu_sr = 0u;
    INT8U err = OS_EventCheck(pevent, OS_EVENT_TYPE_SEM, (const void *)0, OS_ERR_NONE);
    if (err != OS_ERR_NONE)
        return err;
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
    INT8U err = OS_EventCheck(pevent, OS_EVENT_TYPE_SEM, p_sem_data, OS_ERR_PDATA_NULL);
    if (err != OS_ERR_NONE)
        return err;
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
    *perr = OS_EventCheck(pevent, OS_EVENT_TYPE_SEM, (const void *)0, OS_ERR_NONE);
    if (*perr != OS_ERR_NONE)
        return;
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
