/* os_cpu_c.c - ARM9 port: task stack frame initialisation and the kernel hooks. The hooks call
 * the application's App_*Hook() when OS_APP_HOOKS_EN is set; the task-switch hook also checks the
 * stack guard of the task being switched out. */
#define OS_CPU_GLOBALS
#include <ucos_ii.h>

#define ARM_SVC_MODE 0x13u

/* OSTaskStkInit: build the initial frame of a task so that OSStartHighRdy/OSCtxSw can "resume"
 * it: CPSR (SVC mode, IRQ and FIQ enabled, ARM state), r0 = p_arg, r1-r12 = marker values,
 * lr = OS_TaskReturn (a task must not return; if it does the kernel deletes it), pc = task.
 * Returns the new top of stack. `ptos` must point at the highest valid entry. */
OS_STK *OSTaskStkInit(void (*task)(void *p_arg), void *p_arg, OS_STK *ptos, INT16U opt)
{
    OS_STK *stk = (OS_STK *)((INT32U)(ptos + 1) & ~7u); /* 8-byte aligned per AAPCS */
    (void)opt;
    *--stk = (OS_STK)task;                /* pc */
    *--stk = (OS_STK)OS_TaskReturn;       /* lr */
    for (INT32U r = 12u; r >= 1u; r--)    /* r12 .. r1 */
        *--stk = (OS_STK)(0x01010101u * r);
    *--stk = (OS_STK)p_arg;               /* r0 */
    *--stk = (OS_STK)ARM_SVC_MODE;        /* CPSR */
    return stk;
}

int OS_CPU_StkGuardOk(const struct os_tcb *ptcb)
{
#if OS_TASK_CREATE_EXT_EN > 0u
    if (ptcb == 0 || ptcb == OS_TCB_RESERVED || ptcb->OSTCBStkBottom == 0 ||
        (ptcb->OSTCBOpt & (OS_TASK_OPT_STK_CHK | OS_TASK_OPT_STK_CLR)) != (OS_TASK_OPT_STK_CHK | OS_TASK_OPT_STK_CLR))
        return 1;
    for (INT32U i = 0; i < OS_CPU_STK_GUARD_WORDS; i++)
        if (ptcb->OSTCBStkBottom[i] != 0u)
            return 0;
#else
    (void)ptcb;
#endif
    return 1;
}

#if OS_CPU_HOOKS_EN > 0u
void OSInitHookBegin(void) {}
void OSInitHookEnd(void) {}

void OSTaskCreateHook(OS_TCB *ptcb)
{
#if OS_APP_HOOKS_EN > 0u
    App_TaskCreateHook(ptcb);
#else
    (void)ptcb;
#endif
}

void OSTaskDelHook(OS_TCB *ptcb)
{
#if OS_APP_HOOKS_EN > 0u
    App_TaskDelHook(ptcb);
#else
    (void)ptcb;
#endif
}

void OSTaskIdleHook(void)
{
#if OS_APP_HOOKS_EN > 0u
    App_TaskIdleHook();
#endif
}

void OSTaskReturnHook(OS_TCB *ptcb)
{
#if OS_APP_HOOKS_EN > 0u
    App_TaskReturnHook(ptcb);
#else
    (void)ptcb;
#endif
}

void OSTaskStatHook(void)
{
#if OS_APP_HOOKS_EN > 0u
    App_TaskStatHook();
#endif
}

#if OS_TASK_SW_HOOK_EN > 0u
/* Called with interrupts disabled just before a switch from OSTCBCur to OSTCBHighRdy. */
void OSTaskSwHook(void)
{
    if (OSRunning == OS_TRUE && !OS_CPU_StkGuardOk(OSTCBCur))
        OS_CPU_StkOverflowHook(OSTCBCur);
#if OS_APP_HOOKS_EN > 0u
    App_TaskSwHook();
#endif
}
#endif

void OSTCBInitHook(OS_TCB *ptcb)
{
#if OS_APP_HOOKS_EN > 0u
    App_TCBInitHook(ptcb);
#else
    (void)ptcb;
#endif
}

#if OS_TIME_TICK_HOOK_EN > 0u
void OSTimeTickHook(void)
{
#if OS_APP_HOOKS_EN > 0u
    App_TimeTickHook();
#endif
}
#endif
#endif
