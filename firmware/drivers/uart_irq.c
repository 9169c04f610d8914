/* uart_irq.c - PL011 UART0 driven by interrupts. RX: the ISR drains the FIFO into an 8 KiB ring
 * (RX and RX-timeout interrupts are cleared by reading DR until the FIFO is empty, never through
 * UARTICR, which loses interrupts on QEMU) and wakes the reader. TX: writers fill an 8 KiB ring;
 * the ISR refills the FIFO and masks the TX interrupt once the ring is empty. */
#include <ucos_ii.h>

#include "bsp.h"
#include "uart_irq.h"

#define U BSP_UART_PROTO

static uint8_t s_rx[UART_RX_RING];
static uint8_t s_tx[UART_TX_RING];
static volatile uint32_t s_rx_head, s_rx_tail; /* head: written by ISR; tail: by reader */
static volatile uint32_t s_tx_head, s_tx_tail; /* head: written by writer; tail: by ISR */
static OS_EVENT *s_rx_sem;
static OS_EVENT *s_tx_sem;
static volatile uint8_t s_tx_waiting;
static struct uart_irq_stats s_stats;

/* Fill the hardware FIFO from the TX ring; mask the TX interrupt when the ring is empty.
 * Called with interrupts disabled. */
static void tx_fill(void)
{
    while (s_tx_tail != s_tx_head && !(U->FR & PL011_FR_TXFF)) {
        U->DR = s_tx[s_tx_tail];
        s_tx_tail = (s_tx_tail + 1u) % UART_TX_RING;
        s_stats.tx_bytes++;
    }
    if (s_tx_tail == s_tx_head)
        U->IMSC &= ~PL011_INT_TX;
    else
        U->IMSC |= PL011_INT_TX;
}

static void uart0_isr(void)
{
    uint32_t mis = U->MIS;
    if (mis & (PL011_INT_RX | PL011_INT_RT | PL011_INT_OE)) {
        int got = 0;
        while (!(U->FR & PL011_FR_RXFE)) {
            uint32_t d = U->DR;
            if (d & (1u << 11))
                s_stats.hw_overrun++;
            uint32_t next = (s_rx_head + 1u) % UART_RX_RING;
            if (next == s_rx_tail) {
                s_stats.rx_overflow++;
            } else {
                s_rx[s_rx_head] = (uint8_t)d;
                s_rx_head = next;
                s_stats.rx_bytes++;
                got = 1;
            }
        }
        if (mis & PL011_INT_OE)
            U->ICR = PL011_INT_OE;
        if (got)
            OSSemPost(s_rx_sem);
    }
    if (mis & PL011_INT_TX) {
        tx_fill();
        if (s_tx_waiting) {
            s_tx_waiting = 0;
            OSSemPost(s_tx_sem);
        }
    }
}

void uart_irq_init(void)
{
    pl011_init(U, BSP_BAUD);
    s_rx_head = s_rx_tail = 0u;
    s_tx_head = s_tx_tail = 0u;
    s_rx_sem = OSSemCreate(0);
    s_tx_sem = OSSemCreate(0);
    U->IFLS = PL011_IFLS_RX_HALF | PL011_IFLS_TX_HALF;
    BSP_IntVectSet(BSP_IRQ_UART0, uart0_isr);
    U->IMSC = PL011_INT_RX | PL011_INT_RT | PL011_INT_OE;
    BSP_IntEn(BSP_IRQ_UART0);
}

size_t uart_irq_read(uint8_t *buf, size_t max, uint32_t timeout)
{
    INT8U err;
    while (s_rx_head == s_rx_tail) {
        OSSemPend(s_rx_sem, timeout, &err);
        if (err == OS_ERR_TIMEOUT)
            return 0u;
    }
    size_t n = 0;
    while (n < max && s_rx_tail != s_rx_head) {
        buf[n++] = s_rx[s_rx_tail];
        s_rx_tail = (s_rx_tail + 1u) % UART_RX_RING;
    }
    return n;
}

void uart_irq_write(const uint8_t *buf, size_t len)
{
    OS_CPU_SR cpu_sr = 0u;
    INT8U err;
    while (len) {
        OS_ENTER_CRITICAL();
        uint32_t next = (s_tx_head + 1u) % UART_TX_RING;
        if (next == s_tx_tail) {
            s_tx_waiting = 1;
            tx_fill();
            OS_EXIT_CRITICAL();
            OSSemPend(s_tx_sem, 2u, &err); /* the ISR posts when it has made room */
            continue;
        }
        while (len && next != s_tx_tail) {
            s_tx[s_tx_head] = *buf++;
            s_tx_head = next;
            next = (s_tx_head + 1u) % UART_TX_RING;
            len--;
        }
        tx_fill();
        OS_EXIT_CRITICAL();
    }
}

void uart_irq_drain(void)
{
    while (s_tx_head != s_tx_tail)
        OSTimeDly(1);
    pl011_flush(U);
}

const struct uart_irq_stats *uart_irq_stats(void) { return &s_stats; }
