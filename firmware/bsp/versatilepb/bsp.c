/* bsp.c - versatilepb board support: VIC dispatch, SP804 system tick, reset, faults. */
#include <ucos_ii.h>

#include "bsp.h"
#include "console.h"
#include "pl190.h"
#include "sp804.h"

#define VIC ((struct pl190_regs *)BSP_VIC_BASE)
#define TICK_TIMER ((struct sp804_timer *)BSP_TIMER01_BASE)
#define SYS_LOCK (*(volatile uint32_t *)(BSP_SYSREG_BASE + 0x20u))
#define SYS_24MHZ (*(volatile uint32_t *)(BSP_SYSREG_BASE + 0x5Cu))
#define SYS_RESETCTL (*(volatile uint32_t *)(BSP_SYSREG_BASE + 0x40u))
#define SYS_LOCK_KEY 0xA05Fu

static bsp_isr_t s_isr[PL190_NLINES];
static uint32_t s_tick_hz;

void BSP_Init(void)
{
    VIC->INTENCLEAR = 0xFFFFFFFFu;
    VIC->INTSELECT = 0u;
    VIC->SOFTINTCLEAR = 0xFFFFFFFFu;
    for (unsigned i = 0; i < PL190_NLINES; i++)
        s_isr[i] = 0;
    con_init();
}

int BSP_IntVectSet(unsigned line, bsp_isr_t isr)
{
    if (line >= PL190_NLINES)
        return -1;
    s_isr[line] = isr;
    return 0;
}

void BSP_IntEn(unsigned line) { if (line < PL190_NLINES) VIC->INTENABLE = 1u << line; }
void BSP_IntDis(unsigned line) { if (line < PL190_NLINES) VIC->INTENCLEAR = 1u << line; }
void BSP_IntSoftRaise(unsigned line) { if (line < PL190_NLINES) VIC->SOFTINT = 1u << line; }
void BSP_IntSoftClear(unsigned line) { if (line < PL190_NLINES) VIC->SOFTINTCLEAR = 1u << line; }

/* OS_CPU_IRQ_ISR_Handler: called by the port's IRQ entry; runs the handler of every pending
 * line, lowest line first. A line without a handler is disabled and reported. */
void OS_CPU_IRQ_ISR_Handler(void)
{
    uint32_t pending = VIC->IRQSTATUS;
    while (pending) {
        unsigned line = 0;
        while (!(pending & (1u << line)))
            line++;
        if (s_isr[line])
            s_isr[line]();
        else {
            VIC->INTENCLEAR = 1u << line;
            con_printf("bsp: spurious IRQ line %u disabled\n", line);
        }
        pending &= ~(1u << line);
    }
}

static void tick_isr(void)
{
    TICK_TIMER->INTCLR = 1u;
    OSTimeTick();
}

void BSP_TickInit(uint32_t hz)
{
    if (hz == 0u)
        hz = OS_TICKS_PER_SEC;
    s_tick_hz = hz;
    TICK_TIMER->CONTROL = 0u;
    TICK_TIMER->LOAD = SP804_CLOCK_HZ / hz;
    TICK_TIMER->INTCLR = 1u;
    BSP_IntVectSet(BSP_IRQ_TIMER01, tick_isr);
    TICK_TIMER->CONTROL = SP804_CTRL_ENABLE | SP804_CTRL_PERIODIC | SP804_CTRL_INTEN | SP804_CTRL_32BIT;
    BSP_IntEn(BSP_IRQ_TIMER01);
}

uint32_t BSP_TickHz(void) { return s_tick_hz; }

uint32_t BSP_Counter24MHz(void) { return SYS_24MHZ; }

void BSP_Reset(void)
{
    OS_CPU_SR cpu_sr = OS_CPU_SR_Save();
    (void)cpu_sr;
    pl011_flush(BSP_UART_CONSOLE);
    SYS_LOCK = SYS_LOCK_KEY;
    SYS_RESETCTL = 0x105u; /* bit 8: reset request (QEMU arm_sysctl) */
    SYS_LOCK = 0u;
    for (;;)
        ;
}

void BSP_WaitForInterrupt(void)
{
    __asm__ volatile("mcr p15, 0, %0, c7, c0, 4" : : "r"(0) : "memory");
}

void BSP_Fault(uint32_t kind, uint32_t addr)
{
    static const char *const names[] = { "?", "undefined instruction", "SWI", "prefetch abort", "data abort", "FIQ" };
    con_printf("ASSERT fault: %s at 0x%08x\n", names[kind < 6u ? kind : 0u], (unsigned)addr);
    for (;;)
        ;
}
