/* pl011.h - ARM PrimeCell PL011 UART (ARM DDI 0183G): register map, bits, polled I/O. The
 * interrupt-driven layer for the protocol UART is drivers/uart_irq.c. */
#ifndef WHORL_PL011_H
#define WHORL_PL011_H

#include <stdint.h>

struct pl011_regs {
    volatile uint32_t DR;       /* 0x000 data (bits 11:8 error flags on read)          */
    volatile uint32_t RSR;      /* 0x004 receive status / error clear                  */
    uint32_t reserved0[4];
    volatile uint32_t FR;       /* 0x018 flags                                         */
    uint32_t reserved1;
    volatile uint32_t ILPR;     /* 0x020                                               */
    volatile uint32_t IBRD;     /* 0x024 integer baud divisor                          */
    volatile uint32_t FBRD;     /* 0x028 fractional baud divisor                       */
    volatile uint32_t LCR_H;    /* 0x02C line control                                  */
    volatile uint32_t CR;       /* 0x030 control                                       */
    volatile uint32_t IFLS;     /* 0x034 FIFO interrupt levels                         */
    volatile uint32_t IMSC;     /* 0x038 interrupt mask set/clear (1 = enabled)        */
    volatile uint32_t RIS;      /* 0x03C raw interrupt status                          */
    volatile uint32_t MIS;      /* 0x040 masked interrupt status                       */
    volatile uint32_t ICR;      /* 0x044 interrupt clear                               */
};

/* FR (3.3.3) */
#define PL011_FR_BUSY (1u << 3)
#define PL011_FR_RXFE (1u << 4)   /* receive FIFO empty */
#define PL011_FR_TXFF (1u << 5)   /* transmit FIFO full */
#define PL011_FR_TXFE (1u << 7)   /* transmit FIFO empty */
/* LCR_H (3.3.7) */
#define PL011_LCRH_FEN (1u << 4)  /* FIFOs enabled */
#define PL011_LCRH_WLEN8 (3u << 5)
/* CR (3.3.8) */
#define PL011_CR_UARTEN (1u << 0)
#define PL011_CR_TXE (1u << 8)
#define PL011_CR_RXE (1u << 9)
/* interrupts: IMSC/RIS/MIS/ICR (3.3.10-14) */
#define PL011_INT_RX (1u << 4)
#define PL011_INT_TX (1u << 5)
#define PL011_INT_RT (1u << 6)    /* receive timeout */
#define PL011_INT_OE (1u << 10)   /* overrun */
/* IFLS (3.3.9): RX at 1/2 full, TX at 1/2 empty */
#define PL011_IFLS_RX_HALF (2u << 3)
#define PL011_IFLS_TX_HALF (2u << 0)

#define PL011_UART_CLK_HZ 24000000u

/* pl011_init: 8N1 with FIFOs at `baud`, interrupts masked. */
void pl011_init(struct pl011_regs *u, uint32_t baud);
/* pl011_putc: blocking write of one byte (waits for FIFO room). */
void pl011_putc(struct pl011_regs *u, uint8_t c);
/* pl011_getc: returns a byte or -1 if the receive FIFO is empty. */
int pl011_getc(struct pl011_regs *u);
/* pl011_flush: wait until every byte has left the transmitter. */
void pl011_flush(struct pl011_regs *u);

#endif
