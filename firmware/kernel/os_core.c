/* os_core.c - kernel core: initialisation, scheduling, interrupt entry/exit, the tick, the idle
 * and statistics tasks, the event and TCB pools. uC/OS-II 2.93 API. */
#define OS_GLOBALS
#include <ucos_ii.h>

/* Index of the lowest set bit of a byte (0 for 0): the ready-list lookup table. */
INT8U const OSUnMapTbl[256] = {
    0u, 0u, 1u, 0u, 2u, 0u, 1u, 0u, 3u, 0u, 1u, 0u, 2u, 0u, 1u, 0u, 4u, 0u, 1u, 0u, 2u, 0u, 1u, 0u, 3u, 0u, 1u, 0u, 2u, 0u, 1u, 0u,
    5u, 0u, 1u, 0u, 2u, 0u, 1u, 0u, 3u, 0u, 1u, 0u, 2u, 0u, 1u, 0u, 4u, 0u, 1u, 0u, 2u, 0u, 1u, 0u, 3u, 0u, 1u, 0u, 2u, 0u, 1u, 0u,
    6u, 0u, 1u, 0u, 2u, 0u, 1u, 0u, 3u, 0u, 1u, 0u, 2u, 0u, 1u, 0u, 4u, 0u, 1u, 0u, 2u, 0u, 1u, 0u, 3u, 0u, 1u, 0u, 2u, 0u, 1u, 0u,
    5u, 0u, 1u, 0u, 2u, 0u, 1u, 0u, 3u, 0u, 1u, 0u, 2u, 0u, 1u, 0u, 4u, 0u, 1u, 0u, 2u, 0u, 1u, 0u, 3u, 0u, 1u, 0u, 2u, 0u, 1u, 0u,
    7u, 0u, 1u, 0u, 2u, 0u, 1u, 0u, 3u, 0u, 1u, 0u, 2u, 0u, 1u, 0u, 4u, 0u, 1u, 0u, 2u, 0u, 1u, 0u, 3u, 0u, 1u, 0u, 2u, 0u, 1u, 0u,
    5u, 0u, 1u, 0u, 2u, 0u, 1u, 0u, 3u, 0u, 1u, 0u, 2u, 0u, 1u, 0u, 4u, 0u, 1u, 0u, 2u, 0u, 1u, 0u, 3u, 0u, 1u, 0u, 2u, 0u, 1u, 0u,
    6u, 0u, 1u, 0u, 2u, 0u, 1u, 0u, 3u, 0u, 1u, 0u, 2u, 0u, 1u, 0u, 4u, 0u, 1u, 0u, 2u, 0u, 1u, 0u, 3u, 0u, 1u, 0u, 2u, 0u, 1u, 0u,
    5u, 0u, 1u, 0u, 2u, 0u, 1u, 0u, 3u, 0u, 1u, 0u, 2u, 0u, 1u, 0u, 4u, 0u, 1u, 0u, 2u, 0u, 1u, 0u, 3u, 0u, 1u, 0u, 2u, 0u, 1u, 0u,
};

static void OS_InitMisc(void);
static void OS_InitRdyList(void);
static void OS_InitTaskIdle(void);
#if OS_TASK_STAT_EN > 0u
static void OS_InitTaskStat(void);
#endif
static void OS_InitTCBList(void);
static void OS_InitEventList(void);
static void OS_SchedNew(void);

/* OSInit: initialise every kernel structure and create the idle (and statistics) task. Must be
 * called before any other service. */
void OSInit(void)
{
#if OS_CPU_HOOKS_EN > 0u
    OSInitHookBegin();
#endif
    OS_InitMisc();
    OS_InitRdyList();
    OS_InitTCBList();
    OS_InitEventList();
#if (OS_FLAG_EN > 0u) && (OS_MAX_FLAGS > 0u)
    OS_FlagInit();
#endif
#if (OS_MEM_EN > 0u) && (OS_MAX_MEM_PART > 0u)
    OS_MemInit();
#endif
#if (OS_Q_EN > 0u) && (OS_MAX_QS > 0u)
    OS_QInit();
#endif
    OS_InitTaskIdle();
#if OS_TASK_STAT_EN > 0u
    OS_InitTaskStat();
#endif
#if OS_CPU_HOOKS_EN > 0u
    OSInitHookEnd();
#endif
}

/* OSIntEnter: an ISR starts (called with interrupts disabled). */
void OSIntEnter(void)
{
    if (OSRunning == OS_TRUE) {
        if (OSIntNesting < 255u)
            OSIntNesting++;
    }
}

/* OSIntExit: an ISR ends; when the outermost one ends and the scheduler is not locked, request a
 * switch to the highest-priority ready task. */
void OSIntExit(void)
{
    OS_CPU_SR cpu_sr = 0u;
    if (OSRunning == OS_TRUE) {
        OS_ENTER_CRITICAL();
        if (OSIntNesting > 0u)
            OSIntNesting--;
        if (OSIntNesting == 0u && OSLockNesting == 0u) {
            OS_SchedNew();
            OSTCBHighRdy = OSTCBPrioTbl[OSPrioHighRdy];
            if (OSPrioHighRdy != OSPrioCur) {
#if OS_TASK_PROFILE_EN > 0u
                OSTCBHighRdy->OSTCBCtxSwCtr++;
#endif
                OSCtxSwCtr++;
                OSIntCtxSw();
            }
        }
        OS_EXIT_CRITICAL();
    }
}

#if OS_SCHED_LOCK_EN > 0u
/* OSSchedLock: prevent rescheduling (nests up to 255). */
void OSSchedLock(void)
{
    OS_CPU_SR cpu_sr = 0u;
    if (OSRunning == OS_TRUE) {
        OS_ENTER_CRITICAL();
        if (OSIntNesting == 0u && OSLockNesting < 255u)
            OSLockNesting++;
        OS_EXIT_CRITICAL();
    }
}

/* OSSchedUnlock: re-enable rescheduling; reschedules when the last lock is released. */
void OSSchedUnlock(void)
{
    OS_CPU_SR cpu_sr = 0u;
    if (OSRunning == OS_TRUE) {
        OS_ENTER_CRITICAL();
        if (OSLockNesting > 0u) {
            OSLockNesting--;
            if (OSLockNesting == 0u && OSIntNesting == 0u) {
                OS_EXIT_CRITICAL();
                OS_Sched();
                return;
            }
        }
        OS_EXIT_CRITICAL();
    }
}
#endif

/* OSStart: start multitasking with the highest-priority task created so far. Never returns. */
void OSStart(void)
{
    if (OSRunning == OS_FALSE) {
        OS_SchedNew();
        OSPrioCur = OSPrioHighRdy;
        OSTCBHighRdy = OSTCBPrioTbl[OSPrioHighRdy];
        OSTCBCur = OSTCBHighRdy;
        OSStartHighRdy();
    }
}

#if OS_TASK_STAT_EN > 0u
/* OSStatInit: measure the idle counter of 1/10 s with no other task running; call it from the
 * first task before creating the others. */
void OSStatInit(void)
{
    OS_CPU_SR cpu_sr = 0u;
    OSTimeDly(2u);
    OS_ENTER_CRITICAL();
    OSIdleCtr = 0u;
    OS_EXIT_CRITICAL();
    OSTimeDly(OS_TICKS_PER_SEC / 10u);
    OS_ENTER_CRITICAL();
    OSIdleCtrMax = OSIdleCtr;
    OSStatRdy = OS_TRUE;
    OS_EXIT_CRITICAL();
}
#endif

/* OSTimeTick: one system tick (called from the tick ISR): decrement delays, make tasks whose
 * delay or timeout expired ready. */
void OSTimeTick(void)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_TIME_TICK_HOOK_EN > 0u
    OSTimeTickHook();
#endif
#if OS_TIME_GET_SET_EN > 0u
    OS_ENTER_CRITICAL();
    OSTime++;
    OS_EXIT_CRITICAL();
#endif
    if (OSRunning != OS_TRUE)
        return;
    for (OS_TCB *ptcb = OSTCBList; ptcb->OSTCBPrio != OS_TASK_IDLE_PRIO; ptcb = ptcb->OSTCBNext) {
        OS_ENTER_CRITICAL();
        if (ptcb->OSTCBDly != 0u) {
            ptcb->OSTCBDly--;
            if (ptcb->OSTCBDly == 0u) {
                (void)OS_TCBDlyEnd(ptcb);
            }
        }
        OS_EXIT_CRITICAL();
    }
}

/* OSVersion: 293 for the 2.93 API. */
INT16U OSVersion(void) { return OS_VERSION; }

#if OS_TASK_DEL_EN > 0u
void OS_Dummy(void) {}
#endif

static void OS_InitEventList(void)
{
    OS_MemClr((INT8U *)&OSEventTbl[0], sizeof(OSEventTbl));
    for (INT16U i = 0u; i < OS_MAX_EVENTS - 1u; i++) {
        OSEventTbl[i].OSEventType = OS_EVENT_TYPE_UNUSED;
        OSEventTbl[i].OSEventPtr = &OSEventTbl[i + 1u];
#if OS_EVENT_NAME_EN > 0u
        OSEventTbl[i].OSEventName = (INT8U *)(void *)"?";
#endif
    }
    OSEventTbl[OS_MAX_EVENTS - 1u].OSEventType = OS_EVENT_TYPE_UNUSED;
    OSEventTbl[OS_MAX_EVENTS - 1u].OSEventPtr = (void *)0;
#if OS_EVENT_NAME_EN > 0u
    OSEventTbl[OS_MAX_EVENTS - 1u].OSEventName = (INT8U *)(void *)"?";
#endif
    OSEventFreeList = &OSEventTbl[0];
}

static void OS_InitMisc(void)
{
#if OS_TIME_GET_SET_EN > 0u
    OSTime = 0u;
#endif
    OSIntNesting = 0u;
    OSLockNesting = 0u;
    OSTaskCtr = 0u;
    OSRunning = OS_FALSE;
    OSCtxSwCtr = 0u;
    OSIdleCtr = 0u;
#if OS_TASK_STAT_EN > 0u
    OSIdleCtrRun = 0u;
    OSIdleCtrMax = 0u;
    OSStatRdy = OS_FALSE;
    OSCPUUsage = 0u;
#endif
}

static void OS_InitRdyList(void)
{
    OSRdyGrp = 0u;
    for (INT8U i = 0u; i < OS_RDY_TBL_SIZE; i++)
        OSRdyTbl[i] = 0u;
    OSPrioCur = 0u;
    OSPrioHighRdy = 0u;
    OSTCBHighRdy = (OS_TCB *)0;
    OSTCBCur = (OS_TCB *)0;
}

/* Creates one of the kernel's own tasks (idle, statistics) with stack checking and a name. */
static void OS_InitSysTask(void (*task)(void *p_arg), OS_STK *stk, INT32U size, INT8U prio, INT16U id,
                           const char *name)
{
#if OS_TASK_CREATE_EXT_EN > 0u
    (void)OSTaskCreateExt(task, (void *)0, &stk[size - 1u], prio, id, &stk[0], size, (void *)0,
                          OS_TASK_OPT_STK_CHK | OS_TASK_OPT_STK_CLR);
#else
    (void)id;
    (void)OSTaskCreate(task, (void *)0, &stk[size - 1u], prio);
#endif
#if OS_TASK_NAME_EN > 0u
    INT8U err;
    OSTaskNameSet(prio, (INT8U *)(void *)name, &err);
#else
    (void)name;
#endif
}

static void OS_InitTaskIdle(void)
{
    OS_InitSysTask(OS_TaskIdle, OSTaskIdleStk, OS_TASK_IDLE_STK_SIZE, OS_TASK_IDLE_PRIO, OS_TASK_IDLE_ID,
                   "uC/OS-II Idle");
}

#if OS_TASK_STAT_EN > 0u
static void OS_InitTaskStat(void)
{
    OS_InitSysTask(OS_TaskStat, OSTaskStatStk, OS_TASK_STAT_STK_SIZE, OS_TASK_STAT_PRIO, OS_TASK_STAT_ID,
                   "uC/OS-II Stat");
}
#endif

static void OS_InitTCBList(void)
{
    OS_MemClr((INT8U *)&OSTCBTbl[0], sizeof(OSTCBTbl));
    OS_MemClr((INT8U *)&OSTCBPrioTbl[0], sizeof(OSTCBPrioTbl));
    for (INT8U i = 0u; i < (OS_MAX_TASKS + OS_N_SYS_TASKS - 1u); i++) {
        OSTCBTbl[i].OSTCBNext = &OSTCBTbl[i + 1u];
#if OS_TASK_NAME_EN > 0u
        OSTCBTbl[i].OSTCBTaskName = (INT8U *)(void *)"?";
#endif
    }
    OSTCBTbl[OS_MAX_TASKS + OS_N_SYS_TASKS - 1u].OSTCBNext = (OS_TCB *)0;
#if OS_TASK_NAME_EN > 0u
    OSTCBTbl[OS_MAX_TASKS + OS_N_SYS_TASKS - 1u].OSTCBTaskName = (INT8U *)(void *)"?";
#endif
    OSTCBList = (OS_TCB *)0;
    OSTCBFreeList = &OSTCBTbl[0];
}

void OS_MemClr(INT8U *pdest, INT16U size)
{
    while (size > 0u) {
        *pdest++ = 0u;
        size--;
    }
}

void OS_MemCopy(INT8U *pdest, INT8U *psrc, INT16U size)
{
    while (size > 0u) {
        *pdest++ = *psrc++;
        size--;
    }
}

/* OS_RdyInsert / OS_RdyRemove: put `ptcb` in the ready list at its priority, or take it out (its
 * group bit cleared when no other task of the group is ready). Interrupts disabled by the caller. */
void OS_RdyInsert(OS_TCB *ptcb)
{
    OSRdyGrp |= ptcb->OSTCBBitY;
    OSRdyTbl[ptcb->OSTCBY] |= ptcb->OSTCBBitX;
}

void OS_RdyRemove(OS_TCB *ptcb)
{
    INT8U y = ptcb->OSTCBY;
    OSRdyTbl[y] &= (OS_PRIO)~ptcb->OSTCBBitX;
    if (OSRdyTbl[y] == 0u)
        OSRdyGrp &= (OS_PRIO)~ptcb->OSTCBBitY;
}

/* OS_TCBPrioSet: the priority of `ptcb` and its ready-list coordinates (no list is changed). */
void OS_TCBPrioSet(OS_TCB *ptcb, INT8U prio)
{
    ptcb->OSTCBPrio = prio;
    ptcb->OSTCBY = (INT8U)(prio >> 3u);
    ptcb->OSTCBX = (INT8U)(prio & 0x07u);
    ptcb->OSTCBBitY = (OS_PRIO)(1u << ptcb->OSTCBY);
    ptcb->OSTCBBitX = (OS_PRIO)(1u << ptcb->OSTCBX);
}

/* OS_TCBPrioMove: give `ptcb` priority `prio` in the state it is in: ready if it was ready, on
 * the wait list of its event if it waits on one. A task whose pend has timed out but which has not
 * run yet is both ready and still on the wait list (it leaves it when it runs), so the two are
 * moved independently. OSTCBPrioTbl is the caller's. Interrupts disabled by the caller. */
void OS_TCBPrioMove(OS_TCB *ptcb, INT8U prio)
{
    BOOLEAN rdy = (OSRdyTbl[ptcb->OSTCBY] & ptcb->OSTCBBitX) != 0u ? OS_TRUE : OS_FALSE;
    if (rdy == OS_TRUE)
        OS_RdyRemove(ptcb);
#if (OS_Q_EN > 0u) || (OS_MBOX_EN > 0u) || (OS_SEM_EN > 0u) || (OS_MUTEX_EN > 0u)
    OS_EVENT *pevent = ptcb->OSTCBEventPtr;
    if (pevent != (OS_EVENT *)0)
        OS_EventWaitRemove(pevent, ptcb);
#endif
    OS_TCBPrioSet(ptcb, prio);
    if (rdy == OS_TRUE)
        OS_RdyInsert(ptcb);
#if (OS_Q_EN > 0u) || (OS_MBOX_EN > 0u) || (OS_SEM_EN > 0u) || (OS_MUTEX_EN > 0u)
    if (pevent != (OS_EVENT *)0)
        OS_EventWaitInsert(pevent, ptcb);
#endif
}

/* OS_TCBDlyEnd: the delay of `ptcb` is over (tick or OSTimeDlyResume): a pend times out, and the task
 * is made ready unless suspended; returns OS_TRUE when it was. Interrupts disabled by the caller. */
BOOLEAN OS_TCBDlyEnd(OS_TCB *ptcb)
{
    if ((ptcb->OSTCBStat & OS_STAT_PEND_ANY) != OS_STAT_RDY) {
        ptcb->OSTCBStat &= (INT8U)~(INT8U)OS_STAT_PEND_ANY; /* timed out */
        ptcb->OSTCBStatPend = OS_STAT_PEND_TO;
    } else {
        ptcb->OSTCBStatPend = OS_STAT_PEND_OK;
    }
    if ((ptcb->OSTCBStat & OS_STAT_SUSPEND) != OS_STAT_RDY)
        return OS_FALSE;
    OS_RdyInsert(ptcb);
    return OS_TRUE;
}

/* OS_Sched: task-level reschedule: switch if a higher-priority task is ready. */
void OS_Sched(void)
{
    OS_CPU_SR cpu_sr = 0u;
    OS_ENTER_CRITICAL();
    if (OSIntNesting == 0u && OSLockNesting == 0u) {
        OS_SchedNew();
        OSTCBHighRdy = OSTCBPrioTbl[OSPrioHighRdy];
        if (OSPrioHighRdy != OSPrioCur) {
#if OS_TASK_PROFILE_EN > 0u
            OSTCBHighRdy->OSTCBCtxSwCtr++;
#endif
            OSCtxSwCtr++;
            OS_TASK_SW();
        }
    }
    OS_EXIT_CRITICAL();
}

/* OS_SchedNew: OSPrioHighRdy = highest priority in the ready list (two table look-ups). */
static void OS_SchedNew(void)
{
    INT8U y = OSUnMapTbl[OSRdyGrp];
    OSPrioHighRdy = (INT8U)((y << 3u) + OSUnMapTbl[OSRdyTbl[y]]);
}

#if (OS_EVENT_NAME_EN > 0u) || (OS_FLAG_NAME_EN > 0u) || (OS_MEM_NAME_EN > 0u) || (OS_TASK_NAME_EN > 0u)
INT8U OS_StrLen(INT8U *psrc)
{
    INT8U len = 0u;
    while (*psrc != OS_ASCII_NUL && len < 255u) {
        psrc++;
        len++;
    }
    return len;
}
#endif

/* OS_TaskIdle: runs when nothing else can; counts for the statistics task and calls the idle
 * hook (where the board may wait for an interrupt). */
void OS_TaskIdle(void *p_arg)
{
    OS_CPU_SR cpu_sr = 0u;
    (void)p_arg;
    for (;;) {
        OS_ENTER_CRITICAL();
        OSIdleCtr++;
        OS_EXIT_CRITICAL();
#if OS_CPU_HOOKS_EN > 0u
        OSTaskIdleHook();
#endif
    }
}

#if OS_TASK_STAT_EN > 0u
/* OS_TaskStat: every 1/10 s compute OSCPUUsage (percent) from the idle counter, check stacks and
 * call the statistics hook. Waits for OSStatInit() first. */
void OS_TaskStat(void *p_arg)
{
    OS_CPU_SR cpu_sr = 0u;
    (void)p_arg;
    while (OSStatRdy == OS_FALSE)
        OSTimeDly(2u * OS_TICKS_PER_SEC / 10u);
    OSIdleCtrMax /= 100u;
    if (OSIdleCtrMax == 0u) {
        OSCPUUsage = 0u;
        (void)OSTaskSuspend(OS_PRIO_SELF);
    }
    for (;;) {
        OS_ENTER_CRITICAL();
        OSIdleCtrRun = OSIdleCtr;
        OSIdleCtr = 0u;
        OS_EXIT_CRITICAL();
        INT32S usage = 100 - (INT32S)(OSIdleCtrRun / OSIdleCtrMax);
        OSCPUUsage = (INT8U)(usage < 0 ? 0 : (usage > 100 ? 100 : usage));
#if (OS_TASK_STAT_STK_CHK_EN > 0u) && (OS_TASK_CREATE_EXT_EN > 0u)
        for (INT8U prio = 0u; prio <= OS_TASK_IDLE_PRIO; prio++) {
            OS_STK_DATA stk;
            if (OSTaskStkChk(prio, &stk) == OS_ERR_NONE) {
#if OS_TASK_PROFILE_EN > 0u
                OS_TCB *ptcb = OSTCBPrioTbl[prio];
                if (ptcb != (OS_TCB *)0 && ptcb != OS_TCB_RESERVED) {
                    ptcb->OSTCBStkBase = ptcb->OSTCBStkBottom;
                    ptcb->OSTCBStkUsed = stk.OSUsed;
                }
#endif
            }
        }
#endif
#if OS_CPU_HOOKS_EN > 0u
        OSTaskStatHook();
#endif
        OSTimeDly(OS_TICKS_PER_SEC / 10u);
    }
}
#endif

/* OS_TCBInit: take a TCB from the free list, fill it and insert the task in the ready list.
 * Returns OS_ERR_NONE or OS_ERR_TASK_NO_MORE_TCB. */
INT8U OS_TCBInit(INT8U prio, OS_STK *ptos, OS_STK *pbos, INT16U id, INT32U stk_size, void *pext, INT16U opt)
{
    OS_CPU_SR cpu_sr = 0u;
    OS_ENTER_CRITICAL();
    OS_TCB *ptcb = OSTCBFreeList;
    if (ptcb == (OS_TCB *)0) {
        OS_EXIT_CRITICAL();
        return OS_ERR_TASK_NO_MORE_TCB;
    }
    OSTCBFreeList = ptcb->OSTCBNext;
    OS_EXIT_CRITICAL();
    ptcb->OSTCBStkPtr = ptos;
    ptcb->OSTCBStat = OS_STAT_RDY;
    ptcb->OSTCBStatPend = OS_STAT_PEND_OK;
    ptcb->OSTCBDly = 0u;
#if OS_TASK_CREATE_EXT_EN > 0u
    ptcb->OSTCBExtPtr = pext;
    ptcb->OSTCBStkSize = stk_size;
    ptcb->OSTCBStkBottom = pbos;
    ptcb->OSTCBOpt = opt;
    ptcb->OSTCBId = id;
#else
    (void)pext; (void)stk_size; (void)pbos; (void)opt; (void)id;
#endif
#if OS_TASK_DEL_EN > 0u
    ptcb->OSTCBDelReq = OS_ERR_NONE;
#endif
    OS_TCBPrioSet(ptcb, prio);
#if (OS_Q_EN > 0u) || (OS_MBOX_EN > 0u) || (OS_SEM_EN > 0u) || (OS_MUTEX_EN > 0u)
    ptcb->OSTCBEventPtr = (OS_EVENT *)0;
#endif
#if ((OS_Q_EN > 0u) && (OS_MAX_QS > 0u)) || (OS_MBOX_EN > 0u)
    ptcb->OSTCBMsg = (void *)0;
#endif
#if OS_FLAG_EN > 0u
    ptcb->OSTCBFlagNode = (OS_FLAG_NODE *)0;
    ptcb->OSTCBFlagsRdy = 0u;
#endif
#if OS_TASK_PROFILE_EN > 0u
    ptcb->OSTCBCtxSwCtr = 0u;
    ptcb->OSTCBCyclesStart = 0u;
    ptcb->OSTCBCyclesTot = 0u;
    ptcb->OSTCBStkBase = (OS_STK *)0;
    ptcb->OSTCBStkUsed = 0u;
#endif
#if OS_TASK_NAME_EN > 0u
    ptcb->OSTCBTaskName = (INT8U *)(void *)"?";
#endif
#if OS_TASK_REG_TBL_SIZE > 0u
    for (INT8U i = 0u; i < OS_TASK_REG_TBL_SIZE; i++)
        ptcb->OSTCBRegTbl[i] = 0u;
#endif
#if OS_CPU_HOOKS_EN > 0u
    OSTCBInitHook(ptcb);
#endif
    OS_ENTER_CRITICAL();
    OSTCBPrioTbl[prio] = ptcb;
    OS_EXIT_CRITICAL();
#if OS_CPU_HOOKS_EN > 0u
    OSTaskCreateHook(ptcb);
#endif
    OS_ENTER_CRITICAL();
    ptcb->OSTCBNext = OSTCBList;
    ptcb->OSTCBPrev = (OS_TCB *)0;
    if (OSTCBList != (OS_TCB *)0)
        OSTCBList->OSTCBPrev = ptcb;
    OSTCBList = ptcb;
    OS_RdyInsert(ptcb);
    OSTaskCtr++;
    OS_EXIT_CRITICAL();
    return OS_ERR_NONE;
}

#if OS_EVENT_NAME_EN > 0u
/* OSEventNameGet / OSEventNameSet: name of a semaphore, mutex, mailbox or queue. */
INT8U OSEventNameGet(OS_EVENT *pevent, INT8U **pname, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (pevent == (OS_EVENT *)0) { *perr = OS_ERR_PEVENT_NULL; return 0u; }
    if (pname == (INT8U **)0) { *perr = OS_ERR_PNAME_NULL; return 0u; }
#endif
    if (OSIntNesting > 0u) { *perr = OS_ERR_NAME_GET_ISR; return 0u; }
    if (pevent->OSEventType == OS_EVENT_TYPE_UNUSED || pevent->OSEventType > OS_EVENT_TYPE_MUTEX) {
        *perr = OS_ERR_EVENT_TYPE;
        return 0u;
    }
    OS_ENTER_CRITICAL();
    *pname = pevent->OSEventName;
    INT8U len = OS_StrLen(*pname);
    OS_EXIT_CRITICAL();
    *perr = OS_ERR_NONE;
    return len;
}

void OSEventNameSet(OS_EVENT *pevent, INT8U *pname, INT8U *perr)
{
    OS_CPU_SR cpu_sr = 0u;
#if OS_ARG_CHK_EN > 0u
    if (pevent == (OS_EVENT *)0) { *perr = OS_ERR_PEVENT_NULL; return; }
    if (pname == (INT8U *)0) { *perr = OS_ERR_PNAME_NULL; return; }
#endif
    if (OSIntNesting > 0u) { *perr = OS_ERR_NAME_SET_ISR; return; }
    if (pevent->OSEventType == OS_EVENT_TYPE_UNUSED || pevent->OSEventType > OS_EVENT_TYPE_MUTEX) {
        *perr = OS_ERR_EVENT_TYPE;
        return;
    }
    OS_ENTER_CRITICAL();
    pevent->OSEventName = pname;
    OS_EXIT_CRITICAL();
    *perr = OS_ERR_NONE;
}
#endif
