/* pl011.c - PL011 initialisation and polled byte I/O. */
#include "pl011.h"

void pl011_init(struct pl011_regs *u, uint32_t baud)
{
    u->CR = 0u;                                  /* disable while configuring (3.3.8) */
    uint32_t div64 = (PL011_UART_CLK_HZ * 4u) / baud; /* 64 * clk / (16 * baud) */
    u->IBRD = div64 >> 6;
    u->FBRD = div64 & 0x3Fu;
    u->LCR_H = PL011_LCRH_WLEN8 | PL011_LCRH_FEN;
    u->IMSC = 0u;
    u->ICR = 0x7FFu;
    u->CR = PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE;
}

void pl011_putc(struct pl011_regs *u, uint8_t c)
{
    while (u->FR & PL011_FR_TXFF)
        ;
    u->DR = c;
}

int pl011_getc(struct pl011_regs *u)
{
    if (u->FR & PL011_FR_RXFE)
        return -1;
    return (int)(u->DR & 0xFFu);
}

void pl011_flush(struct pl011_regs *u)
{
    while (!(u->FR & PL011_FR_TXFE) || (u->FR & PL011_FR_BUSY))
        ;
}
