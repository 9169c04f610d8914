/* main.c - Whorl firmware entry: board and kernel start, the protocol task. The protocol UART
 * (UART0) carries only frames; the boot log and statistics go to the console (UART1). */
#include <ucos_ii.h>

#include "app.h"
#include "bsp.h"
#include "console.h"
#include "fp.h"
#include "proto.h"
#include "storage.h"
#include "uart_irq.h"

static OS_STK s_start_stk[APP_TASK_START_STK_SIZE];
static OS_STK s_proto_stk[APP_TASK_PROTO_STK_SIZE];

static void proto_out(const uint8_t *bytes, size_t len) { uart_irq_write(bytes, len); }

/* Protocol task: feed received bytes to the dispatcher; every request is answered before the
 * next is read (the host keeps one request outstanding, which paces the link). */
static void task_proto(void *arg)
{
    static uint8_t buf[512];
    (void)arg;
    for (;;) {
        size_t n = uart_irq_read(buf, sizeof buf, 0u);
        proto_feed(buf, n);
        if (app_reset_pending) {
            uart_irq_drain();
            con_puts("whorl: reset requested\n");
            BSP_Reset();
        }
    }
}

static INT8U create(void (*fn)(void *), OS_STK *stk, INT32U size, INT8U prio, const char *name)
{
    INT8U err = OSTaskCreateExt(fn, 0, &stk[size - 1u], prio, prio, stk, size, 0,
                                OS_TASK_OPT_STK_CHK | OS_TASK_OPT_STK_CLR);
    if (err == OS_ERR_NONE)
        OSTaskNameSet(prio, (INT8U *)(void *)name, &err);
    return err;
}

static void task_start(void *arg)
{
    (void)arg;
    BSP_TickInit(OS_TICKS_PER_SEC);
    OSStatInit();
    (void)app_storage_init();
    uart_irq_init();
    proto_init(proto_out);
    app_sys_register();
    fp_init();
    ASSERT(create(task_proto, s_proto_stk, APP_TASK_PROTO_STK_SIZE, APP_TASK_PROTO_PRIO, "proto") == OS_ERR_NONE);
    con_printf("kernel: uC/OS-II API %u, %u Hz tick, %u tasks, protocol v%u on UART0, max payload %u\n",
               (unsigned)OSVersion(), (unsigned)OS_TICKS_PER_SEC, (unsigned)OSTaskCtr, (unsigned)PROTO_VERSION,
               (unsigned)PROTO_MAX_PAYLOAD);
    con_puts("whorl: ready\n");
    for (;;) {
        OSTimeDlyHMSM(0, 1, 0, 0);
        const struct uart_irq_stats *u = uart_irq_stats();
        con_printf("stats: uptime %u s, cpu %u%%, ctxsw %u, rx %u tx %u overflow %u\n", (unsigned)(OSTimeGet() / OS_TICKS_PER_SEC),
                   (unsigned)OSCPUUsage, (unsigned)OSCtxSwCtr, (unsigned)u->rx_bytes, (unsigned)u->tx_bytes,
                   (unsigned)u->rx_overflow);
    }
}

int main(void)
{
    BSP_Init();
    con_printf("Whorl firmware %s build %s board %s\n", WHORL_FW_VERSION, WHORL_BUILD_ID, WHORL_BOARD);
    OSInit();
    ASSERT(create(task_start, s_start_stk, APP_TASK_START_STK_SIZE, APP_TASK_START_PRIO, "start") == OS_ERR_NONE);
    OSStart();
    return 0;
}
