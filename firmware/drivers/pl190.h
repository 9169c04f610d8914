/* pl190.h - ARM PrimeCell PL190 vectored interrupt controller (ARM DDI 0181E). Only the
 * non-vectored path is used: the IRQ handler reads IRQSTATUS and dispatches by line number. */
#ifndef WHORL_PL190_H
#define WHORL_PL190_H

#include <stdint.h>

struct pl190_regs {
    volatile uint32_t IRQSTATUS;    /* 0x000 RO masked IRQ status (3.3.1)                */
    volatile uint32_t FIQSTATUS;    /* 0x004 RO                                           */
    volatile uint32_t RAWINTR;      /* 0x008 RO raw status                                */
    volatile uint32_t INTSELECT;    /* 0x00C 1 = FIQ, 0 = IRQ                             */
    volatile uint32_t INTENABLE;    /* 0x010 write 1 to enable                            */
    volatile uint32_t INTENCLEAR;   /* 0x014 write 1 to disable                           */
    volatile uint32_t SOFTINT;      /* 0x018 write 1 to raise a software interrupt        */
    volatile uint32_t SOFTINTCLEAR; /* 0x01C write 1 to clear it                          */
    volatile uint32_t PROTECTION;   /* 0x020                                              */
    uint32_t reserved0[3];
    volatile uint32_t VECTADDR;     /* 0x030                                              */
    volatile uint32_t DEFVECTADDR;  /* 0x034                                              */
    uint32_t reserved1[50];
    volatile uint32_t VECTADDRn[16];/* 0x100                                              */
    uint32_t reserved2[48];
    volatile uint32_t VECTCNTLn[16];/* 0x200                                              */
};

#define PL190_NLINES 32u

#endif
