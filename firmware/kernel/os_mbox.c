/* os_mbox.c - message mailboxes (one pointer). uC/OS-II 2.93 API. */
#include <ucos_ii.h>

#if OS_MBOX_EN > 0u

#if OS_MBOX_ACCEPT_EN > 0u
/* OSMboxAccept: take the message if present (NULL otherwise), without waiting. */
void *OSMboxAccept(OS_EVENT *pevent)
{
    OS_CPU_SR cpu_sr = 0u;
    if (OS_EventCheck(pevent, OS_EVENT_TYPE_MBOX, (const void *)0, OS_ERR_NONE) != OS_ERR_NONE)
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
    if (OSIntNesting > 0u)
        return (OS_EVENT *)0;
    return OS_EventAlloc(OS_EVENT_TYPE_MBOX, 0u, pmsg);
}

#if OS_MBOX_DEL_EN > 0u
/* OSMboxDel: delete a mailbox (see OSSemDel for the options). */
OS_EVENT *OSMboxDel(OS_EVENT *pevent, INT8U opt, INT8U *perr)
{
    return OS_EventDel(pevent, OS_EVENT_TYPE_MBOX, OS_STAT_MBOX, opt, (void (*)(OS_EVENT *))0, perr);
}
#endif

/* OSMboxPend: receive the message, waiting up to `timeout` ticks (0: forever). */
void *OSMboxPend(OS_EVENT *pevent, INT32U timeout, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
    *perr = OS_EventPendCheck(pevent, OS_EVENT_TYPE_MBOX);
    if (*perr != OS_ERR_NONE)
        return (void *)0;
    OS_ENTER_CRITICAL();
    void *pmsg = pevent->OSEventPtr;
    if (pmsg != (void *)0) {
        pevent->OSEventPtr = (void *)0;
        OS_EXIT_CRITICAL();
        *perr = OS_ERR_NONE;
        return pmsg;
    }
    return OS_EventPendWait(pevent, OS_STAT_MBOX, timeout, cpu_sr, perr);
}

#if OS_MBOX_PEND_ABORT_EN > 0u
/* OSMboxPendAbort: ready one (or all) waiting tasks with OS_ERR_PEND_ABORT. */
INT8U OSMboxPendAbort(OS_EVENT *pevent, INT8U opt, INT8U *perr)
{
    return OS_EventPendAbort(pevent, OS_EVENT_TYPE_MBOX, OS_STAT_MBOX, opt, perr);
}
#endif

#if OS_MBOX_POST_OPT_EN > 0u
/* OSMboxPostOpt: post, optionally to every waiter (OS_POST_OPT_BROADCAST) or without
 * rescheduling (OS_POST_OPT_NO_SCHED). OS_ERR_MBOX_FULL if a message is already there. */
INT8U OSMboxPostOpt(OS_EVENT *pevent, void *pmsg, INT8U opt)
{
    OS_CPU_SR cpu_sr = 0u;
    INT8U err = OS_EventCheck(pevent, OS_EVENT_TYPE_MBOX, pmsg, OS_ERR_POST_NULL_PTR);
    if (err != OS_ERR_NONE)
        return err;
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
    INT8U err = OS_EventCheck(pevent, OS_EVENT_TYPE_MBOX, p_mbox_data, OS_ERR_PDATA_NULL);
    if (err != OS_ERR_NONE)
        return err;
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
