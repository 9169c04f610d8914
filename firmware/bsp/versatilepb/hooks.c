/* hooks.c - default application hooks of the kernel (weak: an image may provide its own) and the
 * board's stack-overflow report. The idle hook puts the core to sleep until the next interrupt. */
#include <ucos_ii.h>

#include "bsp.h"
#include "console.h"

#define WEAK __attribute__((weak))

WEAK void App_TaskCreateHook(OS_TCB *ptcb) { (void)ptcb; }
WEAK void App_TaskDelHook(OS_TCB *ptcb) { (void)ptcb; }
WEAK void App_TaskIdleHook(void) { BSP_WaitForInterrupt(); }
WEAK void App_TaskReturnHook(OS_TCB *ptcb)
{
    con_printf("kernel: task prio %u returned; deleting it\n", (unsigned)ptcb->OSTCBPrio);
}
WEAK void App_TaskStatHook(void) {}
WEAK void App_TaskSwHook(void) {}
WEAK void App_TCBInitHook(OS_TCB *ptcb) { (void)ptcb; }
WEAK void App_TimeTickHook(void) {}

/* Default overflow report: name the task and halt (the stack is already corrupt). */
WEAK void OS_CPU_StkOverflowHook(struct os_tcb *ptcb)
{
    con_printf("ASSERT stack overflow in task prio %u (%s)\n", (unsigned)ptcb->OSTCBPrio, (const char *)ptcb->OSTCBTaskName);
    for (;;)
        ;
}
