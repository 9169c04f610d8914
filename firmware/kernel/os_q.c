/* os_q.c - message queues (circular buffers of pointers). uC/OS-II 2.93 API. */
#include <ucos_ii.h>

#if (OS_Q_EN > 0u) && (OS_MAX_QS > 0u)

#if OS_Q_ACCEPT_EN > 0u
/* OSQAccept: take a message if one is waiting (OS_ERR_Q_EMPTY otherwise), without waiting. */
void *OSQAccept(OS_EVENT *pevent, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (pevent == (OS_EVENT *)0) { *perr = OS_ERR_PEVENT_NULL; return (void *)0; }
#endif
    if (pevent->OSEventType != OS_EVENT_TYPE_Q) { *perr = OS_ERR_EVENT_TYPE; return (void *)0; }
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
    OS_ENTER_CRITICAL();
    OS_EVENT *pevent = OSEventFreeList;
    if (OSEventFreeList != (OS_EVENT *)0)
        OSEventFreeList = (OS_EVENT *)OSEventFreeList->OSEventPtr;
    OS_EXIT_CRITICAL();
    if (pevent == (OS_EVENT *)0)
        return pevent;
    OS_ENTER_CRITICAL();
    OS_Q *pq = OSQFreeList;
    if (pq == (OS_Q *)0) {
        pevent->OSEventPtr = (void *)OSEventFreeList; /* give the ECB back */
        OSEventFreeList = pevent;
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
    pevent->OSEventType = OS_EVENT_TYPE_Q;
    pevent->OSEventCnt = 0u;
    pevent->OSEventPtr = pq;
#if OS_EVENT_NAME_EN > 0u
    pevent->OSEventName = (INT8U *)(void *)"?";
#endif
    OS_EventWaitListInit(pevent);
    return pevent;
}

#if OS_Q_DEL_EN > 0u
/* OSQDel: delete a queue (see OSSemDel for the options). */
OS_EVENT *OSQDel(OS_EVENT *pevent, INT8U opt, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (pevent == (OS_EVENT *)0) { *perr = OS_ERR_PEVENT_NULL; return pevent; }
#endif
    if (pevent->OSEventType != OS_EVENT_TYPE_Q) { *perr = OS_ERR_EVENT_TYPE; return pevent; }
    if (OSIntNesting > 0u) { *perr = OS_ERR_DEL_ISR; return pevent; }
    OS_ENTER_CRITICAL();
    BOOLEAN waiting = (pevent->OSEventGrp != 0u) ? OS_TRUE : OS_FALSE;
    if (opt == OS_DEL_NO_PEND && waiting == OS_TRUE) {
        OS_EXIT_CRITICAL();
        *perr = OS_ERR_TASK_WAITING;
        return pevent;
    }
    if (opt != OS_DEL_NO_PEND && opt != OS_DEL_ALWAYS) {
        OS_EXIT_CRITICAL();
        *perr = OS_ERR_INVALID_OPT;
        return pevent;
    }
    while (pevent->OSEventGrp != 0u)
        (void)OS_EventTaskRdy(pevent, (void *)0, OS_STAT_Q, OS_STAT_PEND_ABORT);
#if OS_EVENT_NAME_EN > 0u
    pevent->OSEventName = (INT8U *)(void *)"?";
#endif
    OS_Q *pq = (OS_Q *)pevent->OSEventPtr;
    pq->OSQPtr = OSQFreeList;
    OSQFreeList = pq;
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

#if OS_Q_FLUSH_EN > 0u
/* OSQFlush: discard every message. */
INT8U OSQFlush(OS_EVENT *pevent)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (pevent == (OS_EVENT *)0)
        return OS_ERR_PEVENT_NULL;
#endif
    if (pevent->OSEventType != OS_EVENT_TYPE_Q)
        return OS_ERR_EVENT_TYPE;
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
#if OS_ARG_CHK_EN > 0u
    if (pevent == (OS_EVENT *)0) { *perr = OS_ERR_PEVENT_NULL; return (void *)0; }
#endif
    if (pevent->OSEventType != OS_EVENT_TYPE_Q) { *perr = OS_ERR_EVENT_TYPE; return (void *)0; }
    if (OSIntNesting > 0u) { *perr = OS_ERR_PEND_ISR; return (void *)0; }
    if (OSLockNesting > 0u) { *perr = OS_ERR_PEND_LOCKED; return (void *)0; }
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
    OSTCBCur->OSTCBStat |= OS_STAT_Q;
    OSTCBCur->OSTCBStatPend = OS_STAT_PEND_OK;
    OSTCBCur->OSTCBDly = timeout;
    OS_EventTaskWait(pevent);
    OS_EXIT_CRITICAL();
    OS_Sched();
    OS_ENTER_CRITICAL();
    void *pmsg;
    switch (OSTCBCur->OSTCBStatPend) {
    case OS_STAT_PEND_OK:
        pmsg = OSTCBCur->OSTCBMsg;
        *perr = OS_ERR_NONE;
        break;
    case OS_STAT_PEND_ABORT:
        pmsg = (void *)0;
        *perr = OS_ERR_PEND_ABORT;
        break;
    case OS_STAT_PEND_TO:
    default:
        OS_EventTaskRemove(OSTCBCur, pevent);
        pmsg = (void *)0;
        *perr = OS_ERR_TIMEOUT;
        break;
    }
    OSTCBCur->OSTCBStat = OS_STAT_RDY;
    OSTCBCur->OSTCBStatPend = OS_STAT_PEND_OK;
    OSTCBCur->OSTCBEventPtr = (OS_EVENT *)0;
    OSTCBCur->OSTCBMsg = (void *)0;
    OS_EXIT_CRITICAL();
    return pmsg;
}

#if OS_Q_PEND_ABORT_EN > 0u
/* OSQPendAbort: ready one (or all) waiting tasks with OS_ERR_PEND_ABORT. */
INT8U OSQPendAbort(OS_EVENT *pevent, INT8U opt, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
    INT8U nbr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (pevent == (OS_EVENT *)0) { *perr = OS_ERR_PEVENT_NULL; return 0u; }
#endif
    if (pevent->OSEventType != OS_EVENT_TYPE_Q) { *perr = OS_ERR_EVENT_TYPE; return 0u; }
    OS_ENTER_CRITICAL();
    if (pevent->OSEventGrp != 0u) {
        do {
            (void)OS_EventTaskRdy(pevent, (void *)0, OS_STAT_Q, OS_STAT_PEND_ABORT);
            nbr++;
        } while (opt == OS_PEND_OPT_BROADCAST && pevent->OSEventGrp != 0u);
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

#if OS_Q_POST_OPT_EN > 0u
/* OSQPostOpt: post with options: OS_POST_OPT_FRONT (LIFO), OS_POST_OPT_BROADCAST (to every
 * waiter), OS_POST_OPT_NO_SCHED (do not reschedule). */
INT8U OSQPostOpt(OS_EVENT *pevent, void *pmsg, INT8U opt)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (pevent == (OS_EVENT *)0)
        return OS_ERR_PEVENT_NULL;
#endif
    if (pevent->OSEventType != OS_EVENT_TYPE_Q)
        return OS_ERR_EVENT_TYPE;
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
#if OS_ARG_CHK_EN > 0u
    if (pevent == (OS_EVENT *)0)
        return OS_ERR_PEVENT_NULL;
    if (p_q_data == (OS_Q_DATA *)0)
        return OS_ERR_PDATA_NULL;
#endif
    if (pevent->OSEventType != OS_EVENT_TYPE_Q)
        return OS_ERR_EVENT_TYPE;
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
