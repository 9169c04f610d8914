/* sp804.h - ARM SP804 dual timer (ARM DDI 0271D). On versatilepb each timer counts at 1 MHz. */
#ifndef WHORL_SP804_H
#define WHORL_SP804_H

#include <stdint.h>

struct sp804_timer {
    volatile uint32_t LOAD;     /* 0x00 reload value                                   */
    volatile uint32_t VALUE;    /* 0x04 RO current value                               */
    volatile uint32_t CONTROL;  /* 0x08                                                */
    volatile uint32_t INTCLR;   /* 0x0C write any value to clear the interrupt         */
    volatile uint32_t RIS;      /* 0x10 raw interrupt status                           */
    volatile uint32_t MIS;      /* 0x14 masked interrupt status                        */
    volatile uint32_t BGLOAD;   /* 0x18 background load                                */
    uint32_t reserved;
};

/* CONTROL bits (3.2.3) */
#define SP804_CTRL_ONESHOT   (1u << 0)
#define SP804_CTRL_32BIT     (1u << 1)
#define SP804_CTRL_DIV1      (0u << 2)
#define SP804_CTRL_INTEN     (1u << 5)
#define SP804_CTRL_PERIODIC  (1u << 6)
#define SP804_CTRL_ENABLE    (1u << 7)

#define SP804_CLOCK_HZ 1000000u

#endif
