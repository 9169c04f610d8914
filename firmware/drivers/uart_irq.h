/* uart_irq.h - interrupt-driven PL011 with RX and TX ring buffers (the protocol UART). */
#ifndef WHORL_UART_IRQ_H
#define WHORL_UART_IRQ_H

#include <stddef.h>
#include <stdint.h>

#define UART_RX_RING 8192u  /* holds two maximal protocol frames (2 x 4112 bytes) */
#define UART_TX_RING 8192u

struct uart_irq_stats {
    uint32_t rx_bytes;
    uint32_t tx_bytes;
    uint32_t rx_overflow;   /* bytes lost because the RX ring was full */
    uint32_t hw_overrun;    /* PL011 FIFO overruns seen */
};

/* uart_irq_init: take over UART0 (VIC line 12): rings empty, RX and RX-timeout interrupts on. */
void uart_irq_init(void);
/* uart_irq_read: copy up to `max` received bytes into buf; waits up to `timeout` ticks for the
 * first byte (0: forever). Returns the number of bytes (0 on timeout). Task level only. */
size_t uart_irq_read(uint8_t *buf, size_t max, uint32_t timeout);
/* uart_irq_write: queue bytes for transmission, blocking while the TX ring is full. */
void uart_irq_write(const uint8_t *buf, size_t len);
/* uart_irq_drain: wait until every queued byte has left the UART. */
void uart_irq_drain(void);
const struct uart_irq_stats *uart_irq_stats(void);

#endif
