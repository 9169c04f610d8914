/* os_task.c - task management: create, delete, suspend/resume, change priority, query, names,
 * stack checking, task registers. uC/OS-II 2.93 API. */
#include <ucos_ii.h>

/* OS_TaskAt (critical section held): the TCB of the task at *pprio (OS_PRIO_SELF: the caller,
 * *pprio becomes its priority) in *pptcb and OS_ERR_NONE; `err_empty` when no task has that
 * priority, `err_reserved` when it is reserved by a task being created (each service answers with
 * its own codes, as uC/OS-II does). */
static INT8U OS_TaskAt(INT8U *pprio, OS_TCB **pptcb, INT8U err_empty, INT8U err_reserved)
{
    if (*pprio == OS_PRIO_SELF)
        *pprio = OSTCBCur->OSTCBPrio;
    OS_TCB *ptcb = OSTCBPrioTbl[*pprio];
    *pptcb = ptcb;
    if (ptcb == (OS_TCB *)0)
        return err_empty;
    return ptcb == OS_TCB_RESERVED ? err_reserved : OS_ERR_NONE;
}

#if OS_TASK_CREATE_EN > 0u || OS_TASK_CREATE_EXT_EN > 0u
/* Both creation calls: reserve `prio`, build the initial frame (clearing the stack first when
 * `opt` asks and stack checking is built), fill the TCB, and schedule when the kernel runs; the
 * reservation is released again when the TCB cannot be had. */
static INT8U OS_TaskCreate(void (*task)(void *p_arg), void *p_arg, OS_STK *ptos, INT8U prio, INT16U id,
                           OS_STK *pbos, INT32U stk_size, void *pext, INT16U opt)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (prio > OS_LOWEST_PRIO)
        return OS_ERR_PRIO_INVALID;
#endif
    OS_ENTER_CRITICAL();
    if (OSIntNesting > 0u) {
        OS_EXIT_CRITICAL();
        return OS_ERR_TASK_CREATE_ISR;
    }
    if (OSTCBPrioTbl[prio] != (OS_TCB *)0) {
        OS_EXIT_CRITICAL();
        return OS_ERR_PRIO_EXIST;
    }
    OSTCBPrioTbl[prio] = OS_TCB_RESERVED;
    OS_EXIT_CRITICAL();
#if OS_TASK_STAT_STK_CHK_EN > 0u
    OS_TaskStkClr(pbos, stk_size, opt);
#endif
    OS_STK *psp = OSTaskStkInit(task, p_arg, ptos, opt);
    INT8U err = OS_TCBInit(prio, psp, pbos, id, stk_size, pext, opt);
    if (err == OS_ERR_NONE) {
        if (OSRunning == OS_TRUE)
            OS_Sched();
    } else {
        OS_ENTER_CRITICAL();
        OSTCBPrioTbl[prio] = (OS_TCB *)0;
        OS_EXIT_CRITICAL();
    }
    return err;
}
#endif

#if OS_TASK_CREATE_EN > 0u
/* OSTaskCreate: create a task at `prio` with stack top `ptos`. */
INT8U OSTaskCreate(void (*task)(void *p_arg), void *p_arg, OS_STK *ptos, INT8U prio)
{
    return OS_TaskCreate(task, p_arg, ptos, prio, 0u, (OS_STK *)0, 0u, (void *)0, 0u);
}
#endif

#if OS_TASK_CREATE_EXT_EN > 0u
/* OSTaskCreateExt: create a task with an id, stack bottom and size (for OSTaskStkChk), an
 * extension pointer and options (OS_TASK_OPT_STK_CHK, OS_TASK_OPT_STK_CLR). */
INT8U OSTaskCreateExt(void (*task)(void *p_arg), void *p_arg, OS_STK *ptos, INT8U prio, INT16U id,
                      OS_STK *pbos, INT32U stk_size, void *pext, INT16U opt)
{
    return OS_TaskCreate(task, p_arg, ptos, prio, id, pbos, stk_size, pext, opt);
}
#endif

#if OS_TASK_DEL_EN > 0u
/* OSTaskDel: delete a task (OS_PRIO_SELF for the caller); it is removed from every list it is
 * in and its TCB returns to the free list. The idle task cannot be deleted. */
INT8U OSTaskDel(INT8U prio)
{
    OS_CPU_SR cpu_sr = 0u;
    if (OSIntNesting > 0u)
        return OS_ERR_TASK_DEL_ISR;
    if (prio == OS_TASK_IDLE_PRIO)
        return OS_ERR_TASK_DEL_IDLE;
#if OS_ARG_CHK_EN > 0u
    if (prio >= OS_LOWEST_PRIO && prio != OS_PRIO_SELF)
        return OS_ERR_PRIO_INVALID;
#endif
    OS_ENTER_CRITICAL();
    OS_TCB *ptcb;
    INT8U err = OS_TaskAt(&prio, &ptcb, OS_ERR_TASK_NOT_EXIST, OS_ERR_TASK_DEL);
    if (err != OS_ERR_NONE) {
        OS_EXIT_CRITICAL();
        return err;
    }
    OS_RdyRemove(ptcb);
#if (OS_Q_EN > 0u) || (OS_MBOX_EN > 0u) || (OS_SEM_EN > 0u) || (OS_MUTEX_EN > 0u)
    if (ptcb->OSTCBEventPtr != (OS_EVENT *)0)
        OS_EventTaskRemove(ptcb, ptcb->OSTCBEventPtr);
#endif
#if (OS_FLAG_EN > 0u) && (OS_MAX_FLAGS > 0u)
    if (ptcb->OSTCBFlagNode != (OS_FLAG_NODE *)0)
        OS_FlagUnlink(ptcb->OSTCBFlagNode);
#endif
    ptcb->OSTCBDly = 0u;
    ptcb->OSTCBStat = OS_STAT_RDY;
    ptcb->OSTCBStatPend = OS_STAT_PEND_OK;
    if (OSLockNesting < 255u)
        OSLockNesting++;
    OS_EXIT_CRITICAL();
    OS_Dummy(); /* let a pending interrupt in */
    OS_ENTER_CRITICAL();
    if (OSLockNesting > 0u)
        OSLockNesting--;
#if OS_CPU_HOOKS_EN > 0u
    OSTaskDelHook(ptcb);
#endif
    OSTaskCtr--;
    OSTCBPrioTbl[prio] = (OS_TCB *)0;
    if (ptcb->OSTCBPrev == (OS_TCB *)0) {
        ptcb->OSTCBNext->OSTCBPrev = (OS_TCB *)0;
        OSTCBList = ptcb->OSTCBNext;
    } else {
        ptcb->OSTCBPrev->OSTCBNext = ptcb->OSTCBNext;
        ptcb->OSTCBNext->OSTCBPrev = ptcb->OSTCBPrev;
    }
    ptcb->OSTCBNext = OSTCBFreeList;
    OSTCBFreeList = ptcb;
#if OS_TASK_NAME_EN > 0u
    ptcb->OSTCBTaskName = (INT8U *)(void *)"?";
#endif
    OS_EXIT_CRITICAL();
    if (OSRunning == OS_TRUE)
        OS_Sched();
    return OS_ERR_NONE;
}

/* OSTaskDelReq: ask a task to delete itself (it polls with OSTaskDelReq(OS_PRIO_SELF), which
 * returns OS_ERR_TASK_DEL_REQ once asked). */
INT8U OSTaskDelReq(INT8U prio)
{
    OS_CPU_SR cpu_sr = 0u;
    if (prio == OS_TASK_IDLE_PRIO)
        return OS_ERR_TASK_DEL_IDLE;
#if OS_ARG_CHK_EN > 0u
    if (prio >= OS_LOWEST_PRIO && prio != OS_PRIO_SELF)
        return OS_ERR_PRIO_INVALID;
#endif
    if (prio == OS_PRIO_SELF) {
        OS_ENTER_CRITICAL();
        INT8U stat = OSTCBCur->OSTCBDelReq;
        OS_EXIT_CRITICAL();
        return stat;
    }
    OS_ENTER_CRITICAL();
    OS_TCB *ptcb;
    INT8U err = OS_TaskAt(&prio, &ptcb, OS_ERR_TASK_NOT_EXIST, OS_ERR_TASK_NOT_EXIST);
    if (err != OS_ERR_NONE) {
        OS_EXIT_CRITICAL();
        return err;
    }
    ptcb->OSTCBDelReq = OS_ERR_TASK_DEL_REQ;
    OS_EXIT_CRITICAL();
    return OS_ERR_NONE;
}
#endif

/* OS_TaskReturn: a task function returned; report it and delete the task. */
void OS_TaskReturn(void)
{
#if OS_CPU_HOOKS_EN > 0u
    OSTaskReturnHook(OSTCBCur);
#endif
#if OS_TASK_DEL_EN > 0u
    (void)OSTaskDel(OS_PRIO_SELF);
#else
    for (;;)
        OSTimeDly(OS_TICKS_PER_SEC);
#endif
}

#if OS_TASK_SUSPEND_EN > 0u
/* OSTaskSuspend: suspend a task (OS_PRIO_SELF for the caller); the idle task cannot be. */
INT8U OSTaskSuspend(INT8U prio)
{
    OS_CPU_SR cpu_sr = 0u;
    BOOLEAN self;
#if OS_ARG_CHK_EN > 0u
    if (prio == OS_TASK_IDLE_PRIO)
        return OS_ERR_TASK_SUSPEND_IDLE;
    if (prio >= OS_LOWEST_PRIO && prio != OS_PRIO_SELF)
        return OS_ERR_PRIO_INVALID;
#endif
    OS_ENTER_CRITICAL();
    if (prio == OS_PRIO_SELF) {
        prio = OSTCBCur->OSTCBPrio;
        self = OS_TRUE;
    } else {
        self = (prio == OSTCBCur->OSTCBPrio) ? OS_TRUE : OS_FALSE;
    }
    OS_TCB *ptcb;
    INT8U err = OS_TaskAt(&prio, &ptcb, OS_ERR_TASK_SUSPEND_PRIO, OS_ERR_TASK_NOT_EXIST);
    if (err != OS_ERR_NONE) {
        OS_EXIT_CRITICAL();
        return err;
    }
    OS_RdyRemove(ptcb);
    ptcb->OSTCBStat |= OS_STAT_SUSPEND;
    OS_EXIT_CRITICAL();
    if (self == OS_TRUE)
        OS_Sched();
    return OS_ERR_NONE;
}

/* OSTaskResume: resume a suspended task; it becomes ready unless it still waits or is delayed. */
INT8U OSTaskResume(INT8U prio)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (prio >= OS_LOWEST_PRIO)
        return OS_ERR_PRIO_INVALID;
#endif
    OS_ENTER_CRITICAL();
    OS_TCB *ptcb;
    INT8U err = OS_TaskAt(&prio, &ptcb, OS_ERR_TASK_RESUME_PRIO, OS_ERR_TASK_NOT_EXIST);
    if (err != OS_ERR_NONE) {
        OS_EXIT_CRITICAL();
        return err;
    }
    if ((ptcb->OSTCBStat & OS_STAT_SUSPEND) == OS_STAT_RDY) {
        OS_EXIT_CRITICAL();
        return OS_ERR_TASK_NOT_SUSPENDED;
    }
    ptcb->OSTCBStat &= (INT8U)~(INT8U)OS_STAT_SUSPEND;
    if ((ptcb->OSTCBStat & OS_STAT_PEND_ANY) == OS_STAT_RDY && ptcb->OSTCBDly == 0u) {
        OS_RdyInsert(ptcb);
        OS_EXIT_CRITICAL();
        if (OSRunning == OS_TRUE)
            OS_Sched();
    } else {
        OS_EXIT_CRITICAL();
    }
    return OS_ERR_NONE;
}
#endif

#if OS_TASK_CHANGE_PRIO_EN > 0u
/* OSTaskChangePrio: move a task to a free priority, keeping its ready/wait state. */
INT8U OSTaskChangePrio(INT8U oldprio, INT8U newprio)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (oldprio >= OS_LOWEST_PRIO && oldprio != OS_PRIO_SELF)
        return OS_ERR_PRIO_INVALID;
    if (newprio >= OS_LOWEST_PRIO)
        return OS_ERR_PRIO_INVALID;
#endif
    OS_ENTER_CRITICAL();
    if (OSTCBPrioTbl[newprio] != (OS_TCB *)0) {
        OS_EXIT_CRITICAL();
        return OS_ERR_PRIO_EXIST;
    }
    if (oldprio == OS_PRIO_SELF)
        oldprio = OSTCBCur->OSTCBPrio;
    OS_TCB *ptcb = OSTCBPrioTbl[oldprio];
    if (ptcb == (OS_TCB *)0) {
        OS_EXIT_CRITICAL();
        return OS_ERR_PRIO;
    }
    if (ptcb == OS_TCB_RESERVED) {
        OS_EXIT_CRITICAL();
        return OS_ERR_TASK_NOT_EXIST;
    }
    OSTCBPrioTbl[oldprio] = (OS_TCB *)0;
    OS_TCBPrioMove(ptcb, newprio);
    OSTCBPrioTbl[newprio] = ptcb;
    OS_EXIT_CRITICAL();
    if (OSRunning == OS_TRUE)
        OS_Sched();
    return OS_ERR_NONE;
}
#endif

#if OS_TASK_NAME_EN > 0u
/* OSTaskNameGet / OSTaskNameSet: a task's name (the pointer is kept, not copied). */
INT8U OSTaskNameGet(INT8U prio, INT8U **pname, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (prio > OS_LOWEST_PRIO && prio != OS_PRIO_SELF) { *perr = OS_ERR_PRIO_INVALID; return 0u; }
    if (pname == (INT8U **)0) { *perr = OS_ERR_PNAME_NULL; return 0u; }
#endif
    if (OSIntNesting > 0u) { *perr = OS_ERR_NAME_GET_ISR; return 0u; }
    OS_ENTER_CRITICAL();
    OS_TCB *ptcb;
    *perr = OS_TaskAt(&prio, &ptcb, OS_ERR_TASK_NOT_EXIST, OS_ERR_TASK_NOT_EXIST);
    if (*perr != OS_ERR_NONE) {
        OS_EXIT_CRITICAL();
        return 0u;
    }
    *pname = ptcb->OSTCBTaskName;
    INT8U len = OS_StrLen(*pname);
    OS_EXIT_CRITICAL();
    *perr = OS_ERR_NONE;
    return len;
}

void OSTaskNameSet(INT8U prio, INT8U *pname, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (prio > OS_LOWEST_PRIO && prio != OS_PRIO_SELF) { *perr = OS_ERR_PRIO_INVALID; return; }
    if (pname == (INT8U *)0) { *perr = OS_ERR_PNAME_NULL; return; }
#endif
    if (OSIntNesting > 0u) { *perr = OS_ERR_NAME_SET_ISR; return; }
    OS_ENTER_CRITICAL();
    OS_TCB *ptcb;
    *perr = OS_TaskAt(&prio, &ptcb, OS_ERR_TASK_NOT_EXIST, OS_ERR_TASK_NOT_EXIST);
    if (*perr != OS_ERR_NONE) {
        OS_EXIT_CRITICAL();
        return;
    }
    ptcb->OSTCBTaskName = pname;
    OS_EXIT_CRITICAL();
    *perr = OS_ERR_NONE;
}
#endif

#if (OS_TASK_STAT_STK_CHK_EN > 0u) && (OS_TASK_CREATE_EXT_EN > 0u)
/* OSTaskStkChk: free and used bytes of a task's stack, by counting the zero entries left at its
 * bottom (the task must be created with OS_TASK_OPT_STK_CHK and OS_TASK_OPT_STK_CLR). */
INT8U OSTaskStkChk(INT8U prio, OS_STK_DATA *p_stk_data)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (prio > OS_LOWEST_PRIO && prio != OS_PRIO_SELF)
        return OS_ERR_PRIO_INVALID;
    if (p_stk_data == (OS_STK_DATA *)0)
        return OS_ERR_PDATA_NULL;
#endif
    p_stk_data->OSFree = 0u;
    p_stk_data->OSUsed = 0u;
    OS_ENTER_CRITICAL();
    OS_TCB *ptcb;
    INT8U err = OS_TaskAt(&prio, &ptcb, OS_ERR_TASK_NOT_EXIST, OS_ERR_TASK_NOT_EXIST);
    if (err != OS_ERR_NONE) {
        OS_EXIT_CRITICAL();
        return err;
    }
    if ((ptcb->OSTCBOpt & OS_TASK_OPT_STK_CHK) == 0u) {
        OS_EXIT_CRITICAL();
        return OS_ERR_TASK_OPT;
    }
    INT32U size = ptcb->OSTCBStkSize;
    OS_STK *pchk = ptcb->OSTCBStkBottom;
    OS_EXIT_CRITICAL();
    INT32U nfree = 0u;
    while (nfree < size && *pchk++ == (OS_STK)0)
        nfree++;
    p_stk_data->OSFree = nfree * sizeof(OS_STK);
    p_stk_data->OSUsed = (size - nfree) * sizeof(OS_STK);
    return OS_ERR_NONE;
}

/* OS_TaskStkClr: zero a stack when OS_TASK_OPT_STK_CHK and OS_TASK_OPT_STK_CLR are both set. */
void OS_TaskStkClr(OS_STK *pbos, INT32U size, INT16U opt)
{
    if ((opt & OS_TASK_OPT_STK_CHK) != 0u && (opt & OS_TASK_OPT_STK_CLR) != 0u && pbos != (OS_STK *)0) {
        while (size > 0u) {
            size--;
            *pbos++ = (OS_STK)0;
        }
    }
}
#endif

#if OS_TASK_QUERY_EN > 0u
/* OSTaskQuery: copy a task's TCB. */
INT8U OSTaskQuery(INT8U prio, OS_TCB *p_task_data)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (prio > OS_LOWEST_PRIO && prio != OS_PRIO_SELF)
        return OS_ERR_PRIO_INVALID;
    if (p_task_data == (OS_TCB *)0)
        return OS_ERR_PDATA_NULL;
#endif
    OS_ENTER_CRITICAL();
    OS_TCB *ptcb;
    INT8U err = OS_TaskAt(&prio, &ptcb, OS_ERR_PRIO, OS_ERR_TASK_NOT_EXIST);
    if (err != OS_ERR_NONE) {
        OS_EXIT_CRITICAL();
        return err;
    }
    OS_MemCopy((INT8U *)p_task_data, (INT8U *)ptcb, sizeof(OS_TCB));
    OS_EXIT_CRITICAL();
    return OS_ERR_NONE;
}
#endif

#if OS_TASK_REG_TBL_SIZE > 0u
/* OSTaskRegGet / OSTaskRegSet: per-task registers. */
INT32U OSTaskRegGet(INT8U prio, INT8U id, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (prio >= OS_LOWEST_PRIO && prio != OS_PRIO_SELF) { *perr = OS_ERR_PRIO_INVALID; return 0u; }
    if (id >= OS_TASK_REG_TBL_SIZE) { *perr = OS_ERR_ID_INVALID; return 0u; }
#endif
    OS_ENTER_CRITICAL();
    OS_TCB *ptcb;
    *perr = OS_TaskAt(&prio, &ptcb, OS_ERR_TASK_NOT_EXIST, OS_ERR_TASK_NOT_EXIST);
    if (*perr != OS_ERR_NONE) {
        OS_EXIT_CRITICAL();
        return 0u;
    }
    INT32U value = ptcb->OSTCBRegTbl[id];
    OS_EXIT_CRITICAL();
    *perr = OS_ERR_NONE;
    return value;
}

void OSTaskRegSet(INT8U prio, INT8U id, INT32U value, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (prio >= OS_LOWEST_PRIO && prio != OS_PRIO_SELF) { *perr = OS_ERR_PRIO_INVALID; return; }
    if (id >= OS_TASK_REG_TBL_SIZE) { *perr = OS_ERR_ID_INVALID; return; }
#endif
    OS_ENTER_CRITICAL();
    OS_TCB *ptcb;
    *perr = OS_TaskAt(&prio, &ptcb, OS_ERR_TASK_NOT_EXIST, OS_ERR_TASK_NOT_EXIST);
    if (*perr != OS_ERR_NONE) {
        OS_EXIT_CRITICAL();
        return;
    }
    ptcb->OSTCBRegTbl[id] = value;
    OS_EXIT_CRITICAL();
    *perr = OS_ERR_NONE;
}
#endif
