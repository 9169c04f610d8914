/* os_time.c - time management: delays, delay resume, the tick counter. uC/OS-II 2.93 API. */
#include <ucos_ii.h>

/* OSTimeDly: delay the calling task for `ticks` system ticks (0: no delay). */
void OSTimeDly(INT32U ticks)
{
    OS_CPU_SR cpu_sr = 0u;
    if (OSIntNesting > 0u || OSLockNesting > 0u)
        return;
    if (ticks > 0u) {
        OS_ENTER_CRITICAL();
        OS_RdyRemove(OSTCBCur);
        OSTCBCur->OSTCBDly = ticks;
        OS_EXIT_CRITICAL();
        OS_Sched();
    }
}

#if OS_TIME_DLY_HMSM_EN > 0u
/* OSTimeDlyHMSM: delay for hours, minutes, seconds and milliseconds (rounded to the nearest
 * tick). */
INT8U OSTimeDlyHMSM(INT8U hours, INT8U minutes, INT8U seconds, INT16U ms)
{
    if (OSIntNesting > 0u)
        return OS_ERR_TIME_DLY_ISR;
    if (OSLockNesting > 0u)
        return OS_ERR_SCHED_LOCKED;
#if OS_ARG_CHK_EN > 0u
    if (hours == 0u && minutes == 0u && seconds == 0u && ms == 0u)
        return OS_ERR_TIME_ZERO_DLY;
    if (minutes > 59u)
        return OS_ERR_TIME_INVALID_MINUTES;
    if (seconds > 59u)
        return OS_ERR_TIME_INVALID_SECONDS;
    if (ms > 999u)
        return OS_ERR_TIME_INVALID_MS;
#endif
    INT32U ticks = ((INT32U)hours * 3600uL + (INT32U)minutes * 60uL + (INT32U)seconds) * OS_TICKS_PER_SEC +
                   OS_TICKS_PER_SEC * ((INT32U)ms + 500uL / OS_TICKS_PER_SEC) / 1000uL;
    OSTimeDly(ticks);
    return OS_ERR_NONE;
}
#endif

#if OS_TIME_DLY_RESUME_EN > 0u
/* OSTimeDlyResume: end the delay (or pend timeout) of a task early. */
INT8U OSTimeDlyResume(INT8U prio)
{
    OS_CPU_SR cpu_sr = 0u;
    if (prio >= OS_LOWEST_PRIO)
        return OS_ERR_PRIO_INVALID;
    OS_ENTER_CRITICAL();
    OS_TCB *ptcb = OSTCBPrioTbl[prio];
    if (ptcb == (OS_TCB *)0 || ptcb == OS_TCB_RESERVED) {
        OS_EXIT_CRITICAL();
        return OS_ERR_TASK_NOT_EXIST;
    }
    if (ptcb->OSTCBDly == 0u) {
        OS_EXIT_CRITICAL();
        return OS_ERR_TIME_NOT_DLY;
    }
    ptcb->OSTCBDly = 0u;
    if (OS_TCBDlyEnd(ptcb) == OS_TRUE) {
        OS_EXIT_CRITICAL();
        OS_Sched();
    } else {
        OS_EXIT_CRITICAL();
    }
    return OS_ERR_NONE;
}
#endif

#if OS_TIME_GET_SET_EN > 0u
/* OSTimeGet / OSTimeSet: the tick counter. */
INT32U OSTimeGet(void)
{
    OS_CPU_SR cpu_sr = 0u;
    OS_ENTER_CRITICAL();
    INT32U ticks = OSTime;
    OS_EXIT_CRITICAL();
    return ticks;
}

void OSTimeSet(INT32U ticks)
{
    OS_CPU_SR cpu_sr = 0u;
    OS_ENTER_CRITICAL();
    OSTime = ticks;
    OS_EXIT_CRITICAL();
}
#endif
