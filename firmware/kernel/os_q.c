/* os_q.c - message queues (circular buffers of pointers). uC/OS-II 2.93 API. */
#include <ucos_ii.h>

#if (OS_Q_EN > 0u) && (OS_MAX_QS > 0u)

#if OS_Q_ACCEPT_EN > 0u
/* OSQAccept: take a message if one is waiting (OS_ERR_Q_EMPTY otherwise), without waiting. */
void *OSQAccept(OS_EVENT *pevent, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
    *perr = OS_EventCheck(pevent, OS_EVENT_TYPE_Q, (const void *)0, OS_ERR_NONE);
    if (*perr != OS_ERR_NONE)
        return (void *)0;
    OS_ENTER_CRITICAL();
    OS_Q *pq = (OS_Q *)pevent->OSEventPtr;
    void *pmsg;
    if (pq->OSQEntries > 0u) {
        pmsg = *pq->OSQOut++;
        pq->OSQEntries--;
        if (pq->OSQOut == pq->OSQEnd)
            pq->OSQOut = pq->OSQStart;
        *perr = OS_ERR_NONE;
    } else {
        *perr = OS_ERR_Q_EMPTY;
        pmsg = (void *)0;
    }
    OS_EXIT_CRITICAL();
    return pmsg;
}
#endif

/* OSQCreate: a queue over the caller's array `start` of `size` pointers. */
OS_EVENT *OSQCreate(void **start, INT16U size)
{
    OS_CPU_SR cpu_sr = 0u;
    if (OSIntNesting > 0u)
        return (OS_EVENT *)0;
    OS_EVENT *pevent = OS_EventAlloc(OS_EVENT_TYPE_Q, 0u, (void *)0);
    if (pevent == (OS_EVENT *)0)
        return pevent;
    OS_ENTER_CRITICAL();
    OS_Q *pq = OSQFreeList;
    if (pq == (OS_Q *)0) {
        OS_EventFree(pevent); /* no queue control block: give the ECB back */
        OS_EXIT_CRITICAL();
        return (OS_EVENT *)0;
    }
    OSQFreeList = OSQFreeList->OSQPtr;
    OS_EXIT_CRITICAL();
    pq->OSQStart = start;
    pq->OSQEnd = &start[size];
    pq->OSQIn = start;
    pq->OSQOut = start;
    pq->OSQSize = size;
    pq->OSQEntries = 0u;
    pevent->OSEventPtr = pq;
    return pevent;
}

#if OS_Q_DEL_EN > 0u
/* OS_QRelease: give the queue control block of a queue being deleted back (interrupts off). */
static void OS_QRelease(OS_EVENT *pevent)
{
    OS_Q *pq = (OS_Q *)pevent->OSEventPtr;
    pq->OSQPtr = OSQFreeList;
    OSQFreeList = pq;
}

/* OSQDel: delete a queue (see OSSemDel for the options). */
OS_EVENT *OSQDel(OS_EVENT *pevent, INT8U opt, INT8U *perr)
{
    return OS_EventDel(pevent, OS_EVENT_TYPE_Q, OS_STAT_Q, opt, OS_QRelease, perr);
}
#endif

#if OS_Q_FLUSH_EN > 0u
/* OSQFlush: discard every message. */
INT8U OSQFlush(OS_EVENT *pevent)
{
    OS_CPU_SR cpu_sr = 0u;
    INT8U err = OS_EventCheck(pevent, OS_EVENT_TYPE_Q, (const void *)0, OS_ERR_NONE);
    if (err != OS_ERR_NONE)
        return err;
    OS_ENTER_CRITICAL();
    OS_Q *pq = (OS_Q *)pevent->OSEventPtr;
    pq->OSQIn = pq->OSQStart;
    pq->OSQOut = pq->OSQStart;
    pq->OSQEntries = 0u;
    OS_EXIT_CRITICAL();
    return OS_ERR_NONE;
}
#endif

/* OSQPend: receive a message, waiting up to `timeout` ticks (0: forever). */
void *OSQPend(OS_EVENT *pevent, INT32U timeout, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
    *perr = OS_EventPendCheck(pevent, OS_EVENT_TYPE_Q);
    if (*perr != OS_ERR_NONE)
        return (void *)0;
    OS_ENTER_CRITICAL();
    OS_Q *pq = (OS_Q *)pevent->OSEventPtr;
    if (pq->OSQEntries > 0u) {
        void *pmsg = *pq->OSQOut++;
        pq->OSQEntries--;
        if (pq->OSQOut == pq->OSQEnd)
            pq->OSQOut = pq->OSQStart;
        OS_EXIT_CRITICAL();
        *perr = OS_ERR_NONE;
        return pmsg;
    }
    return OS_EventPendWait(pevent, OS_STAT_Q, timeout, cpu_sr, perr);
}

#if OS_Q_PEND_ABORT_EN > 0u
/* OSQPendAbort: ready one (or all) waiting tasks with OS_ERR_PEND_ABORT. */
INT8U OSQPendAbort(OS_EVENT *pevent, INT8U opt, INT8U *perr)
{
    return OS_EventPendAbort(pevent, OS_EVENT_TYPE_Q, OS_STAT_Q, opt, perr);
}
#endif

#if OS_Q_POST_OPT_EN > 0u
/* OSQPostOpt: post with options: OS_POST_OPT_FRONT (LIFO), OS_POST_OPT_BROADCAST (to every
 * waiter), OS_POST_OPT_NO_SCHED (do not reschedule). */
INT8U OSQPostOpt(OS_EVENT *pevent, void *pmsg, INT8U opt)
{
    OS_CPU_SR cpu_sr = 0u;
    INT8U err = OS_EventCheck(pevent, OS_EVENT_TYPE_Q, (const void *)0, OS_ERR_NONE);
    if (err != OS_ERR_NONE)
        return err;
    OS_ENTER_CRITICAL();
    if (pevent->OSEventGrp != 0u) {
        do {
            (void)OS_EventTaskRdy(pevent, pmsg, OS_STAT_Q, OS_STAT_PEND_OK);
        } while ((opt & OS_POST_OPT_BROADCAST) != 0u && pevent->OSEventGrp != 0u);
        OS_EXIT_CRITICAL();
        if ((opt & OS_POST_OPT_NO_SCHED) == 0u)
            OS_Sched();
        return OS_ERR_NONE;
    }
    OS_Q *pq = (OS_Q *)pevent->OSEventPtr;
    if (pq->OSQEntries >= pq->OSQSize) {
        OS_EXIT_CRITICAL();
        return OS_ERR_Q_FULL;
    }
    if ((opt & OS_POST_OPT_FRONT) != 0u) {
        if (pq->OSQOut == pq->OSQStart)
            pq->OSQOut = pq->OSQEnd;
        pq->OSQOut--;
        *pq->OSQOut = pmsg;
    } else {
        *pq->OSQIn++ = pmsg;
        if (pq->OSQIn == pq->OSQEnd)
            pq->OSQIn = pq->OSQStart;
    }
    pq->OSQEntries++;
    OS_EXIT_CRITICAL();
    return OS_ERR_NONE;
}
#endif

#if OS_Q_POST_EN > 0u
/* OSQPost: post at the back (FIFO). */
INT8U OSQPost(OS_EVENT *pevent, void *pmsg) { return OSQPostOpt(pevent, pmsg, OS_POST_OPT_NONE); }
#endif

#if OS_Q_POST_FRONT_EN > 0u
/* OSQPostFront: post at the front (LIFO). */
INT8U OSQPostFront(OS_EVENT *pevent, void *pmsg) { return OSQPostOpt(pevent, pmsg, OS_POST_OPT_FRONT); }
#endif

#if OS_Q_QUERY_EN > 0u
/* OSQQuery: next message, count, size and wait list. */
INT8U OSQQuery(OS_EVENT *pevent, OS_Q_DATA *p_q_data)
{
    OS_CPU_SR cpu_sr = 0u;
    INT8U err = OS_EventCheck(pevent, OS_EVENT_TYPE_Q, p_q_data, OS_ERR_PDATA_NULL);
    if (err != OS_ERR_NONE)
        return err;
    OS_ENTER_CRITICAL();
    p_q_data->OSEventGrp = pevent->OSEventGrp;
    for (INT8U i = 0u; i < OS_EVENT_TBL_SIZE; i++)
        p_q_data->OSEventTbl[i] = pevent->OSEventTbl[i];
    OS_Q *pq = (OS_Q *)pevent->OSEventPtr;
    p_q_data->OSMsg = (pq->OSQEntries > 0u) ? *pq->OSQOut : (void *)0;
    p_q_data->OSNMsgs = pq->OSQEntries;
    p_q_data->OSQSize = pq->OSQSize;
    OS_EXIT_CRITICAL();
    return OS_ERR_NONE;
}
#endif

/* OS_QInit: chain the queue control blocks into the free list. */
void OS_QInit(void)
{
    OS_MemClr((INT8U *)&OSQTbl[0], sizeof(OSQTbl));
    for (INT16U i = 0u; i < OS_MAX_QS - 1u; i++)
        OSQTbl[i].OSQPtr = &OSQTbl[i + 1u];
    OSQTbl[OS_MAX_QS - 1u].OSQPtr = (OS_Q *)0;
    OSQFreeList = &OSQTbl[0];
}

#endif
