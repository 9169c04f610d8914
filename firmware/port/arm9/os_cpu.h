/* os_cpu.h - ARM9 (ARMv4T, ARM mode) port of the uC/OS-II 2.93 API: types, critical sections,
 * stack growth and the context-switch entry points. */
#ifndef OS_CPU_H
#define OS_CPU_H

#ifdef OS_CPU_GLOBALS
#define OS_CPU_EXT
#else
#define OS_CPU_EXT extern
#endif

typedef unsigned char BOOLEAN;
typedef unsigned char INT8U;
typedef signed char INT8S;
typedef unsigned short INT16U;
typedef signed short INT16S;
typedef unsigned int INT32U;
typedef signed int INT32S;
typedef float FP32;
typedef double FP64;

typedef unsigned int OS_STK;     /* stack entries are 32 bits                                   */
typedef unsigned int OS_CPU_SR;  /* a saved CPSR                                                */

/* Method 3: save the CPSR in a local `cpu_sr` (declare `OS_CPU_SR cpu_sr = 0u;`), mask IRQ and
 * FIQ, and restore the saved value on exit. Nesting is safe. */
#define OS_CRITICAL_METHOD 3u
#define OS_ENTER_CRITICAL() do { cpu_sr = OS_CPU_SR_Save(); } while (0)
#define OS_EXIT_CRITICAL() do { OS_CPU_SR_Restore(cpu_sr); } while (0)

#define OS_STK_GROWTH 1u         /* stacks grow from high to low addresses                     */
#define OS_TASK_SW() OSCtxSw()

OS_CPU_SR OS_CPU_SR_Save(void);
void OS_CPU_SR_Restore(OS_CPU_SR cpu_sr);

/* IRQ entry (os_cpu_a.S): saves the interrupted context, calls OSIntEnter(), the board's
 * dispatcher OS_CPU_IRQ_ISR_Handler(), OSIntExit(), and switches to a higher-priority task if one
 * became ready. The board's vector table branches here. */
void OS_CPU_IRQ_ISR(void);
void OS_CPU_IRQ_ISR_Handler(void); /* provided by the BSP */

/* Stack-overflow report hook of this port (os_cpu_c.c): called from the task-switch hook when the
 * guard words at the bottom of a task's stack (tasks created with OS_TASK_OPT_STK_CHK and
 * OS_TASK_OPT_STK_CLR) are no longer zero. The default halts with a console message; an
 * application may provide its own (weak symbol). */
#define OS_CPU_STK_GUARD_WORDS 4u
struct os_tcb;
void OS_CPU_StkOverflowHook(struct os_tcb *ptcb);

/* Guard-word check for one task (also used by tests); returns 1 if the guard is intact. */
int OS_CPU_StkGuardOk(const struct os_tcb *ptcb);

#endif
