/* os_flag.c - event flag groups: tasks wait for all/any of a set of bits to be set/cleared,
 * optionally consuming them. Waiting tasks are linked through OS_FLAG_NODEs on their stacks.
 * uC/OS-II 2.93 API. */
#include <ucos_ii.h>

#if (OS_FLAG_EN > 0u) && (OS_MAX_FLAGS > 0u)

static void OS_FlagBlock(OS_FLAG_GRP *pgrp, OS_FLAG_NODE *pnode, OS_FLAGS flags, INT8U wait_type, INT32U timeout);
static BOOLEAN OS_FlagTaskRdy(OS_FLAG_NODE *pnode, OS_FLAGS flags_rdy, INT8U pend_stat);

/* Flags of `pgrp` that satisfy (`flags`, `wait_type`), or 0 if the condition is not met. */
static OS_FLAGS flag_match(OS_FLAGS cur, OS_FLAGS flags, INT8U wait_type)
{
    OS_FLAGS rdy;
    switch (wait_type) {
    case OS_FLAG_WAIT_SET_ALL:
        rdy = cur & flags;
        return (rdy == flags) ? rdy : 0u;
    case OS_FLAG_WAIT_SET_ANY:
        return cur & flags;
#if OS_FLAG_WAIT_CLR_EN > 0u
    case OS_FLAG_WAIT_CLR_ALL:
        rdy = (OS_FLAGS)~cur & flags;
        return (rdy == flags) ? rdy : 0u;
    case OS_FLAG_WAIT_CLR_ANY:
        return (OS_FLAGS)~cur & flags;
#endif
    default:
        return 0u;
    }
}

/* The checks that open Accept, Post and Query: OS_ERR_FLAG_INVALID_PGRP (with OS_ARG_CHK_EN),
 * OS_ERR_EVENT_TYPE, else OS_ERR_NONE. */
static INT8U flag_check(const OS_FLAG_GRP *pgrp)
{
#if OS_ARG_CHK_EN > 0u
    if (pgrp == (const OS_FLAG_GRP *)0)
        return OS_ERR_FLAG_INVALID_PGRP;
#endif
    return pgrp->OSFlagType != OS_EVENT_TYPE_FLAG ? OS_ERR_EVENT_TYPE : OS_ERR_NONE;
}

static BOOLEAN wait_type_ok(INT8U wait_type)
{
    switch (wait_type) {
    case OS_FLAG_WAIT_SET_ALL:
    case OS_FLAG_WAIT_SET_ANY:
#if OS_FLAG_WAIT_CLR_EN > 0u
    case OS_FLAG_WAIT_CLR_ALL:
    case OS_FLAG_WAIT_CLR_ANY:
#endif
        return OS_TRUE;
    default:
        return OS_FALSE;
    }
}

/* Consume the matched flags (set-waits clear them, clear-waits set them). */
static void flag_consume(OS_FLAG_GRP *pgrp, OS_FLAGS rdy, INT8U wait_type)
{
    if (wait_type == OS_FLAG_WAIT_SET_ALL || wait_type == OS_FLAG_WAIT_SET_ANY)
        pgrp->OSFlagFlags &= (OS_FLAGS)~rdy;
    else
        pgrp->OSFlagFlags |= rdy;
}

#if OS_FLAG_ACCEPT_EN > 0u
/* OSFlagAccept: check the flags without waiting; OS_ERR_FLAG_NOT_RDY if not satisfied. */
OS_FLAGS OSFlagAccept(OS_FLAG_GRP *pgrp, OS_FLAGS flags, INT8U wait_type, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
    *perr = flag_check(pgrp);
    if (*perr != OS_ERR_NONE)
        return 0u;
    BOOLEAN consume = (wait_type & OS_FLAG_CONSUME) != 0u ? OS_TRUE : OS_FALSE;
    wait_type &= (INT8U)~OS_FLAG_CONSUME;
    if (wait_type_ok(wait_type) == OS_FALSE) { *perr = OS_ERR_FLAG_WAIT_TYPE; return 0u; }
    OS_ENTER_CRITICAL();
    OS_FLAGS rdy = flag_match(pgrp->OSFlagFlags, flags, wait_type);
    if (rdy != 0u) {
        if (consume == OS_TRUE)
            flag_consume(pgrp, rdy, wait_type);
        *perr = OS_ERR_NONE;
    } else {
        *perr = OS_ERR_FLAG_NOT_RDY;
    }
    OS_EXIT_CRITICAL();
    return rdy;
}
#endif

/* OSFlagCreate: a group with initial value `flags`. */
OS_FLAG_GRP *OSFlagCreate(OS_FLAGS flags, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
    if (OSIntNesting > 0u) { *perr = OS_ERR_CREATE_ISR; return (OS_FLAG_GRP *)0; }
    OS_ENTER_CRITICAL();
    OS_FLAG_GRP *pgrp = OSFlagFreeList;
    if (pgrp != (OS_FLAG_GRP *)0) {
        OSFlagFreeList = (OS_FLAG_GRP *)OSFlagFreeList->OSFlagWaitList;
        pgrp->OSFlagType = OS_EVENT_TYPE_FLAG;
        pgrp->OSFlagFlags = flags;
        pgrp->OSFlagWaitList = (void *)0;
#if OS_FLAG_NAME_EN > 0u
        pgrp->OSFlagName = (INT8U *)(void *)"?";
#endif
        *perr = OS_ERR_NONE;
    } else {
        *perr = OS_ERR_FLAG_GRP_DEPLETED;
    }
    OS_EXIT_CRITICAL();
    return pgrp;
}

#if OS_FLAG_DEL_EN > 0u
/* OSFlagDel: delete a group (see OSSemDel for the options). */
OS_FLAG_GRP *OSFlagDel(OS_FLAG_GRP *pgrp, INT8U opt, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (pgrp == (OS_FLAG_GRP *)0) { *perr = OS_ERR_FLAG_INVALID_PGRP; return pgrp; }
#endif
    if (OSIntNesting > 0u) { *perr = OS_ERR_DEL_ISR; return pgrp; }
    if (pgrp->OSFlagType != OS_EVENT_TYPE_FLAG) { *perr = OS_ERR_EVENT_TYPE; return pgrp; }
    OS_ENTER_CRITICAL();
    BOOLEAN waiting = (pgrp->OSFlagWaitList != (void *)0) ? OS_TRUE : OS_FALSE;
    if (opt == OS_DEL_NO_PEND && waiting == OS_TRUE) {
        OS_EXIT_CRITICAL();
        *perr = OS_ERR_TASK_WAITING;
        return pgrp;
    }
    if (opt != OS_DEL_NO_PEND && opt != OS_DEL_ALWAYS) {
        OS_EXIT_CRITICAL();
        *perr = OS_ERR_INVALID_OPT;
        return pgrp;
    }
    for (OS_FLAG_NODE *pnode = (OS_FLAG_NODE *)pgrp->OSFlagWaitList; pnode != (OS_FLAG_NODE *)0;
         pnode = (OS_FLAG_NODE *)pnode->OSFlagNodeNext)
        (void)OS_FlagTaskRdy(pnode, (OS_FLAGS)0, OS_STAT_PEND_ABORT);
#if OS_FLAG_NAME_EN > 0u
    pgrp->OSFlagName = (INT8U *)(void *)"?";
#endif
    pgrp->OSFlagType = OS_EVENT_TYPE_UNUSED;
    pgrp->OSFlagWaitList = (void *)OSFlagFreeList;
    pgrp->OSFlagFlags = 0u;
    OSFlagFreeList = pgrp;
    OS_EXIT_CRITICAL();
    if (waiting == OS_TRUE)
        OS_Sched();
    *perr = OS_ERR_NONE;
    return (OS_FLAG_GRP *)0;
}
#endif

#if OS_FLAG_NAME_EN > 0u
INT8U OSFlagNameGet(OS_FLAG_GRP *pgrp, INT8U **pname, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (pgrp == (OS_FLAG_GRP *)0) { *perr = OS_ERR_FLAG_INVALID_PGRP; return 0u; }
    if (pname == (INT8U **)0) { *perr = OS_ERR_PNAME_NULL; return 0u; }
#endif
    if (OSIntNesting > 0u) { *perr = OS_ERR_NAME_GET_ISR; return 0u; }
    OS_ENTER_CRITICAL();
    if (pgrp->OSFlagType != OS_EVENT_TYPE_FLAG) {
        OS_EXIT_CRITICAL();
        *perr = OS_ERR_EVENT_TYPE;
        return 0u;
    }
    *pname = pgrp->OSFlagName;
    INT8U len = OS_StrLen(*pname);
    OS_EXIT_CRITICAL();
    *perr = OS_ERR_NONE;
    return len;
}

void OSFlagNameSet(OS_FLAG_GRP *pgrp, INT8U *pname, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (pgrp == (OS_FLAG_GRP *)0) { *perr = OS_ERR_FLAG_INVALID_PGRP; return; }
    if (pname == (INT8U *)0) { *perr = OS_ERR_PNAME_NULL; return; }
#endif
    if (OSIntNesting > 0u) { *perr = OS_ERR_NAME_SET_ISR; return; }
    OS_ENTER_CRITICAL();
    if (pgrp->OSFlagType != OS_EVENT_TYPE_FLAG) {
        OS_EXIT_CRITICAL();
        *perr = OS_ERR_EVENT_TYPE;
        return;
    }
    pgrp->OSFlagName = pname;
    OS_EXIT_CRITICAL();
    *perr = OS_ERR_NONE;
}
#endif

/* OSFlagPend: wait until the flags satisfy `wait_type` (OR OS_FLAG_CONSUME to consume them), up
 * to `timeout` ticks (0: forever). Returns the flags that made the task ready. */
OS_FLAGS OSFlagPend(OS_FLAG_GRP *pgrp, OS_FLAGS flags, INT8U wait_type, INT32U timeout, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
    OS_FLAG_NODE node;
#if OS_ARG_CHK_EN > 0u
    if (pgrp == (OS_FLAG_GRP *)0) { *perr = OS_ERR_FLAG_INVALID_PGRP; return 0u; }
#endif
    if (OSIntNesting > 0u) { *perr = OS_ERR_PEND_ISR; return 0u; }
    if (OSLockNesting > 0u) { *perr = OS_ERR_PEND_LOCKED; return 0u; }
    if (pgrp->OSFlagType != OS_EVENT_TYPE_FLAG) { *perr = OS_ERR_EVENT_TYPE; return 0u; }
    BOOLEAN consume = (wait_type & OS_FLAG_CONSUME) != 0u ? OS_TRUE : OS_FALSE;
    INT8U wt = (INT8U)(wait_type & (INT8U)~OS_FLAG_CONSUME);
    if (wait_type_ok(wt) == OS_FALSE) { *perr = OS_ERR_FLAG_WAIT_TYPE; return 0u; }
    OS_ENTER_CRITICAL();
    OS_FLAGS rdy = flag_match(pgrp->OSFlagFlags, flags, wt);
    if (rdy != 0u) {
        if (consume == OS_TRUE)
            flag_consume(pgrp, rdy, wt);
        OSTCBCur->OSTCBFlagsRdy = rdy;
        OS_EXIT_CRITICAL();
        *perr = OS_ERR_NONE;
        return rdy;
    }
    OS_FlagBlock(pgrp, &node, flags, wait_type, timeout);
    OS_EXIT_CRITICAL();
    OS_Sched();
    OS_ENTER_CRITICAL();
    if (OSTCBCur->OSTCBStatPend != OS_STAT_PEND_OK) {
        INT8U pend = OSTCBCur->OSTCBStatPend;
        OSTCBCur->OSTCBStatPend = OS_STAT_PEND_OK;
        OS_FlagUnlink(&node);
        OSTCBCur->OSTCBStat = OS_STAT_RDY;
        OS_EXIT_CRITICAL();
        *perr = (pend == OS_STAT_PEND_ABORT) ? OS_ERR_PEND_ABORT : OS_ERR_TIMEOUT;
        return 0u;
    }
    rdy = OSTCBCur->OSTCBFlagsRdy; /* OSFlagPost already consumed them if asked */
    OS_EXIT_CRITICAL();
    *perr = OS_ERR_NONE;
    return rdy;
}

/* OSFlagPendGetFlagsRdy: the flags that made the calling task ready. */
OS_FLAGS OSFlagPendGetFlagsRdy(void)
{
    OS_CPU_SR cpu_sr = 0u;
    OS_ENTER_CRITICAL();
    OS_FLAGS flags = OSTCBCur->OSTCBFlagsRdy;
    OS_EXIT_CRITICAL();
    return flags;
}

/* OSFlagPost: set (OS_FLAG_SET) or clear (OS_FLAG_CLR) bits and ready every task whose
 * condition is now met. Returns the new flags. */
OS_FLAGS OSFlagPost(OS_FLAG_GRP *pgrp, OS_FLAGS flags, INT8U opt, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
    *perr = flag_check(pgrp);
    if (*perr != OS_ERR_NONE)
        return 0u;
    OS_ENTER_CRITICAL();
    switch (opt) {
    case OS_FLAG_CLR: pgrp->OSFlagFlags &= (OS_FLAGS)~flags; break;
    case OS_FLAG_SET: pgrp->OSFlagFlags |= flags; break;
    default:
        OS_EXIT_CRITICAL();
        *perr = OS_ERR_FLAG_INVALID_OPT;
        return 0u;
    }
    BOOLEAN sched = OS_FALSE;
    OS_FLAG_NODE *pnode = (OS_FLAG_NODE *)pgrp->OSFlagWaitList;
    while (pnode != (OS_FLAG_NODE *)0) {
        OS_FLAG_NODE *next = (OS_FLAG_NODE *)pnode->OSFlagNodeNext;
        INT8U wt = (INT8U)(pnode->OSFlagNodeWaitType & (INT8U)~OS_FLAG_CONSUME);
        OS_FLAGS rdy = flag_match(pgrp->OSFlagFlags, pnode->OSFlagNodeFlags, wt);
        if (rdy != 0u) {
            if (OS_FlagTaskRdy(pnode, rdy, OS_STAT_PEND_OK) == OS_TRUE)
                sched = OS_TRUE;
            if ((pnode->OSFlagNodeWaitType & OS_FLAG_CONSUME) != 0u)
                flag_consume(pgrp, rdy, wt); /* a consuming waiter takes the bits now */
        }
        pnode = next;
    }
    OS_FLAGS result = pgrp->OSFlagFlags;
    OS_EXIT_CRITICAL();
    if (sched == OS_TRUE)
        OS_Sched();
    *perr = OS_ERR_NONE;
    return result;
}

#if OS_FLAG_QUERY_EN > 0u
/* OSFlagQuery: current flags. */
OS_FLAGS OSFlagQuery(OS_FLAG_GRP *pgrp, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
    *perr = flag_check(pgrp);
    if (*perr != OS_ERR_NONE)
        return 0u;
    OS_ENTER_CRITICAL();
    OS_FLAGS flags = pgrp->OSFlagFlags;
    OS_EXIT_CRITICAL();
    *perr = OS_ERR_NONE;
    return flags;
}
#endif

/* Link `pnode` at the head of the group's wait list and take the task off the ready list. */
static void OS_FlagBlock(OS_FLAG_GRP *pgrp, OS_FLAG_NODE *pnode, OS_FLAGS flags, INT8U wait_type, INT32U timeout)
{
    OSTCBCur->OSTCBStat |= OS_STAT_FLAG;
    OSTCBCur->OSTCBStatPend = OS_STAT_PEND_OK;
    OSTCBCur->OSTCBDly = timeout;
    OSTCBCur->OSTCBFlagNode = pnode;
    pnode->OSFlagNodeFlags = flags;
    pnode->OSFlagNodeWaitType = wait_type;
    pnode->OSFlagNodeTCB = (void *)OSTCBCur;
    pnode->OSFlagNodeNext = pgrp->OSFlagWaitList;
    pnode->OSFlagNodePrev = (void *)0;
    pnode->OSFlagNodeFlagGrp = (void *)pgrp;
    OS_FLAG_NODE *first = (OS_FLAG_NODE *)pgrp->OSFlagWaitList;
    if (first != (OS_FLAG_NODE *)0)
        first->OSFlagNodePrev = pnode;
    pgrp->OSFlagWaitList = (void *)pnode;
    OS_RdyRemove(OSTCBCur);
}

/* OS_FlagInit: chain the groups into the free list. */
void OS_FlagInit(void)
{
    OS_MemClr((INT8U *)&OSFlagTbl[0], sizeof(OSFlagTbl));
    for (INT16U i = 0u; i < OS_MAX_FLAGS - 1u; i++) {
        OSFlagTbl[i].OSFlagWaitList = (void *)&OSFlagTbl[i + 1u];
#if OS_FLAG_NAME_EN > 0u
        OSFlagTbl[i].OSFlagName = (INT8U *)(void *)"?";
#endif
    }
    OSFlagTbl[OS_MAX_FLAGS - 1u].OSFlagWaitList = (void *)0;
#if OS_FLAG_NAME_EN > 0u
    OSFlagTbl[OS_MAX_FLAGS - 1u].OSFlagName = (INT8U *)(void *)"?";
#endif
    OSFlagFreeList = &OSFlagTbl[0];
}

/* Ready the task of `pnode` (unlinking it); returns OS_TRUE if it is now ready to run. */
static BOOLEAN OS_FlagTaskRdy(OS_FLAG_NODE *pnode, OS_FLAGS flags_rdy, INT8U pend_stat)
{
    OS_TCB *ptcb = (OS_TCB *)pnode->OSFlagNodeTCB;
    ptcb->OSTCBDly = 0u;
    ptcb->OSTCBFlagsRdy = flags_rdy;
    ptcb->OSTCBStat &= (INT8U)~(INT8U)OS_STAT_FLAG;
    ptcb->OSTCBStatPend = pend_stat;
    BOOLEAN sched = OS_FALSE;
    if (ptcb->OSTCBStat == OS_STAT_RDY) {
        OS_RdyInsert(ptcb);
        sched = OS_TRUE;
    }
    OS_FlagUnlink(pnode);
    return sched;
}

/* OS_FlagUnlink: remove a node from its group's wait list. */
void OS_FlagUnlink(OS_FLAG_NODE *pnode)
{
    OS_FLAG_NODE *prev = (OS_FLAG_NODE *)pnode->OSFlagNodePrev;
    OS_FLAG_NODE *next = (OS_FLAG_NODE *)pnode->OSFlagNodeNext;
    if (prev == (OS_FLAG_NODE *)0) {
        OS_FLAG_GRP *pgrp = (OS_FLAG_GRP *)pnode->OSFlagNodeFlagGrp;
        pgrp->OSFlagWaitList = (void *)next;
    } else {
        prev->OSFlagNodeNext = next;
    }
    if (next != (OS_FLAG_NODE *)0)
        next->OSFlagNodePrev = prev;
    OS_TCB *ptcb = (OS_TCB *)pnode->OSFlagNodeTCB;
    ptcb->OSTCBFlagNode = (OS_FLAG_NODE *)0;
}

#endif
