/* bsp.h - board support for QEMU versatilepb: memory map, interrupt lines, tick, counters,
 * reset. The same functions are what a port to another board (docs/porting-s3c2410.md) provides. */
#ifndef WHORL_BSP_H
#define WHORL_BSP_H

#include <stdint.h>

#include "pl011.h"

#define BSP_BOARD_NAME "versatilepb"

/* Memory map (versatilepb, QEMU 7.2) */
#define BSP_RAM_BASE 0x00000000u
#define BSP_RAM_SIZE 0x08000000u        /* 128 MiB */
#define BSP_SYSREG_BASE 0x10000000u     /* system registers */
#define BSP_VIC_BASE 0x10140000u        /* PL190 */
#define BSP_TIMER01_BASE 0x101E2000u    /* SP804 timers 0 and 1 */
#define BSP_TIMER23_BASE 0x101E3000u    /* SP804 timers 2 and 3 */
#define BSP_UART0_BASE 0x101F1000u      /* protocol UART */
#define BSP_UART1_BASE 0x101F2000u      /* console UART */
#define BSP_FLASH_BASE 0x34000000u      /* 64 MiB Intel CFI NOR */
#define BSP_FLASH_SIZE 0x04000000u

/* VIC lines */
#define BSP_IRQ_TIMER01 4u
#define BSP_IRQ_TIMER23 5u
#define BSP_IRQ_UART0 12u
#define BSP_IRQ_UART1 13u

#define BSP_UART_PROTO ((struct pl011_regs *)BSP_UART0_BASE)
#define BSP_UART_CONSOLE ((struct pl011_regs *)BSP_UART1_BASE)
#define BSP_BAUD 115200u

typedef void (*bsp_isr_t)(void);

/* BSP_Init: console UART, interrupt controller (all lines off). Call first in main(). */
void BSP_Init(void);
/* BSP_TickInit: start the system tick at `hz` (normally OS_TICKS_PER_SEC) on SP804 timer 0;
 * call from the first task after OSStart(). */
void BSP_TickInit(uint32_t hz);
/* BSP_IntVectSet / BSP_IntEn / BSP_IntDis: interrupt handler per VIC line. Returns 0 or -1. */
int BSP_IntVectSet(unsigned line, bsp_isr_t isr);
void BSP_IntEn(unsigned line);
void BSP_IntDis(unsigned line);
/* BSP_IntSoftRaise / BSP_IntSoftClear: software interrupt on a VIC line (tests). */
void BSP_IntSoftRaise(unsigned line);
void BSP_IntSoftClear(unsigned line);
/* BSP_Counter24MHz: free-running 24 MHz counter (SYS_24MHZ). Under QEMU -icount shift=0 one
 * count is 1000/24 guest instructions. */
uint32_t BSP_Counter24MHz(void);
/* BSP_Reset: reset the board through the system controller; does not return. */
void BSP_Reset(void) __attribute__((noreturn));
/* BSP_Fault: unexpected exception `kind` (1 undef, 2 swi, 3 pabort, 4 dabort, 5 fiq) at `addr`. */
void BSP_Fault(uint32_t kind, uint32_t addr) __attribute__((noreturn));
/* BSP_WaitForInterrupt: idle the core until an interrupt (ARM920T/926 CP15 wait-for-interrupt). */
void BSP_WaitForInterrupt(void);
/* BSP_TickHz: the running tick rate. */
uint32_t BSP_TickHz(void);

#endif
