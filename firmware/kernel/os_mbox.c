/* os_mbox.c - message mailboxes (one pointer). uC/OS-II 2.93 API. */
#include <ucos_ii.h>

#if OS_MBOX_EN > 0u

#if OS_MBOX_ACCEPT_EN > 0u
/* OSMboxAccept: take the message if present (NULL otherwise), without waiting. */
void *OSMboxAccept(OS_EVENT *pevent)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (pevent == (OS_EVENT *)0)
        return (void *)0;
#endif
    if (pevent->OSEventType != OS_EVENT_TYPE_MBOX)
        return (void *)0;
    OS_ENTER_CRITICAL();
    void *pmsg = pevent->OSEventPtr;
    pevent->OSEventPtr = (void *)0;
    OS_EXIT_CRITICAL();
    return pmsg;
}
#endif

/* OSMboxCreate: a mailbox holding `pmsg` (NULL: empty). */
OS_EVENT *OSMboxCreate(void *pmsg)
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
        pevent->OSEventType = OS_EVENT_TYPE_MBOX;
        pevent->OSEventCnt = 0u;
        pevent->OSEventPtr = pmsg;
#if OS_EVENT_NAME_EN > 0u
        pevent->OSEventName = (INT8U *)(void *)"?";
#endif
        OS_EventWaitListInit(pevent);
    }
    return pevent;
}

#if OS_MBOX_DEL_EN > 0u
/* OSMboxDel: delete a mailbox (see OSSemDel for the options). */
OS_EVENT *OSMboxDel(OS_EVENT *pevent, INT8U opt, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (pevent == (OS_EVENT *)0) { *perr = OS_ERR_PEVENT_NULL; return pevent; }
#endif
    if (pevent->OSEventType != OS_EVENT_TYPE_MBOX) { *perr = OS_ERR_EVENT_TYPE; return pevent; }
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
        (void)OS_EventTaskRdy(pevent, (void *)0, OS_STAT_MBOX, OS_STAT_PEND_ABORT);
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

/* OSMboxPend: receive the message, waiting up to `timeout` ticks (0: forever). */
void *OSMboxPend(OS_EVENT *pevent, INT32U timeout, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (pevent == (OS_EVENT *)0) { *perr = OS_ERR_PEVENT_NULL; return (void *)0; }
#endif
    if (pevent->OSEventType != OS_EVENT_TYPE_MBOX) { *perr = OS_ERR_EVENT_TYPE; return (void *)0; }
    if (OSIntNesting > 0u) { *perr = OS_ERR_PEND_ISR; return (void *)0; }
    if (OSLockNesting > 0u) { *perr = OS_ERR_PEND_LOCKED; return (void *)0; }
    OS_ENTER_CRITICAL();
    void *pmsg = pevent->OSEventPtr;
    if (pmsg != (void *)0) {
        pevent->OSEventPtr = (void *)0;
        OS_EXIT_CRITICAL();
        *perr = OS_ERR_NONE;
        return pmsg;
    }
    OSTCBCur->OSTCBStat |= OS_STAT_MBOX;
    OSTCBCur->OSTCBStatPend = OS_STAT_PEND_OK;
    OSTCBCur->OSTCBDly = timeout;
    OS_EventTaskWait(pevent);
    OS_EXIT_CRITICAL();
    OS_Sched();
    OS_ENTER_CRITICAL();
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

#if OS_MBOX_PEND_ABORT_EN > 0u
/* OSMboxPendAbort: ready one (or all) waiting tasks with OS_ERR_PEND_ABORT. */
INT8U OSMboxPendAbort(OS_EVENT *pevent, INT8U opt, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
    INT8U nbr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (pevent == (OS_EVENT *)0) { *perr = OS_ERR_PEVENT_NULL; return 0u; }
#endif
    if (pevent->OSEventType != OS_EVENT_TYPE_MBOX) { *perr = OS_ERR_EVENT_TYPE; return 0u; }
    OS_ENTER_CRITICAL();
    if (pevent->OSEventGrp != 0u) {
        do {
            (void)OS_EventTaskRdy(pevent, (void *)0, OS_STAT_MBOX, OS_STAT_PEND_ABORT);
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

#if OS_MBOX_POST_OPT_EN > 0u
/* OSMboxPostOpt: post, optionally to every waiter (OS_POST_OPT_BROADCAST) or without
 * rescheduling (OS_POST_OPT_NO_SCHED). OS_ERR_MBOX_FULL if a message is already there. */
INT8U OSMboxPostOpt(OS_EVENT *pevent, void *pmsg, INT8U opt)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (pevent == (OS_EVENT *)0)
        return OS_ERR_PEVENT_NULL;
    if (pmsg == (void *)0)
        return OS_ERR_POST_NULL_PTR;
#endif
    if (pevent->OSEventType != OS_EVENT_TYPE_MBOX)
        return OS_ERR_EVENT_TYPE;
    OS_ENTER_CRITICAL();
    if (pevent->OSEventGrp != 0u) {
        do {
            (void)OS_EventTaskRdy(pevent, pmsg, OS_STAT_MBOX, OS_STAT_PEND_OK);
        } while ((opt & OS_POST_OPT_BROADCAST) != 0u && pevent->OSEventGrp != 0u);
        OS_EXIT_CRITICAL();
        if ((opt & OS_POST_OPT_NO_SCHED) == 0u)
            OS_Sched();
        return OS_ERR_NONE;
    }
    if (pevent->OSEventPtr != (void *)0) {
        OS_EXIT_CRITICAL();
        return OS_ERR_MBOX_FULL;
    }
    pevent->OSEventPtr = pmsg;
    OS_EXIT_CRITICAL();
    return OS_ERR_NONE;
}
#endif

#if OS_MBOX_POST_EN > 0u
/* OSMboxPost: post a (non-NULL) message. */
INT8U OSMboxPost(OS_EVENT *pevent, void *pmsg) { return OSMboxPostOpt(pevent, pmsg, OS_POST_OPT_NONE); }
#endif

#if OS_MBOX_QUERY_EN > 0u
/* OSMboxQuery: message and wait list. */
INT8U OSMboxQuery(OS_EVENT *pevent, OS_MBOX_DATA *p_mbox_data)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (pevent == (OS_EVENT *)0)
        return OS_ERR_PEVENT_NULL;
    if (p_mbox_data == (OS_MBOX_DATA *)0)
        return OS_ERR_PDATA_NULL;
#endif
    if (pevent->OSEventType != OS_EVENT_TYPE_MBOX)
        return OS_ERR_EVENT_TYPE;
    OS_ENTER_CRITICAL();
    p_mbox_data->OSEventGrp = pevent->OSEventGrp;
    for (INT8U i = 0u; i < OS_EVENT_TBL_SIZE; i++)
        p_mbox_data->OSEventTbl[i] = pevent->OSEventTbl[i];
    p_mbox_data->OSMsg = pevent->OSEventPtr;
    OS_EXIT_CRITICAL();
    return OS_ERR_NONE;
}
#endif

#endif
